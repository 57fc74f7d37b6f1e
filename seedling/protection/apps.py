from django.apps import AppConfig


class ProtectionConfig(AppConfig):
    name = "seedling.protection"
    label = "protection"
    verbose_name = "儿童保护与认定申请"

    def ready(self) -> None:
        # visits fires core.hooks.urgent_flagged when a visit raises urgent reports: each opens a case.
        from seedling.core import hooks
        from seedling.protection.services import on_urgent_flagged

        hooks.urgent_flagged.register(on_urgent_flagged)

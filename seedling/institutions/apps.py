from django.apps import AppConfig


class InstitutionsConfig(AppConfig):
    name = "seedling.institutions"
    label = "institutions"
    verbose_name = "关爱服务机构"

    def ready(self) -> None:
        # people fires core.hooks.divisions_recoded when a change table moves files to new codes: this
        # app's rows at the old codes follow them.
        from seedling.core import hooks
        from seedling.institutions.services import on_divisions_recoded

        hooks.divisions_recoded.register(on_divisions_recoded)

from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "seedling.workforce"
    label = "workforce"
    verbose_name = "儿童工作队伍"

    def ready(self) -> None:
        # people fires core.hooks.divisions_recoded when a change table moves files to new codes: this
        # app's rows at the old codes follow them.
        from seedling.core import hooks
        from seedling.workforce.services import on_divisions_recoded

        hooks.divisions_recoded.register(on_divisions_recoded)

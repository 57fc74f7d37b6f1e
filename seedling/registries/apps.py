from django.apps import AppConfig


class RegistriesConfig(AppConfig):
    name = "seedling.registries"
    label = "registries"
    verbose_name = "类别名册"

    def ready(self) -> None:
        # people fires core.hooks.file_saved / woman_saved on every write of a child's or a woman's
        # file, and policies fires core.hooks.policy_set on a new provincial version; neither
        # imports registries.
        from seedling.core import hooks
        from seedling.registries.services import on_file_saved, on_policy_set, on_woman_saved

        hooks.file_saved.register(on_file_saved)
        hooks.woman_saved.register(on_woman_saved)
        hooks.policy_set.register(on_policy_set)
        # people fires core.hooks.divisions_recoded when a change table moves files to new codes.
        from seedling.registries.services import on_divisions_recoded

        hooks.divisions_recoded.register(on_divisions_recoded)

from django.apps import AppConfig


class StatisticsConfig(AppConfig):
    name = "seedling.statistics"
    label = "statistics"
    verbose_name = "统计"

    def ready(self) -> None:
        # people fires core.hooks.file_saved on every write of a child's file and registries fires
        # core.hooks.roll_changed when a child's roll episodes change (a re-check, a confirmation);
        # neither imports statistics. Listed after registries in INSTALLED_APPS, so on a save the
        # roll is already re-evaluated when the figures move (docs/adr/0008).
        from seedling.core import hooks
        from seedling.statistics.services import on_file_saved, on_roll_changed

        hooks.file_saved.register(on_file_saved)
        hooks.roll_changed.register(on_roll_changed)

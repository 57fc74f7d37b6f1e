from django.apps import AppConfig


class VisitsConfig(AppConfig):
    name = "seedling.visits"
    label = "visits"
    verbose_name = "走访与关爱"

    def ready(self) -> None:
        # people fires core.hooks.file_saved on every write of a file; a changed risk level is added to
        # the risk history here, so the schedule sees it from the day it was made. policies fires
        # core.hooks.policy_set on a new provincial version: new frequencies expire the figures.
        from seedling.core import hooks
        from seedling.visits.services import on_file_saved, on_policy_set

        hooks.file_saved.register(on_file_saved)
        hooks.policy_set.register(on_policy_set)
        # people fires core.hooks.divisions_recoded when a change table moves files to new codes.
        from seedling.visits.services import on_divisions_recoded

        hooks.divisions_recoded.register(on_divisions_recoded)

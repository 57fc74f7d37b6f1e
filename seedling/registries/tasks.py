"""The daily re-check (issue 4 §4): re-evaluate only the files whose next re-check date has come.

Each determination stores the next date its answer could change (architecture rule 4), so the job
reads the due rows from an index instead of evaluating every file. After a run every touched file's
next_recheck is later than the run's date, so a second run on the same day finds nothing due.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django_tasks import task

from seedling import eligibility as el
from seedling.core import clock
from seedling.people import enums as people_enums
from seedling.people.models import Child
from seedling.registries.enums import EntryReason
from seedling.registries.models import Determination
from seedling.registries.services import file_reevaluate, policy_for

BATCH = 500


@dataclass(frozen=True)
class RecheckResult:
    files: int  # files re-evaluated
    opened: int  # episodes opened (增员)
    closed: int  # episodes closed (减员)
    changed: int  # files whose determination or episodes changed

    def as_dict(self) -> dict[str, int]:
        return {"files": self.files, "opened": self.opened, "closed": self.closed, "changed": self.changed}


def due_child_ids(as_of: date) -> list[int]:
    """Files due on ``as_of``: next_recheck on or before it, and files never evaluated."""
    # Allowlisted raw reads: a system job over every file, with no actor.
    due = list(Determination.unscoped.filter(next_recheck__lte=as_of).values_list("child_id", flat=True))
    never = Child.unscoped.filter(determination__isnull=True).exclude(status=people_enums.FileStatus.MERGED)
    return sorted({*due, *never.values_list("pk", flat=True)})


def recheck_due(*, as_of: date) -> RecheckResult:
    """Re-evaluate the due files in batches and tell each village's child director."""
    ids = due_child_ids(as_of)
    policies: dict[str, el.Policy] = {}
    files = opened = closed = changed = 0
    for i in range(0, len(ids), BATCH):
        children = Child.unscoped.filter(pk__in=ids[i : i + BATCH]).prefetch_related(
            "parents__situations", "harm_events"
        )
        # One commit per batch (a commit per file costs a WAL flush each); a file that fails rolls
        # back its batch, and the job is idempotent, so the next run picks the batch up again.
        with transaction.atomic():
            for child in children:
                province = child.division_code[:2]
                if province not in policies:
                    policies[province] = policy_for(province)
                outcome = file_reevaluate(
                    child=child,
                    as_of=as_of,
                    cause=EntryReason.RECHECK,
                    policy=policies[province],
                    notify=True,
                )
                files += 1
                opened += len(outcome.opened)
                closed += len(outcome.closed)
                changed += outcome.changed
    return RecheckResult(files, opened, closed, changed)


@task()
def recheck_due_task(as_of: str | None = None) -> dict[str, int]:
    """The job as a django-tasks task (database backend); ``as_of`` is an ISO date, default today."""
    day = date.fromisoformat(as_of) if as_of else clock.today()
    return recheck_due(as_of=day).as_dict()

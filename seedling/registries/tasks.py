"""The daily re-check: re-evaluate only the files whose next re-check date has come.

Each determination stores the next date its answer could change
(docs/architecture.md#rule-4-policy-is-pure-python-with-explicit-time), so the job
reads the due rows from an index instead of evaluating every file. After a run every touched file's
next_recheck is later than the run's date, so a second run on the same day finds nothing due.
Children's files and left-behind women's files are both due this way.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass
from datetime import date

from django.db import models
from django.db.models import Exists, OuterRef
from django_tasks import task

from seedling.core import clock
from seedling.people import enums as people_enums
from seedling.people.models import Child, Woman
from seedling.registries.enums import EntryReason
from seedling.registries.models import Determination
from seedling.registries.services import CHILD, WOMAN, Policies, reevaluate_batches


@dataclass(frozen=True)
class RecheckResult:
    files: int  # files re-evaluated (children's and women's)
    opened: int  # episodes opened (增员)
    closed: int  # episodes closed (减员)
    changed: int  # files whose determination or episodes changed

    def as_dict(self) -> dict[str, int]:
        return {"files": self.files, "opened": self.opened, "closed": self.closed, "changed": self.changed}


def _due(kind: str, as_of: date) -> array[int]:
    """Due files of one kind, ascending: next_recheck on or before ``as_of``, and files never evaluated.

    A compact array, not a list: on the day a policy changes every file of a province is due.
    """
    model: type[models.Model] = Child if kind == CHILD else Woman
    fk = f"{kind}_id"
    # Allowlisted raw reads: a system job over every file, with no actor.
    due = Determination.unscoped.filter(**{"next_recheck__lte": as_of, f"{fk}__isnull": False})
    # NOT EXISTS on the determination's key: an anti-join over its index, not over its rows.
    evaluated = Determination.unscoped.filter(**{fk: OuterRef("pk")})
    never = model._base_manager.filter(~Exists(evaluated)).exclude(status=people_enums.FileStatus.MERGED)
    ids = array("q", due.order_by(fk).values_list(fk, flat=True).iterator(chunk_size=20_000))
    missing = list(never.values_list("pk", flat=True))  # a safety net: every write evaluates its file
    if missing:
        ids = array("q", sorted({*ids, *missing}))
    return ids


def due_child_ids(as_of: date) -> list[int]:
    """Children's files due on ``as_of``: next_recheck on or before it, and files never evaluated."""
    return list(_due(CHILD, as_of))


def due_woman_ids(as_of: date) -> list[int]:
    """Left-behind women's files due on ``as_of`` (a husband's return, a 60th birthday, ...)."""
    return list(_due(WOMAN, as_of))


def recheck_due(*, as_of: date) -> RecheckResult:
    """Re-evaluate the due files in batches, one transaction each, and tell each village's director."""
    policies = Policies()
    files = opened = closed = changed = 0
    for kind in (CHILD, WOMAN):
        for batch in reevaluate_batches(
            kind, _due(kind, as_of), as_of=as_of, cause=EntryReason.RECHECK, notify=True, policies=policies
        ):
            files += len(batch)
            for _pk, outcome in batch:
                opened += len(outcome.opened)
                closed += len(outcome.closed)
                changed += outcome.changed
    return RecheckResult(files, opened, closed, changed)


@task()
def recheck_due_task(as_of: str | None = None) -> dict[str, int]:
    """The job as a django-tasks task (database backend); ``as_of`` is an ISO date, default today."""
    day = date.fromisoformat(as_of) if as_of else clock.today()
    return recheck_due(as_of=day).as_dict()

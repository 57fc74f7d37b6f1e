"""The daily compliance refresh: recompute only the villages whose figures stop holding.

Each village's figures carry the last day they hold without new facts (`valid_until`,
docs/architecture.md#rule-4-policy-is-pure-python-with-explicit-time), so the job reads the due villages from
an index instead of recomputing a province: on most
days the villages where a 30-day alarm starts, on the 1st of a month every village (new periods).
Writes recompute their own village at once (`summary.py`); after a run every village's figures hold
on the run's date, so a second run on the same day finds nothing due.
"""

from __future__ import annotations

from datetime import date

from django_tasks import task

from seedling.core import clock
from seedling.visits import summary


def refresh_due(*, as_of: date, everything: bool = False) -> summary.Refreshed:
    """Recompute the villages due on `as_of` (or all of them), a chunk of villages per transaction."""
    codes = summary.due_villages(as_of, everything=everything)
    return summary.refresh_villages(codes, as_of=as_of, only_expired=not everything)


@task()
def refresh_compliance_task(as_of: str | None = None) -> dict[str, int]:
    """The job as a django-tasks task (database backend); ``as_of`` is an ISO date, default today."""
    day = date.fromisoformat(as_of) if as_of else clock.today()
    r = refresh_due(as_of=day)
    return {"villages": r.villages, "children": r.children}

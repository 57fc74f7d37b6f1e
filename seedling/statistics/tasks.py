"""The figures' daily job as a django-tasks task (docs/subsystems/statistics.md)."""

from __future__ import annotations

from datetime import date

from django_tasks import task

from seedling.core import clock
from seedling.statistics import services


@task()
def refresh_statistics_task(as_of: str | None = None) -> dict[str, int]:
    day = date.fromisoformat(as_of) if as_of else clock.today()
    r = services.daily(as_of=day)
    return {"children": r.moved.children, "moved": r.moved.moved, "snapshot_rows": r.snapshot_rows}

"""``manage.py refresh_compliance [--date YYYY-MM-DD] [--all] [--enqueue]``: the daily job, for cron."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from seedling.core import clock
from seedling.visits.tasks import refresh_compliance_task, refresh_due


class Command(BaseCommand):
    help = (
        "Recompute the visit-compliance figures of the villages whose figures stop holding (default: today)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", type=date.fromisoformat, default=None, help="YYYY-MM-DD")
        parser.add_argument(
            "--all", action="store_true", help="every village, due or not (after a migration or a repair)"
        )
        parser.add_argument(
            "--enqueue", action="store_true", help="put the job on the task queue (db_worker runs it)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        day = options["date"] or clock.today()
        if options["enqueue"]:
            result = refresh_compliance_task.enqueue(as_of=day.isoformat())
            self.stdout.write(f"enqueued {result.id} for {day.isoformat()}")
            return
        r = refresh_due(as_of=day, everything=options["all"])
        self.stdout.write(
            f"{day.isoformat()}: {r.villages} villages recomputed, {r.children} children counted"
        )

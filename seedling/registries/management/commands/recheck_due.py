"""``manage.py recheck_due [--date YYYY-MM-DD] [--enqueue]``: the daily re-check, for cron."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from seedling.core import clock
from seedling.registries.tasks import recheck_due, recheck_due_task


class Command(BaseCommand):
    help = "Re-evaluate the files whose next re-check date has come (default: today in China)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", type=date.fromisoformat, default=None, help="YYYY-MM-DD")
        parser.add_argument(
            "--enqueue", action="store_true", help="put the job on the task queue (db_worker runs it)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        day = options["date"] or clock.today()
        if options["enqueue"]:
            result = recheck_due_task.enqueue(as_of=day.isoformat())
            self.stdout.write(f"enqueued {result.id} for {day.isoformat()}")
            return
        r = recheck_due(as_of=day)
        self.stdout.write(
            f"{day.isoformat()}: {r.files} files re-checked, {r.changed} changed, "
            f"{r.opened} entered, {r.closed} exited"
        )

"""``manage.py refresh_statistics [--date YYYY-MM-DD] [--all]``: the figures' daily job, for cron."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from seedling.core import clock
from seedling.statistics import services


class Command(BaseCommand):
    help = "Move the files whose figures change today, keep last month's end; --all recounts everything."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", type=date.fromisoformat, default=None, help="YYYY-MM-DD")
        parser.add_argument("--all", action="store_true", help="recount every figure from the files")

    def handle(self, *args: Any, **options: Any) -> None:
        day = options["date"] or clock.today()
        if options["all"]:
            n = services.rebuild(as_of=day)
            self.stdout.write(f"{day.isoformat()}: {n} files counted")
        r = services.daily(as_of=day)
        self.stdout.write(
            f"{day.isoformat()}: {r.moved.children} files looked at, {r.moved.moved} moved; "
            f"month end kept: {r.snapshot_month.isoformat() if r.snapshot_month else 'no'}"
        )

"""python manage.py verification_round open --user U --name NAME --due YYYY-MM-DD [--division CODE]
[--start YYYY-MM-DD] [--json] (stable): prints {"round": id, "files": n}."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from seedling.verification import services
from seedling.verification.management import cli


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"not a date (YYYY-MM-DD): {value!r}") from exc


class Command(BaseCommand):
    help = "Open a verification round over USER's area (or a province, city or county within it)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["open"])
        parser.add_argument("--user", required=True)
        parser.add_argument("--name", required=True)
        parser.add_argument("--due", required=True)
        parser.add_argument("--start", default="")
        parser.add_argument("--division", default="")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = cli.actor(options["user"])
        due = _day(options["due"])
        start = _day(options["start"]) if options["start"] else None
        rnd = cli.run(
            lambda: services.round_open(
                actor=actor,
                name=options["name"],
                due_on=due,
                starts_on=start,
                division_code=options["division"],
            )
        )
        cli.emit(
            self,
            {"round": rnd.pk, "files": rnd.files},
            as_json=options["json"],
            text=f"Round {rnd.pk} opened over {rnd.division_code}: {rnd.files} files, due {rnd.due_on}.",
        )

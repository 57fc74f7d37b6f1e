"""python manage.py export_ledger --user USERNAME --out FILE.xlsx [--division CODE] (stable)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404

from seedling.accounts.actors import actor_for_user
from seedling.accounts.selectors import user_by_username
from seedling.exchange import ledger_export


class Command(BaseCommand):
    help = "Export the ledger workbook of USERNAME's area (or of a division within it)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", required=True)
        parser.add_argument("--out", required=True)
        parser.add_argument("--division", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        user = user_by_username(options["user"])
        if user is None:
            raise CommandError(f"no active user {options['user']!r}")
        try:
            n = ledger_export.ledger_export(
                actor=actor_for_user(user), out=options["out"], division_code=options["division"]
            )
        except Http404 as exc:
            raise CommandError(f"division {options['division']!r} is not in the user's area") from exc
        self.stdout.write(f"{n} rows written to {options['out']}.")

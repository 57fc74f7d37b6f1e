"""python manage.py verification_progress --user U --round ID [--division CODE] [--json] (stable):
prints {"files": n, "verified": n, "by_unit": [{"code", "files", "verified", "overdue"}]}."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from seedling.verification import selectors
from seedling.verification.management import cli


class Command(BaseCommand):
    help = "A round's progress in USER's area (or under a division), by unit one level down."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", required=True)
        parser.add_argument("--round", required=True, type=int)
        parser.add_argument("--division", default="")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = cli.actor(options["user"])
        rnd = cli.run(lambda: selectors.round_get(actor=actor, round_id=options["round"]))
        board = cli.run(lambda: selectors.progress(actor=actor, rnd=rnd, code=options["division"] or None))
        assert board.total is not None
        obj = {
            "files": board.total.files,
            "verified": board.total.verified,
            "approved": board.total.approved,
            "by_unit": [
                {
                    "code": u.code,
                    "files": u.files,
                    "verified": u.verified,
                    "approved": u.approved,
                    "overdue": u.overdue,
                }
                for u in board.units
            ],
        }
        lines = [f"{board.name}: {board.total.verified}/{board.total.files} verified"]
        lines += [
            f"  {u.code} {u.name}: {u.verified}/{u.files}{' overdue' if u.overdue else ''}"
            for u in board.units
        ]
        cli.emit(self, obj, as_json=options["json"], text="\n".join(lines))

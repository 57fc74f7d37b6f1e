"""python manage.py statistics --user U [--division CODE] [--as-of YYYY-MM-DD] --json"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404

from seedling.accounts.actors import actor_for_user
from seedling.accounts.selectors import user_by_username
from seedling.core import clock
from seedling.core.errors import ValidationFailed
from seedling.statistics import selectors


class Command(BaseCommand):
    help = "Children in the rolls of USERNAME's area (or a division in it): total, by category, by unit."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", required=True)
        parser.add_argument("--division", default="", help="12-digit code; 'nation' for the country")
        parser.add_argument("--as-of", default="", help="YYYY-MM-DD (a past month: its month end)")
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args: Any, **options: Any) -> None:
        user = user_by_username(options["user"])
        if user is None:
            raise CommandError(f"no active user {options['user']!r}")
        actor = actor_for_user(user)
        today = clock.today()
        try:
            as_of = date.fromisoformat(options["as_of"]) if options["as_of"] else today
        except ValueError as exc:
            raise CommandError("--as-of must be YYYY-MM-DD") from exc
        try:
            code = options["division"]
            if not code:
                roots = selectors.roots(actor=actor)
                if len(roots) != 1:
                    raise CommandError("the user holds several areas: name one with --division")
                code = roots[0].division_code or "nation"
            area = selectors.area_for(actor=actor, code=code)
            result = selectors.summary(actor=actor, area=area, as_of=as_of, today=today)
        except Http404 as exc:
            raise CommandError(f"division {options['division']!r} is not in the user's area") from exc
        except ValidationFailed as exc:
            raise CommandError(str(exc.message)) from exc
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        self.stdout.write(f"{result['division']} {result['as_of']}: {result['total']}")
        for label, n in result["by_category"].items():
            self.stdout.write(f"  {label}: {n}")

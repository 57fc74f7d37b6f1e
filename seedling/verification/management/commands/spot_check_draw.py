"""python manage.py spot_check_draw --user U --round ID [--seed N] [--division CODE] [--json] (stable):
prints {"round", "level", "population", "drawn", "seed", "files": {unit: [file ids]}}. The same seed
gives the same draw; a second draw in the same round is refused."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from seedling.verification import selectors, services
from seedling.verification.management import cli


class Command(BaseCommand):
    help = "Draw a city's counties or a province's cities for a round's spot check, and their files."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", required=True)
        parser.add_argument("--round", required=True, type=int)
        parser.add_argument("--seed", type=int, default=None)
        parser.add_argument("--division", default="")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = cli.actor(options["user"])
        rnd = cli.run(lambda: selectors.round_get(actor=actor, round_id=options["round"]))
        spot = cli.run(
            lambda: services.spot_check_draw(
                actor=actor, rnd=rnd, seed=options["seed"], division_code=options["division"] or None
            )
        )
        files = selectors.files_of(selectors.spot_files(actor=actor, spot=spot))
        cli.emit(
            self,
            {
                "round": rnd.pk,
                "level": spot.level,
                "population": spot.population,
                "drawn": spot.drawn,
                "seed": spot.seed,
                "files": files,
            },
            as_json=options["json"],
            text=f"Drew {len(spot.drawn)} of {len(spot.population)} ({', '.join(spot.drawn)}), "
            f"seed {spot.seed}, {sum(len(v) for v in files.values())} files.",
        )

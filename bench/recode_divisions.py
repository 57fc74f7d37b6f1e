"""Benchmark: a division code change moving files in bulk, against a plain UPDATE of the same rows.

    .venv/bin/python bench/recode_divisions.py
    # more or fewer files, another server or database (its name must contain "bench"):
    BENCH_CHILDREN=200000 BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/seedling_bench_recode \\
    .venv/bin/python bench/recode_divisions.py

Builds a scratch database (dropped first and last; BENCH_KEEP=1 keeps it) with the real divisions of
江西省 (36), and COPies BENCH_CHILDREN (default 100,000) synthetic children over the villages of
萍乡市 (3603) with the generator of bench/children_list.py. Then the change: every village of 萍乡市
gets a new code in its township (village segment + 600, inserted as a new edition's units), and one
change table maps each old code to its new one (every file of the city moves).

It times, each followed by its commit:
  - floor:   a plain UPDATE of the same rows on a raw cursor (`division_code` and `division_id` set from
             the old code, the moves joined as two arrays in one statement, as the service does),
             then reverted (untimed) and VACUUM ANALYZE;
  - dry run: `people.recode.divisions_recode(dry_run=True)`: the counts per table;
  - service: the same, applied: the files' history rows, the move of every table holding a division
             code (most are empty here), the figures, the audit events; as city staff of 3603;
  - rerun:   the same table again (nothing left to move).
It checks that every file moved and that each has its history row, and prints seconds, files/s and
the ratio service / floor. PostgreSQL only; a minute or two at 100k.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))
sys.path.insert(0, str(ROOT))
os.environ.setdefault("BENCH_CHILDREN", "100000")

import children_list as world  # noqa: E402 - the scratch world of the children's list benchmark

from bench.load_divisions import recreate_database  # noqa: E402

URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/seedling_bench_recode")
KEEP = os.environ.get("BENCH_KEEP", "") == "1"
PROFILE = os.environ.get("BENCH_PROFILE", "") == "1"  # profile the rerun (what a no-op costs)
CITY = "3603"


def main() -> None:
    world.use_database(URL)
    from django.core.management import call_command
    from django.db import connection, transaction

    from seedling.accounts.actors import actor_for_user
    from seedling.accounts.models import RoleAssignment, User
    from seedling.core import clock
    from seedling.core.bulk import array_literal
    from seedling.core.tabular import SheetRow
    from seedling.people.models import Child
    from seedling.people.recode import divisions_recode
    from seedling.regions.changes import check_table
    from seedling.regions.models import Division

    try:
        call_command("migrate", verbosity=0)
        today = clock.today()
        villages, version = world.load_province(today)
        city = [v for v in villages if v.startswith(CITY)]
        start = time.perf_counter()
        world.generate_children(city, today)
        print(f"Division code change on PostgreSQL {version}, {os.cpu_count()} CPUs")
        print(
            f"{world.CHILDREN:,} children over {len(city):,} villages of {CITY}"
            f" in {time.perf_counter() - start:.1f} s"
        )
        moves: dict[str, str] = {}
        per_township: dict[str, int] = {}
        for v in city:  # new segments 600, 601, … per township: no NBS edition uses them (nor 999)
            n = per_township[v[:9]] = per_township.get(v[:9], -1) + 1
            moves[v] = v[:9] + f"{600 + n:03d}"
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO regions_division (code, name, level, parent_id, edition, retired_on)"
                " VALUES (%s, %s, 5, %s, '2024', NULL)",
                [(new, f"新村{new[-3:]}", old[:9] + "000") for old, new in moves.items()],
            )
            cursor.executemany(
                "UPDATE regions_division SET retired_on = %s WHERE code = %s", [(today, o) for o in moves]
            )
        user = User.objects.create(username="bench-city", full_name="bench city")
        RoleAssignment.unscoped.create(
            user=user,
            role="city_staff",
            division=Division.unscoped.get(code=CITY + "00000000"),
            division_code=CITY + "00000000",
        )
        actor = actor_for_user(user)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")

        def floor(pairs: dict[str, str]) -> float:
            olds = sorted(pairs)
            begin = time.perf_counter()
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE people_child AS t SET division_code = m.new, division_id = m.new"
                    " FROM unnest(%s::varchar[], %s::varchar[]) AS m(old, new) WHERE t.division_code = m.old",
                    [array_literal(olds), array_literal([pairs[o] for o in olds])],
                )
            return time.perf_counter() - begin

        floor_s = floor(moves)
        floor(dict((new, old) for old, new in moves.items()))  # back where they were, untimed
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")

        headers = {"old": "原区划代码", "new": "新区划代码"}
        rows = [
            SheetRow(
                sheet="",
                row=n,
                values={"old": o, "new": m},
                letters={"old": "A", "new": "B"},
                headers=headers,
            )
            for n, (o, m) in enumerate(sorted(moves.items()), start=2)
        ]
        begin = time.perf_counter()
        table = check_table(actor=actor, rows=rows, source="bench")
        check_s = time.perf_counter() - begin
        assert not table.errors, table.errors[:3]
        begin = time.perf_counter()
        dry = divisions_recode(actor=actor, table=table, dry_run=True)
        dry_s = time.perf_counter() - begin
        history_before = Child.history.count()
        begin = time.perf_counter()
        report = divisions_recode(actor=actor, table=table, dry_run=False)
        apply_s = time.perf_counter() - begin
        begin = time.perf_counter()
        if PROFILE:
            import cProfile
            import pstats

            with cProfile.Profile() as profile:
                again = divisions_recode(actor=actor, table=table, dry_run=False)
            pstats.Stats(profile).sort_stats("cumulative").print_stats(25)
        else:
            again = divisions_recode(actor=actor, table=table, dry_run=False)
        rerun_s = time.perf_counter() - begin

        files = report.counts["people.child"]
        assert files == dry.counts["people.child"] == world.CHILDREN, (files, dry.counts)
        assert Child.unscoped.filter(division_code__in=list(moves)).count() == 0
        assert Child.history.count() - history_before == files
        assert again.files == 0 and not again.batch
        print(f"{len(moves):,} moves; {files:,} files moved; load average {os.getloadavg()[0]:.2f}")
        print()
        print(f"{'step':<44}{'seconds':>9}{'files/s':>11}")
        for label, seconds in (
            ("floor: plain UPDATE of people_child", floor_s),
            ("check the table (regions.changes)", check_s),
            ("dry run (counts per table)", dry_s),
            ("service: files, history, all tables, audit", apply_s),
            ("rerun (nothing left to move)", rerun_s),
        ):
            rate = f"{files / seconds:>11,.0f}" if seconds and "check" not in label else f"{'':>11}"
            print(f"{label:<44}{seconds:>9.2f}{rate}")
        print(f"ratio service / floor: {apply_s / floor_s:.2f}x")
    finally:
        from django.db import connections

        connections.close_all()
        if not KEEP:
            recreate_database(URL, drop_only=True)


if __name__ == "__main__":
    main()

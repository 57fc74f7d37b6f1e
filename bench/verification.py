"""Benchmark: opening a province verification round, and its progress board at every level.

    .venv/bin/python bench/verification.py
    # fewer children, more requests, another server or database (its name must contain "bench"):
    BENCH_CHILDREN=200000 BENCH_REQUESTS=30 \\
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/seedling_bench_verification \\
    .venv/bin/python bench/verification.py

Builds the world of bench/children_list.py (its helpers, imported): a scratch database (dropped first
and last; BENCH_KEEP=1 keeps it), the real divisions of 江西省 (36) and BENCH_CHILDREN (default
1,000,000) synthetic children over its villages. Then:
  - opens a round over the province (`verification.services.round_open`, timed: two INSERT … SELECT);
  - verifies and approves 30 % of the files by writing their round rows and tallies directly (what the
    services' deltas would have left), so that the board has something to add up;
  - for the province, its busiest city, that city's busiest county and that county's busiest township,
    times the board (`verification.selectors.progress`, BENCH_REQUESTS, default 30, after 3 warm-ups)
    against the floor: the same figures counted from the round's files by one GROUP BY on a raw cursor
    (what a board without tallies would pay);
  - checks that the board and the floor agree, and prints p50/p95 in ms, the ratio to the floor and
    whether the target holds (province p95 < 300 ms, docs/architecture.md#targets).
It needs PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))
sys.path.insert(0, str(ROOT))

import children_list as world  # noqa: E402 - the scratch world of the children's list benchmark
from children_list import p50_p95, timed  # noqa: E402

from bench.load_divisions import recreate_database  # noqa: E402

URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/seedling_bench_verification")
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "30"))
KEEP = os.environ.get("BENCH_KEEP", "") == "1"
TARGET_MS = 300.0
NEXT = {2: 4, 4: 6, 6: 9, 9: 12}


def busiest(sizes: Counter[str], within: str, length: int) -> str:
    totals: Counter[str] = Counter()
    for village, n in sizes.items():
        if village.startswith(within):
            totals[village[:length]] += n
    return totals.most_common(1)[0][0]


def floor(round_id: int, prefix: str) -> dict[str, tuple[int, int]]:
    from django.db import connection

    length = NEXT[len(prefix)]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT substr(division_code, 1, %s), count(*), sum(CASE WHEN state IN ('verified', 'approved')"
            " THEN 1 ELSE 0 END) FROM verification_roundfile WHERE round_id = %s AND division_code LIKE %s"
            " GROUP BY 1",
            [length, round_id, prefix + "%"],
        )
        return {unit.ljust(12, "0"): (n, v) for unit, n, v in cursor.fetchall()}


def main() -> None:
    world.use_database(URL)
    from django.core.management import call_command
    from django.db import connection, connections

    from seedling.access.actor import Actor, grant_for
    from seedling.access.roles import Role
    from seedling.accounts.models import User
    from seedling.core import clock
    from seedling.verification import selectors, services

    try:
        call_command("migrate", verbosity=0)
        today = clock.today()
        villages, version = world.load_province(today)
        start = time.perf_counter()
        sizes = world.generate_children(villages, today)
        generate_s = time.perf_counter() - start
        user = User.objects.create(username="bench-province", full_name="bench")
        province = Actor(
            user_id=user.pk, username=user.username, grants=(grant_for(Role.PROVINCE_STAFF, "360000000000"),)
        )
        print(f"Verification on PostgreSQL {version}, {os.cpu_count()} CPUs")
        print(f"{world.CHILDREN:,} children over {len(villages):,} villages generated in {generate_s:.1f} s")
        start = time.perf_counter()
        rnd = services.round_open(actor=province, name="bench", due_on=today + dt.timedelta(days=90))
        open_s = time.perf_counter() - start
        rate = rnd.files / open_s
        print(f"round_open over the province: {rnd.files:,} files in {open_s:.1f} s ({rate:,.0f} files/s)")
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE verification_roundfile SET state = 'approved' WHERE round_id = %s AND id %% 10 < 3",
                [rnd.pk],
            )
            cursor.execute(
                "UPDATE verification_roundtally t SET verified = s.n, approved = s.n FROM"
                " (SELECT division_code, count(*) n FROM verification_roundfile"
                " WHERE round_id = %s AND state = 'approved' GROUP BY division_code) s"
                " WHERE t.round_id = %s AND t.village_code = s.division_code",
                [rnd.pk, rnd.pk],
            )
            cursor.execute("VACUUM ANALYZE verification_roundfile")
            cursor.execute("VACUUM ANALYZE verification_roundtally")
        city = busiest(sizes, "36", 4)
        county = busiest(sizes, city, 6)
        township = busiest(sizes, county, 9)
        rows = []
        for label, prefix in (("province", "36"), ("city", city), ("county", county), ("township", township)):
            code = prefix.ljust(12, "0")
            board = selectors.progress(actor=province, rnd=rnd, code=code)
            expected = floor(rnd.pk, prefix)
            got = {u.code: (u.files, u.verified) for u in board.units}
            assert got == expected, (label, len(got), len(expected))
            ms = timed(lambda code=code: selectors.progress(actor=province, rnd=rnd, code=code), REQUESTS, 3)
            fl = timed(lambda prefix=prefix: floor(rnd.pk, prefix), max(REQUESTS // 3, 3), 1)
            rows.append(
                (
                    label,
                    prefix,
                    sum(f for f, _ in expected.values()),
                    len(board.units),
                    p50_p95(ms),
                    p50_p95(fl),
                )
            )
        print()
        head = (
            f"{'level':<10}{'prefix':<11}{'files':>9}{'units':>7}{'p50':>8}{'p95':>8}"
            f"{'floor p50':>11}{'floor p95':>11}{'p95/floor':>11}"
        )
        print(head)
        print("-" * len(head))
        for label, prefix, files, units, (p50, p95), (f50, f95) in rows:
            print(
                f"{label:<10}{prefix:<11}{files:>9,}{units:>7}{p50:>8.1f}{p95:>8.1f}{f50:>11.1f}{f95:>11.1f}"
                f"{p95 / f95:>11.3f}"
            )
        province_p95 = rows[0][4][1]
        print("(ms; floor = the same figures counted from the round's files by one GROUP BY)")
        print(f"target province p95 < {TARGET_MS:.0f} ms: {'ok' if province_p95 < TARGET_MS else 'MISSED'}")
    finally:
        connections.close_all()
        if not KEEP:
            recreate_database(URL, drop_only=True)


if __name__ == "__main__":
    main()

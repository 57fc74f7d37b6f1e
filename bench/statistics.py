"""Benchmark: the statistics dashboards at every level against a bare indexed COUNT, and the write path.

    .venv/bin/python bench/statistics.py
    BENCH_CHILDREN=200000 BENCH_REQUESTS=20 \\
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/seedling_bench_statistics \\
    .venv/bin/python bench/statistics.py

Builds the world of bench/children_list.py (its helpers, imported): a scratch database (dropped first
and last; BENCH_KEEP=1 keeps it), the real divisions of 江西省 (36) and BENCH_CHILDREN (default
1,000,000) synthetic children over its 22,080 villages with COPY. Their roll episodes are written
set-based in SQL from the declared categories (one INSERT … SELECT per category, timed); the figures
are then counted by `statistics.services.rebuild` (timed) and twelve month ends kept.

For the nation, the province, its busiest city, that city's busiest county and that county's busiest
township it times GET /statistics/<code>/ (django.test.Client, force_login, in process; BENCH_REQUESTS
after 3 warm-ups) and, as the floor, a bare COUNT(*) of the scope's children by the indexed
division_code prefix on a raw cursor (the least a page counting files without pre-aggregation pays).
It checks that the page's total equals a direct count of the scope's children in a roll. Then the
write path: an edit of one file in the busiest village (people.services.child_update) with the
statistics hook and without it. Needs PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
# This file's name is the standard library's `statistics`, which children_list imports: load the
# standard module first, with this folder off the path, so that name stays the standard one.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT]
import statistics  # noqa: E402, F401

sys.path.insert(0, str(ROOT.parent))
sys.path.insert(0, str(ROOT))

import children_list as world  # noqa: E402 - the scratch world of the children's list benchmark
from children_list import p50_p95, timed  # noqa: E402
from visits_compliance import pick_scopes  # noqa: E402

URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/seedling_bench_statistics")
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "20"))
WRITES = int(os.environ.get("BENCH_WRITES", "20"))
KEEP = os.environ.get("BENCH_KEEP", "") == "1"
TARGET_MS = 300.0
TOTAL_RE = re.compile(r'data-k="total">(\d+)<')
CATEGORIES = ("left_behind", "in_difficulty", "de_facto_unsupported", "improper_guardianship", "orphan")


def memberships(today: dt.date) -> int:
    from django.db import connection

    n = 0
    with connection.cursor() as cursor:
        for c in CATEGORIES:
            cursor.execute(
                "INSERT INTO registries_membership (child_id, category, start, entry_reason, exit_reason,"
                " reasons, exit_reasons, status, division_code)"
                " SELECT id, %s, %s, 'filed', '', '[]', '[]', 'active', division_code FROM people_child"
                " WHERE declared_categories LIKE %s",
                [c, today - dt.timedelta(days=400), f"%,{c},%"],
            )
            n += cursor.rowcount
        cursor.execute("VACUUM ANALYZE registries_membership")
    return n


def direct_total(prefix: str) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(DISTINCT child_id) FROM registries_membership WHERE division_code LIKE %s"
            " AND end IS NULL AND status = 'active'".replace(" end ", ' "end" '),
            [prefix + "%"],
        )
        return int(cursor.fetchone()[0])


def floor(prefix: str) -> list[float]:
    from django.db import connection

    def count() -> Any:
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM people_child WHERE division_code LIKE %s", [prefix + "%"])
            return cursor.fetchone()

    return timed(count, REQUESTS)


def page(code: str, username: str) -> tuple[list[float], int]:
    from django.test import Client

    from seedling.accounts.models import User

    client = Client(HTTP_HOST="localhost")
    client.force_login(User.objects.get(username=username))
    url = f"/statistics/{code}/"
    html = client.get(url).content.decode()
    match = TOTAL_RE.search(html)
    if match is None:
        raise SystemExit(f"no total on {url}: {html[:500]}")
    return timed(lambda: client.get(url), REQUESTS), int(match.group(1))


def write_path(village: str) -> tuple[tuple[float, float], tuple[float, float]]:
    """p50/p95 of an edit of a file of `village`, with the statistics hook and without it."""
    from dataclasses import replace

    from seedling.accounts.actors import actor_for_user
    from seedling.accounts.models import User
    from seedling.core import hooks
    from seedling.people import services as people
    from seedling.people.models import Child
    from seedling.people.tests.factories import id_number, left_behind
    from seedling.statistics.services import on_file_saved

    actor = actor_for_user(User.objects.get(username="bench-county"))
    # Valid files of the village (the synthetic rows carry only what the list pages read).
    kids = [
        people.child_create(
            actor=actor,
            record=left_behind(division_code=village, id_number=id_number(dt.date(2016, 5, 20))),
        ).child
        for _ in range(4)
    ]
    schooling = ["primary", "junior_secondary"]
    state = {"i": 0}

    def edit() -> None:
        child = Child.unscoped.get(pk=kids[state["i"] % len(kids)].pk)
        state["i"] += 1
        record = people.child_record(child)
        record = replace(record, schooling=schooling[state["i"] % 2])
        people.child_update(actor=actor, child=child, record=record)

    for _ in range(4):
        edit()  # warm-up
    with_hook: list[float] = []
    without: list[float] = []
    for _ in range(WRITES):  # alternated, so that drift on the shared machine hits both alike
        with_hook += timed(edit, 1, warmup=0)
        hooks.file_saved.handlers.remove(on_file_saved)
        try:
            without += timed(edit, 1, warmup=0)
        finally:
            hooks.file_saved.register(on_file_saved)
    return p50_p95(with_hook), p50_p95(without)


def main() -> None:
    world.use_database(URL)
    from django.core.management import call_command
    from django.db import connections

    from seedling.accounts.models import RoleAssignment, User
    from seedling.core import clock
    from seedling.core.dates import month_start
    from seedling.statistics import services

    try:
        call_command("migrate", verbosity=0)
        today = clock.today()
        villages, version = world.load_province(today)
        start = time.perf_counter()
        sizes = world.generate_children(villages, today)
        generate_s = time.perf_counter() - start
        start = time.perf_counter()
        episodes = memberships(today)
        episodes_s = time.perf_counter() - start
        start = time.perf_counter()
        counted = services.rebuild(as_of=today)
        rebuild_s = time.perf_counter() - start
        for back in range(1, 13):
            services.snapshot(month_start(today, -back))
        scopes = pick_scopes(sizes)
        world.create_accounts(scopes)
        admin = User.objects.create(username="bench-nation", full_name="bench nation")
        RoleAssignment.unscoped.create(user=admin, role="national_admin", division=None, division_code="")
        with connections["default"].cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
            cursor.execute("SELECT COUNT(*) FROM statistics_figure")
            figure_rows = cursor.fetchone()[0]

        print(f"Statistics dashboards on PostgreSQL {version}, {os.cpu_count()} CPUs")
        print(f"{world.CHILDREN:,} children COPied in {generate_s:.1f} s over {len(villages):,} villages")
        print(f"{episodes:,} roll episodes written set-based in {episodes_s:.1f} s")
        print(f"figures rebuilt from {counted:,} files in {rebuild_s:.1f} s: {figure_rows:,} figure rows")
        print(f"{REQUESTS} timed requests per page after warm-ups")
        head = (
            f"{'level':<9}{'prefix':<8}{'children':>9}{'p50':>8}{'p95':>8}{'floor p50':>10}{'floor p95':>10}"
        )
        print(head + f"{'p95/floor':>10}  target")
        print("-" * (len(head) + 18))
        cases = [("nation", "nation", "", "bench-nation")] + [
            (s.label, s.code, s.prefix, s.username) for s in reversed(scopes)
        ]
        for label, code, prefix, username in cases:
            ms, shown = page(code, username)
            expected = direct_total(prefix)
            if shown != expected:
                raise SystemExit(f"{label}: page shows {shown}, direct count {expected}")
            p50, p95 = p50_p95(ms)
            f50, f95 = p50_p95(floor(prefix))
            print(
                f"{label:<9}{prefix or '-':<8}{shown:>9,}{p50:>8.1f}{p95:>8.1f}{f50:>10.1f}{f95:>10.1f}"
                f"{p95 / f95:>10.2f}  {'ok' if p95 < TARGET_MS else 'MISSED'}"
            )
        village = max((v for v in sizes if v.startswith(scopes[1].prefix)), key=lambda v: sizes[v])
        (w50, w95), (n50, n95) = write_path(village)
        print(
            f"edit of a file in the busiest village ({sizes[village]} children): p50/p95 "
            f"{w50:.1f}/{w95:.1f} ms with the figures' delta, {n50:.1f}/{n95:.1f} ms without: "
            f"{100 * (w50 / n50 - 1):+.0f}% at p50"
        )
    finally:
        connections.close_all()
        if not KEEP:
            from bench.load_divisions import recreate_database

            recreate_database(URL, drop_only=True)


if __name__ == "__main__":
    main()

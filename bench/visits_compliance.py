"""Benchmark: the visit-compliance page at every level, live and pre-aggregated, against a bare COUNT.

    .venv/bin/python bench/visits_compliance.py
    # fewer children, more requests, another server or database (its name must contain "bench"):
    BENCH_CHILDREN=200000 BENCH_REQUESTS=30 BENCH_LIVE_REQUESTS=3 \\
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/seedling_bench_visits \\
    .venv/bin/python bench/visits_compliance.py

Builds the world of bench/children_list.py (its helpers, imported): a scratch database (dropped
first and last; BENCH_KEEP=1 keeps it), the real divisions of 江西省 (36) and BENCH_CHILDREN
(default 1,000,000) synthetic children over its villages, here with risk levels 10% high, 20%
medium, 70% low. Then, with COPY:
  - a risk history per child: the level since a day 7 months to 3 years ago; for 15% of children
    another level before it, changed in the last 6 months (a change inside the current periods);
  - visits: 8% of children never visited, the others 2 or 3 times over the last 6 months, home
    visits mostly for high and medium risk, phone and WeChat mostly for low.
It fills the pre-aggregated figures with the daily job as on the 1st of a month (every village due,
timed), and picks the province, its busiest city, that city's busiest county and that county's
busiest township, one account each (province, city, county staff; township supervisor).

For each level it times GET /visits/compliance/<code>/ (django.test.Client, force_login, in process):
  - after:  the page as it is, reading the villages' figures (BENCH_REQUESTS, default 30, after 3
            warm-ups);
  - before: the same page with the live computation swapped in (`selectors.compliance_live`, what the
            page ran before the figures existed: every child's schedule per request; BENCH_LIVE_REQUESTS,
            default 3, after 1 warm-up);
  - floor:  the bare COUNT of the scope's children on the schedule by risk level, one GROUP BY, on a
            raw cursor (the least any page showing these tiers must pay without pre-aggregation).
It checks that both pages show the same figures, prints p50/p95 in ms, SQL statements per request,
the ratios to the floor and whether the target holds (p95 < 300 ms, docs/architecture.md#targets), then times
the
write path (a visit recorded in the busiest village, which recomputes the village) and the daily job
on a day with nothing and on the next day. It needs PostgreSQL; about 15 minutes at 1M children (the
live province page alone takes two minutes a request).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import re
import sys
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))
sys.path.insert(0, str(ROOT))

import children_list as world  # noqa: E402 - the scratch world of the children's list benchmark
from children_list import p50_p95, timed  # noqa: E402

from bench.load_divisions import recreate_database  # noqa: E402

URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/seedling_bench_visits")
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "30"))
LIVE_REQUESTS = int(os.environ.get("BENCH_LIVE_REQUESTS", "3"))
KEEP = os.environ.get("BENCH_KEEP", "") == "1"
WARMUP, LIVE_WARMUP = 3, 1
TARGET_MS = 300.0
SEED = 20250630
RISKS = [("high", 10), ("medium", 20), ("low", 70)]
HOME_SHARE = {"high": 0.7, "medium": 0.7, "low": 0.3}
TIER_RE = re.compile(r'<tr data-tier="(\w+)">(.*?)</tr>', re.S)
FIGURE_RE = re.compile(r'data-k="(\w+)">(\d+)<')


def children_rows() -> list[tuple[int, str, str, dt.date]]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT id, division_code, risk_level, birth_date FROM people_child ORDER BY id")
        return cursor.fetchall()


def copy_rows(table: str, columns: tuple[str, ...], rows: Iterator[tuple[Any, ...]]) -> int:
    """COPY rows into a table in one transaction, without per-row foreign-key triggers."""
    from django.db import connection, transaction

    n = 0
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")  # correct by construction
        with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                n += 1
    return n


def at_noon(day: dt.date) -> dt.datetime:
    from seedling.core import clock

    return dt.datetime(day.year, day.month, day.day, 12, tzinfo=clock.SEEDLING_TZ)


def risk_history(kids: list[tuple[int, str, str, dt.date]], today: dt.date, rng: random.Random) -> int:
    """The level since a day 7 months to 3 years ago; 15%: another level first, changed recently."""
    others = {lv: [o for o, _ in RISKS if o != lv] for lv, _ in RISKS}

    def rows() -> Iterator[tuple[Any, ...]]:
        for pk, code, level, born in kids:
            first = max(today - dt.timedelta(days=rng.randrange(210, 3 * 365)), born)
            if rng.random() < 0.15:
                changed = max(today - dt.timedelta(days=rng.randrange(0, 183)), first)
                yield (pk, code, rng.choice(others[level]), "", "", at_noon(first), first)
                yield (pk, code, level, "", "", at_noon(changed), changed)
            else:
                yield (pk, code, level, "", "", at_noon(first), first)

    columns = ("child_id", "division_code", "level", "suggested", "reason", "at", "effective_on")
    return copy_rows("visits_riskchange", columns, rows())


def visits(
    kids: list[tuple[int, str, str, dt.date]], today: dt.date, visitor: int, rng: random.Random
) -> int:
    """8% never visited; the others 2 or 3 times in the last 6 months, home visits by risk."""
    from django.utils import timezone

    now = timezone.now()

    def rows() -> Iterator[tuple[Any, ...]]:
        for pk, code, level, born in kids:
            if rng.random() < 0.08:
                continue
            for _ in range(rng.choice((2, 3))):
                day = today - dt.timedelta(days=rng.randrange(0, 183))
                if day < born:
                    continue
                r = rng.random()
                mode = "home" if r < HOME_SHARE[level] else ("phone" if r < 0.85 else "wechat")
                token = uuid.UUID(int=rng.getrandbits(128), version=4)
                yield (pk, code, day, mode, visitor, level, token, now)

    columns = (
        "child_id", "division_code", "visited_on", "mode", "visitor_id", "risk_at_visit", "client_token",
        "created_at", "visitor_name", "found", "measures", "anomaly", "anomaly_note", "needs_note",
    )  # fmt: skip
    tail = ("", "", "", False, "", "")
    return copy_rows("visits_visit", columns, (row + tail for row in rows()))


def pick_scopes(sizes: Counter[str]) -> list[world.Scope]:
    """The province, its busiest city, that city's busiest county, that county's busiest township."""
    from seedling.access.roles import Role

    def busiest(end: int, within: str) -> tuple[str, int]:
        totals: Counter[str] = Counter()
        for village, n in sizes.items():
            if village.startswith(within):
                totals[village[:end]] += n
        return totals.most_common(1)[0]

    province, province_n = busiest(2, world.PROVINCE)
    city, city_n = busiest(4, province)
    county, county_n = busiest(6, city)
    township, township_n = busiest(9, county)
    levels = [
        ("township", township, Role.TOWNSHIP_SUPERVISOR, township_n),
        ("county", county, Role.COUNTY_STAFF, county_n),
        ("city", city, Role.CITY_STAFF, city_n),
        ("province", province, Role.PROVINCE_STAFF, province_n),
    ]
    return [
        world.Scope(label, prefix.ljust(12, "0"), prefix, role, n, f"bench-{label}")
        for label, prefix, role, n in levels
    ]


def tiers_shown(html: str) -> dict[str, dict[str, int]]:
    return {lv: {k: int(v) for k, v in FIGURE_RE.findall(row)} for lv, row in TIER_RE.findall(html)}


def measure(scope: world.Scope, today: dt.date) -> dict[str, Any]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from seedling.accounts.models import User
    from seedling.visits import facts, selectors

    client = Client(HTTP_HOST="localhost")
    client.force_login(User.objects.get(username=scope.username))
    path = f"/visits/compliance/{scope.code}/"

    def page() -> str:
        r = client.get(path)
        assert r.status_code == 200, r.status_code
        return r.content.decode()

    def floor() -> None:
        with connection.cursor() as c:
            c.execute(
                "SELECT risk_level, count(*) FROM people_child WHERE division_code LIKE %s"
                " AND status <> 'merged' AND died_on IS NULL AND birth_date > %s GROUP BY risk_level",
                [scope.prefix + "%", facts.adult_born(today)],
            )
            c.fetchall()

    out: dict[str, Any] = {"scope": scope}
    page()  # the first request may recompute villages; the counted one reads the figures
    with CaptureQueriesContext(connection) as q:
        after_html = page()
    out["after_q"] = len(q)
    slowest = sorted(q.captured_queries, key=lambda c: -float(c["time"]))[:3]
    out["slowest"] = [(float(c["time"]) * 1000, c["sql"][:160]) for c in slowest]
    out["after"] = p50_p95(timed(page, REQUESTS, WARMUP))
    out["floor"] = p50_p95(timed(floor, REQUESTS, WARMUP))
    summary_compliance = selectors.compliance
    selectors.compliance = selectors.compliance_live  # the page as it was: every schedule per request
    try:
        with CaptureQueriesContext(connection) as q:
            before_html = page()
        out["before_q"] = len(q)
        out["before"] = p50_p95(timed(page, LIVE_REQUESTS, LIVE_WARMUP - 1))
    finally:
        selectors.compliance = summary_compliance
    shown = tiers_shown(after_html)
    assert shown and shown == tiers_shown(before_html), (shown, tiers_shown(before_html))
    out["tiers"] = shown
    return out


def write_path(village: str, today: dt.date) -> tuple[tuple[float, float], int, tuple[float, float]]:
    """A visit recorded in the busiest village (recomputing its figures), and the recompute alone."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from seedling.access.roles import Role
    from seedling.accounts.actors import actor_for_user
    from seedling.accounts.models import RoleAssignment, User
    from seedling.people.models import Child
    from seedling.regions.models import Division
    from seedling.visits import services, summary

    user = User.objects.create(username="bench-village", full_name="bench village")
    RoleAssignment.unscoped.create(
        user=user,
        role=Role.VILLAGE_DIRECTOR,
        division=Division.unscoped.get(code=village),
        division_code=village,
    )
    actor = actor_for_user(user)
    kids = list(Child.unscoped.filter(division_code=village).order_by("id")[: REQUESTS + WARMUP + 1])

    def record(child: Child) -> None:
        data = services.VisitInput(client_token=uuid.uuid4(), visited_on=today, mode="phone")
        services.visit_record(actor=actor, child=child, data=data)

    it = iter(kids)
    with CaptureQueriesContext(connection) as q:
        record(next(it))
    writes = p50_p95(timed(lambda: record(next(it)), REQUESTS, WARMUP))
    alone = p50_p95(timed(lambda: summary.refresh_villages([village], as_of=today), REQUESTS, WARMUP))
    return writes, len(q), alone


def main() -> None:
    world.use_database(URL)
    from django.core.management import call_command
    from django.db import connection, connections

    from seedling.accounts.models import User
    from seedling.core import clock
    from seedling.visits import tasks

    try:
        call_command("migrate", verbosity=0)
        today = clock.today()
        villages, version = world.load_province(today)
        start = time.perf_counter()
        world.RISKS = RISKS  # this benchmark's tiers: 10% high, 20% medium, 70% low
        sizes = world.generate_children(villages, today)
        children_s = time.perf_counter() - start
        rng = random.Random(SEED)
        visitor = User.objects.create(username="bench-visitor", full_name="bench visitor")
        start = time.perf_counter()
        kids = children_rows()
        changes = risk_history(kids, today, rng)
        visit_n = visits(kids, today, visitor.pk, rng)
        del kids
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE visits_riskchange")
            cursor.execute("VACUUM ANALYZE visits_visit")
        facts_s = time.perf_counter() - start
        start = time.perf_counter()
        built = tasks.refresh_due(as_of=today, everything=True)
        build_s = time.perf_counter() - start
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE visits_compliancefigure")
            cursor.execute("VACUUM ANALYZE visits_compliancechild")
        scopes = pick_scopes(sizes)
        world.create_accounts(scopes)

        print(f"Visit compliance on PostgreSQL {version}, {os.cpu_count()} CPUs, as of {today}")
        print(
            f"{world.CHILDREN:,} children over {len(villages):,} villages COPied in {children_s:.1f} s; "
            f"{changes:,} risk changes and {visit_n:,} visits COPied in {facts_s:.1f} s"
        )
        print(
            f"daily job with every village due (the 1st of a month): {built.villages:,} villages, "
            f"{built.children:,} children in {build_s:.1f} s ({built.children / build_s:,.0f} children/s)"
        )
        print(f"load average before measuring: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        results = [measure(scope, today) for scope in scopes]
        print(f"load average after measuring:  {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        print()
        head = (
            f"{'level':<9}{'prefix':<10}{'children':>9}  {'before p50':>10}{'p95':>9}{'q':>4}"
            f"{'after p50':>10}{'p95':>7}{'q':>4}{'floor p50':>10}{'p95':>7}"
            f"{'before/floor':>13}{'after/floor':>12}  target"
        )
        print(head)
        print("-" * len(head))
        for r in results:
            s = r["scope"]
            ok = r["after"][1] < TARGET_MS
            print(
                f"{s.label:<9}{s.prefix:<10}{s.rows:>9,}  {r['before'][0]:>10.0f}{r['before'][1]:>9.0f}"
                f"{r['before_q']:>4}{r['after'][0]:>10.1f}{r['after'][1]:>7.1f}{r['after_q']:>4}"
                f"{r['floor'][0]:>10.1f}{r['floor'][1]:>7.1f}"
                f"{r['before'][1] / r['floor'][1]:>12.1f}x{r['after'][1] / r['floor'][1]:>11.2f}x  "
                f"{'ok' if ok else 'MISSED'}"
            )
        print(
            f"(ms, p50 and p95; q = SQL statements per request; before = live computation, "
            f"{LIVE_REQUESTS} requests; after = pre-aggregated figures, {REQUESTS} requests; floor = bare "
            f"COUNT of the scope's children by risk level; ratios of p95; target: p95 < {TARGET_MS:.0f} ms)"
        )
        province = results[-1]
        print(f"province figures (both pages agree): {province['tiers']}")
        print("slowest statements of the province page (ms):")
        for ms, sql in province["slowest"]:
            print(f"  {ms:7.1f}  {sql}")

        village = max(sizes, key=lambda v: sizes[v] if v.startswith(scopes[0].prefix) else -1)
        writes, write_q, alone = write_path(village, today)
        print()
        print(
            f"write path, busiest village of the township ({village}, {sizes[village]:,} children): "
            f"visit_record p50/p95 {writes[0]:.1f}/{writes[1]:.1f} ms, {write_q} statements; "
            f"the village's recompute alone {alone[0]:.1f}/{alone[1]:.1f} ms"
        )
        for day in (today, today + dt.timedelta(days=1)):
            start = time.perf_counter()
            done = tasks.refresh_due(as_of=day)
            print(
                f"daily job for {day}: {done.villages:,} villages due, {done.children:,} children, "
                f"{time.perf_counter() - start:.1f} s"
            )
            assert day != today or done.villages == 0, "every write kept its village valid today"
    finally:
        connections.close_all()
        if not KEEP:
            recreate_database(URL, drop_only=True)


if __name__ == "__main__":
    main()

"""Benchmark: the children's list (web page and API) at 1,000,000 children, against the bare keyset query.

    .venv/bin/python bench/children_list.py
    # fewer children, more requests, another server or database (its name must contain "bench"):
    BENCH_CHILDREN=200000 BENCH_REQUESTS=100 \\
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/seedling_bench_children \\
    .venv/bin/python bench/children_list.py

Creates a scratch database (dropped first and last; BENCH_KEEP=1 keeps it at the end for profiling),
migrates it, loads the real divisions of 江西省 (prefix 36, about 22,000 villages) from the shipped file
and files BENCH_CHILDREN (default 1,000,000) synthetic children over those villages with COPY: village
sizes are skewed (county, township and village factors drawn from log-normal distributions), ID numbers
are valid and unique (`seedling.core.identity.compose`), names come from a small pool.

It then picks the busiest county, its busiest township and that township's busiest village, gives each
scope one account (county staff, township supervisor, village director), and for every scope measures
the first page and a deep page (the page that starts 90% of the way through the scope's rows; with a
keyset any depth should cost the same) through
  - the web list page  GET /children/?after=…            (django.test.Client, force_login);
  - the API list       GET /api/v1/children?after=…      (bearer token from POST /api/v1/auth/token);
  - the floor: the very SQL statement the selector issued for that page, run on a raw cursor.
Each is timed BENCH_REQUESTS times (default 50) after 5 warm-ups, in process, with no network. It
prints p50/p95 in milliseconds, the SQL queries per request, whether the targets hold (API p95 < 50 ms,
web p95 < 100 ms), and the top of EXPLAIN (ANALYZE, BUFFERS) for the county's deep page.
Takes about 2 minutes on 2 shared CPUs (most of it the COPY); run it once or twice, not in a loop.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.load_divisions import recreate_database  # noqa: E402

URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/seedling_bench_children")
CHILDREN = int(os.environ.get("BENCH_CHILDREN", "1000000"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "50"))
KEEP = os.environ.get("BENCH_KEEP", "") == "1"
WARMUP = 5
PROVINCE = "36"  # 江西省: holds the demo's 萍乡市 (3603)
DEEP = 0.9  # the deep page starts this far into the scope's rows
SEED = 20240601
PASSWORD = "bench-password-not-secret"  # noqa: S105 - scratch accounts in a scratch database
API_TARGET_MS, WEB_TARGET_MS = 50.0, 100.0

SURNAMES = "王李张刘陈杨黄赵吴周徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = [
    "子涵", "欣怡", "梓萱", "诗涵", "一诺", "雨桐", "浩然", "宇轩", "子轩", "梓涵", "俊杰", "思远",
    "晨曦", "嘉怡", "佳琪", "雨萱", "博文", "志强", "明轩", "天佑", "文博", "家豪", "丽", "莉",
    "婷", "静", "伟", "强", "磊", "洋", "勇", "军", "杰", "涛", "超", "敏", "燕", "芳", "鑫", "琳",
]  # fmt: skip
CATEGORIES = [
    (",left_behind,", 62), (",in_difficulty,", 14), (",left_behind,in_difficulty,", 8),
    (",de_facto_unsupported,", 5), (",improper_guardianship,", 3), (",orphan,", 2),
    (",in_difficulty,de_facto_unsupported,", 2), ("", 4),
]  # fmt: skip
# Columns COPY fills per child, in the order the generator yields them.
COLUMNS = (
    "division_id", "division_code", "name", "name_key", "sex", "birth_date", "id_number", "no_hukou",
    "hukou_type", "ethnicity", "schooling", "declared_categories", "risk_level", "missing_fields", "status",
    "created_at", "updated_at",
)  # fmt: skip
RISKS = [("low", 58), ("medium", 24), ("high", 8), ("", 10)]
MISSING = [(0, 55), (1, 15), (2, 10), (3, 8), (4, 6), (5, 4), (8, 2)]


def weighted(rng: random.Random, table: list[tuple[Any, int]]) -> Callable[[], Any]:
    values = [v for v, _ in table]
    cum = list(_cumulate([w for _, w in table]))
    return lambda: rng.choices(values, cum_weights=cum)[0]


def _cumulate(weights: list[float]) -> Iterator[float]:
    total = 0.0
    for w in weights:
        total += w
        yield total


def schooling_for(age: int, rng: random.Random) -> str:
    if rng.random() < 0.01 and age >= 10:
        return "dropped_out"
    if age < 3:
        return "not_in_kindergarten"
    if age < 6:
        return "kindergarten"
    if age < 12:
        return "primary"
    if age < 15:
        return "junior_secondary"
    return "vocational" if rng.random() < 0.3 else "senior_secondary"


def birth_places(counties: list[str], today: dt.date) -> dict[str, str]:
    """County -> a birth-place code that identity.parse accepts for every birth year of a child.

    A few districts are newer than python-stdnum's table for early years; those children take the
    code of an older county of the same city, as a child born before the district existed would.
    """
    from seedling.core import identity

    oldest = dt.date(today.year - 18, 1, 1)

    def ok(code: str) -> bool:
        try:
            identity.parse(identity.compose(code, oldest, 1, "男"), as_of=today)
        except identity.InvalidIdNumber:
            return False
        return True

    good = [c for c in counties if ok(c)]
    return {c: c if c in good else next(g for g in good if g[:4] == c[:4]) for c in counties}


def generate_children(villages: list[str], today: dt.date) -> Counter[str]:
    """COPY CHILDREN rows into people_child; return children per village."""
    from django.db import connection, transaction
    from django.utils import timezone

    from seedling.core import identity
    from seedling.people.models import Child
    from seedling.people.names import name_key

    rng = random.Random(SEED)
    county_f: dict[str, float] = {}
    township_f: dict[str, float] = {}
    weights = []
    for v in villages:
        c = county_f.setdefault(v[:6], rng.lognormvariate(0, 0.5))
        t = township_f.setdefault(v[:9], rng.lognormvariate(0, 0.5))
        weights.append(c * t * rng.lognormvariate(0, 0.8))
    # Random order: a village's files are scattered over the table, as years of filing leave them.
    picks = rng.choices(villages, cum_weights=list(_cumulate(weights)), k=CHILDREN)
    places = birth_places(sorted(county_f), today)
    keys = {s + g: name_key(s + g) for s in SURNAMES for g in GIVEN}
    category, risk, missing = weighted(rng, CATEGORIES), weighted(rng, RISKS), weighted(rng, MISSING)
    used: Counter[tuple[str, int, str]] = Counter()  # (place, day, sex) -> sequences taken
    now = timezone.now()
    span = 18 * 365

    constant: list[tuple[str, Any]] = []  # every other NOT NULL column: its model default
    for f in Child._meta.concrete_fields:
        if f.primary_key or f.null or f.column in COLUMNS:
            continue
        constant.append((f.column, f.get_db_prep_save(f.get_default(), connection)))
    tail = tuple(value for _, value in constant)
    columns = ", ".join([*COLUMNS, *(c for c, _ in constant)])

    def rows() -> Iterator[tuple[Any, ...]]:
        for village in picks:
            place = places[village[:6]]
            sex = "male" if rng.random() < 0.53 else "female"
            while True:
                day = rng.randrange(span)
                seq = used[place, day, sex]
                if seq < 500:
                    used[place, day, sex] = seq + 1
                    break
            born = today - dt.timedelta(days=day)
            no_hukou = rng.random() < 0.002
            number = None if no_hukou else identity.compose(place, born, seq, "男" if sex == "male" else "女")
            name = rng.choice(SURNAMES) + rng.choice(GIVEN)
            hukou = "rural" if rng.random() < 0.9 else "urban"
            ethnicity = "汉族" if rng.random() < 0.97 else "畲族"
            person = (village, village, name, keys[name], sex, born, number, no_hukou, hukou, ethnicity)
            facts = (schooling_for(day // 365, rng), category(), risk(), missing(), "draft", now, now)
            yield (*person, *facts, *tail)  # in the order of COLUMNS, then the defaults

    with transaction.atomic(), connection.cursor() as cursor:
        # Test data, correct by construction: skip the per-row foreign-key triggers.
        cursor.execute("SET LOCAL session_replication_role = replica")
        with cursor.cursor.copy(f"COPY people_child ({columns}) FROM STDIN") as copy:
            for row in rows():
                copy.write_row(row)
    with connection.cursor() as cursor:
        # What autovacuum would have done by the time anyone reads: statistics for every table.
        cursor.execute("VACUUM ANALYZE")
        cursor.execute(
            "SELECT id_number FROM people_child TABLESAMPLE SYSTEM (1) WHERE id_number IS NOT NULL"
        )
        for (number,) in cursor.fetchall():
            identity.parse(number, as_of=today)  # raises if a synthetic number were not valid
    return Counter(picks)


@dataclass(frozen=True)
class Scope:
    label: str  # village / township / county
    code: str  # the division's 12-digit code
    prefix: str
    role: str
    rows: int
    username: str


def pick_scopes(sizes: Counter[str]) -> list[Scope]:
    """The busiest county, its busiest township, and that township's busiest village."""
    from seedling.access.roles import Role

    def busiest(level: int, within: str) -> tuple[str, int]:
        totals: Counter[str] = Counter()
        for village, n in sizes.items():
            if village.startswith(within):
                totals[village[:level]] += n
        return totals.most_common(1)[0]

    county, county_n = busiest(6, PROVINCE)
    township, township_n = busiest(9, county)
    village, village_n = busiest(12, township)
    return [
        Scope("village", village, village, Role.VILLAGE_DIRECTOR, village_n, "bench-village"),
        Scope(
            "township",
            township.ljust(12, "0"),
            township,
            Role.TOWNSHIP_SUPERVISOR,
            township_n,
            "bench-township",
        ),
        Scope("county", county.ljust(12, "0"), county, Role.COUNTY_STAFF, county_n, "bench-county"),
    ]


def create_accounts(scopes: list[Scope]) -> None:
    from seedling.accounts.models import RoleAssignment, User
    from seedling.regions.models import Division

    for scope in scopes:
        user = User.objects.create(username=scope.username, full_name=f"bench {scope.label}")
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
        division = Division.unscoped.get(code=scope.code)
        RoleAssignment.unscoped.create(
            user=user, role=scope.role, division=division, division_code=scope.code
        )


def deep_cursor(scope: Scope) -> str:
    """The cursor after which the page starts DEEP of the way through the scope's rows."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT division_code, id FROM people_child WHERE division_code LIKE %s AND status <> 'merged'"
            " ORDER BY division_code, id OFFSET %s LIMIT 1",
            [scope.prefix + "%", max(int(scope.rows * DEEP) - 1, 0)],
        )
        code, pk = cursor.fetchone()
    return f"{code}.{pk}"


def timed(call: Callable[[], Any], n: int, warmup: int = WARMUP) -> list[float]:
    """Milliseconds of each of n calls, after `warmup` calls not counted (shared with the other
    request benchmarks, as p50_p95)."""
    for _ in range(warmup):
        call()
    out = []
    for _ in range(n):
        start = time.perf_counter()
        call()
        out.append((time.perf_counter() - start) * 1000)
    return out


def p50_p95(ms: list[float]) -> tuple[float, float]:
    if len(ms) < 2:  # one timed call: it is both
        return ms[0], ms[0]
    cuts = statistics.quantiles(ms, n=100, method="inclusive")
    return cuts[49], cuts[94]


@dataclass
class Case:
    scope: Scope
    page: str  # first / deep
    web: tuple[float, float]
    api: tuple[float, float]
    floor: tuple[float, float]
    queries: tuple[int, int]
    items: int
    sql: str
    params: tuple[Any, ...]


def measure(scope: Scope, page: str, cursor: str | None) -> Case:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from seedling.accounts.models import User

    web = Client(HTTP_HOST="localhost")
    web.force_login(User.objects.get(username=scope.username))
    api = Client(HTTP_HOST="localhost")
    response = api.post(
        "/api/v1/auth/token",
        {"username": scope.username, "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {response.json()['token']}"}
    query = {"after": cursor} if cursor else {}

    def get_web() -> Any:
        r = web.get("/children/", query)
        assert r.status_code == 200, r.status_code
        return r

    def get_api() -> Any:
        r = api.get("/api/v1/children", query, **bearer)
        assert r.status_code == 200, r.content[:500]
        return r

    # One request of each under observation: query counts, and the list statement with its parameters.
    # Not the first: a token's first use also writes its last_used_at (then at most every 5 minutes).
    get_web()
    get_api()
    statements: list[tuple[str, tuple[Any, ...]]] = []

    def spy(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        if "people_child" in sql and sql.lstrip().upper().startswith("SELECT"):
            statements.append((sql, tuple(params or ())))
        return execute(sql, params, many, context)

    with CaptureQueriesContext(connection) as web_q:
        body = get_web().content.decode()
    with CaptureQueriesContext(connection) as api_q, connection.execute_wrapper(spy):
        items = get_api().json()["items"]
    # Read the counts now: the next request's request_started signal empties the query log.
    queries = (len(web_q), len(api_q))
    assert items and body.count("data-child=") == len(items), (len(items), body.count("data-child="))
    assert len(statements) == 1, statements
    sql, params = statements[0]

    def bare() -> None:
        with connection.cursor() as c:
            c.execute(sql, params)
            c.fetchall()

    return Case(
        scope,
        page,
        p50_p95(timed(get_web, REQUESTS)),
        p50_p95(timed(get_api, REQUESTS)),
        p50_p95(timed(bare, REQUESTS)),
        queries,
        len(items),
        sql,
        params,
    )


def explain(case: Case, lines: int = 16) -> list[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + case.sql, case.params)
        return [row[0] for row in cursor.fetchall()][:lines]


def use_database(url: str) -> None:
    """Create the scratch database afresh and set Django up on it (shared with visits_compliance)."""
    recreate_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.base"
    import django

    django.setup()


def load_province(today: dt.date) -> tuple[list[str], str]:
    """PROVINCE's divisions loaded from the shipped file; its villages' codes and the server version."""
    from django.db import connection

    from seedling.regions.loader import SHIPPED_FILE, load_divisions

    load_divisions(SHIPPED_FILE, prefix=PROVINCE, today=today)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT code FROM regions_division WHERE level = 5 AND code LIKE %s AND retired_on IS NULL"
            " ORDER BY code",
            [PROVINCE + "%"],
        )
        villages = [code for (code,) in cursor.fetchall()]
        cursor.execute("SHOW server_version")
        return villages, cursor.fetchone()[0]


def main() -> None:
    use_database(URL)
    from django.core.management import call_command
    from django.db import connection, connections

    from seedling.core import clock

    try:
        call_command("migrate", verbosity=0)
        today = clock.today()
        start = time.perf_counter()
        villages, version = load_province(today)
        divisions_s = time.perf_counter() - start
        start = time.perf_counter()
        sizes = generate_children(villages, today)
        generate_s = time.perf_counter() - start
        scopes = pick_scopes(sizes)
        create_accounts(scopes)

        print(f"Children's list on PostgreSQL {version}, {os.cpu_count()} CPUs")
        print(f"divisions of {PROVINCE} loaded in {divisions_s:.1f} s: {len(villages):,} villages")
        print(
            f"{CHILDREN:,} children generated and COPied (with VACUUM ANALYZE) in {generate_s:.1f} s; "
            f"per village: median {statistics.median(sizes[v] for v in villages):.0f}, "
            f"max {max(sizes.values()):,}"
        )
        print(
            f"{REQUESTS} timed requests per cell after {WARMUP} warm-ups; deep page {DEEP:.0%} into the scope"
        )
        print(f"load average before measuring: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        cases = []
        for scope in scopes:
            for page, cursor in (("first", None), ("deep", deep_cursor(scope))):
                cases.append(measure(scope, page, cursor))

        print(f"load average after measuring:  {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        print()
        head = (
            f"{'scope':<9}{'prefix':<13}{'rows':>7}  {'page':<6}{'web p50':>8}{'web p95':>8}"
            f"{'api p50':>8}{'api p95':>8}{'queries':>9}{'floor p50':>10}{'floor p95':>10}  targets"
        )
        print(head)
        print("-" * len(head))
        for c in cases:
            ok = c.api[1] < API_TARGET_MS and c.web[1] < WEB_TARGET_MS
            print(
                f"{c.scope.label:<9}{c.scope.prefix:<13}{c.scope.rows:>7,}  {c.page:<6}"
                f"{c.web[0]:>8.1f}{c.web[1]:>8.1f}{c.api[0]:>8.1f}{c.api[1]:>8.1f}"
                f"{f'{c.queries[0]}/{c.queries[1]}':>9}{c.floor[0]:>10.2f}{c.floor[1]:>10.2f}  "
                f"{'ok' if ok else 'MISSED'}"
            )
        print(
            f"(ms; queries = SQL statements per request, web/api; floor = the selector's list statement "
            f"alone on a raw cursor; targets: api p95 < {API_TARGET_MS:.0f}, web p95 < {WEB_TARGET_MS:.0f})"
        )

        county_deep = next(c for c in cases if c.scope.label == "county" and c.page == "deep")
        print()
        print("list statement (county, deep page):")
        print("  " + connection.ops.compose_sql(county_deep.sql, county_deep.params))
        print("EXPLAIN (ANALYZE, BUFFERS), county, deep page:")
        for line in explain(county_deep):
            print("  " + line)
    finally:
        connections.close_all()
        if not KEEP:
            recreate_database(URL, drop_only=True)


if __name__ == "__main__":
    main()

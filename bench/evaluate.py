"""Benchmark: the eligibility engine, and the daily re-check over a province-sized table.

    .venv/bin/python bench/evaluate.py                 # both parts
    .venv/bin/python bench/evaluate.py --facts 100000 --files 0   # the pure engine only

(1) The pure engine (seedling.eligibility.evaluate) over N synthetic fact sets (default 1,000,000),
    against a baseline loop in the same run that only computes each child's age (the least a
    per-file rule must do), in rows/s.
(2) The daily job (seedling.registries.tasks.recheck_due) over M files (default 1,000,000) of which
    a fraction (--due, default 1%) are due, on PostgreSQL: creates a scratch database
    (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/seedling_eval_bench; its name must
    contain "bench", since it is dropped first and last), files one child through the services, clones
    it M-1 times server-side (INSERT ... SELECT generate_series) with varied birth dates, and times the
    due query, the job, a second run on the same day (which must touch nothing), and a run on the next
    day with the same files due again (a policy change: answers hold, only the dates move).

    The clones keep the template's determination, made for another birth date and another day, so on
    the first run most due files' reasons change (their ages) and the files aged 16 leave the roll
    (about a quarter): the first run writes the determination of nearly every due file in full.

    .venv/bin/python bench/evaluate.py --facts 0 --files 100000 --due 1 --profile 25
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.load_divisions import recreate_database  # noqa: E402

URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/seedling_eval_bench")
AS_OF = date(2026, 6, 1)


def synthetic_facts(n: int, seed: int = 4) -> list:
    from seedling import eligibility as el

    rnd = random.Random(seed)
    kinds = list(el.SituationKind)
    out = []
    for _ in range(n):
        dob = date(2006, 1, 1) + timedelta(days=rnd.randrange(20 * 365))

        def relative() -> el.RelativeFacts:
            sits = []
            for _ in range(rnd.choice((0, 1, 1, 2))):
                kind = rnd.choice(kinds)
                since = date(2015, 1, 1) + timedelta(days=rnd.randrange(11 * 365))
                until = since + timedelta(days=rnd.randrange(60, 2000)) if rnd.random() < 0.3 else None
                sits.append(
                    el.Situation(
                        kind,
                        since=since,
                        until=until,
                        term_months=rnd.choice((None, 3, 12, 36)),
                        disability=el.Disability(rnd.choice(list(el.DisabilityCategory)), rnd.randint(1, 4)),
                        illness=rnd.choice((None, "白血病")),
                        fulfils_duties=rnd.random() < 0.1,
                    )
                )
            return el.RelativeFacts(tuple(sits))

        out.append(
            el.ChildFacts(
                dob=dob,
                hukou=rnd.choice((el.HukouType.RURAL, el.HukouType.RURAL, el.HukouType.URBAN, None)),
                father=relative(),
                mother=relative(),
                caregiver=rnd.choice((None, el.Caregiver(el.CaregiverKind.GRANDPARENTS))),
                household=el.Household(dibao=rnd.random() < 0.1, tekun=rnd.random() < 0.02),
                disability=rnd.choice((None,) * 9 + (el.Disability(el.DisabilityCategory.PHYSICAL, 2),)),
                hiv=rnd.random() < 0.001,
                harm=((el.HarmEvent(el.HarmKind.ABUSE, date(2024, 1, 1)),) if rnd.random() < 0.02 else ()),
                schooling=rnd.choice(list(el.Schooling)),
            )
        )
    return out


def bench_engine(n: int) -> float:
    from seedling import eligibility as el

    facts = synthetic_facts(n)
    start = time.perf_counter()
    ages = 0
    for f in facts:
        d = f.dob
        ages += AS_OF.year - d.year - ((AS_OF.month, AS_OF.day) < (d.month, d.day))
    base_s = time.perf_counter() - start
    policy = el.DEFAULT_POLICY
    start = time.perf_counter()
    applying = 0
    for f in facts:
        applying += len(el.evaluate(f, AS_OF, policy).categories)
    eval_s = time.perf_counter() - start
    print(f"(1) pure engine, {n:,} synthetic fact sets")
    print(f"    baseline (age only)   {base_s:8.2f} s {n / base_s:12,.0f} rows/s")
    print(
        f"    evaluate()            {eval_s:8.2f} s {n / eval_s:12,.0f} rows/s"
        f"  ({applying:,} categories apply)"
    )
    print(f"    ratio evaluate / baseline: {eval_s / base_s:.1f}x")
    return n / eval_s


def _timed_run(label: str, as_of: date, profile: int) -> float | None:
    from seedling.registries.tasks import recheck_due

    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    start = time.perf_counter()
    result = recheck_due(as_of=as_of)
    took = time.perf_counter() - start
    if profiler is not None:
        import pstats

        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(profile)
    rate = f"{result.files / took:12,.0f} files/s" if result.files else " " * 20
    print(f"    {label:<21} {took:8.2f} s {rate}  {result.as_dict()}", flush=True)
    return result.files / took if result.files else None


def bench_job(
    m: int, engine_rate: float | None, due_fraction: float, profile: int, keep: bool = False
) -> None:
    recreate_database(URL)
    os.environ["DATABASE_URL"] = URL
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.base"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from seedling.accounts.actors import actor_for_user
    from seedling.accounts.models import User
    from seedling.core import clock
    from seedling.people import services
    from seedling.people.tests.factories import left_behind
    from seedling.registries.tasks import due_child_ids

    call_command("migrate", verbosity=0)
    call_command("load_divisions", "--prefix", "3603", verbosity=0)
    call_command("seed_demo", "--quiet-accounts", verbosity=0)
    actor = actor_for_user(User.objects.get(username="demo-village"))
    with clock.freeze(clock.now().replace(year=2025, month=3, day=1)):
        template = services.child_create(actor=actor, record=left_behind()).child
    t0 = time.perf_counter()
    with connection.cursor() as cur:

        def columns(table: str) -> list[str]:
            cur.execute(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_name = %s ORDER BY ordinal_position",
                [table],
            )
            return [r[0] for r in cur.fetchall()]

        def clone(table: str, overrides: dict[str, str], source: str, where: str) -> None:
            cols = [c for c in columns(table) if c != "id"]
            exprs = [overrides.get(c, f't."{c}"') for c in cols]
            quoted = ", ".join(f'"{c}"' for c in cols)
            sql = f"INSERT INTO {table} ({quoted}) SELECT {', '.join(exprs)} FROM {source}"
            cur.execute(f"{sql} WHERE {where}")

        tid = template.pk
        clone(
            "people_child",
            {
                "id_number": "NULL",
                "no_hukou": "TRUE",
                "birth_date": "t.birth_date - (g % 3000)",
                "name": "'合成' || g",
            },
            f"people_child t CROSS JOIN generate_series(2, {m}) g",
            f"t.id = {tid}",
        )
        cur.execute("ANALYZE people_child")
        clone(
            "people_parent",
            {"child_id": "c.id"},
            "people_parent t JOIN people_child c ON c.name LIKE '合成%'",
            f"t.child_id = {tid}",
        )
        clone(
            "people_parentsituation",
            {"parent_id": "p.id"},
            "people_parentsituation t JOIN people_parent tp ON tp.id = t.parent_id "
            "JOIN people_parent p ON p.role = tp.role AND p.child_id > tp.child_id",
            f"tp.child_id = {tid}",
        )
        clone(
            "registries_membership",
            {"child_id": "c.id"},
            "registries_membership t JOIN people_child c ON c.name LIKE '合成%'",
            f"t.child_id = {tid}",
        )
        # A fraction due on the job's day (every n-th file), the rest much later.
        every = max(1, round(1 / due_fraction))
        clone(
            "registries_determination",
            {
                "child_id": "c.id",
                "next_recheck": (
                    f"CASE WHEN c.id % {every} = 0 THEN DATE '{AS_OF}' ELSE DATE '2099-01-01' END"
                ),
            },
            "registries_determination t JOIN people_child c ON c.name LIKE '合成%'",
            f"t.child_id = {tid}",
        )
        cur.execute(
            f"UPDATE registries_determination SET next_recheck = DATE '2099-01-01' WHERE child_id = {tid}"
        )
        for table in (
            "people_parent",
            "people_parentsituation",
            "registries_membership",
            "registries_determination",
        ):
            cur.execute(f"ANALYZE {table}")
        cur.execute("SELECT count(*) FROM people_child")
        files = cur.fetchone()[0]
    build_s = time.perf_counter() - t0
    start = time.perf_counter()
    due = due_child_ids(AS_OF)
    due_s = time.perf_counter() - start
    print(f"(2) daily job, PostgreSQL, {files:,} files ({build_s:.0f} s to build), {len(due):,} due")
    print(f"    due query             {due_s:8.2f} s")
    rate = _timed_run("first run", AS_OF, profile)
    _timed_run("second run, same day", AS_OF, 0)
    # The same files due again the next day (as after a policy change): only the dates move.
    next_day = AS_OF + timedelta(days=1)
    with connection.cursor() as cur:
        cur.execute(
            "UPDATE registries_determination SET next_recheck = %s WHERE child_id = ANY(%s)", [next_day, due]
        )
    _timed_run("next day, same due", next_day, 0)
    if engine_rate and rate:
        print(f"    ratio pure engine / job per file: {engine_rate / rate:.1f}x")
    connection.close()
    if not keep:
        recreate_database(URL, drop_only=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--facts", type=int, default=1_000_000)
    parser.add_argument("--files", type=int, default=1_000_000)
    parser.add_argument("--due", type=float, default=0.01, help="fraction of the files due (0-1]")
    parser.add_argument("--profile", type=int, default=0, help="cProfile the first run, print N rows")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database afterwards")
    args = parser.parse_args()
    rate = bench_engine(args.facts) if args.facts else None
    if args.files:
        bench_job(args.files, rate, args.due, args.profile, args.keep)


if __name__ == "__main__":
    main()

"""Benchmark: the ledger import (seedling.exchange.ledger_import) on PostgreSQL, against raw COPY.

    .venv/bin/python bench/import_ledger.py [--rows 100000]
        [--steps validate,dry,import,written,again,floor,copy] [--profile import] [--profile-out FILE]

Creates a scratch database (BENCH_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/seedling_import_bench; the name must contain "bench", it is
dropped first and last), loads 萍乡市's divisions and the demo accounts (in child processes, so this
process's peak RSS is the steps' own), writes a synthetic ledger of N children over the villages of
湘东区 with xlsxwriter, and times, as demo-county:
  (1) the dry run; (2) the import; (3) the same file again (must change nothing);
  (0) validation alone: each row read, parsed and checked (people.rules) with no database work,
      the per-row cost every import pays whatever it batches;
  (3b) "written": PostgreSQL alone writing again all the import wrote (INSERT ... SELECT of each
      table that grew into an empty LIKE ... INCLUDING ALL copy), and each table's rows and bytes
      per row: what the import costs the database, as against the one table the COPY fills;
  (4) the floor: python-calamine reading every row of the file (no parsing, no database; after the
      imports, since calamine loads the whole sheet and its peak would hide theirs);
  (5) a raw COPY of the same children, already built in memory as the import would store them, into
      an empty `LIKE people_child INCLUDING ALL` table (same columns, same unique ID index, same
      division index), timed with its commit.
Prints seconds, rows/s, the ratio import / COPY (target: >= 0.3, docs/architecture.md#targets) and the
process's peak RSS
after each step (target: < 1 GiB for 1M rows). `--profile STEP` runs that step under cProfile
and prints where the time went.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import resource
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.load_divisions import recreate_database, timed  # noqa: E402

URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/seedling_import_bench")
HEAD = ["区划代码", "姓名", "身份证号码", "户籍类别", "就学情况", "家庭监护风险等级", "父亲姓名"]
HEAD += ["父亲特殊情况", "父亲外出务工开始日期"]
STEPS = ("validate", "dry", "import", "written", "again", "floor", "copy")
CHUNK = 50_000  # COPY rows built per chunk: the baseline's own memory stays small


def person(i: int, villages: list[str]) -> tuple[str, str, str, date, str]:
    """Row i of the synthetic ledger: village, name, ID number, birth date, sex."""
    from seedling.core.identity import compose

    born = date(2010, 1, 1) + timedelta(days=i // 500)
    sex = "女" if i % 2 else "男"
    return villages[i % len(villages)], f"孩子{i}", compose("360313", born, i % 500, sex), born, sex


def ledger(n: int, villages: list[str]) -> bytes:
    import xlsxwriter

    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"constant_memory": True})
    ws = book.add_worksheet("儿童台账")
    ws.write_row(0, 0, HEAD)
    for i in range(n):
        code, name, number, _born, _sex = person(i, villages)
        ws.write_row(
            i + 1, 0, [code, name, number, "农村户", "小学", "中风险", "父亲", "外出务工", "2023-02"]
        )
    book.close()
    return buf.getvalue()


def copy_rows(n: int, villages: list[str], columns: list[str]) -> Iterator[list[tuple[Any, ...]]]:
    """The children the import stores for the ledger's rows, as COPY rows, CHUNK at a time."""
    from django.utils import timezone

    from seedling.people.models import Child
    from seedling.people.names import name_key

    fields = {f.attname: f for f in Child._meta.concrete_fields}
    now = timezone.now()
    defaults: dict[str, Any] = {c: fields[c].get_default() for c in columns}
    for c in columns:
        if isinstance(fields[c], Child._meta.get_field("health").__class__):  # JSON lists
            defaults[c] = json.dumps(defaults[c])
    defaults.update(status="draft", hukou_type="rural", schooling="primary", risk_level="medium")
    defaults.update(created_at=now, updated_at=now, missing_fields=6)
    for start in range(0, n, CHUNK):
        chunk = []
        for i in range(start, min(n, start + CHUNK)):
            code, name, number, born, sex = person(i, villages)
            values = defaults | {
                "id": i + 1,
                "division_id": code,
                "division_code": code,
                "name": name,
                "name_key": name_key(name),
                "id_number": number,
                "birth_date": born,
                "sex": "female" if sex == "女" else "male",
            }
            chunk.append(tuple(values[c] for c in columns))
        yield chunk


def raw_copy(n: int, villages: list[str]) -> float:
    """Seconds to COPY the n children into an empty copy of people_child (built untimed, in chunks)."""
    import time

    from django.db import connection, transaction

    from seedling.people.models import Child

    columns = [f.attname for f in Child._meta.concrete_fields]
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_child")
        cursor.execute("CREATE TABLE bench_child (LIKE people_child INCLUDING ALL)")
    took = 0.0
    with transaction.atomic(), connection.cursor() as cursor:
        for chunk in copy_rows(n, villages, columns):
            start = time.perf_counter()
            with cursor.cursor.copy(f"COPY bench_child ({', '.join(columns)}) FROM STDIN") as copy:
                for row in chunk:
                    copy.write_row(row)
            took += time.perf_counter() - start
        start = time.perf_counter()
    took += time.perf_counter() - start  # the commit
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM bench_child")
        assert cursor.fetchone()[0] == n
        cursor.execute("DROP TABLE bench_child")
    return took


def table_rows() -> dict[str, int]:
    from django.db import connection

    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        return {t: _count(cursor, t) for t in tables}


def _count(cursor: Any, table: str) -> int:
    cursor.execute(f'SELECT count(*) FROM "{table}"')
    return int(cursor.fetchone()[0])


def database_write(before: dict[str, int]) -> tuple[float, list[tuple[str, int, int]]]:
    """Seconds for PostgreSQL alone to write again everything the import wrote: each table that
    grew, its new rows copied by INSERT ... SELECT into an empty LIKE ... INCLUDING ALL table (same
    indexes and defaults, no foreign keys), in one transaction, commit included. With it, the table,
    rows written and bytes on disk per row (table, indexes and TOAST)."""
    import time

    from django.db import connection, transaction

    grown = [(t, n - before.get(t, 0)) for t, n in table_rows().items() if n > before.get(t, 0)]
    sizes = []
    with connection.cursor() as cursor:
        for table, added in grown:
            cursor.execute(f'DROP TABLE IF EXISTS "bench_{table}"')
            cursor.execute(f'CREATE TABLE "bench_{table}" (LIKE "{table}" INCLUDING ALL)')
            cursor.execute("SELECT pg_total_relation_size(%s)", [table])
            sizes.append((table, added, int(cursor.fetchone()[0]) // max(added, 1)))
    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        for table, _added in grown:
            cursor.execute(f'INSERT INTO "bench_{table}" SELECT * FROM "{table}"')
    took = time.perf_counter() - start
    with connection.cursor() as cursor:
        for table, _added in grown:
            cursor.execute(f'DROP TABLE "bench_{table}"')
    return took, sorted(sizes, key=lambda s: -s[1] * s[2])


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def rss_mib() -> float:
    """The resident set now (Linux), to tell the import's own peak from the setup's."""
    with open("/proc/self/status") as f:
        kib = next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))
    return kib / 1024


def profiled(step: Callable[[], Any], out: str) -> Any:
    profile = cProfile.Profile()
    result = profile.runcall(step)
    if out:
        profile.dump_stats(out)
    stats = pstats.Stats(profile, stream=sys.stdout).strip_dirs()
    stats.sort_stats("tottime").print_stats(30)
    stats.sort_stats("cumulative").print_stats(60)
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--steps", default=",".join(STEPS), help=f"comma-separated, of {', '.join(STEPS)}")
    parser.add_argument("--profile", default="", help="a step to run under cProfile")
    parser.add_argument("--profile-out", default="", help="also save that profile to this file")
    args = parser.parse_args()
    steps = args.steps.split(",")
    recreate_database(URL)
    os.environ["DATABASE_URL"] = URL
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.base"
    # The setup runs in its own processes, so this one's peak RSS is the steps' own.
    for command in (
        ["migrate"],
        ["load_divisions", "--prefix", "3603"],
        ["seed_demo", "--quiet-accounts", "--no-children"],
    ):
        subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), *command, "--verbosity", "0"], check=True, cwd=ROOT
        )
    import django

    django.setup()
    try:
        import python_calamine

        from seedling.accounts.actors import actor_for_user
        from seedling.accounts.selectors import user_by_username
        from seedling.exchange import ledger_import
        from seedling.regions.models import Division

        actor = actor_for_user(user_by_username("demo-county"))
        villages = list(
            Division.unscoped.filter(code__startswith="360313", level=5).values_list("code", flat=True)
        )
        content = ledger(args.rows, villages)
        n = args.rows
        print(
            f"rows {n:,}; workbook {len(content) / 2**20:.1f} MiB; "
            f"RSS before the steps {rss_mib():.0f} MiB, peak so far {peak_mib():.0f} MiB"
        )

        def floor() -> int:
            wb = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(content))
            return sum(1 for _ in wb.get_sheet_by_name("儿童台账").iter_rows())

        def validate() -> int:
            """Each child row read, parsed and checked by people.rules, as the import does, and
            nothing else: no matching, no database. The part of the import no batching removes."""
            from seedling.exchange import headers, reader
            from seedling.people import rules
            from seedling.people.records import ChildRecord

            today = date.today()
            divisions = ledger_import.Divisions(actor)
            sheet = reader.read_sheet(
                reader.open_workbook(content), headers.CHILD_SHEET, headers.CHILD_COLUMNS
            )
            assert sheet is not None
            failed = 0
            for row in sheet.rows:
                p = ledger_import.parse_child(row, divisions)
                base = ChildRecord(division_code=p.division_code, name="")
                rec = ledger_import.apply_child(base, p, actor=actor, as_of=today)
                failed += bool(p.errors or rules.errors(rules.check_child(rec, as_of=today)))
            assert failed == 0, failed
            return n

        before = table_rows()

        def written() -> float:
            took, sizes = database_write(before)
            for table, added, per_row in sizes:
                print(f"        {table:42} {added:9,} rows {per_row:6,} B/row")
            return took

        def run(dry: bool) -> Callable[[], Any]:
            return lambda: ledger_import.import_file(actor=actor, content=content, dry_run=dry)

        work: dict[str, Callable[[], Any]] = {
            "floor": floor,
            "validate": validate,
            "dry": run(True),
            "import": run(False),
            "written": written,
            "again": run(False),
            "copy": lambda: raw_copy(n, villages),
        }
        took_by: dict[str, float] = {}
        for step in (s for s in STEPS if s in steps):
            body = work[step]
            took, result = timed(
                (lambda body=body: profiled(body, args.profile_out)) if step == args.profile else body
            )
            if step in ("copy", "written"):
                took = result  # only the writing and its commit, not the setup
            took_by[step] = took
            counts = (
                (result.created, result.updated, result.unchanged, result.rejected)
                if hasattr(result, "created")
                else ""
            )
            print(f"{step:7} {took:8.2f} s {n / took:9,.0f} rows/s  peak RSS {peak_mib():6.0f} MiB  {counts}")
        if "validate" in took_by and "copy" in took_by:
            print(f"ratio validation alone / COPY: {took_by['copy'] / took_by['validate']:.3f}")
        if "import" in took_by and "copy" in took_by:
            print(f"ratio import / COPY: {took_by['copy'] / took_by['import']:.3f} (target >= 0.3)")
        if "import" in took_by and "written" in took_by:
            print(
                f"ratio import / database write of all it wrote: {took_by['written'] / took_by['import']:.3f}"
            )
        if "again" in took_by and "copy" in took_by:
            print(f"ratio re-import / COPY: {took_by['copy'] / took_by['again']:.3f}")
    finally:
        from django.db import connections

        connections.close_all()
        recreate_database(URL, drop_only=True)


if __name__ == "__main__":
    main()

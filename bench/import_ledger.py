"""Benchmark: the ledger import (seedling.exchange.ledger_import) on PostgreSQL.

    .venv/bin/python bench/import_ledger.py [--rows 5000]

Creates a scratch database (BENCH_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/seedling_import_bench; the name must contain "bench", it is
dropped first and last), loads 萍乡市's divisions and the demo accounts, writes a synthetic ledger
of N children over the villages of 湘东区 with xlsxwriter, and times, as demo-county:
  (0) the floor: python-calamine reading every row of the file (no parsing, no database);
  (1) the dry run; (2) the import; (3) the same file again (must change nothing).
Prints seconds, rows/s and the ratio to the floor.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.load_divisions import recreate_database, timed  # noqa: E402

URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/seedling_import_bench")


def ledger(n: int, villages: list[str]) -> bytes:
    import xlsxwriter

    from seedling.core.identity import compose

    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"constant_memory": True})
    ws = book.add_worksheet("儿童台账")
    head = ["区划代码", "姓名", "身份证号码", "户籍类别", "就学情况", "家庭监护风险等级", "父亲姓名"]
    head += ["父亲特殊情况", "父亲外出务工开始日期"]
    ws.write_row(0, 0, head)
    for i in range(n):
        born = date(2010, 1, 1) + timedelta(days=i // 500)
        number = compose("360313", born, i % 500, "女" if i % 2 else "男")
        row = [villages[i % len(villages)], f"孩子{i}", number, "农村户", "小学", "中风险", "父亲"]
        ws.write_row(i + 1, 0, [*row, "外出务工", "2023-02"])
    book.close()
    return buf.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=5000)
    args = parser.parse_args()
    recreate_database(URL)
    os.environ["DATABASE_URL"] = URL
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.base"
    import django

    django.setup()
    from django.core.management import call_command

    try:
        call_command("migrate", verbosity=0)
        call_command("load_divisions", "--prefix", "3603", verbosity=0)
        call_command("seed_demo", "--quiet-accounts", "--no-children", verbosity=0)
        import python_calamine

        from seedling.access import actor_for_user
        from seedling.accounts.selectors import user_by_username
        from seedling.exchange import ledger_import
        from seedling.regions.models import Division

        actor = actor_for_user(user_by_username("demo-county"))
        villages = list(
            Division.unscoped.filter(code__startswith="360313", level=5).values_list("code", flat=True)
        )
        content = ledger(args.rows, villages)

        def floor() -> int:
            wb = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(content))
            return sum(1 for _ in wb.get_sheet_by_name("儿童台账").iter_rows())

        base, _ = timed(floor)
        print(f"rows {args.rows}; floor (calamine read) {base:.2f} s")
        for label, dry in (("dry run", True), ("import", False), ("again", False)):
            took, job = timed(
                lambda dry=dry: ledger_import.import_file(actor=actor, content=content, dry_run=dry)
            )
            counts = (job.created, job.updated, job.unchanged, job.rejected)
            print(
                f"{label:8} {took:7.2f} s {args.rows / took:8.0f} rows/s  x{took / base:6.1f} floor  {counts}"
            )
    finally:
        from django.db import connections

        connections.close_all()
        recreate_database(URL, drop_only=True)


if __name__ == "__main__":
    time.perf_counter()
    main()

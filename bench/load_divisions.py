"""Benchmark: the national division table through `load_divisions` against PostgreSQL's COPY floor.

    .venv/bin/python bench/load_divisions.py

Creates a scratch database (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/seedling_bench;
its name must contain "bench", since it is dropped first and last), migrates it, then times
  (a) the first national load of the shipped file (665,271 rows) into the empty table,
  (b) a re-load that changes nothing,
  (c) a raw COPY of the same rows, already parsed in memory, into an empty copy of regions_division
      with the same indexes and the same deferred self-referencing foreign key (the physical floor),
      and once more without the foreign key,
and prints rows/s and the loader/COPY ratio. Every timing includes the commit.
"""

from __future__ import annotations

import csv
import gzip
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/seedling_bench")


def recreate_database(url: str, *, drop_only: bool = False) -> None:
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if "bench" not in name:
        sys.exit(f"refusing to drop database {name!r}: a benchmark database's name must contain 'bench'")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        if not drop_only:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def timed(step: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = step()
    return time.perf_counter() - start, result


def main() -> None:
    recreate_database(URL)
    os.environ["DATABASE_URL"] = URL
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.base"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, connections, transaction

    from seedling.core import clock
    from seedling.regions.loader import SHIPPED_FILE, load_divisions

    call_command("migrate", verbosity=0)
    today = clock.today()

    first_s, first = timed(lambda: load_divisions(SHIPPED_FILE, today=today))
    again_s, again = timed(lambda: load_divisions(SHIPPED_FILE, today=today))
    assert first.added == again.unchanged == again.rows, (first, again)
    n = first.rows

    with gzip.open(SHIPPED_FILE, "rt", encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        next(reader)
        rows = [(c, name, int(level), parent or None, "2023", None) for c, name, level, parent, _ur in reader]
    assert len(rows) == n

    def copy_into(table: str) -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            cols = "code, name, level, parent_id, edition, retired_on"
            with cursor.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)

    with connection.cursor() as cursor:
        for table, fk in (("bench_copy_fk", True), ("bench_copy_nofk", False)):
            # INCLUDING ALL copies the primary key and every index (name, parent_id, the LIKE index).
            cursor.execute(f"CREATE TABLE {table} (LIKE regions_division INCLUDING ALL)")
            if fk:
                cursor.execute(
                    f"ALTER TABLE {table} ADD FOREIGN KEY (parent_id) REFERENCES {table} (code)"
                    " DEFERRABLE INITIALLY DEFERRED"
                )
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    copy_s, _ = timed(lambda: copy_into("bench_copy_fk"))
    copy_nofk_s, _ = timed(lambda: copy_into("bench_copy_nofk"))

    print(f"Division loader on PostgreSQL {version}: {n:,} rows ({SHIPPED_FILE.name}), {os.cpu_count()} CPUs")
    print(f"{'step':<46}{'seconds':>9}{'rows/s':>11}")
    for label, seconds in (
        ("(a) load_divisions, national, empty table", first_s),
        ("(b) load_divisions again, no changes", again_s),
        ("(c) raw COPY, same indexes + deferred self FK", copy_s),
        ("    raw COPY, same indexes, no FK", copy_nofk_s),
    ):
        print(f"{label:<46}{seconds:>9.2f}{n / seconds:>11,.0f}")
    print(f"ratio loader / COPY (same indexes + FK): {first_s / copy_s:.2f}x")
    print(f"ratio loader / COPY (no FK):             {first_s / copy_nofk_s:.2f}x")

    connections.close_all()
    recreate_database(URL, drop_only=True)


if __name__ == "__main__":
    main()

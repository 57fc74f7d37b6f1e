"""Bulk inserts for batch writers (the ledger import): COPY on PostgreSQL, executemany elsewhere.

Architecture, "What the measurements say": bulk paths write through COPY / executemany behind one
small helper, not row by row; Django's bulk_create is client-bound at a fraction of COPY's rate.
Rows are plain tuples; `row_maker` turns model instances into tuples ready for the database, and
`reserve_ids` hands out primary keys first, since COPY returns none and related rows need them.
Call inside the writer's transaction.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from typing import Any

from django.db import connection, models

# Fields whose Python value the database driver takes as it is (no get_db_prep_save needed).
_PLAIN = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BooleanField,
    models.ForeignKey,
)
EXECUTEMANY_BATCH = 5000


def _quoted(model: type[models.Model], columns: Sequence[str]) -> tuple[str, str]:
    qn = connection.ops.quote_name
    return qn(model._meta.db_table), ", ".join(qn(c) for c in columns)


def reserve_ids(model: type[models.Model], n: int) -> list[int]:
    """`n` fresh primary keys of `model`'s table, ascending, for rows inserted with explicit ids."""
    if n <= 0:
        return []
    table, pk = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [table, pk, n]
            )
            return sorted(r[0] for r in cursor.fetchall())
        # SQLite holds one writer at a time (transaction_mode IMMEDIATE), and AUTOINCREMENT never
        # reuses a number: start past both the largest id and the table's sequence.
        qtable, qpk = _quoted(model, [pk])
        cursor.execute(f"SELECT MAX({qpk}) FROM {qtable}")  # noqa: S608 - model names only
        top = cursor.fetchone()[0] or 0
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        seq = cursor.fetchone()
        start = max(top, seq[0] if seq else 0) + 1
    return list(range(start, start + n))


def row_maker(model: type[models.Model], columns: Sequence[str]) -> Callable[[Any], tuple[Any, ...]]:
    """A function: an instance of `model` (or anything with these attributes) -> a database-ready row."""
    by_attname = {f.attname: f for f in model._meta.concrete_fields}
    # psycopg adapts dates, datetimes and decimals itself; sqlite3 needs Django's conversions.
    native = _PLAIN + ((models.DateField, models.DecimalField) if connection.vendor == "postgresql" else ())
    preps = []
    for i, column in enumerate(columns):
        f = by_attname[column]
        if not isinstance(f, native) or isinstance(f, models.JSONField):
            preps.append((i, _prep(f)))
    values = operator.attrgetter(*columns)  # one C call for the whole row

    def make(obj: Any) -> tuple[Any, ...]:
        row = values(obj) if len(columns) > 1 else (values(obj),)
        if not preps:
            return row
        out = list(row)
        for i, prep in preps:
            out[i] = prep(out[i])
        return tuple(out)

    return make


def _prep(f: models.Field[Any, Any]) -> Callable[[Any], Any]:
    return lambda value: None if value is None else f.get_db_prep_save(value, connection)


def insert_rows(model: type[models.Model], columns: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> None:
    """Append rows (database-ready tuples in `columns` order) to `model`'s table."""
    if not rows:
        return
    table, cols = _quoted(model, columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {table} ({cols}) VALUES ({marks})"  # noqa: S608 - model names only
        for start in range(0, len(rows), EXECUTEMANY_BATCH):
            cursor.executemany(sql, rows[start : start + EXECUTEMANY_BATCH])

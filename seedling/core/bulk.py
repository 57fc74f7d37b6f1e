"""Table-agnostic SQL for batch writers (the ledger import, re-evaluation, the compliance figures).

docs/architecture.md#measurements and docs/adr/0011-bulk-path-behind-one-helper.md: bulk paths write through
COPY / executemany behind one
small helper, not row by row; Django's bulk_create is client-bound at a fraction of COPY's rate.
Rows are plain tuples; `row_maker` turns model instances into tuples ready for the database, and
`reserve_ids` / `with_ids` hand out primary keys first, since COPY returns none and related rows
need them. `insert_with_history` adds the rows' simple-history rows as save() would;
`update_rows` changes many rows in one statement; `AnyOf` / `ids_in` send a batch's keys as one
array literal. Call inside the writer's transaction.
"""

from __future__ import annotations

import datetime as dt
import json
import operator
from collections.abc import Callable, Iterable, Iterator, Sequence
from types import SimpleNamespace
from typing import Any, TypeVar

from django.db import connection, models
from django.db.models import F, Q
from django.db.models.base import ModelState
from django.db.models.fields import AutoFieldMixin

# Fields whose Python value the database driver takes as it is (no get_db_prep_save needed).
_PLAIN = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BooleanField,
    models.ForeignKey,
)
EXECUTEMANY_BATCH = 5000
M = TypeVar("M", bound=models.Model)


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


def _preps(model: type[models.Model], columns: Sequence[str]) -> list[tuple[int, Callable[[Any], Any]]]:
    """(position, conversion) of the columns whose Python value the driver cannot take as it is."""
    by_attname = {f.attname: f for f in model._meta.concrete_fields}
    # psycopg adapts dates, datetimes and decimals itself; sqlite3 needs Django's conversions.
    native = _PLAIN + ((models.DateField, models.DecimalField) if connection.vendor == "postgresql" else ())
    preps = []
    for i, column in enumerate(columns):
        f = by_attname[column]
        if not isinstance(f, native) or isinstance(f, models.JSONField):
            preps.append((i, _prep(f)))
    return preps


def row_maker(model: type[models.Model], columns: Sequence[str]) -> Callable[[Any], tuple[Any, ...]]:
    """A function: an instance of `model` (or anything with these attributes) -> a database-ready row."""
    preps = _preps(model, columns)
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


class JsonText(str):
    """A JSON column's value already serialized: written as it is (the database parses it)."""

    __slots__ = ()


def _prep(f: models.Field[Any, Any]) -> Callable[[Any], Any]:
    if isinstance(f, models.JSONField):
        # Serialized here as Django serializes it (json.dumps with the field's encoder): both
        # databases take JSON as text.
        encoder = f.encoder
        return lambda value: (
            value if isinstance(value, JsonText) or value is None else json.dumps(value, cls=encoder)
        )
    return lambda value: None if value is None else f.get_db_prep_save(value, connection)


def create(model: type[models.Model], objs: Sequence[Any]) -> None:
    """Insert new instances of `model` whose ids the caller does not need (the table numbers them):
    the batch twin of `objects.create`, for rows nothing else in the batch points at."""
    if not objs:
        return
    # Every column but a generated key (a key that is a column of its own, as a one-to-one's, stays).
    columns = [f.attname for f in model._meta.concrete_fields if not isinstance(f, AutoFieldMixin)]
    make = row_maker(model, columns)
    insert_rows(model, columns, [make(o) for o in objs])


def blank(model: type[M]) -> Callable[[], M]:
    """A factory of new unsaved instances of `model` holding its defaults, about twenty times
    cheaper than `model()`, which resolves every field's default through the field API (the ledger
    import builds one per row). Callable defaults (a JSON field's list) are called for each."""

    template = {k: v for k, v in model().__dict__.items() if k != "_state"}
    fresh = [
        (f.attname, f.default)
        for f in model._meta.concrete_fields
        if f.has_default() and callable(f.default) and f.attname in template
    ]

    def make() -> M:
        obj = model.__new__(model)
        obj.__dict__.update(template)
        obj._state = ModelState()
        for name, default in fresh:
            obj.__dict__[name] = default()
        return obj

    return make


def array_literal(values: Iterable[Any]) -> str:
    """A PostgreSQL array literal (`{1,2}`, `{"a","b"}`) to bind as one text parameter and cast.

    psycopg's client-side binding (Django's default) quotes a list parameter element by element
    through regular expressions: a 1,000-key array cost ~24 ms to send, more than the query took.
    One string is escaped by libpq at once. Ints, bools, dates and text; None is NULL.
    """
    parts = []
    for v in values:
        if v is None:
            parts.append("NULL")
        elif isinstance(v, bool):
            parts.append("t" if v else "f")
        elif isinstance(v, int):
            parts.append(str(v))
        else:
            text = v.isoformat() if isinstance(v, dt.date) else str(v)
            parts.append('"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"')
    return "{" + ",".join(parts) + "}"


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


class AnyOf(models.Lookup):
    """``key = ANY(%s)`` with the batch's keys as one array parameter on PostgreSQL.

    ``__in`` sends one placeholder per key, and the driver's client-side binding then scans a
    query of thousands of placeholders each time; elsewhere this is a plain IN.
    """

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, params = self.process_lhs(compiler, connection)
        keys = list(self.rhs)
        if not keys:
            return "1 = 0", []
        if connection.vendor == "postgresql":
            array = f"{self.lhs.output_field.db_type(connection)}[]"
            return f"{lhs} = ANY(%s::{array})", [*params, array_literal(keys)]
        return f"{lhs} IN ({', '.join(['%s'] * len(keys))})", [*params, *keys]


_BLANKS: dict[type[models.Model], Callable[[], Any]] = {}


def new(model: type[M], **values: Any) -> M:
    """``model(**values)`` through a cached ``blank`` factory: for rows built by the thousand that
    are only inserted (``create``). Values are set as attributes, so a relation may be given by its
    ``<name>_id``."""
    make = _BLANKS.get(model)
    if make is None:
        make = _BLANKS[model] = blank(model)
    obj = make()
    for name, value in values.items():
        setattr(obj, name, value)
    return obj


def with_ids(model: type[models.Model], objs: list[Any]) -> list[Any]:
    """`objs` with fresh primary keys of `model` set as their `id` (for `insert_with_history`)."""
    for obj, pk in zip(objs, reserve_ids(model, len(objs)), strict=True):
        obj.id = pk
    return objs


HISTORY_COLUMNS = ("history_date", "history_change_reason", "history_type", "history_user_id")


def insert_with_history(
    model: type[models.Model], objs: list[Any], *, user_id: int, now: dt.datetime
) -> None:
    """Insert new rows of a model tracked by simple-history (`objs`, ids already set) and their
    '+' history rows by `user_id` at `now`: what save() writes one row at a time."""
    if not objs:
        return
    columns = [f.attname for f in model._meta.concrete_fields]
    make = row_maker(model, columns)
    insert_rows(model, columns, [make(o) for o in objs])
    historical = model.history.model  # type: ignore[attr-defined]
    tracked = [f.attname for f in historical.tracked_fields]
    make_tracked = row_maker(historical, tracked)
    extra = row_maker(historical, HISTORY_COLUMNS)(
        SimpleNamespace(
            history_date=now, history_change_reason=None, history_type="+", history_user_id=user_id
        )
    )
    insert_rows(historical, [*tracked, *HISTORY_COLUMNS], [make_tracked(o) + extra for o in objs])


def ids_in(column: str, ids: Sequence[int]) -> Q:
    """`column` among `ids` (`AnyOf`), with their range: sorted ids of a batch are dense, and the
    range lets the planner walk the index instead of hashing a whole table."""
    return Q(AnyOf(F(column), ids), **{f"{column}__gte": min(ids), f"{column}__lte": max(ids)})


def update_rows(
    model: type[models.Model], key: str, fields: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> None:
    """Set `fields` (attribute names) of many rows of `model`, given as (key value, *values), the
    rows found by the unique column `key`.

    On PostgreSQL one statement joins on the key a few parameters whatever the batch size: one
    array per plain column (unnest), and one JSON array holding the rows' JSON columns (jsonb
    elements, matched by position). Django's ``bulk_update`` builds a ``CASE WHEN`` per field and
    row, which grows with the square of the batch, and a text[] of JSON documents costs more to
    quote than the database takes to apply it. JSON values given as ``JsonText`` are sent as they
    are. Elsewhere, one UPDATE per row sent together (executemany).
    """
    if not rows:
        return
    meta = model._meta
    by_attname = {f.attname: f for f in meta.concrete_fields}
    cols: list[models.Field[Any, Any]] = [by_attname[key], *(by_attname[f] for f in fields)]
    qn = connection.ops.quote_name
    table = qn(meta.db_table)
    if connection.vendor != "postgresql":
        preps = _preps(model, [key, *fields])
        assignments = ", ".join(f"{qn(c.column)} = %s" for c in cols[1:])
        sql = f"UPDATE {table} SET {assignments} WHERE {qn(cols[0].column)} = %s"  # noqa: S608 - names
        params = []
        for row in rows:
            out = list(row)
            for i, prep in preps:
                out[i] = prep(out[i])
            params.append([*out[1:], out[0]])
        with connection.cursor() as cursor:
            cursor.executemany(sql, params)
        return
    plain = [i for i, c in enumerate(cols) if not isinstance(c, models.JSONField)]
    docs = [i for i, c in enumerate(cols) if isinstance(c, models.JSONField)]
    values: list[Any] = [array_literal([r[i] for r in rows]) for i in plain]
    arrays = ", ".join(f"%s::{cols[i].db_type(connection)}[]" for i in plain)
    names = ", ".join(qn(cols[i].column) for i in plain)
    sets = [f"{qn(cols[i].column)} = v.{qn(cols[i].column)}" for i in plain[1:]]
    source = f"unnest({arrays}) WITH ORDINALITY AS v({names}, n)"
    if docs:
        dumps = {i: _json_text(cols[i]) for i in docs}
        values.append(
            "[" + ", ".join("[" + ", ".join(dumps[i](r[i]) for i in docs) + "]" for r in rows) + "]"
        )
        source += " JOIN jsonb_array_elements(%s::jsonb) WITH ORDINALITY AS j(doc, n) USING (n)"
        sets += [f"{qn(cols[i].column)} = j.doc -> {k}" for k, i in enumerate(docs)]
    column = qn(cols[0].column)
    # Names from the model's meta only; every value is a bound parameter.
    sql = f"UPDATE {table} AS t SET {', '.join(sets)} FROM {source} WHERE t.{column} = v.{column}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, values)


def _json_text(f: models.Field[Any, Any]) -> Callable[[Any], str]:
    encoder = f.encoder  # type: ignore[attr-defined]
    return lambda value: value if isinstance(value, JsonText) else json.dumps(value, cls=encoder)


RECODE_BATCH = 500  # moves per statement elsewhere than PostgreSQL: a CASE of 500 arms, an IN of 500


def _moves(moves: dict[str, str], key: str, array: str) -> Iterator[tuple[str, str, str, list[Any]]]:
    """The moves as SQL pieces, per statement: (FROM item or "", condition on `key`, the new code's
    expression, their parameters in that order). PostgreSQL: one statement for all, the moves joined
    as two array parameters (unnest): the driver's client-side binding of thousands of placeholders
    cost more than the update itself. Elsewhere: a CASE and an IN per RECODE_BATCH moves."""
    olds = sorted(moves)
    if connection.vendor == "postgresql":
        yield (
            f"unnest(%s::{array}[], %s::{array}[]) AS m(old, new)",
            f"{key} = m.old",
            "m.new",
            [array_literal(olds), array_literal([moves[o] for o in olds])],
        )
        return
    for start in range(0, len(olds), RECODE_BATCH):
        part = olds[start : start + RECODE_BATCH]
        case = [v for old in part for v in (old, moves[old])]
        arms = " ".join(["WHEN %s THEN %s"] * len(part))
        marks = ", ".join(["%s"] * len(part))
        yield "", f"{key} IN ({marks})", f"CASE {key} {arms} END", [*part, *case]


def _key(model: type[models.Model], column: str) -> tuple[str, str, str]:
    """(quoted table, quoted column, the column's database type for an array of it)."""
    table, col = _quoted(model, [column])
    field = next(f for f in model._meta.concrete_fields if f.column == column)
    return table, col, field.db_type(connection) or "text"


def count_at(model: type[models.Model], column: str, codes: Sequence[str]) -> int:
    """How many rows of `model` have `column` among `codes` (a recode's dry run)."""
    if not codes:
        return 0
    table, col, array = _key(model, column)
    total = 0
    with connection.cursor() as cursor:
        for source, condition, _new, params in _moves(dict.fromkeys(codes, ""), col, array):
            # Only the condition's parameters: the old codes (and, for the array form, the dummy news).
            taken = params[:2] if source else params[: condition.count("%s")]
            sql = f"SELECT COUNT(*) FROM {table}{', ' + source if source else ''} WHERE {condition}"  # noqa: S608
            cursor.execute(sql, taken)
            total += cursor.fetchone()[0]
    return total


def recode(model: type[models.Model], columns: Sequence[str], moves: dict[str, str]) -> int:
    """Set `columns` (a division code and the foreign key holding the same code) from each old code
    to its new one (`moves`: old -> new) in every row of `model` at an old code; returns the rows
    changed. The first column selects the rows. The division code change of
    docs/rules/workflow.md#division-maintenance moves whole villages at once. Call inside the
    writer's transaction, after the writer has checked the moves."""
    if not moves:
        return 0
    qn = connection.ops.quote_name
    table, key, array = _key(model, columns[0])
    changed = 0
    with connection.cursor() as cursor:
        for source, condition, new, params in _moves(
            moves, f"t.{key}" if connection.vendor == "postgresql" else key, array
        ):
            sets = ", ".join(f"{qn(c)} = {new}" for c in columns)
            if source:
                sql = f"UPDATE {table} AS t SET {sets} FROM {source} WHERE {condition}"  # noqa: S608 - names
                cursor.execute(sql, params)
            else:
                n_in = condition.count("%s")
                sql = f"UPDATE {table} SET {sets} WHERE {condition}"  # noqa: S608 - model names only
                cursor.execute(sql, params[n_in:] * len(columns) + params[:n_in])
            changed += cursor.rowcount
    return changed


def insert_history_of_moves(
    model: type[models.Model], moves: dict[str, str], *, user_id: int | None, now: dt.datetime, reason: str
) -> None:
    """Before `recode` moves the rows of a model tracked by simple-history: one "~" history row per
    row at an old code, by `user_id` at `now` with `reason`, holding the row as it will be (the new
    code in `division_code` and `division_id`), as save() would have written it."""
    historical = model.history.model  # type: ignore[attr-defined]
    tracked = [f.attname for f in historical.tracked_fields]
    qn = connection.ops.quote_name
    table, key, array = _key(model, "division_code")
    pg = connection.vendor == "postgresql"
    stamp = connection.ops.adapt_datetimefield_value(now)
    columns = ", ".join(qn(c) for c in [*tracked, *HISTORY_COLUMNS])
    with connection.cursor() as cursor:
        for source, condition, new, params in _moves(moves, f"t.{key}" if pg else key, array):
            moved = {"division_code", "division_id"}
            select = ", ".join(new if c in moved else f"t.{qn(c)}" if pg else qn(c) for c in tracked)
            n_in = condition.count("%s")
            if source:
                sql = (
                    f"INSERT INTO {qn(historical._meta.db_table)} ({columns}) "  # noqa: S608 - model names
                    f"SELECT {select}, %s, %s, %s, %s FROM {table} AS t JOIN {source} ON {condition}"
                )
                cursor.execute(sql, [stamp, reason, "~", user_id, *params])
            else:
                case = params[n_in:] * sum(1 for c in tracked if c in moved)
                sql = (
                    f"INSERT INTO {qn(historical._meta.db_table)} ({columns}) "  # noqa: S608 - model names
                    f"SELECT {select}, %s, %s, %s, %s FROM {table} WHERE {condition}"
                )
                cursor.execute(sql, [*case, stamp, reason, "~", user_id, *params[:n_in]])


def recode_models(
    models_: Iterable[type[models.Model]], moves: dict[str, str], *, counts: dict[str, int], dry_run: bool
) -> None:
    """A `hooks.divisions_recoded` handler's body: each model's rows at an old code (`division_code`,
    and the `division` key beside it when the model has one) move to the new code, or are only
    counted when `dry_run`; `counts["app.model"]` is the number of rows."""
    olds = sorted(moves)
    for model in models_:
        names = {f.name for f in model._meta.concrete_fields}
        columns = ["division_code", *(["division_id"] if "division" in names else [])]
        label = model._meta.label_lower
        counts[label] = count_at(model, "division_code", olds) if dry_run else recode(model, columns, moves)

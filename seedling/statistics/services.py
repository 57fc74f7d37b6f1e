"""Keeping the figures current: deltas on every write, the daily job, a full rebuild, month ends.

docs/adr/0010-pre-aggregated-figures.md and docs/subsystems/statistics.md. A write of a file (through
`core.hooks.file_saved`) or of its roll episodes (`core.hooks.roll_changed`) moves each touched
child from the cell it counted in (its `FigureChild` row) to the cell it counts in now: -1 and +1 on
one row per level, six rows per child, whatever the size of the village or the country. Nothing is
recounted in the writer's transaction. The daily job moves the children whose cell changes with time
(a birthday crossing an age band, a parent's situation starting or ending: `FigureChild.valid_until`)
and, on the first run of a month, keeps the month's end. `rebuild` recounts everything from the files
(after a change of how cells are made, or a repair).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.utils.translation import gettext as _

from seedling.access import Actor, capabilities
from seedling.access.capabilities import Capability
from seedling.audit.enums import Action
from seedling.audit.services import audit_record
from seedling.core import bulk, clock
from seedling.core.dates import month_start
from seedling.core.errors import ValidationFailed
from seedling.people import enums as people_enums
from seedling.people.models import Child, ParentSituation
from seedling.registries.enums import MembershipStatus
from seedling.registries.models import Membership
from seedling.statistics import keys
from seedling.statistics.models import DIMS, Bulletin, BulletinUnit, Figure, FigureChild, FigureSnapshot

# (level, length of the code prefix): nation, province, city, county, township, village.
LEVELS: tuple[tuple[int, int], ...] = ((0, 0), (1, 2), (2, 4), (3, 6), (4, 9), (5, 12))
SNAPSHOT_LEVELS = 4  # nation to township: a trend is drawn for an area, its units are one level down
CHUNK = 2000

CellKey = tuple[int, str, str, str, str, str, str, str]


@dataclass(frozen=True)
class Moved:
    children: int  # files looked at
    moved: int  # files whose cell changed


def _old(ids: Sequence[int]) -> dict[int, FigureChild]:
    # Locked in id order: two writers of one child (a save and the daily re-check) move it one after
    # the other, each from the cell the other left (docs/adr/0010#exact-under-concurrency).
    rows = FigureChild.unscoped.filter(bulk.ids_in("child_id", ids)).order_by("child_id")
    if connection.vendor == "postgresql":
        rows = rows.select_for_update()
    return {r.child_id: r for r in rows}


def _cells(ids: Sequence[int], as_of: dt.date) -> dict[int, tuple[keys.Cell, dt.date | None]]:
    """The cell of each file on `as_of` (merged files count nowhere): three reads for the batch."""
    kids = (
        Child.unscoped.filter(bulk.ids_in("id", ids))
        .exclude(status=people_enums.FileStatus.MERGED)
        .values_list("id", "division_code", "sex", "birth_date", "schooling", "guardianship_status")
    )
    cats: dict[int, list[str]] = {}
    for child_id, category in Membership.unscoped.filter(
        bulk.ids_in("child_id", ids), end__isnull=True, status=MembershipStatus.ACTIVE
    ).values_list("child_id", "category"):
        cats.setdefault(child_id, []).append(category)
    sits: dict[int, list[keys.Situation]] = {}
    for child_id, role, kind, since, until in ParentSituation.unscoped.filter(
        bulk.ids_in("parent__child_id", ids)
    ).values_list("parent__child_id", "parent__role", "kind", "since", "until"):
        sits.setdefault(child_id, []).append(keys.Situation(role, kind, since, until))
    out = {}
    for pk, code, sex, born, schooling, guardianship in kids:
        out[pk] = keys.cell(
            village=code,
            categories=cats.get(pk, ()),
            sex=sex,
            birth_date=born,
            schooling=schooling,
            guardianship=guardianship,
            situations=sits.get(pk, ()),
            as_of=as_of,
        )
    return out


def _cell_of(row: FigureChild) -> keys.Cell:
    return keys.Cell(
        row.division_code, row.categories, row.sex, row.age_band, row.schooling, row.guardianship, row.parents
    )


def _count(delta: Counter[CellKey], cell: keys.Cell, by: int) -> None:
    for level, length in LEVELS:
        delta[(level, cell.village[:length], *cell.dims())] += by


def _apply(delta: Counter[CellKey]) -> None:
    """Add the deltas to the figures: one upsert per cell and level, in key order (lock order)."""
    rows = sorted((*key, n) for key, n in delta.items() if n)
    if not rows:
        return
    qn = connection.ops.quote_name
    table = qn(Figure._meta.db_table)
    cols = ["level", "code", *DIMS]
    names = ", ".join(qn(c) for c in [*cols, "children"])
    sql = (
        f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * (len(cols) + 1))}) "  # noqa: S608
        f"ON CONFLICT ({', '.join(qn(c) for c in cols)}) "
        f"DO UPDATE SET {qn('children')} = {table}.{qn('children')} + excluded.{qn('children')}"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


_CHILD_COLUMNS = ("child_id", "division_code", *DIMS, "valid_until")


def _child_row(pk: int, cell: keys.Cell, until: dt.date | None) -> tuple[object, ...]:
    return (pk, cell.village, *cell.dims(), until)


def move(ids: Iterable[int], *, as_of: dt.date) -> Moved:
    """Move these children to the cells they count in on `as_of`: O(1) per child, in the caller's
    transaction. A file that no longer counts (merged) leaves its cell."""
    wanted = sorted(set(ids))
    looked = moved = 0
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        with transaction.atomic():
            old = _old(chunk)
            new = _cells(chunk, as_of)
            delta: Counter[CellKey] = Counter()
            gone: list[int] = []
            rows: list[tuple[object, ...]] = []
            for pk in chunk:
                before = _cell_of(old[pk]) if pk in old else None
                after, until = new.get(pk, (None, None))
                looked += 1
                if before == after and (pk not in old or old[pk].valid_until == until):
                    continue
                if before != after:
                    moved += 1
                    if before is not None:
                        _count(delta, before, -1)
                    if after is not None:
                        _count(delta, after, +1)
                if pk in old:
                    gone.append(pk)
                if after is not None:
                    rows.append(_child_row(pk, after, until))
            if gone:
                FigureChild.unscoped.filter(bulk.ids_in("child_id", gone)).delete()
            bulk.insert_rows(FigureChild, _CHILD_COLUMNS, rows)
            _apply(delta)
    return Moved(looked, moved)


def on_file_saved(children: Sequence[Child], *, created: bool) -> None:
    """core.hooks.file_saved handler (one file, or a batch of the ledger import)."""
    move([c.pk for c in children], as_of=clock.today())


def on_roll_changed(child_ids: Sequence[int]) -> None:
    """core.hooks.roll_changed handler: a re-check or a county confirmation changed their rolls."""
    move(child_ids, as_of=clock.today())


# --- the daily job, month ends and the full rebuild ---------------------------------------------


def due_ids(as_of: dt.date) -> list[int]:
    """Files whose cell changes by `as_of` without a write, and files never counted (a safety net)."""
    due = set(FigureChild.unscoped.filter(valid_until__lte=as_of).values_list("child_id", flat=True))
    counted = FigureChild.unscoped.values("child_id")
    never = (
        Child.unscoped.exclude(status=people_enums.FileStatus.MERGED)
        .exclude(id__in=counted)
        .values_list("id", flat=True)
    )
    return sorted(due.union(never))


@transaction.atomic
def snapshot(month: dt.date, *, replace: bool = False) -> int:
    """Keep the end of `month` (its first day): children per category set of every area from the
    nation to each township, as the figures stand now. Kept once; `replace` takes it again."""
    first = month_start(month)
    existing = FigureSnapshot.unscoped.filter(month=first)
    if existing.exists():
        if not replace:
            return 0
        existing.delete()
    qn = connection.ops.quote_name
    table, source = qn(FigureSnapshot._meta.db_table), qn(Figure._meta.db_table)
    cols = ", ".join(qn(c) for c in ("month", "level", "code", "categories", "children", "taken_at"))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({cols}) "  # noqa: S608
            f"SELECT %s, {qn('level')}, {qn('code')}, {qn('categories')}, SUM({qn('children')}), %s "
            f"FROM {source} WHERE {qn('level')} <= %s "
            f"GROUP BY {qn('level')}, {qn('code')}, {qn('categories')} HAVING SUM({qn('children')}) > 0",
            [first, clock.now(), SNAPSHOT_LEVELS],
        )
        return int(cursor.rowcount)


@dataclass(frozen=True)
class Daily:
    moved: Moved
    snapshot_month: dt.date | None
    snapshot_rows: int


def daily(*, as_of: dt.date) -> Daily:
    """The daily job: move the due files; on a month's first run, keep the month before's end."""
    moved = move(due_ids(as_of), as_of=as_of)
    last = month_start(as_of, -1)
    rows = snapshot(last)
    return Daily(moved, last if rows else None, rows)


@transaction.atomic
def rebuild(*, as_of: dt.date) -> int:
    """Recount every figure from the files: each file's cell, then each level by one GROUP BY."""
    FigureChild.unscoped.all().delete()
    Figure.unscoped.all().delete()
    files = Child.unscoped.exclude(status=people_enums.FileStatus.MERGED).order_by("id")
    last, counted = 0, 0
    while chunk := list(files.filter(id__gt=last).values_list("id", flat=True)[:CHUNK]):
        last, counted = chunk[-1], counted + len(chunk)
        cells = _cells(chunk, as_of)
        bulk.insert_rows(
            FigureChild, _CHILD_COLUMNS, [_child_row(pk, c, until) for pk, (c, until) in cells.items()]
        )
    qn = connection.ops.quote_name
    table, source = qn(Figure._meta.db_table), qn(FigureChild._meta.db_table)
    dims = ", ".join(qn(d) for d in DIMS)
    names = ", ".join(qn(c) for c in ("level", "code", *DIMS, "children"))
    with connection.cursor() as cursor:
        for level, length in LEVELS:
            code = f"SUBSTR({qn('division_code')}, 1, {length})" if length else "''"
            cursor.execute(
                f"INSERT INTO {table} ({names}) "  # noqa: S608
                f"SELECT {level}, {code}, {dims}, COUNT(*) FROM {source} GROUP BY {code}, {dims}"
                if length
                else f"INSERT INTO {table} ({names}) "  # noqa: S608
                f"SELECT {level}, '', {dims}, COUNT(*) FROM {source} GROUP BY {dims}"
            )
    return counted


# --- the monthly bulletin -----------------------------------------------------------------------


@transaction.atomic
def bulletin_issue(*, actor: Actor, area: Any, month: dt.date, deadline: dt.date | None) -> Bulletin:
    """Issue (freeze) the bulletin of `area` for `month`: its figures are stored as drafted now and
    never recomputed; every unit it lists may read it. Once per area and month. Audited."""
    from seedling.statistics import selectors

    capabilities.require(actor, Capability.BULLETIN_ISSUE, area.code)
    first = month_start(month)
    today = clock.today()
    if deadline is not None and deadline < today:
        raise ValidationFailed(_("The deadline has already passed."), code="bulletin.deadline")
    if Bulletin.unscoped.filter(month=first, division_code=area.division_code).exists():
        raise ValidationFailed(_("This month's bulletin has already been issued."), code="bulletin.issued")
    content = selectors.bulletin_draft(actor=actor, area=area, month=first, as_of=today)
    bulletin = Bulletin.unscoped.create(
        month=first,
        division_code=area.division_code,
        content=content,
        deadline=deadline,
        issued_by_id=actor.user_id,  # type: ignore[misc]  # a signed-in actor
    )
    BulletinUnit.unscoped.bulk_create(
        BulletinUnit(bulletin=bulletin, division_code=line["code"], behind=line["behind"])
        for line in content["units"]
    )
    audit_record(
        actor=actor,
        action=Action.BULLETIN_ISSUED,
        division_code=area.division_code or None,
        subject_type="bulletin",
        subject_id=bulletin.pk,
        subject_label=f"{content['area']} {content['month']}",
        detail={"behind": [x["code"] for x in content["units"] if x["behind"]]},
    )
    return bulletin

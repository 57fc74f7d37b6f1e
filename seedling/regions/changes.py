"""Division code change tables (行政区划代码调整表格, 川民政厅 2020 专项行动实施方案 attachment 1, 表 2):
old code → new code, read from an uploaded table or derived from what a load of a new edition
recorded, and checked against the division table before anything moves
(docs/rules/workflow.md#division-maintenance).

A table is a workbook (.xlsx, .xls, .ods, read through seedling.core.tabular) or a UTF-8 CSV with the
columns 原区划代码 and 新区划代码 (the attachment's 系统区划 / 变更区划 codes of one unit per row); the
names are optional and only shown back. Cells are read by seedling.core.cells. Every problem is a
RowError naming the row and column, in Chinese; a table with any problem moves nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from seedling.access import Actor, Purpose, visible_to
from seedling.access.capabilities import Capability, may
from seedling.core import cells, tabular
from seedling.core import division_codes as codes
from seedling.core.tabular import Column, RowError, SheetRow
from seedling.regions.models import Division, DivisionChange

COLUMNS = (
    Column(
        "old", "原区划代码", text=True, aliases=("系统区划代码", "原代码", "旧区划代码", "old_code"), width=16
    ),
    Column("new", "新区划代码", text=True, aliases=("变更区划代码", "新代码", "new_code"), width=16),
    Column("old_name", "原名称", required=False, aliases=("系统区划名称", "old_name")),
    Column("new_name", "新名称", required=False, aliases=("变更区划名称", "new_name")),
)
SHEET = "区划代码调整"
_LEVELS = (codes.TOWNSHIP, codes.VILLAGE)  # files and posts sit at villages; supervisors at townships


@dataclass(frozen=True)
class Move:
    """One checked line of a change table: the unit at `old` now has the code `new`."""

    row: int  # the table's row (0 for a move derived from an edition)
    old: str
    new: str


@dataclass
class ChangeTable:
    """What a table asks for: its moves once checked, and every problem found."""

    source: str
    moves: list[Move] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)  # retired codes an edition left without a successor

    def as_dict(self) -> dict[str, str]:
        return {m.old: m.new for m in self.moves}


def read_table(content: bytes) -> list[SheetRow]:
    """The data rows of an uploaded change table (.xlsx, .xls, .ods or CSV; core.tabular reads them
    all). Raises WorkbookUnreadable (Chinese message)."""
    return tabular.read_table(content, COLUMNS).rows


def _code(row: SheetRow, key: str, errors: list[RowError]) -> str | None:
    raw = row.values.get(key)
    if cells.is_number(raw):
        # A 12-digit code typed as a number survives (below 10^15) but is read as text all the same.
        raw = cells.text(raw)
    value = cells.label(raw)
    if not value:
        errors.append(row.error(key, "code.missing", "区划代码不能为空。"))
        return None
    if not (value.isascii() and codes.is_code(value)):
        errors.append(row.error(key, "code.format", f"“{value}”不是12位区划代码。"))
        return None
    return value


def check_table(*, actor: Actor, rows: Iterable[SheetRow], source: str) -> ChangeTable:
    """Check each row of a change table against the division table and the actor's capability.

    A row is refused when a code is not 12 digits; the old code is not a known township or village
    of the actor's area (retired or not); the new code is not an active unit of the same level, or is a
    "其他" placeholder; old and new are the same; the same old code is given two different new codes;
    a new code is itself moved by the table (a chain: list the final code instead); or the actor does
    not hold DIVISION_RECODE at the division holding both codes (a change across counties is the
    city's, across cities the province's: docs/rules/workflow.md#dm-2)."""
    table = ChangeTable(source=source)
    parsed: list[tuple[SheetRow, str, str]] = []
    for row in rows:
        errors: list[RowError] = []
        old, new = _code(row, "old", errors), _code(row, "new", errors)
        table.errors.extend(errors)
        if old and new:
            parsed.append((row, old, new))
    known = _divisions(actor, {c for _r, o, n in parsed for c in (o, n)})
    first: dict[str, tuple[int, str]] = {}
    olds = {o for _r, o, n in parsed if o != n}
    for row, old, new in parsed:
        problem = _problem(actor, known, old, new, olds)
        if problem:
            table.errors.append(row.error(*problem))
            continue
        seen = first.get(old)
        if seen is not None:
            if seen[1] != new:
                table.errors.append(
                    row.error(
                        "new",
                        "move.conflict",
                        f"原代码 {old} 在第{seen[0]}行已调整为 {seen[1]}，同一代码不能调整为两个新代码。",
                    )
                )
            continue
        first[old] = (row.row, new)
        table.moves.append(Move(row.row, old, new))
    return table


def _divisions(actor: Actor, wanted: set[str]) -> dict[str, Division]:
    """The divisions among `wanted` inside the actor's area (names and codes of divisions are public,
    but a change is only ever made inside one's own area)."""
    if not wanted:
        return {}
    return {d.code: d for d in visible_to(actor, Division).filter(code__in=sorted(wanted))}


def _problem(
    actor: Actor, known: dict[str, Division], old: str, new: str, olds: set[str]
) -> tuple[str, str, str] | None:
    """(column, code, Chinese message) of the first problem of one move, or None."""
    if old == new:
        return ("new", "move.same", f"新代码与原代码相同（{old}），无需调整。")
    was = known.get(old)
    if was is None:
        return ("old", "move.old_unknown", f"原代码 {old} 不是您辖区内区划表中的区划。")
    if was.level not in _LEVELS:
        return (
            "old",
            "move.level",
            f"原代码 {old} 是{was.get_level_display()}区划；只能调整乡级或村级区划代码。",
        )
    now = known.get(new)
    if now is None:
        return ("new", "move.new_unknown", f"新代码 {new} 不在您辖区的区划表中；请先导入新版区划代码。")
    if not now.is_active:
        return ("new", "move.new_retired", f"新代码 {new}（{now.name}）已撤销，不能作为调整后的代码。")
    if now.level != was.level:
        return (
            "new",
            "move.level_mismatch",
            f"新代码 {new}（{now.name}）与原代码 {old}（{was.name}）不是同一级区划。",
        )
    if codes.is_placeholder(new):
        return ("new", "move.to_placeholder", f"新代码 {new} 是“其他”待调整村，不能作为调整后的代码。")
    if new in olds:
        return ("new", "move.chain", f"新代码 {new} 本身也在本表中被调整；请直接填写最终的新代码。")
    if not may(actor, Capability.DIVISION_RECODE, codes.common_prefix(old, new)):
        return (
            "old",
            "move.not_allowed",
            f"您无权把 {old} 调整为 {new}：跨县的调整由市级办理，跨市的由省级办理。",
        )
    return None


def edition_table(*, actor: Actor, edition: str) -> ChangeTable:
    """The change table implied by the load of `edition`: each code it retired whose unit reappears
    under a new code with the same name and the same parent (a renumbering). Retired codes without
    such a successor are listed in `unmatched`: their moves need an uploaded table."""
    changes = visible_to(actor, DivisionChange).filter(
        edition=edition, kind__in=[DivisionChange.Kind.RETIRED, DivisionChange.Kind.ADDED]
    )
    retired: dict[str, tuple[str, str]] = {}
    added: dict[tuple[str, str], list[str]] = {}
    for code, kind, old_name, new_name, old_parent, new_parent in changes.values_list(
        "code", "kind", "old_name", "new_name", "old_parent_code", "new_parent_code"
    ).order_by("code"):
        if kind == DivisionChange.Kind.RETIRED:
            retired[code] = (old_name, old_parent)
        else:
            added.setdefault((new_name, new_parent), []).append(code)
    rows: list[SheetRow] = []
    unmatched: list[str] = []
    headers = {c.key: c.header for c in COLUMNS}
    for code, key in sorted(retired.items()):
        candidates = [c for c in added.get(key, []) if codes.level_of(c) == codes.level_of(code)]
        if len(candidates) != 1:
            unmatched.append(code)
            continue
        values: dict[str, Any] = {"old": code, "new": candidates[0], "old_name": key[0], "new_name": key[0]}
        rows.append(SheetRow(sheet="", row=0, values=values, letters={}, headers=headers))
    # Files at a code the edition retired or renumbered are only moved when DIVISION_RECODE allows.
    table = check_table(actor=actor, rows=rows, source=f"{edition} 版区划代码变更")
    table.unmatched = unmatched
    return table


def retired_or_placeholder_units(actor: Actor) -> list[Division]:
    """Villages of the actor's casework area whose files await re-attribution: retired ones and the
    "其他" placeholders (川民政厅 2020 专项行动实施方案 attachment 1: 其他类别下的数据 … 进行归属调整)."""
    units = visible_to(actor, Division, purpose=Purpose.CASEWORK).filter(level=codes.VILLAGE)
    held = units.filter(Q(retired_on__isnull=False) | Q(code__endswith=codes.PLACEHOLDER_SEGMENT))
    return list(held.order_by("code"))

"""Villages' child population from a yearly table (.xlsx, .xls or .csv): 区划代码, 年份, 儿童数, 来源.

The county receives these figures once a year (统计年报, a census) and imports them here for the
children's-home rule (docs/rules/coverage.md#h-1). Cells are read by seedling.core.cells and the file
by seedling.core.tabular. All or nothing: every row is checked first; if any has an error nothing is
written and the report lists each (row, column, stable code, Chinese message). A row repeating the
stored figure changes nothing, so the same file imported twice writes nothing the second time. A
file's figure replaces the stored one for the same village and year (the file is the newer word).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

from django.db import transaction

from seedling.access import Actor, Purpose, capabilities, visible_to
from seedling.access.capabilities import Capability
from seedling.core import cells, clock
from seedling.core import division_codes as codes
from seedling.core.errors import PermissionDenied, ValidationFailed
from seedling.core.tabular import Column, RowError, SheetRow, WorkbookUnreadable, read_table
from seedling.institutions import services
from seedling.regions.models import Division

COLUMNS: Final = (
    Column("division_code", "区划代码", text=True, width=16, aliases=("统计用区划代码", "村（社区）代码")),
    Column("name", "区划名称", required=False, width=18, aliases=("村（社区）名称",)),
    Column("year", "年份", width=8, aliases=("统计年度", "年度")),
    Column("children", "儿童数", width=10, aliases=("儿童人数", "儿童数量", "0-17岁儿童数")),
    Column("source", "来源", width=20, aliases=("数据来源",)),
)


@dataclass(frozen=True)
class Figure:
    line: int
    village: Division
    year: int
    children: int
    source: str


@dataclass
class ChildCountReport:
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


def _check_row(
    row: SheetRow, divisions: dict[str, Division], actor: Actor
) -> tuple[Figure | None, list[RowError]]:
    errors: list[RowError] = []
    v = row.values
    code = cells.label(v.get("division_code"))
    village = divisions.get(code)
    if not codes.is_code(code):
        errors.append(row.error("division_code", "child_count.division_code", "区划代码应为12位数字。"))
    elif village is None:
        errors.append(
            row.error(
                "division_code", "child_count.division_outside", f"区划代码 {code} 不存在，或不在您的辖区内。"
            )
        )
    elif not capabilities.may(actor, Capability.CHILD_COUNT_ENTER, code):
        errors.append(
            row.error(
                "division_code",
                "child_count.not_allowed",
                "您的角色不能录入这个区划的儿童人口数（须县级及以上民政部门）。",
            )
        )
        village = None
    year = children = None
    try:
        year = cells.integer(v.get("year"), what="年份")
        if year is None:
            errors.append(row.error("year", "child_count.year_required", "请填写年份（如 2025）。"))
    except cells.CellError as exc:
        errors.append(row.error("year", exc.code, exc.message))
    try:
        children = cells.integer(v.get("children"), what="儿童数")
        if children is None:
            errors.append(row.error("children", "child_count.children_required", "请填写儿童数。"))
    except cells.CellError as exc:
        errors.append(row.error("children", exc.code, exc.message))
    source = cells.text(v.get("source"))
    if errors or village is None or year is None or children is None:
        return None, errors
    try:
        source = services.check_child_count(
            village=village, year=year, children=children, source=source, today=clock.today()
        )
    except ValidationFailed as exc:
        key = {"division_code": "division_code", "year": "year", "children": "children"}.get(
            exc.field or "", "source"
        )
        return None, [row.error(key, exc.code, _zh(exc.code, year, children, village))]
    return Figure(row.row, village, year, children, source), []


def _zh(code: str, year: int, children: int, village: Division) -> str:
    """The row's message in Chinese whatever the page's language (the report is read with the file)."""
    return {
        "child_count.level": f"{village.code}（{village.name}）不是村（社区）代码；"
        "儿童人口数按村（社区）填写。",
        "child_count.division_retired": f"区划代码 {village.code}（{village.name}）"
        "已因区划调整撤销，请改用新代码。",
        "child_count.year": f"年份 {year} 不对：应在 {services.FIRST_YEAR} 年到今年之间。",
        "child_count.range": f"儿童数 {children} 不对：应为 0 到 {services.MAX_COUNT} 之间的整数。",
        "child_count.source_required": "请填写数据来源（如“2025年统计年报”）。",
        "child_count.source_long": f"数据来源不能超过{services.SOURCE_MAX}个字。",
    }.get(code, "这一行的数据不正确。")


def child_count_check(*, actor: Actor, source: bytes) -> tuple[list[Figure], list[RowError]]:
    """Read and check every row; the checked figures and every error found."""
    try:
        data = read_table(source, COLUMNS)
    except WorkbookUnreadable as exc:
        return [], [exc.error]
    wanted = [c for c in {cells.label(r.values.get("division_code")) for r in data.rows} if codes.is_code(c)]
    divisions = {
        d.code: d for d in visible_to(actor, Division, purpose=Purpose.CASEWORK).filter(code__in=wanted)
    }
    figures: list[Figure] = []
    errors: list[RowError] = []
    seen: dict[tuple[str, int], int] = {}
    for row in data.rows:
        figure, problems = _check_row(row, divisions, actor)
        errors += problems
        if figure is None:
            continue
        key = (figure.village.code, figure.year)
        if key in seen:
            errors.append(
                row.row_error(
                    "child_count.duplicate_row", f"与第{seen[key]}行是同一村（社区）同一年份，请只保留一行。"
                )
            )
            continue
        seen[key] = row.row
        figures.append(figure)
    if not data.rows:
        errors.append(RowError(data.sheet, 0, "", "", "child_count.empty", "表中没有数据行。"))
    errors.sort(key=lambda e: (e.row, e.column))
    return figures, errors


def child_count_import(*, actor: Actor, source: bytes) -> ChildCountReport:
    """Check the table; if every row is right, write it in one transaction."""
    capabilities.require(actor, Capability.CHILD_COUNT_ENTER)
    figures, errors = child_count_check(actor=actor, source=source)
    report = ChildCountReport(rows=len(figures), errors=errors)
    if errors:
        return report
    try:
        with transaction.atomic():
            for f in figures:
                row, changed = services.child_count_set(
                    actor=actor, village=f.village, year=f.year, children=f.children, source=f.source
                )
                if not changed:
                    report.unchanged += 1
                elif row.version == 1:
                    report.created += 1
                else:
                    report.updated += 1
    except (ValidationFailed, PermissionDenied) as exc:  # a change since the check
        report.errors.append(RowError("", 0, "", "", exc.code, str(exc)))
        report.created = report.updated = report.unchanged = 0
        return report
    report.written = True
    return report

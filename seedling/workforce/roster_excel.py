"""The supervisors' and directors' roster as an Excel workbook: export, and import with errors per row.

One row is one post: a director covering three villages has three rows with the same ID number.
Import is an upsert by ID number (services.roster_apply) and all-or-nothing: every row is checked
first; if any row has an error nothing is written and the report lists every error (sheet, Excel
row, column, stable code, Chinese message). A file that was imported once imports again without
changing anything. ID numbers, division codes and phones are identifiers: exported as text cells,
and an ID number stored as a number is reported as Excel damage (seedling.core.identity), never
"repaired". Cells are read by seedling.core.cells, the parser the ledger uses: the same dates,
numbers, phones and labels are accepted, with the same error codes (date.invalid, phone.format,
choice.invalid, id_number.*); the codes roster.* are the roster's own rules.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import IO, Any, Final

from django.db import transaction

from seedling.access import Actor, Purpose, capabilities, visibility, visible_to
from seedling.access.capabilities import Capability
from seedling.core import cells, identity
from seedling.core import division_codes as codes
from seedling.core.errors import PermissionDenied, ValidationFailed
from seedling.core.tabular import (
    Column,
    RowError,
    SheetRow,
    WorkbookUnreadable,
    read_rows,
    write_workbook,
)
from seedling.regions.models import Division
from seedling.workforce import selectors, services
from seedling.workforce.enums import (
    EMPLOYMENT_LABEL_ZH,
    ROLE_LABEL_ZH,
    ROLE_LEVEL,
    Employment,
)

SHEET: Final = "名册"
COLUMNS: Final = (
    Column("name", "姓名", width=10),
    Column("id_number", "身份证号码", text=True, width=22, aliases=("公民身份号码", "身份证号")),
    Column("sex", "性别", required=False, width=6),
    Column("phone", "联系电话", required=False, text=True, width=16, aliases=("手机号码", "电话")),
    Column("role", "岗位", width=12, aliases=("人员类别", "岗位类别")),
    Column("division_code", "区划代码", text=True, width=16, aliases=("所在区划代码", "统计用区划代码")),
    Column("division_name", "区划名称", required=False, width=18),
    Column("post", "职务", required=False, width=14),
    Column("employment", "专兼职", width=8, aliases=("专职或兼职",)),
    Column("appointed_on", "任职日期", width=12),
    Column("left_on", "离任日期", required=False, width=12),
    Column("certificate", "培训合格证编号", required=False, text=True, width=18),
    Column("last_trained_on", "最近培训日期", required=False, width=12),
)
NOTES: Final = (
    "儿童督导员和儿童主任名册（护苗 Seedling 导出）。",
    "每一行是一个岗位：一人负责多个村（社区）时，每个村一行，身份证号码相同。",
    "岗位填“儿童督导员”（区划代码为乡镇、街道）或“儿童主任”（区划代码为村、社区）；专兼职填“专职”或“兼职”。",
    "身份证号码、区划代码、联系电话列为文本格式，请勿改成数值，否则号码会丢失。",
    "离任日期是不再任职的第一天；在岗的留空。性别、区划名称、培训合格证编号、最近培训日期只供查看，导入时不读取（性别与身份证号码不符时报错）。",
    "导入按身份证号码更新：已有的人员和岗位被更正，没有的新建；同一文件重复导入不会产生重复记录。",
)

_ROLES = {label: role for role, label in ROLE_LABEL_ZH.items()}
_ROLE_SYNONYMS = {
    "督导员": "儿童督导员",
    "主任": "儿童主任",
    "supervisor": "儿童督导员",
    "director": "儿童主任",
}
_EMPLOYMENT = {label: value for value, label in EMPLOYMENT_LABEL_ZH.items()}
_EMPLOYMENT_SYNONYMS = {v: EMPLOYMENT_LABEL_ZH[v] for v in Employment.values}
_SEX = {"男": "男", "女": "女"}


@dataclass
class RosterReport:
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False
    written: bool = False
    workers_created: int = 0
    workers_updated: int = 0
    appointments_created: int = 0
    appointments_updated: int = 0
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class RowCells:
    """One roster row read on its own (no database): what `_parse_row` checks against the stored
    divisions and the actor's posts. A field that could not be read is empty."""

    name: str = ""
    ident: identity.IdNumber | None = None
    sex: str = ""  # read to be compared with the ID number only
    phone: str = ""
    role: str = ""
    division_code: str = ""
    post: str = ""
    employment: str = ""
    appointed_on: date | None = None
    left_on: date | None = None


def read_row(row: SheetRow, *, as_of: date) -> tuple[RowCells, list[RowError]]:
    """Read a row's cells through seedling.core.cells, with the errors the row has by itself."""
    errors: list[RowError] = []
    v = row.values

    def read(key: str, parse: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        try:
            return parse(v.get(key), *args, **kwargs)
        except cells.CellError as exc:
            errors.append(row.error(key, exc.code, exc.message))
            return None

    out = RowCells(name=cells.text(v.get("name")), division_code=cells.label(v.get("division_code")))
    if not out.name:
        errors.append(row.error("name", "roster.name_required", "请填写姓名。"))
    elif len(out.name) > 50:
        errors.append(row.error("name", "roster.name_long", "姓名不能超过50个字。"))
    try:
        out.ident = identity.parse(cells.id_number(v.get("id_number")), as_of=as_of)
    except identity.InvalidIdNumber as exc:
        errors.append(row.error("id_number", exc.code, exc.message))
    out.sex = read("sex", cells.choice, _SEX) or ""
    if out.ident is not None and out.sex:
        for problem in identity.check_consistency(out.ident, sex=out.sex, birth_date=None):
            errors.append(row.error("sex", problem.code, problem.message))
    out.phone = read("phone", cells.phone) or ""
    role = read("role", cells.choice, _ROLES, synonyms=_ROLE_SYNONYMS)
    out.role = role or ""
    if role == "":
        errors.append(row.error("role", "roster.role_unknown", "岗位应填“儿童督导员”或“儿童主任”。"))
    if not codes.is_code(out.division_code):
        errors.append(row.error("division_code", "roster.division_code", "区划代码应为12位数字。"))
    out.post = cells.text(v.get("post"))[:50]
    employment = read("employment", cells.choice, _EMPLOYMENT, synonyms=_EMPLOYMENT_SYNONYMS)
    out.employment = employment or ""
    if employment == "":
        errors.append(row.error("employment", "roster.employment", "专兼职应填“专职”或“兼职”。"))
    if not cells.text(v.get("appointed_on")):
        errors.append(row.error("appointed_on", "roster.appointed_required", "请填写任职日期。"))
    else:
        out.appointed_on = read("appointed_on", cells.date_of)
        if out.appointed_on is not None and out.appointed_on > as_of:
            errors.append(row.error("appointed_on", "roster.appointed_future", "任职日期不能晚于今天。"))
    out.left_on = read("left_on", cells.date_of)
    if out.left_on is not None and out.appointed_on is not None and out.left_on < out.appointed_on:
        errors.append(row.error("left_on", "roster.left_before", "离任日期不能早于任职日期。"))
    return out, errors


def _parse_row(
    row: SheetRow, *, as_of: date, divisions: dict[str, Division], actor: Actor
) -> tuple[services.RosterEntry | None, list[RowError]]:
    got, errors = read_row(row, as_of=as_of)
    code, role = got.division_code, got.role
    division = divisions.get(code)
    if not codes.is_code(code):
        pass  # read_row said so
    elif division is None:
        errors.append(
            row.error(
                "division_code", "roster.division_outside", f"区划代码 {code} 不存在，或不在您的辖区内。"
            )
        )
    elif not division.is_active:
        errors.append(
            row.error(
                "division_code",
                "roster.division_retired",
                f"区划代码 {code}（{division.name}）已因区划调整撤销，请改用调整后的新代码。",
            )
        )
    elif role and division.level != ROLE_LEVEL[role]:
        where = "乡镇（街道）" if role == "supervisor" else "村（社区）"
        errors.append(
            row.error(
                "division_code",
                "roster.division_level",
                f"{ROLE_LABEL_ZH[role]}的区划代码应是{where}的代码。",
            )
        )
    elif not capabilities.may(actor, Capability.WORKFORCE_REGISTER, code):
        errors.append(
            row.error(
                "division_code",
                "roster.not_allowed",
                "您的角色不能修改这个区划的名册（须县级及以上民政部门）。",
            )
        )
    if errors or got.ident is None or division is None or got.appointed_on is None:
        return None, errors
    entry = services.RosterEntry(
        line=row.row,
        name=got.name,
        ident=got.ident,
        phone=got.phone,
        role=role,
        division=division,
        post=got.post,
        employment=got.employment,
        appointed_on=got.appointed_on,
        left_on=got.left_on,
    )
    return entry, errors


def roster_check(
    *, actor: Actor, source: bytes | IO[bytes], as_of: date
) -> tuple[list[services.RosterEntry], list[RowError]]:
    """Read and check every row. Returns the checked entries and every error found."""
    try:
        data = read_rows(source, COLUMNS, sheet=None)
    except WorkbookUnreadable as exc:
        return [], [exc.error]
    wanted = {cells.label(r.values.get("division_code")) for r in data.rows}
    divisions = {
        d.code: d
        for d in visible_to(actor, Division, purpose=Purpose.CASEWORK).filter(
            code__in=[c for c in wanted if codes.is_code(c)]
        )
    }
    entries: list[services.RosterEntry] = []
    errors: list[RowError] = []
    row_at = {row.row: row for row in data.rows}
    rows_of: dict[str, services.RosterEntry] = {}
    seen: dict[tuple[str, str, str, date], int] = {}
    for row in data.rows:
        entry, problems = _parse_row(row, as_of=as_of, divisions=divisions, actor=actor)
        errors += problems
        if entry is None:
            continue
        first = rows_of.setdefault(entry.ident.number, entry)
        if first is not entry and (
            first.name != entry.name or (entry.phone and first.phone and first.phone != entry.phone)
        ):
            errors.append(
                row.row_error(
                    "roster.person_inconsistent",
                    f"与第{first.line}行身份证号码相同，但姓名或联系电话不同；同一人的各行应一致。",
                )
            )
            continue
        key = (entry.ident.number, entry.role, entry.division.code, entry.appointed_on)
        if key in seen:
            errors.append(
                row.row_error(
                    "roster.duplicate_row",
                    f"与第{seen[key]}行重复（同一人、同一岗位、同一区划、同一任职日期）。",
                )
            )
            continue
        seen[key] = row.row
        entries.append(entry)
    known = services.roster_lookup(actor, list(rows_of))
    for entry in entries:
        found = known.get(entry.ident.number)
        if found is not None and not found[1]:
            errors.append(
                row_at[entry.line].error(
                    "id_number",
                    "roster.registered_elsewhere",
                    "此身份证号码已在其他辖区登记，请联系上级民政部门核实后再导入。",
                )
            )
    if not data.rows:
        errors.append(RowError(data.sheet, 0, "", "", "roster.empty", "表中没有数据行。"))
    errors.sort(key=lambda e: (e.row, e.column))
    return entries, errors


def roster_import(
    *, actor: Actor, source: bytes | IO[bytes], as_of: date, dry_run: bool = False
) -> RosterReport:
    """Check the workbook; if every row is right, write it (or, with `dry_run`, count what would change
    and write nothing)."""
    entries, errors = roster_check(actor=actor, source=source, as_of=as_of)
    report = RosterReport(rows=len(entries), errors=errors, dry_run=dry_run)
    if errors:
        return report
    try:
        with transaction.atomic():
            counts = services.roster_apply(actor=actor, entries=entries)
            if dry_run:
                transaction.set_rollback(True)
    except (ValidationFailed, PermissionDenied) as exc:  # a race with another writer since the check
        report.errors.append(RowError(SHEET, 0, "", "", exc.code, str(exc)))
        return report
    report.written = not dry_run
    report.workers_created = counts.workers_created
    report.workers_updated = counts.workers_updated
    report.appointments_created = counts.appointments_created
    report.appointments_updated = counts.appointments_updated
    report.unchanged = counts.unchanged
    return report


def roster_export(*, actor: Actor, as_of: date, prefix: str = "", current_only: bool = False) -> bytes:
    """The roster of the actor's area (or of `prefix`) as a workbook in the import format. Audited."""
    lines = selectors.roster_lines(actor=actor, as_of=as_of, prefix=prefix, current_only=current_only)
    rows = []
    for line in lines:
        a = line.appointment
        worker = visibility.project(actor, a.worker, visibility.Output.EXPORT)
        rows.append(
            (
                worker.name,
                worker.id_number,
                worker.sex,
                worker.phone,
                ROLE_LABEL_ZH[a.role],
                a.division_code,
                a.division.name,
                a.post,
                EMPLOYMENT_LABEL_ZH[a.employment],
                a.appointed_on,
                a.left_on,
                line.certificate,
                line.last_trained_on,
            )
        )
    selectors.roster_export_audit(actor=actor, prefix=prefix, rows=len(rows))
    return write_workbook(SHEET, COLUMNS, rows, notes=NOTES)


def roster_template() -> bytes:
    """An empty roster with the headers and notes (nothing personal, not audited)."""
    return write_workbook(SHEET, COLUMNS, [], notes=NOTES)


def may_export(actor: Actor) -> bool:
    return capabilities.may(actor, Capability.WORKFORCE_REGISTER)

"""The supervisors' and directors' roster as an Excel workbook: export, and import with errors per row.

One row is one post: a director covering three villages has three rows with the same ID number.
Import is an upsert by ID number (services.roster_apply) and all-or-nothing: every row is checked
first; if any row has an error nothing is written and the report lists every error (sheet, Excel
row, column, stable code, Chinese message). A file that was imported once imports again without
changing anything. ID numbers, division codes and phones are identifiers: exported as text cells,
and an ID number stored as a number is reported as Excel damage (seedling.core.identity), never
"repaired".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import IO, Final

from django.db import transaction

from seedling.access import Actor, Purpose, visible_to
from seedling.core import identity, phones
from seedling.core.errors import PermissionDenied, ValidationFailed
from seedling.regions import codes
from seedling.regions.models import Division
from seedling.workforce import permissions, selectors, services
from seedling.workforce.enums import (
    EMPLOYMENT_LABEL_ZH,
    ROLE_LABEL_ZH,
    ROLE_LEVEL,
    Employment,
)
from seedling.workforce.tabular import (
    Column,
    RowError,
    SheetRow,
    WorkbookUnreadable,
    date_of,
    is_number,
    read_rows,
    text_of,
    write_workbook,
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

_ROLES = {label: role for role, label in ROLE_LABEL_ZH.items()} | {
    "督导员": "supervisor",
    "主任": "director",
    "supervisor": "supervisor",
    "director": "director",
}
_EMPLOYMENT = {label: value for value, label in EMPLOYMENT_LABEL_ZH.items()} | {
    v: v for v in Employment.values
}


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


def _parse_row(
    row: SheetRow, *, as_of: date, divisions: dict[str, Division], actor: Actor
) -> tuple[services.RosterEntry | None, list[RowError]]:
    errors: list[RowError] = []
    v = row.values
    name = " ".join(text_of(v.get("name")).split())
    if not name:
        errors.append(row.error("name", "roster.name_required", "请填写姓名。"))
    elif len(name) > 50:
        errors.append(row.error("name", "roster.name_long", "姓名不能超过50个字。"))
    ident: identity.IdNumber | None = None
    raw_id = v.get("id_number")
    try:
        ident = identity.parse(raw_id if is_number(raw_id) else text_of(raw_id), as_of=as_of)
    except identity.InvalidIdNumber as exc:
        errors.append(row.error("id_number", exc.code, exc.message))
    sex = text_of(v.get("sex"))
    if ident is not None and sex:
        for problem in identity.check_consistency(ident, sex=sex, birth_date=None):
            errors.append(row.error("sex", problem.code, problem.message))
    phone_text = text_of(v.get("phone"))
    phone = ""
    if phone_text:
        phone = phones.normalize(phone_text) or ""
        if not phone:
            errors.append(
                row.error(
                    "phone",
                    "roster.phone_invalid",
                    "联系电话应为11位手机号码，或带区号的固定电话（如 0799-1234567）。",
                )
            )
    role = _ROLES.get(text_of(v.get("role")), "")
    if not role:
        errors.append(row.error("role", "roster.role_unknown", "岗位应填“儿童督导员”或“儿童主任”。"))
    code = text_of(v.get("division_code"))
    division = divisions.get(code)
    if not codes.is_code(code):
        errors.append(row.error("division_code", "roster.division_code", "区划代码应为12位数字。"))
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
    elif not permissions.holds(actor, permissions.REGISTRARS, code):
        errors.append(
            row.error(
                "division_code",
                "roster.not_allowed",
                "您的角色不能修改这个区划的名册（须县级及以上民政部门）。",
            )
        )
    employment = _EMPLOYMENT.get(text_of(v.get("employment")), "")
    if not employment:
        errors.append(row.error("employment", "roster.employment", "专兼职应填“专职”或“兼职”。"))
    appointed_on = left_on = None
    try:
        appointed_on = date_of(v.get("appointed_on"))
        if appointed_on is None:
            errors.append(row.error("appointed_on", "roster.appointed_required", "请填写任职日期。"))
        elif appointed_on > as_of:
            errors.append(row.error("appointed_on", "roster.appointed_future", "任职日期不能晚于今天。"))
    except ValueError:
        errors.append(row.error("appointed_on", "roster.date", "任职日期应为日期，例如 2024-03-01。"))
    try:
        left_on = date_of(v.get("left_on"))
        if left_on is not None and appointed_on is not None and left_on < appointed_on:
            errors.append(row.error("left_on", "roster.left_before", "离任日期不能早于任职日期。"))
    except ValueError:
        errors.append(row.error("left_on", "roster.date", "离任日期应为日期，例如 2024-03-01，在岗的留空。"))
    if errors or ident is None or division is None or appointed_on is None:
        return None, errors
    entry = services.RosterEntry(
        line=row.row,
        name=name,
        ident=ident,
        phone=phone,
        role=role,
        division=division,
        post=text_of(v.get("post"))[:50],
        employment=employment,
        appointed_on=appointed_on,
        left_on=left_on,
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
    wanted = {text_of(r.values.get("division_code")) for r in data.rows}
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
        rows.append(
            (
                a.worker.name,
                a.worker.id_number,
                a.worker.sex,
                a.worker.phone,
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
    return any(g.role in permissions.REGISTRARS for g in actor.grants)

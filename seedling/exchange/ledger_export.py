"""Export the ledger workbook (docs/ledger.md), and the empty template.

The same headers as the import (exchange.headers), in the contract's order, plus the determined
category columns. Streamed: xlsxwriter in constant-memory mode, files read in keyset pages, so memory
does not grow with the area. What each cell may hold is decided by seedling.access.visibility for the
EXPORT output: identifiers and phones masked for every reader, HIV status never (not even its
column), health, harm and custody details only for the case workers of the area (the rest read
"（仅限个案工作人员查看）"). A masked or withheld cell imports back as "unchanged". Every export is
audited (EXPORTED).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime
from typing import IO, Any, Final

from django.db.models import QuerySet

from seedling.access import Actor, Purpose, get_for_actor, visibility, visible_to
from seedling.audit.enums import Action
from seedling.audit.services import audit_record
from seedling.core.errors import ValidationFailed
from seedling.core.sensitivity import Sensitivity
from seedling.core.tabular import Column, new_workbook
from seedling.exchange import headers
from seedling.people import enums, services
from seedling.people.models import Child, Woman
from seedling.people.parsing import format_benefits
from seedling.people.records import ChildRecord
from seedling.regions.models import Division
from seedling.registries import selectors as registry_selectors

PAGE: Final = 500


def _zh(choices: Any, value: Any) -> str:
    if value is visibility.WITHHELD:
        return visibility.WITHHELD_CELL
    return "" if value in ("", None) else str(dict(choices).get(value, value))


def _many(choices: Any, values: Any) -> str:
    if values is visibility.WITHHELD:
        return visibility.WITHHELD_CELL
    return "、".join(_zh(choices, v) for v in values)


def _text(value: Any) -> Any:
    return visibility.WITHHELD_CELL if value is visibility.WITHHELD else value


def _yn(value: bool | None) -> str:
    return "" if value is None else ("是" if value else "否")


def _parent_cells(p: Any) -> list[Any]:
    """A parent's twelve cells from its projection: situations the reader may not see (a parent's
    imprisonment, to a city reader) are not listed, and their term and start are left out with them."""
    situations = p.situations
    away = next((s for s in situations if s.kind == enums.SituationKind.AWAY_WORK), None)
    other = next((s for s in situations if s.kind != enums.SituationKind.AWAY_WORK), None)
    term = next((s for s in situations if s.kind in enums.TERM_SITUATIONS), None)
    return [
        p.name,
        p.id_number,
        p.phone,
        p.address,
        _zh(enums.ParentHealth.choices, p.health),
        _many(enums.SituationKind.choices, [s.kind for s in situations]),
        away.since if away else None,
        p.work_place,
        other.since if other else None,
        term.term_months if term else None,
        _zh(enums.DisabilityCategory.choices, p.disability_category),
        _zh(enums.DisabilityGrade.choices, p.disability_grade),
    ]


def child_row(
    *,
    actor: Actor,
    child: Child,
    rec: ChildRecord,
    names: dict[str, tuple[str, str]],
    extra: tuple[str, str, str],
) -> list[Any]:
    """One 儿童台账 row as the reader may see it in an export (access.visibility: identifiers masked,
    HIV never, health, harm and custody details only for case workers of the area)."""
    v = visibility.project(actor, rec, visibility.Output.EXPORT)
    township, village = names.get(rec.division_code, ("", ""))
    harm = v.harm
    return [
        rec.division_code,
        township,
        village,
        v.name,
        _zh(enums.Sex.choices, v.sex),
        v.ethnicity,
        v.birth_date,
        v.id_number,
        _yn(v.no_hukou),
        _zh(enums.HukouType.choices, v.hukou_type),
        v.home_address,
        _zh(enums.Schooling.choices, v.schooling),
        v.out_of_school_reason,
        _zh(enums.Boarding.choices, v.boarding),
        _many(enums.Health.choices, v.health),
        _text(v.illness),
        _zh(enums.DisabilityCategory.choices, v.disability_category),
        _zh(enums.DisabilityGrade.choices, v.disability_grade),
        "",  # 是否艾滋病病毒感染: never exported; the column is dropped (child_columns)
        _text(v.psych_behaviour),
        _zh(enums.SingleParent.choices, v.single_parent),
        _zh(enums.GuardianshipStatus.choices, v.guardianship_status),
        v.guardianship_problem,
        _many(enums.HarmKind.choices, harm if harm is visibility.WITHHELD else [h.kind for h in harm]),
        *_parent_cells(v.father),
        *_parent_cells(v.mother),
        _zh(enums.CaregiverKind.choices, v.caregiver_kind),
        v.caregiver_name,
        v.caregiver_phone,
        v.caregiver_id_number,
        _zh(enums.CaregiverReason.choices, v.caregiver_reason),
        _zh(enums.RiskLevel.choices, v.risk_level),
        float(v.income_per_capita) if v.income_per_capita is not None else None,
        format_benefits(v.household_benefits),
        format_benefits(v.child_assistance),
        v.education_assistance,
        v.medical_assistance,
        v.other_assistance,
        v.social_support,
        _many(enums.DeclaredCategory.choices, v.declared_categories),
        v.director_name,
        v.pairing_name,
        v.pairing_phone,
        v.pairing_org,
        v.care_needs,
        v.remarks,
        v.filed_by_name,
        v.filed_on,
        *extra,
        _zh(enums.FileStatus.choices, child.status),
    ]


def woman_row(
    *, actor: Actor, woman: Woman, names: dict[str, tuple[str, str]], extra: tuple[str, str]
) -> list[Any]:
    v = visibility.project(actor, woman, visibility.Output.EXPORT)
    township, village = names.get(woman.division_code, ("", ""))
    return [
        woman.division_code,
        township,
        village,
        v.name,
        v.id_number,
        _zh(enums.HukouType.choices, v.hukou_type),
        _zh(enums.Residence.choices, v.residence),
        v.phone,
        v.address,
        v.husband_name,
        v.husband_id_number,
        v.husband_away_since,
        v.husband_work_place,
        _text(v.health),
        v.needs,
        v.remarks,
        *extra,
    ]


class _Book:
    def __init__(self, out: IO[bytes] | str):
        self.book = new_workbook(out, constant_memory=True)
        self.head = self.book.add_format(
            {"bold": True, "bg_color": "#E7F3EA", "border": 1, "text_wrap": True}
        )
        self.text = self.book.add_format({"num_format": "@"})
        self.date = self.book.add_format({"num_format": "yyyy-mm-dd"})

    def sheet(self, name: str, columns: tuple[Column, ...], required: frozenset[str] = frozenset()) -> Any:
        ws = self.book.add_worksheet(name)
        for i, c in enumerate(columns):
            # Identifier columns are text-formatted so Excel never turns a number into 5.10104E+17.
            ws.set_column(i, i, c.width, self.text if c.text else None)
            ws.write_string(0, i, c.header + ("*" if c.key in required else ""), self.head)
        ws.freeze_panes(1, 0)
        return ws

    def row(self, ws: Any, r: int, columns: tuple[Column, ...], values: list[Any]) -> None:
        for i, (c, v) in enumerate(zip(columns, values, strict=True)):
            if v is None or v == "":
                continue
            if c.text or isinstance(v, str):
                ws.write_string(r, i, str(v), self.text if c.text else None)
            elif isinstance(v, date):
                ws.write_datetime(r, i, datetime(v.year, v.month, v.day), self.date)
            else:
                ws.write_number(r, i, v)


def child_columns(actor: Actor) -> tuple[Column, ...]:
    """The export's columns: HIV status never leaves in a workbook, not even as an empty column."""
    cols = headers.CHILD_COLUMNS + headers.CHILD_EXPORT_EXTRA
    if not visibility.may_see_anywhere(actor, Sensitivity.HIV, visibility.Output.EXPORT):
        return tuple(c for c in cols if c.key != "hiv")
    return cols


def _pages(qs: Any) -> Iterator[list[Any]]:
    last = None
    while True:
        page = qs.filter(pk__gt=last) if last is not None else qs
        rows = list(page.order_by("pk")[:PAGE])
        if not rows:
            return
        yield rows
        last = rows[-1].pk


def _names(codes_: set[str], actor: Actor) -> dict[str, tuple[str, str]]:
    rows = (
        visible_to(actor, Division, purpose=Purpose.AREA)
        .filter(code__in=codes_)
        .values_list("code", "name", "parent__name")
    )
    return {code: (parent or "", name) for code, name, parent in rows}


def export_files(*, actor: Actor, division_code: str = "") -> tuple[QuerySet[Child], QuerySet[Woman]]:
    """The children's and women's files an export of the actor's area (or of `division_code` within
    it: 404 outside the area) writes."""
    children = visible_to(actor, Child).exclude(status=enums.FileStatus.MERGED)
    women = visible_to(actor, Woman)
    if division_code:
        prefix = get_for_actor(actor, Division, code=division_code).prefix
        children = children.filter(division_code__startswith=prefix)
        women = women.filter(division_code__startswith=prefix)
    return children, women


def ledger_export(
    *,
    actor: Actor,
    out: IO[bytes] | str,
    division_code: str = "",
    progress: Callable[[int], None] | None = None,
    rows: int | None = None,
) -> int:
    """Write the workbook of the actor's area (or of `division_code` within it) to `out`; returns the
    number of files written. Audited (EXPORTED) before the first row is read, so no export leaves
    unrecorded; pages are not wrapped in one transaction, so a job's progress is visible as it goes.
    `rows` is the number of files to write when the caller has just counted them (an export job, for
    its progress bar); without it they are counted here. Either way the audit records that count."""
    children, women = export_files(actor=actor, division_code=division_code)
    if actor.user_id is None:
        raise ValidationFailed("请先登录。", code="auth.required")
    book = _Book(out)
    cols = child_columns(actor)
    full = headers.CHILD_COLUMNS + headers.CHILD_EXPORT_EXTRA
    keep = [i for i, c in enumerate(full) if c in cols]
    ws = book.sheet(headers.CHILD_SHEET, cols, headers.REQUIRED)
    audit_record(
        actor=actor,
        action=Action.EXPORTED,
        division_code=division_code or actor.home_code,
        subject_type="ledger",
        detail={
            "format": "ledger.xlsx",
            "rows": children.count() + women.count() if rows is None else rows,
            "division": division_code,
        },
    )
    written = 0
    for page in _pages(children.prefetch_related("parents__situations", "harm_events")):
        names = _names({c.division_code for c in page}, actor)
        dets = registry_selectors.determinations_for(actor=actor, children=page)
        for child in page:
            extra = registry_selectors.export_columns(
                actor=actor,
                child=child,
                determination=dets.get(child.pk),
                preloaded=True,
            )
            values = child_row(
                actor=actor, child=child, rec=services.child_record(child), names=names, extra=extra
            )
            written += 1
            book.row(ws, written, cols, [values[i] for i in keep])
        if progress:
            progress(written)
    wcols = headers.WOMAN_COLUMNS + headers.WOMAN_EXPORT_EXTRA
    ws2 = book.sheet(headers.WOMAN_SHEET, wcols, headers.WOMAN_REQUIRED)
    r = 0
    for page in _pages(women):
        names = _names({w.division_code for w in page}, actor)
        dets = registry_selectors.woman_determinations_for(actor=actor, women=page)
        for woman in page:
            r += 1
            determined = registry_selectors.woman_export_columns(
                actor=actor, woman=woman, determination=dets.get(woman.pk), preloaded=True
            )
            book.row(ws2, r, wcols, woman_row(actor=actor, woman=woman, names=names, extra=determined))
        written += len(page)
        if progress:
            progress(written)
    book.book.close()
    return written


def template_columns(actor: Actor | None) -> tuple[Column, ...]:
    """The template's columns: the HIV column only for a holder of the HIV grant (who may record it;
    no one else sees that such a column exists)."""
    if actor is not None and visibility.may_see_anywhere(actor, Sensitivity.HIV, visibility.Output.FILE):
        return headers.CHILD_COLUMNS
    return tuple(c for c in headers.CHILD_COLUMNS if c.key != "hiv")


def ledger_template(out: IO[bytes] | str, actor: Actor | None = None) -> None:
    """The empty workbook: both sheets with their headers, drop-downs for the enumerations, and a
    填写说明 sheet listing the allowed values (docs/ledger.md, "Other sheets"). Without an actor
    holding the HIV grant, neither the HIV column nor the HIV category appears."""
    book = _Book(out)
    columns = template_columns(actor)
    hiv_too = len(columns) == len(headers.CHILD_COLUMNS)
    notes = book.book.add_worksheet(headers.NOTES_SHEET)
    lists: dict[str, list[str]] = {
        "sex": [str(x) for _, x in enums.Sex.choices],
        "no_hukou": ["是", "否"],
        "hiv": ["是", "否"],
        "hukou_type": [str(x) for _, x in enums.HukouType.choices],
        "residence": [str(x) for _, x in enums.Residence.choices],
        "schooling": [str(x) for _, x in enums.Schooling.choices],
        "boarding": [str(x) for _, x in enums.Boarding.choices],
        "disability_category": [str(x) for _, x in enums.DisabilityCategory.choices],
        "disability_grade": [str(x) for _, x in enums.DisabilityGrade.choices],
        "single_parent": [str(x) for _, x in enums.SingleParent.choices],
        "guardianship_status": [str(x) for _, x in enums.GuardianshipStatus.choices],
        "caregiver_type": [str(x) for _, x in enums.CaregiverKind.choices],
        "caregiver_reason": [str(x) for _, x in enums.CaregiverReason.choices],
        "risk_level": [str(x) for _, x in enums.RiskLevel.choices],
        "father_health": [str(x) for _, x in enums.ParentHealth.choices],
        "mother_health": [str(x) for _, x in enums.ParentHealth.choices],
    }
    multi: dict[str, list[str]] = {
        "health": [str(x) for _, x in enums.Health.choices],
        "harm": [str(x) for _, x in enums.HarmKind.choices],
        "father_situations": [str(x) for _, x in enums.SituationKind.choices],
        "declared_categories": [
            str(x) for c, x in enums.DeclaredCategory.choices if hiv_too or c not in enums.HEALTH_CATEGORIES
        ],
        "child_assistance": [str(x) for _, x in enums.Benefit.choices],
    }
    ws = book.sheet(headers.CHILD_SHEET, columns, headers.REQUIRED)
    for i, c in enumerate(columns):
        values = lists.get(c.key) or lists.get(c.key.replace("mother_", "father_"))
        if values and len("".join(values)) + len(values) < 255:  # Excel's limit for an inline list
            ws.data_validation(1, i, 5000, i, {"validate": "list", "source": values})
    lines = [
        "护苗 Seedling 儿童台账导入模板。表头行不要改动；列的顺序可以调整。带*的列必须填写。",
        "身份证号码、区划代码、电话列已设为文本格式：请勿改成数值，否则号码后几位会丢失。",
        "区划代码填12位村（社区）代码；不填时按“乡镇（街道）”和“村（社区）”名称在您的辖区内查找。",
        "日期可写成 2012-03-05、2012/3/5、2012.3.5、2012年3月5日 或 20120305；外出务工开始日期可只填年月。",
        "多个值之间用“、”分隔；救助金额写成“低保300元/月”。",
        "",
        "各列可填的值：",
    ]
    for c in columns:
        values = lists.get(c.key) or multi.get(c.key)
        if values:
            lines.append(f"{c.header}：{'、'.join(values)}" + ("（可多选）" if c.key in multi else ""))
    notes.set_column(0, 0, 110)
    for r, line in enumerate(lines):
        notes.write_string(r, 0, line)
    book.sheet(headers.WOMAN_SHEET, headers.WOMAN_COLUMNS, headers.WOMAN_REQUIRED)
    book.book.close()

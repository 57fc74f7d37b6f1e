"""The roster workbook: export, idempotent import by ID number, and errors per row."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import openpyxl
import pytest
import python_calamine

from seedling.audit.models import AuditEvent
from seedling.core import identity
from seedling.core.errors import ValidationFailed
from seedling.regions.models import Division
from seedling.workforce import roster_excel, services
from seedling.workforce.models import Appointment, Worker
from seedling.workforce.tests.factories import id_number, register

HEADERS = [
    "姓名",
    "身份证号码",
    "性别",
    "联系电话",
    "岗位",
    "区划代码",
    "职务",
    "专兼职",
    "任职日期",
    "离任日期",
]


def workbook(rows: list[list[Any]], *, title_rows: int = 0, headers: list[str] = HEADERS) -> bytes:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "名册"
    for _ in range(title_rows):
        ws.append(["湘东区儿童督导员、儿童主任名册"])
    ws.append(headers)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def row(seq: int, code: str, *, role: str = "儿童主任", name: str | None = None, **over: Any) -> list[Any]:
    values = {
        "name": f"导入{seq}" if name is None else name,
        "id": id_number(seq),
        "sex": "女",
        "phone": "13900000000",
        "role": role,
        "code": code,
        "post": "妇女主任",
        "employment": "兼职",
        "appointed": "2024-03-01",
        "left": "",
    } | over
    return list(values.values())


# --- import and export ----------------------------------------------------------------------------

pytestmark = pytest.mark.django_db


def test_import_creates_then_changes_nothing(actor_of, frozen) -> None:
    county = actor_of("demo-county")
    data = workbook(
        [
            row(1, "360313001000", role="儿童督导员", post="民政办干部", employment="专职"),
            row(2, "360313001001"),
            row(2, "360313001003"),  # one director, two villages
            row(3, "360313101003", appointed=date(2023, 5, 1), left=date(2025, 1, 1)),
        ],
        title_rows=2,
    )
    first = roster_excel.roster_import(actor=county, source=data, as_of=frozen)
    assert first.errors == []
    assert (first.written, first.workers_created, first.appointments_created, first.unchanged) == (
        True,
        3,
        4,
        0,
    )
    two = Worker.unscoped.get(id_number=id_number(2))
    assert sorted(Appointment.unscoped.filter(worker=two).values_list("division_code", flat=True)) == [
        "360313001001",
        "360313001003",
    ]
    assert Appointment.unscoped.get(worker__id_number=id_number(3)).left_on == date(2025, 1, 1)
    events = AuditEvent.unscoped.count()
    again = roster_excel.roster_import(actor=county, source=data, as_of=frozen)
    assert (again.errors, again.workers_created, again.workers_updated, again.appointments_created) == (
        [],
        0,
        0,
        0,
    )
    assert (again.appointments_updated, again.unchanged) == (0, 4)
    assert AuditEvent.unscoped.count() == events  # nothing changed, nothing audited
    assert Worker.unscoped.count() == 3 and Appointment.unscoped.count() == 4


def test_import_corrects_by_id_number(actor_of, frozen) -> None:
    county = actor_of("demo-county")
    register(county, 4, "360313001001", name="旧名", appointed_on=date(2024, 3, 1))
    data = workbook([row(4, "360313001001", name="新名", phone="0799-7654321", left="2025-06-01")])
    report = roster_excel.roster_import(actor=county, source=data, as_of=frozen)
    assert (report.workers_updated, report.appointments_updated, report.appointments_created) == (1, 1, 0)
    worker = Worker.unscoped.get(id_number=id_number(4))
    assert (worker.name, worker.phone) == ("新名", "0799-7654321")
    assert Appointment.unscoped.get(worker=worker).left_on == date(2025, 6, 1)


def test_import_reads_cells_as_the_ledger_does(actor_of, frozen) -> None:
    # Each of these was refused before the roster read its cells with the ledger's parser.
    county = actor_of("demo-county")
    data = workbook(
        [
            row(7, "360313001001", appointed=20240301, role=" 儿童 主任 ", phone="0799 1234567 801"),
            row(8, "360313001003", appointed="２０２４－０３－０１", employment="兼职 ", sex=" 女"),
            row(9, "360313001000", role="督导员", employment="专职", appointed="2024年3月1日"),
        ]
    )
    report = roster_excel.roster_import(actor=county, source=data, as_of=frozen)
    assert report.errors == []
    stored = {
        a.worker.id_number: (a.role, a.employment, a.appointed_on, a.worker.phone)
        for a in Appointment.unscoped.select_related("worker")
    }
    assert stored == {
        id_number(7): ("director", "part_time", date(2024, 3, 1), "0799-1234567-801"),
        id_number(8): ("director", "part_time", date(2024, 3, 1), "13900000000"),
        id_number(9): ("supervisor", "full_time", date(2024, 3, 1), "13900000000"),
    }


def test_export_round_trip(actor_of, frozen) -> None:
    county = actor_of("demo-county")
    register(county, 5, "360313001000", role="supervisor", phone="13800000005")
    register(county, 6, "360313001001")
    data = roster_excel.roster_export(actor=county, as_of=frozen)
    sheet = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name("名册")
    rows = sheet.to_python()
    assert rows[0][:6] == ["姓名", "身份证号码", "性别", "联系电话", "岗位", "区划代码"]
    assert [r[:6] for r in rows[1:]] == [
        ["测试5", id_number(5), "女", "13800000005", "儿童督导员", "360313001000"],
        ["测试6", id_number(6), "女", "", "儿童主任", "360313001001"],
    ]
    exported = AuditEvent.unscoped.get(action="exported")
    assert (exported.subject_type, exported.detail["rows"]) == ("workforce_roster", 2)
    report = roster_excel.roster_import(actor=county, source=data, as_of=frozen)
    assert (report.errors, report.unchanged, report.workers_created, report.workers_updated) == ([], 2, 0, 0)


def test_export_is_scoped(actor_of, frozen) -> None:
    register(actor_of("demo-county"), 7, "360313001001")
    data = roster_excel.roster_export(actor=actor_of("demo-county-b"), as_of=frozen)
    rows = (
        python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name("名册").to_python()
    )
    assert len(rows) == 1  # the header only


def test_row_errors_name_sheet_row_column_and_code(actor_of, frozen) -> None:
    county = actor_of("demo-county")
    Division.unscoped.create(
        code="360313001099",
        name="已撤销居委会",
        level=5,
        parent_id="360313001000",
        edition="2016",
        retired_on=date(2020, 1, 1),
    )
    register(actor_of("demo-county-b"), 40, "360302001001")  # registered in 安源区
    data = workbook(
        [
            row(20, "360313001001", id=float(id_number(20)[:17] + "0")),  # 2: ID stored as a number
            row(21, "360313001000"),  # 3: a director at a township
            row(22, "360313001099"),  # 4: retired code
            row(23, "360302001001"),  # 5: outside the county
            row(24, "360313001001", name="", role="村长", employment="全职", appointed="去年"),  # 6
            row(25, "360313001001", appointed="2024-05-01", left="2024-04-01", sex="男"),  # 7
            row(26, "360313001001"),  # 8
            row(26, "360313001001"),  # 9: the same row again
            row(26, "360313001003", name="别名"),  # 10: same ID, another name
            row(40, "360313001001"),  # 11: registered in another county
            row(27, "3603130010", phone="12345"),  # 12
            row(28, "360313001001", appointed="2025-07-01"),  # 13: in the future
        ]
    )
    report = roster_excel.roster_import(actor=county, source=data, as_of=frozen)
    assert not report.written
    assert [(e.row, e.column, e.code) for e in report.errors] == [
        (2, "B", "id_number.excel_number"),
        (3, "F", "roster.division_level"),
        (4, "F", "roster.division_retired"),
        (5, "F", "roster.division_outside"),
        (6, "A", "roster.name_required"),
        (6, "E", "choice.invalid"),
        (6, "H", "choice.invalid"),
        (6, "I", "date.invalid"),
        (7, "C", "id_number.sex_mismatch"),
        (7, "J", "roster.left_before"),
        (9, "", "roster.duplicate_row"),
        (10, "", "roster.person_inconsistent"),
        (11, "B", "roster.registered_elsewhere"),
        (12, "D", "phone.format"),
        (12, "F", "roster.division_code"),
        (13, "I", "roster.appointed_future"),
    ]
    first = report.errors[0]
    assert (first.sheet, first.header) == ("名册", "身份证号码")
    assert str(first).startswith("工作表“名册”第2行B列（身份证号码）：这个身份证号码被 Excel 当成数值保存了")
    assert "已因区划调整撤销" in report.errors[2].message
    assert not Worker.unscoped.filter(id_number__in=[id_number(26), id_number(21)]).exists()


def test_a_township_supervisor_cannot_import(actor_of, frozen) -> None:
    report = roster_excel.roster_import(
        actor=actor_of("demo-township"), source=workbook([row(30, "360313001001")]), as_of=frozen
    )
    assert [e.code for e in report.errors] == ["roster.not_allowed"]


def test_dry_run_writes_nothing(actor_of, frozen) -> None:
    county = actor_of("demo-county")
    report = roster_excel.roster_import(
        actor=county, source=workbook([row(31, "360313001001")]), as_of=frozen, dry_run=True
    )
    assert (report.errors, report.written, report.workers_created) == ([], False, 1)
    assert not Worker.unscoped.exists() and not AuditEvent.unscoped.filter(action="worker_created").exists()


def test_unreadable_and_headerless_files(actor_of, frozen) -> None:
    county = actor_of("demo-county")
    garbage = roster_excel.roster_import(actor=county, source=b"PK not really", as_of=frozen)
    assert [(e.row, e.code) for e in garbage.errors] == [(0, "workbook.unreadable")]
    headerless = roster_excel.roster_import(
        actor=county, source=workbook([["甲"]], headers=["姓名", "电话"]), as_of=frozen
    )
    assert [e.code for e in headerless.errors] == ["workbook.headers_missing"]
    assert "身份证号码" in headerless.errors[0].message
    empty = roster_excel.roster_import(actor=county, source=workbook([]), as_of=frozen)
    assert [e.code for e in empty.errors] == ["roster.empty"]


def test_template_has_headers_and_notes() -> None:
    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(roster_excel.roster_template()))
    assert book.sheet_names == ["名册", "说明"]
    assert book.get_sheet_by_name("名册").to_python()[0] == [c.header for c in roster_excel.COLUMNS]


def test_services_roster_apply_refuses_a_file_of_another_area(actor_of, frozen) -> None:
    # The check catches it first; the write path refuses too (a race after the check).
    other = register(actor_of("demo-county-b"), 41, "360302001001")
    entry = services.RosterEntry(
        line=2,
        name="x",
        ident=identity.parse(other.id_number, as_of=frozen),
        phone="",
        role="director",
        division=Division.unscoped.get(code="360313001001"),
        post="",
        employment="part_time",
        appointed_on=date(2024, 1, 1),
        left_on=None,
    )
    with pytest.raises(ValidationFailed) as exc:
        services.roster_apply(actor=actor_of("demo-county"), entries=[entry])
    assert exc.value.code == "worker.id_taken"

"""The 走访记录 sheet: visits imported with the ledger, idempotently, through the visits service."""

from __future__ import annotations

import io
from datetime import date, timedelta

import openpyxl
import pytest

from seedling.audit.enums import Action
from seedling.audit.models import AuditEvent
from seedling.core import clock
from seedling.exchange import ledger_import
from seedling.exchange.tests.test_ledger_import import HEADER, number, row
from seedling.people import services
from seedling.people.tests.factories import ANYUAN_VILLAGE, left_behind
from seedling.visits.models import Visit

VISIT_HEADER = ["身份证号码", "走访日期", "走访方式", "发现的问题", "解决措施", "走访人"]


def book(children: list[list[object]], visits: list[list[object]], *, title: bool = True) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "儿童台账"
    ws.append(HEADER)
    for r in children:
        ws.append(r)
    vs = wb.create_sheet("走访记录")
    if title:
        vs.append(["新街居委会走访记录"])
    vs.append(VISIT_HEADER)
    for r in visits:
        vs.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def run(actor, content: bytes, *, dry_run: bool = False):
    return ledger_import.import_file(actor=actor, content=content, dry_run=dry_run)


@pytest.fixture
def county(actor_of):
    return actor_of("demo-county")


def test_visits_are_imported_once_with_the_ledger(county):
    n = number(date(2014, 4, 2), 301)
    last_week = clock.today() - timedelta(days=7)
    content = book(
        [row("林一", n)],
        [
            [n, last_week.strftime("%Y年%-m月%-d日"), "入户", "奶奶腿脚不便", "联系村医每周上门", "张主任"],
            [f" {n.lower()} ", last_week.isoformat(), "电话联系", "", "", "张主任"],
        ],
    )
    job = run(county, content)
    assert (job.created, job.updated, job.unchanged, job.rejected, job.errors) == (3, 0, 0, 0, [])
    visits = list(Visit.unscoped.filter(child__id_number=n).order_by("mode"))
    assert [(v.visited_on, v.mode, v.visitor_name, v.found) for v in visits] == [
        (last_week, "home", "张主任", "奶奶腿脚不便"),
        (last_week, "phone", "张主任", ""),
    ]
    assert all(v.visitor_id == county.user_id for v in visits)
    assert AuditEvent.unscoped.filter(action=Action.VISIT_RECORDED).count() == 2
    # The same file again: the child and both visits are unchanged, nothing new is written.
    again = run(county, content)
    assert (again.created, again.updated, again.unchanged, again.rejected) == (0, 0, 3, 0)
    assert Visit.unscoped.filter(child__id_number=n).count() == 2


def test_dry_run_counts_visits_and_writes_none(county):
    child = services.child_create(actor=county, record=left_behind()).child
    job = run(
        county, book([], [[child.id_number, clock.today().isoformat(), "微信", "", "", ""]]), dry_run=True
    )
    assert (job.created, job.rejected) == (1, 0)
    assert not Visit.unscoped.exists()


def test_bad_visit_rows_are_rejected_with_row_column_and_code(county, actor_of):
    mine = services.child_create(actor=county, record=left_behind()).child
    elsewhere = services.child_create(
        actor=actor_of("demo-city"), record=left_behind(division_code=ANYUAN_VILLAGE)
    ).child
    today = clock.today().isoformat()
    tomorrow = (clock.today() + timedelta(days=1)).isoformat()
    job = run(
        county,
        book(
            [],
            [
                [mine.id_number, today, "上门", "", "", ""],  # row 3: 上门 = 入户, accepted
                [elsewhere.id_number, today, "入户", "", "", ""],  # row 4: not in this area
                [mine.id_number, today, "短信", "", "", ""],  # row 5: not a mode
                [mine.id_number, tomorrow, "入户", "", "", ""],  # row 6: in the future
                [mine.id_number, "", "入户", "", "", ""],  # row 7: no date
                [5.1e17, today, "入户", "", "", ""],  # row 8: Excel ate the digits
            ],
        ),
    )
    assert (job.created, job.rejected) == (1, 5)
    assert [(e["sheet"], e["row"], e["column"], e["code"]) for e in job.errors] == [
        ("走访记录", 4, "A", "visit.child_unknown"),
        ("走访记录", 5, "C", "choice.invalid"),
        ("走访记录", 6, "B", "visit.future"),
        ("走访记录", 7, "B", "visit.date_required"),
        ("走访记录", 8, "A", "id_number.excel_number"),
    ]
    # The refusal names no other area: the same words as for a number never filed.
    assert "湘东" not in job.errors[0]["message"] and "安源" not in job.errors[0]["message"]

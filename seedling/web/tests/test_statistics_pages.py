"""The statistics pages: scoped, every number on the page the figures', bad input never a 500."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import load_workbook

from seedling.audit.models import AuditEvent
from seedling.people import services as people_services
from seedling.people.tests.factories import left_behind

pytestmark = pytest.mark.django_db


def test_county_dashboard_renders_charts_tables_and_drill_down(actor_of: Any, client_of: Any) -> None:
    people_services.child_create(actor=actor_of("demo-county"), record=left_behind())
    response = client_of("demo-county").get("/statistics/360313000000/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-k="total">1<' in html
    assert "vendor/echarts.min.js" in html and 'data-chart="chart-units"' in html
    assert 'href="/statistics/360313001000/"' in html  # drill-down to the township
    assert "/registries/left_behind/?area=360313" in html  # the files behind the number
    assert 'id="elsewhere"' in html


def test_start_sends_a_single_area_reader_to_its_area(client_of: Any) -> None:
    response = client_of("demo-county").get("/statistics/")
    assert response.status_code == 302 and response["Location"] == "/statistics/360313000000/"


@pytest.mark.parametrize(
    ("code", "status"),
    [("360302000000", 404), ("360300000000", 404), ("nation", 400), ("abc", 400), ("3603130000001", 400)],
)
def test_another_area_or_bad_input_is_refused_never_a_500(client_of: Any, code: str, status: int) -> None:
    assert client_of("demo-county").get(f"/statistics/{code}/").status_code == status


def test_workbook_holds_the_numbers_and_is_audited(actor_of: Any, client_of: Any) -> None:
    people_services.child_create(actor=actor_of("demo-county"), record=left_behind())
    response = client_of("demo-county").get("/statistics/360313000000/figures.xlsx?table=categories")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[1][:2] == ("类别", "儿童数")
    assert rows[2][:2] == ("农村留守儿童", 1)
    assert AuditEvent.unscoped.filter(action="exported", subject_type="statistics").count() == 1
    bad = client_of("demo-county").get("/statistics/360313000000/figures.xlsx?table=nope")
    assert bad.status_code == 400


def test_auditor_has_no_statistics(client_of: Any) -> None:
    assert client_of("demo-auditor").get("/statistics/360313000000/").status_code == 403

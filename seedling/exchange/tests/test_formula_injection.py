"""A value typed as "=…" (or "+", "-", "@") is exported as the text it is, never as a formula that
would run in the reader's spreadsheet: in the ledger workbook and in the CSV of the list."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.urls import reverse

from seedling.core.tabular import csv_cell
from seedling.exchange import ledger_export
from seedling.people import services
from seedling.people.tests.factories import left_behind

HOSTILE = ['=HYPERLINK("http://x.invalid","点我")', "+1+2", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.mark.parametrize("value", HOSTILE)
def test_csv_cell_defuses_what_a_spreadsheet_would_run(value: str) -> None:
    assert csv_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["林小雨", "", "3603130010 01", 12, None, "a=b"])
def test_csv_cell_leaves_everything_else_alone(value: object) -> None:
    assert csv_cell(value) == value


@pytest.mark.django_db
def test_the_ledger_workbook_holds_no_formula_and_the_csv_no_live_cell(actor_of, client_of) -> None:
    county = actor_of("demo-county")
    hostile = HOSTILE[0]
    services.child_create(actor=county, record=left_behind(name=hostile, home_address="@SUM(A1)"))
    out = io.BytesIO()
    assert ledger_export.ledger_export(actor=county, out=out) == 1
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as book:
        names = book.namelist()
        xml = "".join(book.read(n).decode() for n in names if n.startswith("xl/worksheets/sheet"))
        shared = book.read("xl/sharedStrings.xml").decode() if "xl/sharedStrings.xml" in names else ""
    assert "<f>" not in xml and "<f " not in xml
    assert "HYPERLINK" in xml + shared and "@SUM(A1)" in xml + shared  # written, as text

    response = client_of("demo-county").get(reverse("web:child_export"))
    lines = b"".join(response.streaming_content).decode().splitlines()
    row = next(line for line in lines if "HYPERLINK" in line)
    assert '"\'=HYPERLINK(""http://x.invalid"",""点我"")"' in row

"""The one table of cells (seedling/core/tests/cell_table.py) through both importers.

Each case is written into a real workbook as the cell it stands for (text, number, boolean or a
date cell), read back by the importer's own reader, and parsed by the importer's own row code:
the ledger (exchange.reader streaming the .xlsx, ledger_import.parse_child, and for ID numbers
core.identity as people.rules then checks them) and the workforce roster (core.tabular.read_rows
through python-calamine, roster_excel.read_row). The roster has no yes/no or number column: those
cases go through its reader and the cell function the ledger uses. Both must give what the table
says, so the two readers can never disagree on a cell again.
"""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any

import pytest
import xlsxwriter

from seedling.core import cells, identity
from seedling.core.tabular import Column, read_rows
from seedling.core.tests.cell_table import AS_OF, CASES, READ, Case, Err, same
from seedling.exchange import headers, ledger_import, reader
from seedling.workforce import roster_excel


def workbook(sheet: str, header: list[str], row: list[Any]) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False})
    ws = book.add_worksheet(sheet)
    as_date = book.add_format({"num_format": "yyyy-mm-dd"})
    as_moment = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    for i, text in enumerate(header):
        ws.write_string(0, i, text)
    for i, value in enumerate(row):
        if value is None:
            continue
        if isinstance(value, str):
            ws.write_string(1, i, value)
        elif isinstance(value, bool):
            ws.write_boolean(1, i, value)
        elif isinstance(value, datetime):
            ws.write_datetime(1, i, value, as_moment)
        elif isinstance(value, date):
            ws.write_datetime(1, i, datetime(value.year, value.month, value.day), as_date)
        else:
            ws.write_number(1, i, value)
    book.close()
    return buffer.getvalue()


# --- the ledger ---------------------------------------------------------------------------------

LEDGER_COLUMN = {
    "date": "birth_date",
    "id_number": "id_number",
    "phone": "caregiver_phone",
    "yes_no": "no_hukou",
    "number": "income_per_capita",
    "integer": "father_term_months",
    "choice": "sex",
    "text": "name",
}
LEDGER_SEX = {"male": "男", "female": "女", "": ""}


def ledger(case: Case) -> Any:
    key = LEDGER_COLUMN[case.kind]
    header_of = {c.key: c.header for c in headers.CHILD_COLUMNS}
    row = {"division_code": "360313001001", "name": "林小雨", "home_address": "新街1号", key: case.raw}
    data = workbook(headers.CHILD_SHEET, [header_of[k] for k in row], list(row.values()))
    sheet = reader.read_sheet(reader.open_workbook(data), headers.CHILD_SHEET, headers.CHILD_COLUMNS)
    assert sheet is not None
    (read,) = list(sheet.rows)
    # The row has its division code, so the village names (and with them the database) are not asked.
    parsed = ledger_import.parse_child(read, None)  # type: ignore[arg-type]
    found = [code for column, code, _ in parsed.errors if column == key]
    if found:
        return Err(found[0])
    value = parsed.values[key]
    if case.kind == "id_number":
        try:
            return identity.parse(value, as_of=AS_OF).number
        except identity.InvalidIdNumber as exc:
            return Err(exc.code)
    return LEDGER_SEX[value] if case.kind == "choice" else value


# --- the roster ---------------------------------------------------------------------------------

ROSTER_COLUMN = {
    "date": "left_on",
    "id_number": "id_number",
    "phone": "phone",
    "choice": "sex",
    "text": "post",
}
ROSTER_VALUE = {"left_on": "left_on", "id_number": "ident", "phone": "phone", "sex": "sex", "post": "post"}


def roster(case: Case) -> Any:
    key = ROSTER_COLUMN.get(case.kind)
    if key is None:  # no such column in the roster: its reader, then the cell function
        data = workbook("名册", ["值", "姓名"], [case.raw, "测试"])
        (only,) = read_rows(data, (Column("value", "值"), Column("name", "姓名"))).rows
        try:
            return READ[case.kind](only.values["value"])
        except cells.CellError as exc:
            return Err(exc.code)
    columns = roster_excel.COLUMNS
    row = {"name": "测试", key: case.raw}
    data = workbook("名册", [c.header for c in columns], [row.get(c.key) for c in columns])
    (only,) = read_rows(data, columns).rows
    got, errors = roster_excel.read_row(only, as_of=AS_OF)
    found = [e.code for e in errors if e.column == only.letters[key]]
    if found:
        return Err(found[0])
    value = getattr(got, ROSTER_VALUE[key])
    return value.number if isinstance(value, identity.IdNumber) else value


@pytest.mark.parametrize("path", [ledger, roster], ids=["ledger", "roster"])
@pytest.mark.parametrize("case", CASES, ids=str)
def test_both_readers_read_every_cell_as_the_table_says(path: Any, case: Case) -> None:
    got = path(case)
    assert same(got, case.expected), got

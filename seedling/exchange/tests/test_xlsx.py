"""The streaming .xlsx reader gives exactly the values python-calamine gives, in bounded memory."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import python_calamine
import xlsxwriter

from seedling.core.tabular import WorkbookUnreadable
from seedling.exchange import headers, reader, xlsx

CUSTOM = [
    'yyyy"年"m"月"d"日"',
    "yyyy/m/d",
    "[h]:mm:ss",
    "[mm]",
    "m/d/yyyy;@",
    "0.00",
    "@",
    "h:mm AM/PM",
    '"Y: "0.00',
    "#,##0\\ [$\\u20bd-46D]",
    "0_ ;[Red]\\-0\\ ",
    "[$-404]e/m/d",
    '#,##0.0####" YMD"',
    "#,##0*y",
    "ha/p\\\\m",
    "[>=100][Magenta][s].00",
]
NUMBERS = [42127, 42127.5, 0.25, 3e-05, 30, 61, 1.25, 7, 0]


def by_cell(rows: Any) -> dict[tuple[int, int], tuple[type, Any]]:
    """Non-empty cells by (Excel row, column index from A), with their types."""
    return {
        (n, col): (type(v), v)
        for n, (start_col, cells) in rows
        for col, v in enumerate(cells, start=start_col)
        if v != ""
    }


def calamine(content: bytes, name: str) -> dict[tuple[int, int], tuple[type, Any]]:
    data = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_name(name)
    _start_row, start_col = data.start or (0, 0)
    # python-calamine 0.9 yields rows from the sheet's first row, cells from its first used column.
    return by_cell((i, (start_col, r)) for i, r in enumerate(data.iter_rows(), start=1))


def streamed(content: bytes, name: str) -> dict[tuple[int, int], tuple[type, Any]]:
    book = xlsx.Book(zipfile.ZipFile(io.BytesIO(content)))
    return by_cell((n, (0, r)) for n, r in book.rows(name))


def formats_book(*, date_1904: bool = False) -> bytes:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"date_1904": date_1904})
    ws = wb.add_worksheet("S")
    bold = wb.add_format({"bold": True})
    formats: list[Any] = [*range(82), *CUSTOM]
    for r, fmt in enumerate(formats, start=2):  # rows 1-2 stay empty: the sheet starts lower
        style = wb.add_format({"num_format": fmt})
        for c, value in enumerate(NUMBERS, start=1):  # column A stays empty too
            ws.write_number(r, c, value, style)
    ws.write_rich_string(100, 1, "ab", bold, "cd", "ef")
    ws.write_formula(100, 2, "=1/0", None, "#DIV/0!")
    ws.write_formula(100, 3, '="x"&"y"', None, "xy")
    ws.write_formula(100, 4, "=1+1", None, 2)
    ws.write_string(100, 5, "孩子")
    ws.write_string(100, 7, "孩子")  # a gap, and a shared string used twice
    ws.write_boolean(100, 8, False)
    ws.write_boolean(100, 9, True)
    ws.write_string(100, 10, " 空格 ")
    ws.write_number(102, 30, 5.1e17)
    ws.write_datetime(103, 1, datetime(2015, 5, 3, 10, 30), wb.add_format({"num_format": "yyyy-mm-dd hh:mm"}))
    ws.write_blank(104, 1, None, bold)  # styled, no value
    wb.close()
    return buf.getvalue()


def openpyxl_book() -> bytes:
    # openpyxl writes inline strings, and formulas without a cached value.
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "S"
    ws["B3"], ws["C3"], ws["D3"], ws["E3"] = 42127, 1.5, "=1/0", " text "
    ws["F3"] = datetime(2015, 5, 3)
    ws["F3"].number_format = "yyyy-mm-dd"
    ws["G3"], ws["H3"] = datetime(2015, 5, 3, 10, 30), time(10, 30)
    ws["B5"] = "x"
    ws.merge_cells("B7:D7")
    ws["B7"] = "合并"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize("date_1904", [False, True])
def test_every_number_format_reads_as_calamine_reads_it(date_1904):
    content = formats_book(date_1904=date_1904)
    ours = streamed(content, "S")
    assert ours == calamine(content, "S")
    assert ours[(101, 1)] == (str, "abcdef")
    assert ours[(4 + 14, 1)] == (date, date(2019, 5, 4) if date_1904 else date(2015, 5, 3))


def test_inline_strings_and_formulas_without_values():
    content = openpyxl_book()
    assert streamed(content, "S") == calamine(content, "S")


def test_the_ledger_reads_the_same_streamed():
    from seedling.exchange.tests.test_ledger_import import XINJIE, row, workbook

    content = workbook(
        [row("林一", "360313201404020012", born="2014年4月2日"), [], row("林二", 5.1e17, code=XINJIE)]
    )
    sheet = reader.read_sheet(reader.open_workbook(content), headers.CHILD_SHEET, headers.CHILD_COLUMNS)
    assert sheet is not None and sheet.header_row == 3
    assert [(r.row, r.values["name"], r.values["id_number"]) for r in sheet.rows] == [
        (4, "林一", "360313201404020012"),
        (6, "林二", 5.1e17),
    ]


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("DD/MM/YY", xlsx.DATE),
        ("H:MM:SS;@", xlsx.DATE),
        ('m"M"d"D";@', xlsx.DATE),
        ("[h]:mm:ss", xlsx.ELAPSED),
        ("[Blue]\\+[h]:mm;[Red]\\-[h]:mm;[Green][h]:mm", xlsx.ELAPSED),
        ("[>=100][Magenta][s].00", xlsx.ELAPSED),
        ("[>=100][Magenta]General", None),
        ("ha/p\\\\m", xlsx.DATE),
        ('"$"#,##0_);[Red]("$"#,##0)', None),
        ("\\Y000000", None),
        ("#,##0*y", None),
        ("*-yyyy-mm-dd", xlsx.DATE),
    ],
)
def test_custom_number_formats(code, kind):
    assert xlsx.number_format(code) == kind


def test_a_damaged_sheet_is_unreadable_not_a_crash(tmp_path: Path):
    good = io.BytesIO(formats_book())
    damaged = io.BytesIO()
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(damaged, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            dst.writestr(item, data[: len(data) // 2] if item.filename.endswith("sheet1.xml") else data)
    wb = reader.open_workbook(damaged.getvalue())
    with pytest.raises(WorkbookUnreadable) as exc:
        list(wb.grid("S")[1])
    assert exc.value.error.code == "workbook.unreadable"
    with pytest.raises(WorkbookUnreadable):
        reader.open_workbook(b"PK\x03\x04 not really a zip")

"""Workbooks in and out (seedling.core.tabular): headers found under titles, rows with where they
came from, errors that name sheet, row and column, and identifiers written as text."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import openpyxl
import pytest
import python_calamine

from seedling.core import tabular
from seedling.core.tabular import (
    Column,
    RowError,
    WorkbookUnreadable,
    column_letter,
    match_headers,
    read_rows,
    write_workbook,
)

COLUMNS = (
    Column("name", "姓名"),
    Column("id", "身份证号码", text=True, aliases=("公民身份号码",)),
    Column("note", "备注", required=False),
)


def book(*sheets: tuple[str, list[list[Any]]]) -> bytes:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets:
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def unreadable(source: bytes, **kwargs: Any) -> RowError:
    with pytest.raises(WorkbookUnreadable) as e:
        read_rows(source, COLUMNS, **kwargs)
    assert str(e.value) == str(e.value.error)
    return e.value.error


def test_column_letters() -> None:
    assert [column_letter(i) for i in (0, 1, 25, 26, 27, 51, 52, 701, 702)] == [
        "A",
        "B",
        "Z",
        "AA",
        "AB",
        "AZ",
        "BA",
        "ZZ",
        "AAA",
    ]


def test_headers_match_by_text_and_alias() -> None:
    cells = [None, " 姓 名＊", 3.0, "公民身份号码", "姓名", "备注（选填）"]
    assert match_headers(cells, COLUMNS) == {"name": 1, "id": 3}  # the first 姓名 wins; 3.0 is no header


def test_written_identifiers_come_back_as_text() -> None:
    cols = (Column("id", "身份证号码", text=True), Column("n", "数量"), Column("d", "日期"))
    data = write_workbook(
        "表", cols, [("36031319850301002X", 3, date(2024, 1, 2)), ("360313198503010038", None, None)]
    )
    sheet = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name("表")
    assert sheet.to_python() == [
        ["身份证号码", "数量", "日期"],
        ["36031319850301002X", 3.0, date(2024, 1, 2)],
        ["360313198503010038", "", ""],
    ]
    parsed = read_rows(data, cols)
    assert [(r.row, r.values["id"]) for r in parsed.rows] == [
        (2, "36031319850301002X"),
        (3, "360313198503010038"),
    ]


def test_write_text_in_other_columns_and_notes() -> None:
    cols = (Column("a", "甲"), Column("b", "乙"))
    data = write_workbook("表", cols, [("0012", 1.5), ("", "x")], notes=("第一行说明", "第二行"))
    wb = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    assert wb.sheet_names == ["表", "说明"]
    assert wb.get_sheet_by_name("表").to_python() == [["甲", "乙"], ["0012", 1.5], ["", "x"]]
    assert wb.get_sheet_by_name("说明").to_python() == [["第一行说明"], ["第二行"]]
    assert python_calamine.CalamineWorkbook.from_filelike(
        io.BytesIO(write_workbook("表", cols, []))
    ).sheet_names == ["表"]


def test_rows_under_a_title_with_letters_and_blank_rows_skipped() -> None:
    data = book(
        (
            "名册",
            [
                ["湘东区名册"],
                [None, "备注", "姓名", "身份证号码"],
                [None, "新任", "林小雨", "36031319850301002X"],
                [None, None, None, None],
                [None, "  ", "", None],
                [None, None, "林大山"],  # a short row: the empty cells are ""
            ],
        )
    )
    sheet = read_rows(data, COLUMNS)
    assert sheet.sheet == "名册"
    assert [(r.row, r.values) for r in sheet.rows] == [
        (3, {"note": "新任", "name": "林小雨", "id": "36031319850301002X"}),
        (6, {"note": "", "name": "林大山", "id": ""}),
    ]
    first = sheet.rows[0]
    error = first.error("id", "x.code", "有误。")
    assert (error.column, error.header) == ("D", "身份证号码")
    assert str(error) == "工作表“名册”第3行D列（身份证号码）：有误。"
    assert str(first.row_error("x.row", "重复。")) == "工作表“名册”第3行：重复。"
    assert str(first.error("unknown", "x", "无列。")) == "工作表“名册”第3行：无列。"
    assert str(RowError("名册", 0, "B", "", "x", "整列。")) == "工作表“名册”B列：整列。"


def test_the_first_sheet_with_the_headers_or_the_named_one() -> None:
    data = book(("说明", [["请按模板填写"]]), ("名册", [["姓名", "身份证号码"], ["甲", "1"]]))
    assert read_rows(data, COLUMNS).sheet == "名册"
    assert [r.values["name"] for r in read_rows(data, COLUMNS, sheet="名册").rows] == ["甲"]
    error = unreadable(data, sheet="花名册")
    assert (error.sheet, error.code, error.message) == (
        "花名册",
        "workbook.sheet_missing",
        "文件中没有名为“花名册”的工作表。",
    )
    error = unreadable(data, sheet="说明")
    assert error.code == "workbook.headers_missing"
    assert (
        str(error)
        == "工作表“说明”：工作表“说明”中找不到表头行，或缺少这些列：姓名、身份证号码。请使用系统导出的模板。"
    )


def test_headers_missing_or_too_deep() -> None:
    deep = book(("表", [[f"第{i}行"] for i in range(10)] + [["姓名", "身份证号码"], ["甲", "1"]]))
    error = unreadable(deep)
    assert (error.sheet, error.code) == ("", "workbook.headers_missing")
    assert str(error).startswith("文件：文件中找不到表头行，或缺少这些列：姓名、身份证号码。")
    assert unreadable(book(("空", []))).message.endswith("缺少这些列：全部。请使用系统导出的模板。")


def test_not_a_workbook() -> None:
    error = unreadable(b"PK not really")
    assert (error.row, error.code, str(error)) == (
        0,
        "workbook.unreadable",
        "文件：无法读取这个文件，请上传 Excel 工作簿（.xlsx 或 .xls）。",
    )


def test_too_many_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tabular, "MAX_ROWS", 2)
    data = book(("表", [["姓名", "身份证号码"], ["甲", "1"], ["乙", "2"], [None, None], ["丙", "3"]]))
    error = unreadable(data)
    assert (error.sheet, error.row, error.code, error.message) == (
        "表",
        5,
        "workbook.too_many_rows",
        "一次最多导入2行，请分批导入。",
    )


CSV_COLUMNS = (
    Column("code", "区划代码", text=True),
    Column("n", "儿童数"),
    Column("note", "来源", required=False),
)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_rows_under_a_title_in_any_common_encoding(encoding: str) -> None:
    text = "儿童人口统计,,\n区划代码,儿童数,来源\n360313001001,120,年报\n,,\n360313001003,99\n"
    data = tabular.read_table(text.encode(encoding), CSV_COLUMNS)
    assert [(r.row, r.values) for r in data.rows] == [
        (3, {"code": "360313001001", "n": "120", "note": "年报"}),
        (5, {"code": "360313001003", "n": "99", "note": ""}),
    ]
    assert str(data.rows[0].error("n", "x", "不对")) == "文件第3行B列（儿童数）：不对"


def test_csv_without_headers_or_with_nul_bytes_is_unreadable() -> None:
    with pytest.raises(WorkbookUnreadable) as missing:
        tabular.read_table("名称,人数\n甲,1\n".encode(), CSV_COLUMNS)
    assert missing.value.error.code == "workbook.headers_missing" and "区划代码" in str(missing.value)
    with pytest.raises(WorkbookUnreadable) as nul:
        tabular.read_table(b"\x00\x00\x00", CSV_COLUMNS)
    assert nul.value.error.code == "workbook.unreadable"

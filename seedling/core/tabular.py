"""Workbooks in and out, row by row, with errors that name the sheet, the Excel row and the column.

Pure Python (no Django, nothing of any app): python-calamine reads (xlsx, xls, ods), xlsxwriter
writes. `Column` (a header with its aliases), `RowError`, `WorkbookUnreadable` and `match_headers`
(headers matched by text through seedling.core.cells.clean_header) serve every reader: the workforce
roster reads whole sheets with `read_rows`; the ledger streams its .xlsx (seedling.exchange.reader).
Cell values are left raw here and read by seedling.core.cells. Identifier columns (ID numbers,
division codes, phones) are declared `text=True`: they are written as text cells, and a number in
such a column is never silently "repaired" on reading (an 18-digit ID number stored as a number has
lost digits, seedling.core.identity names that damage).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import IO, Any, Final

import python_calamine
import xlsxwriter

from seedling.core.cells import clean_header

MAX_ROWS: Final = 200_000
_HEADER_SCAN_ROWS: Final = 10  # a template may carry a title and notes above the header row


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem in an uploaded workbook. `row` is the row number Excel shows (1-based; 0 for the
    file as a whole); `column` the column letter ("" for the whole row); `code` is stable."""

    sheet: str
    row: int
    column: str
    header: str
    code: str
    message: str

    def __str__(self) -> str:
        where = f"工作表“{self.sheet}”" if self.sheet else "文件"
        if self.row:
            where += f"第{self.row}行"
        if self.column:
            where += f"{self.column}列（{self.header}）" if self.header else f"{self.column}列"
        return f"{where}：{self.message}"


class WorkbookUnreadable(Exception):
    """The upload is not a workbook we can read, or lacks the expected sheet or headers."""

    def __init__(self, error: RowError):
        super().__init__(str(error))
        self.error = error


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    header: str  # the Chinese header as written in the template
    required: bool = True  # the column must be present (a value may still be optional)
    text: bool = False  # an identifier: a text cell on export, checked as text on import
    aliases: tuple[str, ...] = ()  # other headers accepted on import
    width: int = 14


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass
class SheetRow:
    """One data row: raw cell values by column key, and where each came from."""

    sheet: str
    row: int
    values: dict[str, Any]
    letters: dict[str, str]
    headers: dict[str, str]

    def error(self, key: str, code: str, message: str) -> RowError:
        return RowError(
            self.sheet, self.row, self.letters.get(key, ""), self.headers.get(key, ""), code, message
        )

    def row_error(self, code: str, message: str) -> RowError:
        return RowError(self.sheet, self.row, "", "", code, message)

    def is_blank(self) -> bool:
        return all(v is None or (isinstance(v, str) and not v.strip()) for v in self.values.values())


@dataclass
class SheetData:
    sheet: str
    rows: list[SheetRow] = field(default_factory=list)


def read_rows(source: bytes | IO[bytes], columns: Sequence[Column], *, sheet: str | None = None) -> SheetData:
    """The data rows of `sheet` (default: the first sheet that has the headers) as raw values.

    Raises WorkbookUnreadable when the file is not a workbook, the sheet is missing, a required
    header is missing, or there are more than MAX_ROWS rows. Blank rows are skipped.
    """
    stream = io.BytesIO(source) if isinstance(source, bytes) else source
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(stream)
    except Exception as exc:  # calamine raises several types for damaged or foreign files
        raise WorkbookUnreadable(
            RowError(
                "",
                0,
                "",
                "",
                "workbook.unreadable",
                "无法读取这个文件，请上传 Excel 工作簿（.xlsx 或 .xls）。",
            )
        ) from exc
    names = [sheet] if sheet else list(workbook.sheet_names)
    if sheet and sheet not in workbook.sheet_names:
        raise WorkbookUnreadable(
            RowError(sheet, 0, "", "", "workbook.sheet_missing", f"文件中没有名为“{sheet}”的工作表。")
        )
    missing: list[str] = []
    for name in names:
        data = workbook.get_sheet_by_name(name)
        start_row, start_col = (data.start or (0, 0)) if data.height else (0, 0)
        rows = iter(data.iter_rows())
        for offset in range(_HEADER_SCAN_ROWS):
            try:
                header_cells = next(rows)
            except StopIteration:
                break
            positions = match_headers(header_cells, columns)
            missing = [c.header for c in columns if c.required and c.key not in positions]
            if not missing:
                return _data(name, rows, positions, columns, start_row + offset + 1, start_col)
    where = f"工作表“{sheet}”" if sheet else "文件"
    raise WorkbookUnreadable(
        RowError(
            sheet or "",
            0,
            "",
            "",
            "workbook.headers_missing",
            f"{where}中找不到表头行，或缺少这些列：{'、'.join(missing) or '全部'}。请使用系统导出的模板。",
        )
    )


_WORKBOOK_MAGIC: Final = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")  # .xlsx / .ods (zip), .xls (OLE2)


def read_csv_rows(source: bytes, columns: Sequence[Column]) -> SheetData:
    """The data rows of a CSV file as raw text values, like `read_rows` (sheet ""; errors say "文件第N行").

    UTF-8 (with or without BOM) is tried first, then GB18030 (what Chinese Excel saves as "CSV").
    """
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = source.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte string
        text = ""
    if "\x00" in text:
        raise WorkbookUnreadable(
            RowError(
                "", 0, "", "", "workbook.unreadable", "无法读取这个文件，请上传 Excel 工作簿或 CSV 文件。"
            )
        )
    rows = iter(csv.reader(io.StringIO(text, newline="")))
    missing: list[str] = []
    for offset in range(_HEADER_SCAN_ROWS):
        try:
            header_cells = next(rows)
        except StopIteration:
            break
        except csv.Error:
            break
        positions = match_headers(header_cells, columns)
        missing = [c.header for c in columns if c.required and c.key not in positions]
        if not missing:
            width = max(positions.values()) + 1
            padded = ([*r, *([""] * (width - len(r)))] for r in rows)
            try:
                return _data("", padded, positions, columns, offset + 1, 0)
            except csv.Error as exc:
                raise WorkbookUnreadable(
                    RowError("", 0, "", "", "workbook.unreadable", "无法读取这个 CSV 文件，请检查文件格式。")
                ) from exc
    raise WorkbookUnreadable(
        RowError(
            "",
            0,
            "",
            "",
            "workbook.headers_missing",
            f"文件中找不到表头行，或缺少这些列：{'、'.join(missing) or '全部'}。请使用系统导出的模板。",
        )
    )


def read_table(source: bytes, columns: Sequence[Column], *, sheet: str | None = None) -> SheetData:
    """A workbook (.xlsx, .xls, .ods, recognised by its first bytes) through `read_rows`, anything else
    as CSV through `read_csv_rows`."""
    if source.startswith(_WORKBOOK_MAGIC):
        return read_rows(source, columns, sheet=sheet)
    return read_csv_rows(source, columns)


def match_headers(cells: Sequence[Any], columns: Sequence[Column]) -> dict[str, int]:
    """Column key -> index in `cells` of the columns whose header (or an alias) a text cell holds;
    the first such cell wins."""
    wanted: dict[str, str] = {}
    for c in columns:
        for h in (c.header, *c.aliases):
            wanted[clean_header(h)] = c.key
    positions: dict[str, int] = {}
    for index, cell in enumerate(cells):
        key = wanted.get(clean_header(cell)) if isinstance(cell, str) else None
        if key is not None and key not in positions:
            positions[key] = index
    return positions


def _data(
    name: str,
    rows: Iterator[list[Any]],
    positions: dict[str, int],
    columns: Sequence[Column],
    header_row: int,
    start_col: int,
) -> SheetData:
    letters = {key: column_letter(start_col + i) for key, i in positions.items()}
    headers = {c.key: c.header for c in columns}
    out = SheetData(sheet=name)
    for n, cells in enumerate(rows, start=header_row + 1):
        values = {key: cells[i] for key, i in positions.items()}  # calamine pads rows to the sheet's width
        row = SheetRow(sheet=name, row=n, values=values, letters=letters, headers=headers)
        if row.is_blank():
            continue
        if len(out.rows) >= MAX_ROWS:
            raise WorkbookUnreadable(
                RowError(name, n, "", "", "workbook.too_many_rows", f"一次最多导入{MAX_ROWS}行，请分批导入。")
            )
        out.rows.append(row)
    return out


# --- writing --------------------------------------------------------------------------------------


def new_workbook(target: IO[bytes] | str, **options: Any) -> xlsxwriter.Workbook:
    """Every workbook Seedling writes. A typed value is always written as the text it is: never a
    formula (a name typed as "=HYPERLINK(…)" would run in the reader's Excel), a number (an ID number
    loses digits) or a link."""
    safe = {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False}
    return xlsxwriter.Workbook(target, {**options, **safe})


# Excel and other spreadsheets run a CSV cell that starts with one of these as a formula.
_FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """A value for a CSV export: text that a spreadsheet would run as a formula gets a leading
    apostrophe, which Excel shows as text and does not display (OWASP's advice for CSV injection)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def write_workbook(
    sheet: str, columns: Sequence[Column], rows: Iterable[Sequence[Any]], *, notes: Sequence[str] = ()
) -> bytes:
    """One sheet: the header row, then `rows` (values in column order). Text columns are written as
    text cells in a text-formatted column, so Excel never turns an ID number into 3.6E+17; dates as
    dates. `notes` go to a second sheet "说明"."""
    buffer = io.BytesIO()
    book = new_workbook(buffer, in_memory=True)
    header = book.add_format({"bold": True, "bg_color": "#E7F3EA", "border": 1, "text_wrap": True})
    as_text = book.add_format({"num_format": "@"})
    as_date = book.add_format({"num_format": "yyyy-mm-dd"})
    ws = book.add_worksheet(sheet)
    for i, c in enumerate(columns):
        ws.set_column(i, i, c.width, as_text if c.text else None)
        ws.write_string(0, i, c.header, header)
    ws.freeze_panes(1, 0)
    for r, values in enumerate(rows, start=1):
        for i, (c, value) in enumerate(zip(columns, values, strict=True)):
            if value is None or value == "":
                continue
            if c.text or isinstance(value, str):
                ws.write_string(r, i, str(value), as_text if c.text else None)
            elif isinstance(value, date):
                ws.write_datetime(r, i, datetime(value.year, value.month, value.day), as_date)
            else:
                ws.write(r, i, value)
    if notes:
        info = book.add_worksheet("说明")
        info.set_column(0, 0, 100)
        for r, line in enumerate(notes):
            info.write_string(r, 0, line)
    book.close()
    return buffer.getvalue()

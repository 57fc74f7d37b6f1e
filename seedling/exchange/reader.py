"""Read a ledger workbook one row at a time (docs/ledger.md).

The header row is found under any title rows (merged titles, notes): the first row, within the
first HEADER_SCAN_ROWS, whose cells match the contract's headers (姓名 plus at least two more).
Rows come out as dicts by record key with their Excel row number; blank rows are skipped. Values are
calamine's raw values; identifier columns are never "repaired" here (core.cells.id_number decides).
An .xlsx is streamed (`xlsx.Book`: the same values in bounded memory, for million-row ledgers);
other formats go through python-calamine, which loads a sheet whole.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any, Final
from xml.etree.ElementTree import ParseError

import python_calamine

from seedling.core.tabular import Column, RowError, WorkbookUnreadable, column_letter, match_headers
from seedling.exchange import xlsx

HEADER_SCAN_ROWS: Final = 30


@dataclass(frozen=True, slots=True)
class Row:
    sheet: str
    row: int  # the row number Excel shows
    values: dict[str, Any]

    def is_blank(self) -> bool:
        return all(v is None or (isinstance(v, str) and not v.strip()) for v in self.values.values())


@dataclass
class Sheet:
    name: str
    header_row: int
    letters: dict[str, str]  # key -> column letter
    headers: dict[str, str]  # key -> header text as found in the file
    rows: Iterator[Row]
    read: int = 0  # rows holding a value read to find the header (title rows and the header)


_UNREADABLE = RowError(
    "", 0, "", "", "workbook.unreadable", "无法读取这个文件，请上传 Excel 工作簿（.xlsx 或 .xls）。"
)
# What a damaged .xlsx raises while it is streamed.
_DAMAGE = (zipfile.BadZipFile, zlib.error, EOFError, ParseError, KeyError, ValueError, IndexError)


class Workbook:
    """An uploaded workbook: sheet names, and a sheet's rows one at a time."""

    def __init__(self, source: bytes | IO[bytes]):
        stream = io.BytesIO(source) if isinstance(source, bytes) else source
        self._book: xlsx.Book | None = None
        self._calamine: python_calamine.CalamineWorkbook | None = None
        try:
            archive = zipfile.ZipFile(stream) if zipfile.is_zipfile(stream) else None
            if archive is not None and xlsx.is_xlsx(archive):
                self._book = xlsx.Book(archive)
            else:
                stream.seek(0)
                self._calamine = python_calamine.CalamineWorkbook.from_filelike(stream)
        except xlsx.TooLarge as exc:
            raise WorkbookUnreadable(RowError("", 0, "", "", "workbook.too_large", exc.message)) from exc
        except Exception as exc:  # calamine and a damaged zip raise several types
            raise WorkbookUnreadable(_UNREADABLE) from exc

    @property
    def sheet_names(self) -> list[str]:
        if self._book is not None:
            return self._book.sheet_names
        assert self._calamine is not None
        return self._calamine.sheet_names

    def grid(self, name: str) -> tuple[int, Iterator[tuple[int, list[Any]]]]:
        """The sheet's first column (0 = A) and its rows as (Excel row number, values from that
        column), from the first row that holds a value."""
        if self._book is not None:
            return 0, _guarded(self._book.rows(name))
        assert self._calamine is not None
        data = self._calamine.get_sheet_by_name(name)
        # python-calamine 0.9 yields rows from the sheet's first row, cells from its first used column.
        start_col = (data.start or (0, 0))[1] if data.height else 0
        return start_col, enumerate(data.iter_rows(), start=1)

    def row_estimate(self, sheet: Sheet) -> int:
        """About how many rows follow the sheet's header: an .xlsx counts its rows' tags without
        parsing them (blank rows count too); other formats count their rows."""
        if self._book is not None:
            try:
                return max(0, self._book.row_count(sheet.name) - sheet.read)
            except _DAMAGE as exc:
                raise WorkbookUnreadable(_UNREADABLE) from exc
        return sum(1 for _ in sheet.rows)


def _guarded(rows: Iterator[tuple[int, list[Any]]]) -> Iterator[tuple[int, list[Any]]]:
    try:
        yield from rows
    except xlsx.TooLarge as exc:
        raise WorkbookUnreadable(RowError("", 0, "", "", "workbook.too_large", exc.message)) from exc
    except _DAMAGE as exc:
        raise WorkbookUnreadable(_UNREADABLE) from exc


def open_workbook(source: bytes | IO[bytes]) -> Workbook:
    return Workbook(source)


def read_sheet(
    workbook: Workbook, name: str, columns: Sequence[Column], *, anchor: str = "name"
) -> Sheet | None:
    """The sheet `name`, or None when the workbook has none by that name. Raises WorkbookUnreadable
    when the sheet has no recognisable header row (one with the `anchor` column and two others)."""
    if name not in workbook.sheet_names:
        return None
    start_col, rows = workbook.grid(name)
    first = None
    for read, (number, cells) in enumerate(rows, start=1):
        first = number if first is None else first
        if number - first >= HEADER_SCAN_ROWS:
            break
        found = match_headers(cells, columns)
        if anchor in found and len(found) >= 3:
            letters = {k: column_letter(start_col + i) for k, i in found.items()}
            headers = {k: str(cells[i]).strip() for k, i in found.items()}
            return Sheet(name, number, letters, headers, _rows(name, rows, found), read)
    raise WorkbookUnreadable(
        RowError(
            name,
            0,
            "",
            "",
            "workbook.headers_missing",
            f"工作表“{name}”中找不到表头行（应有“姓名”“身份证号码”等列）。请使用系统提供的模板。",
        )
    )


def _rows(name: str, rows: Iterator[tuple[int, list[Any]]], found: dict[str, int]) -> Iterator[Row]:
    for n, cells in rows:
        width = len(cells)
        row = Row(name, n, {k: (cells[i] if i < width else None) for k, i in found.items()})
        if not row.is_blank():
            yield row

"""Read a ledger workbook with python-calamine, one row at a time (spec/ledger-template.md).

The header row is found under any title rows (merged titles, notes): the first row, within the
first HEADER_SCAN_ROWS, whose cells match the contract's headers (姓名 plus at least two more).
Rows come out as dicts by record key with their Excel row number; blank rows are skipped. Values are
calamine's raw values; identifier columns are never "repaired" here (cells.id_number decides).
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any, Final

import python_calamine

from seedling.exchange.cells import clean_header
from seedling.workforce.tabular import Column, RowError, WorkbookUnreadable, column_letter

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


def open_workbook(source: bytes | IO[bytes]) -> python_calamine.CalamineWorkbook:
    stream = io.BytesIO(source) if isinstance(source, bytes) else source
    try:
        return python_calamine.CalamineWorkbook.from_filelike(stream)
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


def _positions(cells: Sequence[Any], columns: Sequence[Column]) -> dict[str, int]:
    wanted: dict[str, str] = {}
    for c in columns:
        for h in (c.header, *c.aliases):
            wanted[clean_header(h)] = c.key
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        key = wanted.get(clean_header(cell)) if isinstance(cell, str) else None
        if key is not None and key not in found:
            found[key] = index
    return found


def read_sheet(
    workbook: python_calamine.CalamineWorkbook, name: str, columns: Sequence[Column]
) -> Sheet | None:
    """The sheet `name`, or None when the workbook has none by that name. Raises WorkbookUnreadable
    when the sheet has no recognisable header row."""
    if name not in workbook.sheet_names:
        return None
    data = workbook.get_sheet_by_name(name)
    start_row, start_col = (data.start or (0, 0)) if data.height else (0, 0)
    rows = iter(data.iter_rows())
    for offset in range(HEADER_SCAN_ROWS):
        try:
            cells = next(rows)
        except StopIteration:
            break
        found = _positions(cells, columns)
        if "name" in found and len(found) >= 3:
            header_row = start_row + offset + 1
            letters = {k: column_letter(start_col + i) for k, i in found.items()}
            headers = {k: str(cells[i]).strip() for k, i in found.items()}
            return Sheet(name, header_row, letters, headers, _rows(name, rows, found, header_row + 1))
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


def _rows(name: str, rows: Iterator[list[Any]], found: dict[str, int], first: int) -> Iterator[Row]:
    for n, cells in enumerate(rows, start=first):
        width = len(cells)
        row = Row(name, n, {k: (cells[i] if i < width else None) for k, i in found.items()})
        if not row.is_blank():
            yield row

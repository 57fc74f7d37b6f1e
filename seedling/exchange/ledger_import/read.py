"""Read stage: the workbook's sheets, their rows in file order, and how a row's problem is named.

Takes an opened workbook (`exchange.reader`); gives each data row of the 儿童台账, 留守妇女台账 and
走访记录 sheets as an `Item` (kind, sheet, row), in that order. A problem of a row is an `Error`:
sheet, Excel row number, column letter and header as found in the file, a stable code and a Chinese
message; it is what the job stores and what the error report writes next to the row.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Final

from seedling.core.tabular import match_headers
from seedling.exchange import headers, reader

CHILD: Final = "child"
WOMAN: Final = "woman"
VISIT: Final = "visit"

Item = tuple[str, reader.Sheet, reader.Row]  # (kind, sheet, row)
Problem = tuple[str, str, str]  # (column key, code, message), before it is placed in the file


@dataclass(frozen=True)
class Error:
    sheet: str
    row: int
    column: str  # the column letter, "" for the whole row
    header: str
    code: str
    message: str

    def as_json(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "header": self.header,
            "code": self.code,
            "message": self.message,
        }


def error(sheet: reader.Sheet, row: reader.Row, key: str, code: str, message: str) -> Error:
    """A problem of `row` at the column `key` ("" for the whole row), placed in the file."""
    return Error(sheet.name, row.row, sheet.letters.get(key, ""), sheet.headers.get(key, ""), code, message)


def errors(sheet: reader.Sheet, row: reader.Row, problems: list[Problem]) -> list[Error]:
    return [error(sheet, row, *p) for p in problems]


def sheets(workbook: reader.Workbook) -> Iterator[tuple[str, reader.Sheet]]:
    """The ledger's sheets present in the workbook, each with its header row found."""
    # Visits last: a visit row finds the child filed by the 儿童台账 sheet of the same file.
    for kind, name, columns, anchor in (
        (CHILD, headers.CHILD_SHEET, headers.CHILD_COLUMNS, "name"),
        (WOMAN, headers.WOMAN_SHEET, headers.WOMAN_COLUMNS, "name"),
        (VISIT, headers.VISIT_SHEET, headers.VISIT_COLUMNS, "visited_on"),
    ):
        sheet = reader.read_sheet(workbook, name, columns, anchor=anchor)
        if sheet is not None:
            yield kind, sheet


def rows(workbook: reader.Workbook) -> Iterator[Item]:
    """Every data row of the workbook's ledger sheets, in file order (blank rows skipped)."""
    for kind, sheet in sheets(workbook):
        for row in sheet.rows:
            yield kind, sheet, row


def rows_as_in_file(workbook: reader.Workbook, name: str, wanted: set[int]) -> list[tuple[int, list[Any]]]:
    """The sheet's header row (as row 0) and the `wanted` rows, cells as they are in the file."""
    kept: list[tuple[int, list[Any]]] = []
    header_done = False
    _start_col, grid = workbook.grid(name)
    for n, cells_ in grid:
        if (
            not header_done
            and match_headers(cells_, headers.CHILD_COLUMNS + headers.WOMAN_COLUMNS).get("name") is not None
        ):
            kept.append((0, cells_))
            header_done = True
        elif n in wanted:
            kept.append((n, cells_))
    return kept

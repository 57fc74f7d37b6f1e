"""The one table of raw cells and what they mean, for every reader of Seedling's workbooks.

Each case is a cell as a reader returns it (or as a user typed it), a kind of field, and the
expected value or the expected error code. `parse` reads a cell of each kind with seedling.core.cells
(ID numbers then through seedling.core.identity, as the rules do). The table runs three ways:
directly (core/tests/test_cells.py) and written into a workbook then read by the ledger import and
by the workforce roster import (tests/readers/test_cell_table.py), so the two importers can never
disagree on a cell again.

Kinds: date, id_number, phone, yes_no, number, integer, choice (性别: 男 / 女), text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from seedling.core import cells, identity

AS_OF = date(2026, 1, 1)
SEX = {"男": "男", "女": "女"}  # the label is the value: each reader maps its own values back to it

NUMBER = identity.compose("360313", date(2012, 3, 5), 7, "女")  # ends in a digit
NUMBER_X = next(
    n for s in range(500) if (n := identity.compose("360313", date(2013, 6, 1), s, "男")).endswith("X")
)
FULL_WIDTH = {ord(c): ord(c) + 0xFEE0 for c in "0123456789"}
WRONG_CHECK = NUMBER[:17] + ("1" if NUMBER[17] != "1" else "2")


@dataclass(frozen=True)
class Err:
    code: str


@dataclass(frozen=True)
class Case:
    kind: str
    raw: Any
    expected: Any

    def __str__(self) -> str:
        return f"{self.kind}:{self.raw!r}"


def _cases(kind: str, *pairs: tuple[Any, Any]) -> list[Case]:
    return [Case(kind, raw, expected) for raw, expected in pairs]


D = date(2012, 3, 5)
CASES: list[Case] = [
    *_cases(
        "date",
        ("2012-03-05", D),
        ("2012/3/5", D),
        ("2012.3.5", D),
        ("2012年3月5日", D),
        ("20120305", D),
        (20120305, D),  # yyyymmdd typed into a number cell
        (20120305.0, D),
        (40973, D),  # an Excel serial (a date cell read without its format)
        (40973.0, D),
        (datetime(2012, 3, 5, 0, 0), D),
        (D, D),
        (" ２０１２－０３－０５ ", D),  # full-width digits and dash, spaces
        ("２０１２年３月５日", D),
        ("２０１２０３０５", D),
        ("2012 年 3 月 5 日", D),
        ("2012/03/05 ", D),
        (None, None),
        ("  ", None),
        ("", None),
        (date(2024, 3, 1), date(2024, 3, 1)),
        (datetime(2024, 3, 1, 8, 30), date(2024, 3, 1)),
        ("2024-03-01", date(2024, 3, 1)),
        ("2024/3/1", date(2024, 3, 1)),
        ("2024.3.1", date(2024, 3, 1)),
        ("2024年3月1日", date(2024, 3, 1)),
        ("20240301", date(2024, 3, 1)),
        (45352.0, date(2024, 3, 1)),
        ("2024－03－01", date(2024, 3, 1)),
        ("2012-03", Err("date.invalid")),  # a year-month only where the contract allows it
        ("2012-02-30", Err("date.invalid")),
        ("2024-13-01", Err("date.invalid")),
        ("去年", Err("date.invalid")),
        ("明年", Err("date.invalid")),
        (-5, Err("date.invalid")),
        (12.5, Err("date.invalid")),
        (45352.5, Err("date.invalid")),
        (20121305, Err("date.invalid")),  # yyyymmdd with month 13
        (3_000_000, Err("date.invalid")),  # past 9999-12-31
        (True, Err("date.invalid")),
    ),
    *_cases(
        "id_number",
        (NUMBER, NUMBER),
        (NUMBER_X.lower(), NUMBER_X),  # lowercase x
        (f" {NUMBER[:6]} {NUMBER[6:14]} {NUMBER[14:]} ", NUMBER),  # spaces
        (NUMBER.translate(FULL_WIDTH), NUMBER),  # full-width digits
        ("'" + NUMBER, NUMBER),  # the apostrophe that forces text in Excel
        (f"{NUMBER[:6]}-{NUMBER[6:]}", NUMBER),
        (5.10104e17, Err("id_number.excel_number")),  # Excel shows 5.10104E+17: digits are lost
        (float(NUMBER), Err("id_number.excel_number")),
        (int(NUMBER[:15] + "000"), Err("id_number.excel_number")),
        ("5.10104E+17", Err("id_number.excel_number")),
        (NUMBER[:15] + "000", Err("id_number.excel_number")),
        (WRONG_CHECK, Err("id_number.checksum")),
        ("12345", Err("id_number.length")),
        (12345, Err("id_number.length")),
        (NUMBER[:15], Err("id_number.first_generation")),
        ("身份证" + NUMBER, Err("id_number.format")),
        (None, Err("id_number.empty")),
        ("  ", Err("id_number.empty")),
    ),
    *_cases(
        "phone",
        ("13812345678", "13812345678"),
        (13812345678, "13812345678"),  # a mobile typed into a number cell is exact
        (13812345678.0, "13812345678"),
        ("138 1234 5678 ", "13812345678"),
        ("１３８１２３４５６７８", "13812345678"),
        ("+86 13812345678", "13812345678"),
        ("0799-1234567", "0799-1234567"),
        ("07991234567", "0799-1234567"),
        ("0799－12345678", "0799-12345678"),
        ("（0799）1234567", "0799-1234567"),
        ("0799-1234567转801", "0799-1234567-801"),
        ("+852 9123 4567", "+85291234567"),
        (7991234567, Err("phone.format")),  # a landline in a number cell has lost its 0
        ("12345678901", Err("phone.format")),
        ("1234567", Err("phone.format")),
        ("2345678", Err("phone.format")),  # no area code
        ("12345", Err("phone.format")),
        ("电话", Err("phone.format")),
        ("call me", Err("phone.format")),
        (None, ""),
        ("", ""),
        ("  ", ""),
    ),
    *_cases(
        "yes_no",
        ("是", True),
        ("否", False),
        (" 是 ", True),
        ("有", True),
        ("无", False),
        ("没有", False),
        ("√", True),
        ("×", False),
        ("对", True),
        ("不是", False),
        (True, True),
        (False, False),
        (1, True),
        (0, False),
        (1.0, True),
        ("１", True),
        ("Y", True),
        ("n", False),
        ("Yes", True),
        ("", None),
        (None, None),
        ("也许", Err("yes_no.invalid")),
        (2, Err("yes_no.invalid")),
    ),
    *_cases(
        "number",
        ("1,200", Decimal("1200")),
        ("１２００", Decimal("1200")),
        ("3600元", Decimal("3600")),
        (3600.5, Decimal("3600.5")),
        (1200, Decimal("1200")),
        (" 800 ", Decimal("800")),
        ("", None),
        (None, None),
        ("很多", Err("number.invalid")),
        ("NaN", Err("number.invalid")),
    ),
    *_cases(
        "integer",
        ("12", 12),
        (12.0, 12),
        (12, 12),
        ("１２", 12),
        (" 36 ", 36),
        ("", None),
        (None, None),
        ("1.5", Err("integer.invalid")),
        (1.5, Err("integer.invalid")),
        ("三年", Err("integer.invalid")),
    ),
    *_cases(
        "choice",
        ("男", "男"),
        (" 女 ", "女"),
        ("女\u3000", "女"),  # an ideographic space
        ("", ""),
        (None, ""),
        ("男性", Err("choice.invalid")),
        ("M", Err("choice.invalid")),
        (1, Err("choice.invalid")),
    ),
    *_cases(
        "text",
        (" 林  小雨 ", "林 小雨"),
        ("林小雨", "林小雨"),
        ("Ａ１", "A1"),
        (" a ", "a"),
        (13800000001.0, "13800000001"),
        (360313001001.0, "360313001001"),
        (13.5, "13.5"),
        (7, "7"),
        (True, "是"),
        (date(2024, 1, 2), "2024-01-02"),
        (datetime(2024, 1, 2, 8, 30), "2024-01-02 08:30:00"),
        (None, ""),
        ("  ", ""),
    ),
]


def parse(kind: str, raw: Any) -> Any:
    """A cell of `kind` read by seedling.core.cells: its value, or Err(code)."""
    try:
        if kind == "id_number":
            return identity.parse(cells.id_number(raw), as_of=AS_OF).number
        return READ[kind](raw)
    except cells.CellError as exc:
        return Err(exc.code)
    except identity.InvalidIdNumber as exc:
        return Err(exc.code)


READ = {
    "date": cells.date_of,
    "phone": cells.phone,
    "yes_no": cells.yes_no,
    "number": cells.decimal,
    "integer": cells.integer,
    "choice": lambda raw: cells.choice(raw, SEX),
    "text": cells.text,
}


def same(got: Any, expected: Any) -> bool:
    """Equal and of the same type (True is not 1, a datetime is not its date)."""
    return type(got) is type(expected) and got == expected

"""The one parser of spreadsheet cells and headers (pure Python, no Django), for every reader.

The ledger import (children and women), its 走访记录 sheet and the workforce roster import read their
cells here, so a cell means the same in every workbook Seedling reads. Every function takes a raw
cell as python-calamine or Seedling's streaming .xlsx reader (seedling.exchange.xlsx) returns it
(str, int, float, bool, date, datetime, time, timedelta or None) and returns the normalised value,
or raises CellError with a stable code and a Chinese message (the reader adds sheet, row and column).

What real files look like (docs/ledger.md): ID numbers typed as numbers, lowercase x,
spaces, full-width digits; dates as 2012-03-05, 2012/3/5, 2012.3.5, 2012年3月5日, 20120305, Excel
serials, or a year-month only; trailing spaces and full-width punctuation. Phones follow the one
rule of seedling.core.phones; ID numbers are checked by seedling.core.identity, which names the
damage Excel does to them.

Codes: date.invalid, date.ambiguous, yes_no.invalid, choice.invalid, phone.format, integer.invalid,
number.invalid.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any, Final

from seedling.core import identity, phones


class CellError(ValueError):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


# Multi-value separators (contract: 、 ， , ； ; / or a line break).
SEPARATORS: Final = re.compile(r"[、，,；;/\n\r]+")
_EXCEL_EPOCH: Final = date(1899, 12, 30)  # Excel's day 0 (with the 1900 leap-year bug folded in)
_MAX_SERIAL: Final = 2_958_465  # 9999-12-31
_YMD: Final = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?")
_YM: Final = re.compile(r"(\d{4})[-/.年](\d{1,2})月?")
_COMPACT: Final = re.compile(r"(\d{4})(\d{2})(\d{2})?")
_MIDNIGHT: Final = datetime.min.time()


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def text(value: Any) -> str:
    """A cell as clean text: NFKC folds full-width letters, digits and punctuation (Ａ１，→ A1,);
    inner runs of spaces become one; whole numbers lose ".0" (exact below 10^15: for identifiers,
    look at `is_number` first); 是/否 for a boolean; a date cell as 2012-03-05 (with its time if it
    has one)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == _MIDNIGHT else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    return " ".join(unicodedata.normalize("NFKC", str(value)).split())


def plain(value: Any) -> str:
    """Free text as written (only surrounding spaces dropped): addresses and remarks keep their
    own punctuation; NFKC would change e.g. （ ） in a name the family wrote."""
    if value is None or is_number(value) or isinstance(value, bool | date):
        return text(value)
    return str(value).strip()


def label(value: Any) -> str:
    """A cell compared as a label or a code (enumerations, division codes): NFKC, no spaces at all;
    （） → ()."""
    return "".join(text(value).split())


def split(value: Any) -> list[str]:
    raw = unicodedata.normalize("NFKC", value) if isinstance(value, str) else text(value)
    # NFKC turns the full-width ，；into , ; which SEPARATORS also lists; line breaks survive.
    return [" ".join(p.split()) for p in SEPARATORS.split(raw) if p.strip()]


def _valid(y: int, m: int, d: int, raw: Any) -> date:
    try:
        return date(y, m, d)
    except ValueError:
        raise CellError("date.invalid", f"“{text(raw)}”不是真实的日期，请核对年月日。") from None


def date_of(value: Any, *, year_month: bool = False) -> date | None:
    """Every date form of the contract; a year-month only where `year_month` (dates of departure,
    "可只填年月") and then the first of that month. None for an empty cell."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if is_number(value):
        number = float(value)
        if number.is_integer():
            n = int(number)
            if 19000101 <= n <= 21001231:  # 20120305 typed into a number cell
                return _valid(n // 10000, n // 100 % 100, n % 100, value)
            if year_month and 190001 <= n <= 210012:  # 201203
                return _valid(n // 100, n % 100, 1, value)
            if 1 <= n <= _MAX_SERIAL:  # an Excel date serial (a date cell read without its format)
                return _EXCEL_EPOCH + timedelta(days=n)
        elif year_month and 1900 < number < 2101:
            # 2012.3 typed into a number cell; 2012.10 arrives as 2012.1, so a single digit after
            # the point that could be 1 or 10 is refused rather than guessed.
            year, month = str(value).split(".")
            if month == "1":
                raise CellError(
                    "date.ambiguous", f"“{value}”可能是1月也可能是10月，请写成“{year}-01”或“{year}-10”。"
                )
            return _valid(int(year), int(month), 1, value)
        raise CellError("date.invalid", f"“{text(value)}”不是日期，请写成“2012-03-05”的形式。")
    s = "".join(text(value).split())
    if m := _YMD.fullmatch(s):
        return _valid(int(m[1]), int(m[2]), int(m[3]), value)
    if m := _COMPACT.fullmatch(s):
        if m[3]:
            return _valid(int(m[1]), int(m[2]), int(m[3]), value)
        if year_month:
            return _valid(int(m[1]), int(m[2]), 1, value)
    if year_month and (m := _YM.fullmatch(s)):
        return _valid(int(m[1]), int(m[2]), 1, value)
    hint = "，外出日期可只填年月（2012-03）" if year_month else ""
    raise CellError("date.invalid", f"“{text(value)}”不是日期，请写成“2012-03-05”的形式{hint}。")


_YES: Final = frozenset({"是", "有", "y", "yes", "true", "1", "√", "对"})
_NO: Final = frozenset({"否", "无", "没有", "n", "no", "false", "0", "×", "不是"})


def yes_no(value: Any) -> bool | None:
    """是 / 否 (and the usual ways of writing them); None for an empty cell."""
    if isinstance(value, bool):
        return value
    s = label(value).lower()
    if not s:
        return None
    if s in _YES:
        return True
    if s in _NO:
        return False
    raise CellError("yes_no.invalid", f"“{text(value)}”应填“是”或“否”。")


_FOLDED: dict[int, tuple[Mapping[str, str], dict[str, str]]] = {}


def _folded(labels: Mapping[str, str]) -> dict[str, str]:
    """`labels` by their comparable label, computed once per mapping (a ledger asks per cell)."""
    hit = _FOLDED.get(id(labels))
    if hit is None or hit[0] is not labels:  # the mapping is kept in the entry, so ids are not reused
        hit = _FOLDED[id(labels)] = (labels, {label(k): v for k, v in labels.items()})
    return hit[1]


def choice(value: Any, labels: Mapping[str, str], *, synonyms: Mapping[str, str] | None = None) -> str:
    """An enumeration cell -> its value, by label ('农业' -> '农村户' -> 'rural'); "" when empty.
    `labels` maps the contract's Chinese label to the stored value."""
    s = label(value)
    if not s:
        return ""
    folded = _folded(labels)
    if s in folded:
        return folded[s]
    canonical = (synonyms or {}).get(s)
    if canonical is not None and label(canonical) in folded:
        return folded[label(canonical)]
    allowed = "、".join(labels)
    raise CellError("choice.invalid", f"“{text(value)}”不是可选的值。可填：{allowed}。")


def choices(value: Any, labels: Mapping[str, str], *, synonyms: Mapping[str, str] | None = None) -> list[str]:
    """A multi-value enumeration cell -> values in the cell's order, without repeats."""
    out: list[str] = []
    for part in split(value):
        v = choice(part, labels, synonyms=synonyms)
        if v not in out:
            out.append(v)
    return out


def id_number(value: Any) -> str:
    """An ID number cell as text for core.identity. A number in an ID column has lost its last digits
    (Excel keeps 15 significant ones): it is handed on in Excel's own 5.10104E+17 spelling, so
    identity.parse names that damage (code id_number.excel_number) instead of a checksum error."""
    if is_number(value):
        number = float(value)
        if abs(number) >= 1e14:
            return f"{number:E}"
        return str(int(number)) if number.is_integer() else str(value)
    return identity.normalize(text(value))


def phone(value: Any, *, masked: bool = False) -> str:
    """A phone cell in the canonical form of seedling.core.phones; "" for an empty cell. A number cell
    is read as its digits (a landline stored as a number has lost its leading 0 and is refused).
    `masked`: a value with * (Seedling's exports mask phones) is returned as written, without its
    spaces, for the importer to compare with the mask of the stored number."""
    s = text(value)
    if not s:
        return ""
    if masked and "*" in s:
        return s.replace(" ", "")
    normal = phones.normalize(s)
    if normal is None:
        raise CellError("phone.format", f"“{s}”不是有效的电话号码。{phones.RULE}")
    return normal


def integer(value: Any, *, what: str = "数字") -> int | None:
    s = text(value)
    if not s:
        return None
    try:
        number = Decimal(s)
    except InvalidOperation:
        raise CellError("integer.invalid", f"“{s}”应填{what}（整数）。") from None
    if number != number.to_integral_value():
        raise CellError("integer.invalid", f"“{s}”应填{what}（整数）。")
    return int(number)


def decimal(value: Any) -> Decimal | None:
    s = text(value).replace(",", "").removesuffix("元")
    if not s:
        return None
    try:
        number = Decimal(s)
    except InvalidOperation:
        raise CellError("number.invalid", f"“{s}”应填数字。") from None
    if not number.is_finite():
        raise CellError("number.invalid", f"“{s}”应填数字。")
    return number


def clean_header(value: Any) -> str:
    """Headers match by text: surrounding and inner spaces, full-width punctuation (NFKC) and the
    required-mark * are ignored: '  姓名＊ ' == '姓名', '乡镇(街道)' == '乡镇（街道）'."""
    return label(value).replace("*", "")

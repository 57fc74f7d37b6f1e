"""Resident identity numbers (公民身份号码, GB 11643-1999): normalise, parse, explain, compose.

Pure Python (no Django). python-stdnum (`stdnum.cn.ric`) does the check digit, the date and the
county-code look-up; this module decides the order of the checks, recognises numbers damaged by
Excel, and turns every failure into a stable `code` plus a plain Chinese message that tells a
village worker what to do.

Order of checks (the first failure wins, so the message points at one concrete fix):
empty -> Excel damage (scientific notation, "….0") -> characters -> length (15 digits: first
generation) -> birth date (real date, not after `as_of`) -> check digit (an 18-digit number ending
in zeros with a wrong check digit is Excel damage) -> HK/Macau/Taiwan residence permit -> region.
The date is checked before the check digit because "第7到14位不是真实日期" is a fix the worker can
make from the birth certificate, while a bad check digit only says "some digit is wrong".

Region policy (the 6-digit 出生地/户籍地 code):
* stdnum's rule is "the code was in force in the birth year". That is wrong for the people this
  system records: the code is that of the household registration when the number was *assigned*,
  which is at or after birth. Everyone born before 1984-85 got a number later (numbers were first
  issued then), and children registered late (无户籍 children, registered years after birth) get
  the code in force at registration. So the default rule, `region_rule="since_birth"`, accepts a
  code that stdnum knows and that was in force in *some* year from the birth year to `as_of`'s year.
  It accepts everything stdnum accepts, plus e.g. 500154199804106120 (开州区, code from 2016, born
  1998); it still rejects unknown codes (990426…) and codes retired before birth (110201 in 1993).
  `region_rule="at_birth"` is stdnum's exact rule, for callers that want it.
* 810000 / 820000 / 830000 are Hong Kong / Macau / Taiwan residence-permit numbers (港澳台居民居住证),
  not mainland hukou numbers, so by default they get their own code `id_number.residence_permit`
  and a message saying what to enter instead. `allow_residence_permit=True` accepts them (stdnum's
  county table does not, so the region look-up is skipped for exactly those three codes).

Messages never contain the full number: errors end up in logs and import reports.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Final, Literal

from stdnum.cn import ric
from stdnum.exceptions import ValidationError

from seedling.core.dates import cn_date
from seedling.core.errors import ValidationFailed
from seedling.core.masking import mask_id_number

Sex = Literal["男", "女"]
RegionRule = Literal["since_birth", "at_birth"]

RESIDENCE_PERMIT_CODES: Final = frozenset({"810000", "820000", "830000"})

# Full-width ASCII block (U+FF01-U+FF5E) maps 1:1 onto U+0021-U+007E: covers ０-９, Ｘ/ｘ, and the
# full-width "．", "＋", "Ｅ", "－", "＇" of numbers typed with a Chinese IME.
_FULL_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
# Separators people type or paste: hyphens/dashes/minus, and zero-width characters that
# copy-paste from web pages and Word carries along invisibly (not whitespace for str.split()).
_DROP = {
    ord(c): None for c in "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\u200b\u200c\u200d\u2060\ufeff"
}

_SCIENTIFIC = re.compile(r"[0-9]+(\.[0-9]*)?E\+?[0-9]+", re.IGNORECASE)  # 3.60313200001011E+17
_FLOAT = re.compile(r"[0-9]+\.0*")  # 360313200001011000.0
_SHAPE = re.compile(r"[0-9]+X?")  # [0-9], not \d: \d also matches other scripts' digits

_EXCEL_MESSAGE = (
    "这个身份证号码被 Excel 当成数值保存了，后几位数字已经丢失，无法还原。"
    "请在 Excel 中把这一列设置为“文本”格式（或在号码前加英文单引号 '），"
    "然后对照身份证或户口簿重新输入完整的18位号码。"
)


# Every code an InvalidIdNumber carries (people.rules registers them as the codes of its problems);
# a test keeps this set equal to the codes written in this module.
CODES: Final = frozenset(
    {
        "id_number.invalid",
        "id_number.empty",
        "id_number.excel_number",
        "id_number.format",
        "id_number.first_generation",
        "id_number.length",
        "id_number.birth_date",
        "id_number.future_birth",
        "id_number.checksum",
        "id_number.residence_permit",
        "id_number.birth_place",
        "id_number.sex_mismatch",
        "id_number.birth_date_mismatch",
    }
)


class InvalidIdNumber(ValidationFailed):
    """An ID number that cannot be accepted; `code` says why, `message` says how to fix it."""

    code = "id_number.invalid"

    def __init__(self, message: str, *, code: str, field: str = "id_number", **params: Any):
        super().__init__(message, code=code, field=field, **params)


@dataclass(frozen=True)
class IdNumber:
    number: str = field(repr=False)  # kept out of repr: reprs end up in logs and tracebacks
    birth_date: date
    sex: Sex
    birth_place_code: str

    def __repr__(self) -> str:
        return (
            f"IdNumber(number={mask_id_number(self.number)!r}, birth_date={self.birth_date!r}, "
            f"sex={self.sex!r}, birth_place_code={self.birth_place_code!r})"
        )


def normalize(raw: str) -> str:
    """Canonical text of a typed or pasted number; idempotent and never raises.

    Full-width to ASCII, drop all whitespace (incl. U+3000 and NBSP) and hyphens, drop the leading
    apostrophe Excel users type to force text, and upper-case x (the check character).
    """
    text = raw.translate(_FULL_WIDTH).translate(_DROP)
    text = "".join(text.split())
    return text.lstrip("'").replace("x", "X")


def _fail(code: str, message: str, **params: Any) -> InvalidIdNumber:
    return InvalidIdNumber(message, code=code, **params)


@functools.lru_cache(maxsize=65_536)  # a ledger repeats a county's few codes and years
def _region_in_force(code: str, birth_year: int, as_of_year: int, rule: RegionRule) -> bool:
    """Was `code` a county code in force in a year when this number could have been assigned?"""
    years = range(birth_year, birth_year + 1) if rule == "at_birth" else range(birth_year, as_of_year + 1)
    for year in years:
        # stdnum's look-up takes the year from the number itself; probe it with a synthetic number
        # (digits after the date are irrelevant to get_birth_place) instead of re-reading its table.
        try:
            ric.get_birth_place(f"{code}{year:04d}01010000")
        except ValidationError:
            continue
        return True
    return False


def parse(
    raw: str | int | float | None,
    *,
    as_of: date,
    allow_residence_permit: bool = False,
    region_rule: RegionRule = "since_birth",
) -> IdNumber:
    """Validate `raw` and return its parts, or raise `InvalidIdNumber`.

    `raw` may also be an int/float as spreadsheet readers return them, so Excel damage is named.
    """
    number = normalize("" if raw is None else str(raw))
    if not number:
        raise _fail("id_number.empty", "请填写身份证号码。")
    if _SCIENTIFIC.fullmatch(number) or _FLOAT.fullmatch(number):
        raise _fail("id_number.excel_number", _EXCEL_MESSAGE)
    if not _SHAPE.fullmatch(number):
        bad = "".join(dict.fromkeys(c for c in number if c not in "0123456789X"))
        if bad:
            message = (
                f"身份证号码里有不该出现的字符：{bad}。"
                "号码只能由数字组成，只有最后一位可以是X。请对照身份证重新输入。"
            )
        else:
            message = "字母X只能出现在身份证号码的最后一位。请对照身份证重新输入。"
        raise _fail("id_number.format", message, characters=bad)
    if len(number) == 15 and number.isdigit():
        raise _fail(
            "id_number.first_generation",
            "这是15位的旧身份证号码（第一代），系统不再接收。"
            "请查看户口簿或向户籍所在地派出所询问18位的身份证号码，再重新输入。",
        )
    if len(number) != 18:
        raise _fail(
            "id_number.length",
            f"身份证号码应为18位，现在是{len(number)}位。请对照身份证检查是否漏输或多输了数字。",
            length=len(number),
        )
    try:
        birth_date = ric.get_birth_date(number)
    except ValidationError:
        raise _fail(
            "id_number.birth_date",
            f"号码第7到14位应是出生日期（年月日），但“{number[6:14]}”不是真实的日期。"
            "请对照身份证或出生证明核对这8位数字。",
        ) from None
    if birth_date > as_of:
        raise _fail(
            "id_number.future_birth",
            f"号码中的出生日期是{cn_date(birth_date)}，晚于{cn_date(as_of)}，不可能正确。"
            "请对照身份证核对第7到14位。",
        )
    if number[-1] != ric.calc_check_digit(number):
        # Excel keeps 15 significant digits and pads with zeros; some exports keep 16.
        if len(number.rstrip("0")) <= 16:
            raise _fail("id_number.excel_number", _EXCEL_MESSAGE)
        raise _fail(
            "id_number.checksum",
            "身份证号码最后一位（校验码）对不上，说明号码中有数字输错了。"
            "请对照身份证或户口簿逐位核对后重新输入。",
        )
    place = number[:6]
    if place in RESIDENCE_PERMIT_CODES:
        if not allow_residence_permit:
            raise _fail(
                "id_number.residence_permit",
                "这是港澳台居民居住证号码（以810000、820000或830000开头），不是内地户籍的居民身份证号码。"
                "请填写户口簿上的身份证号码；如果孩子没有内地户籍，请向乡镇（街道）民政工作人员说明情况。",
            )
    elif not _region_in_force(place, birth_date.year, as_of.year, region_rule):
        raise _fail(
            "id_number.birth_place",
            f"号码前6位“{place}”不是有效的地区代码。请对照身份证或户口簿核对前6位数字。",
        )
    # 17th digit (the last of the order code): odd for men, even for women.
    sex: Sex = "男" if int(number[16]) % 2 else "女"
    return IdNumber(number=number, birth_date=birth_date, sex=sex, birth_place_code=place)


def check_consistency(
    ident: IdNumber, /, *, sex: str | None, birth_date: date | None
) -> list[InvalidIdNumber]:
    """Compare what a form says with what the number encodes; None means "not filled in"."""
    errors: list[InvalidIdNumber] = []
    if sex is not None and sex != ident.sex:
        errors.append(
            InvalidIdNumber(
                f"性别与身份证号码不符：号码显示为{ident.sex}，填写的是{sex}",
                code="id_number.sex_mismatch",
                field="sex",
            )
        )
    if birth_date is not None and birth_date != ident.birth_date:
        errors.append(
            InvalidIdNumber(
                f"出生日期与身份证号码不符：号码显示为{cn_date(ident.birth_date)}，填写的是{cn_date(birth_date)}",
                code="id_number.birth_date_mismatch",
                field="birth_date",
            )
        )
    return errors


def compose(birth_place_code: str, birth_date: date, sequence: int, sex: str) -> str:
    """A synthetic, valid number for demos and tests (synthetic people only).

    `sequence` (0-499) picks the order code: 2*sequence for 女, 2*sequence+1 for 男, so the parity
    rule holds by construction. The caller chooses a region code known to stdnum.
    """
    if not re.fullmatch(r"[0-9]{6}", birth_place_code):
        raise ValueError(f"birth_place_code must be 6 digits, got {birth_place_code!r}")
    if sex not in ("男", "女"):
        raise ValueError(f"sex must be '男' or '女', got {sex!r}")
    if not 0 <= sequence <= 499:
        raise ValueError(f"sequence must be 0-499, got {sequence}")
    if not 1000 <= birth_date.year <= 9999:
        raise ValueError(f"birth year must have 4 digits, got {birth_date.year}")
    body = f"{birth_place_code}{birth_date:%Y%m%d}{2 * sequence + (sex == '男'):03d}"
    # calc_check_digit expects the number *with* a check position; the placeholder is ignored.
    return body + ric.calc_check_digit(body + "?")

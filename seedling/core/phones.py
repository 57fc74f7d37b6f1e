"""Phone numbers: the one rule (normalise + validate) for every way in (pure Python, no Django).

Files (parents, caregivers, pairing helpers, women), the workforce roster, institutions and the
Excel readers all call `normalize` / `parse`; `seedling.core.masking.mask_phone` masks every
canonical form below.

Accepted, and stored in canonical form:

* a mainland mobile: 11 digits 1[3-9]…, written with or without spaces or hyphens, optionally after
  +86 / 0086 / 86 -> ``13812345678``;
* a landline **with its area code**: 010 or 02x followed by 8 digits, or 0[3-9]xx followed by 7 or 8
  digits (a local number never starts with 0), with any spaces, hyphens, dashes or brackets
  ("(0799)1234567", "0799 123 4567"), or as +86 799 1234567 -> ``0799-1234567``; an extension of up to
  6 digits after 转 / 分机 / ext / # or a further hyphen -> ``0799-1234567-801``;
* a number abroad (a parent working in Hong Kong or overseas): "+" or "00", then the country or
  region code and number, 8-15 digits in all (E.164) -> ``+85291234567``.

Full-width characters (a Chinese IME), zero-width characters pasted from the web, surrounding
spaces and the apostrophe Excel users type to force text are ignored.

Refused: a landline without its area code (a file is read in the township, the county and after a
transfer, so a bare 7-8 digit number cannot be dialled reliably, and it is also what a mobile with
digits missing looks like); 11 digits that are not a mobile (12345678901); service numbers
(400…/800…/95…/110), which reach no person; an extension on a mobile; letters. The earlier rule of
the personal files accepted any 7-20 digits, spaces and hyphens (so also bare local numbers and
12345678901); the workforce rule accepted exactly the mobiles and area-code landlines above.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Final

from seedling.core.errors import ValidationFailed

RULE: Final = (
    "手机号码为11位；固定电话要带区号，如 0799-1234567，分机号接在后面（0799-1234567-801）；"
    "境外号码以“+”和国家或地区代码开头。"
)

_ZERO_WIDTH: Final = {ord(c): None for c in "\u200b\u200c\u200d\u2060\ufeff"}
# Spaces, hyphens and dashes (NFKC has already turned － and （） into - and ()), and brackets.
_SEPARATORS: Final = re.compile(r"[\s\-\u2010-\u2015\u2212()]+")
_EXTENSION: Final = re.compile(r"(.+?)\s*(?:转|分机|ext\.?|#)\s*([0-9]{1,6})", re.IGNORECASE)
_DIGITS: Final = re.compile(r"[0-9]+")  # [0-9], not \d: \d also matches other scripts' digits
_MOBILE: Final = re.compile(r"1[3-9][0-9]{9}")
_LANDLINE: Final = re.compile(r"(010|02[0-9])([1-9][0-9]{7})|(0[3-9][0-9]{2})([1-9][0-9]{6,7})")
_ABROAD: Final = re.compile(r"[1-9][0-9]{7,14}")


class InvalidPhone(ValidationFailed):
    code = "phone.format"

    def __init__(self, message: str, *, field: str = "phone", **params: Any):
        super().__init__(message, code=self.code, field=field, **params)


def _landline(digits: str, extension: str) -> str | None:
    m = _LANDLINE.fullmatch(digits)
    if m is None:
        return None
    area, local = (m[1], m[2]) if m[1] else (m[3], m[4])
    return f"{area}-{local}-{extension}" if extension else f"{area}-{local}"


def _national(groups: list[str], extension: str) -> str | None:
    digits = "".join(groups)
    if not extension:
        if _MOBILE.fullmatch(digits):
            return digits
        if digits.startswith("86") and _MOBILE.fullmatch(digits[2:]):
            return digits[2:]
    if extension or len(groups) < 2 or len(groups[-1]) > 6:
        return _landline(digits, extension)
    whole = _landline(digits, "")
    split = _landline("".join(groups[:-1]), groups[-1])
    # 0799-1234567-801: after a complete number in two groups or more, a last group is an extension
    # (so 0799-1234567-8 stays itself and is not read as 0799-12345678).
    return (split or whole) if len(groups) > 2 else (whole or split)


def normalize(raw: str) -> str | None:
    """The canonical form of a phone number as typed, or None when it is not one (see the module)."""
    if _MOBILE.fullmatch(raw):  # the stored form, checked again by every save
        return raw
    text = unicodedata.normalize("NFKC", raw).translate(_ZERO_WIDTH).strip().lstrip("'")
    extension = ""
    if m := _EXTENSION.fullmatch(text):
        text, extension = m[1], m[2]
    abroad = text.startswith(("+", "00"))
    groups = [g for g in _SEPARATORS.split(text.removeprefix("+")) if g]
    if not groups or not all(_DIGITS.fullmatch(g) for g in groups):
        return None
    if not abroad:
        return _national(groups, extension)
    digits = "".join(groups).removeprefix("00")
    if digits.startswith("86"):
        national = digits[2:].removeprefix("0")  # +86 (0)799 …: the trunk 0 written in brackets
        if not extension and _MOBILE.fullmatch(national):
            return national
        return _landline("0" + national, extension)
    if extension or not _ABROAD.fullmatch(digits):
        return None
    return "+" + digits


def parse(raw: str, *, field: str = "phone") -> str:
    """The canonical number, "" for a blank; raises InvalidPhone (code phone.format) otherwise."""
    if not raw.strip():
        return ""
    normal = normalize(raw)
    if normal is None:
        raise InvalidPhone(f"电话号码格式不正确：{RULE}", field=field)
    return normal

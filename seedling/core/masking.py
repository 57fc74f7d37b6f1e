"""Pure masking decisions for sensitive fields (no Django).

Who may see what is decided by grants (strings such as "see_id_number"); this module only says
what a value looks like for a holder of a given set of grants. Masking never reveals a whole
value: a string too short for the "keep first/last" rule is starred completely.
HIV status is never masked: without the grant the caller gets None and must not show the field at
all (even "***" next to an HIV label discloses that a status is recorded).
"""

from __future__ import annotations

import re
from collections.abc import Set
from typing import Final

ID_NUMBER: Final = "id_number"
PHONE: Final = "phone"
HIV: Final = "hiv"

# Field kind -> the grant that shows it in clear.
GRANTS: Final[dict[str, str]] = {ID_NUMBER: "see_id_number", PHONE: "see_phone", HIV: "see_hiv"}

_MOBILE = re.compile(r"1[0-9]{10}")
_LANDLINE = re.compile(r"(0[0-9]{2,3})([- ])(.+)")  # area code, separator, local number


def _keep_ends(value: str, head: int, tail: int) -> str:
    """Keep `head` and `tail` characters; star everything if that would leave nothing hidden."""
    if len(value) <= head + tail:
        return "*" * len(value)
    return value[:head] + "*" * (len(value) - head - tail) + value[len(value) - tail :]


def mask_id_number(value: str) -> str:
    """'360313200001011234' -> '360313********1234'; other lengths keep first 3 and last 2."""
    if len(value) == 18:
        # Region (6) and the last 4 are what staff read aloud to match a person; the birth
        # date (8) is the sensitive part.
        return _keep_ends(value, 6, 4)
    return _keep_ends(value, 3, 2)


def mask_phone(value: str) -> str:
    """'13812345678' -> '138****5678'; '0799-1234567' -> '0799-*****67'."""
    if _MOBILE.fullmatch(value):
        return _keep_ends(value, 3, 4)
    landline = _LANDLINE.fullmatch(value)
    if landline:
        area, sep, local = landline.groups()
        return area + sep + _keep_ends(local, 0, 2)
    return _keep_ends(value, 3, 2)


def can_see(field_kind: str, grants: Set[str]) -> bool:
    """Unknown kinds raise: a typo must fail loudly, not silently show or hide a field."""
    try:
        grant = GRANTS[field_kind]
    except KeyError:
        raise ValueError(f"unknown field kind {field_kind!r}") from None
    return grant in grants


def display(value: str | None, kind: str, grants: Set[str]) -> str | None:
    """The value as this grant holder may see it: clear, masked, or None (do not show)."""
    visible = can_see(kind, grants)  # first, so an unknown kind raises even for a None value
    if value is None or visible:
        return value
    if kind == ID_NUMBER:
        return mask_id_number(value)
    if kind == PHONE:
        return mask_phone(value)
    return None  # HIV: never partially shown

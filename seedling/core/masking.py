"""What a masked ID number or phone number looks like (pure, no Django).

Who sees a value masked, withheld or in clear is decided in one place, seedling.access.visibility;
this module only draws the mask. Masking never reveals a whole value: a string too short for the
"keep first/last" rule is starred completely.
"""

from __future__ import annotations

import re

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

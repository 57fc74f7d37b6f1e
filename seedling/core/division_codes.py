"""Pure helpers for the 12-digit statistical division code (统计用区划代码). No Django.

A code is province 2 + prefecture 2 + county 2 + township 3 + village 3 digits, the unused tail
zero-filled. The code is a path: a jurisdiction is the prefix of its significant digits, so
"everything in 湘东区" is every code starting with 360313.

东莞 (4419), 中山 (4420) and 儋州 (4604) have townships directly under the prefecture: their
township codes have a zero county segment (441900003000). Level is therefore read from the lowest
non-zero segment, not from the number of leading non-zero digits, and the parent of such a township
is the prefecture.
"""

from __future__ import annotations

import re

PROVINCE, CITY, COUNTY, TOWNSHIP, VILLAGE = 1, 2, 3, 4, 5

# (level, end of that level's segment in the 12-digit code)
_SEGMENTS = ((PROVINCE, 2), (CITY, 4), (COUNTY, 6), (TOWNSHIP, 9), (VILLAGE, 12))
PREFIX_LENGTH = {level: end for level, end in _SEGMENTS}
_START = {PROVINCE: 0, CITY: 2, COUNTY: 4, TOWNSHIP: 6, VILLAGE: 9}
_CODE_RE = re.compile(r"[0-9]{12}")  # ASCII digits only: \d would admit full-width ３６０３…


class InvalidDivisionCode(ValueError):
    """Not a 12-digit division code."""


def is_code(value: str) -> bool:
    return bool(_CODE_RE.fullmatch(value)) and value[:2] != "00"


def check(code: str) -> str:
    code = code.strip()
    if not is_code(code):
        raise InvalidDivisionCode(f"区划代码应为12位数字：{code!r}")
    return code


def level_of(code: str) -> int:
    """The level of a code: 1 province … 5 village, from its lowest non-zero segment."""
    check(code)
    for level, end in reversed(_SEGMENTS):
        if code[_START[level] : end].strip("0"):
            return level
    raise InvalidDivisionCode(f"区划代码应为12位数字：{code!r}")  # pragma: no cover - is_code rules it out


def prefix_of(code: str) -> str:
    """The scope prefix of a division: 2, 4, 6, 9 or 12 digits."""
    return code[: PREFIX_LENGTH[level_of(code)]]


def parent_of(code: str) -> str | None:
    """The parent's code by the code alone (zero the lowest non-zero segment); None for a province.

    For a 东莞-style township this is the prefecture, which is its real parent in the NBS table.
    """
    level = level_of(code)
    if level == PROVINCE:
        return None
    start = _START[level]
    return code[:start] + "0" * (12 - start)


def ancestors_of(code: str) -> list[str]:
    """Codes from the province down to the parent (excludes the code itself)."""
    chain: list[str] = []
    parent = parent_of(code)
    while parent is not None:
        chain.append(parent)
        parent = parent_of(parent)
    return list(reversed(chain))


def code_from_prefix(prefix: str) -> str:
    """The division code a scope prefix names (`360313` -> `360313000000`)."""
    return prefix.ljust(12, "0")


def within(code: str, prefix: str) -> bool:
    """Is the division `code` inside the jurisdiction `prefix` ("" = the whole country)?"""
    return code.startswith(prefix)


# The "其他" placeholder (川民政厅 2020 专项行动实施方案 attachment 1, docs/rules/workflow.md#dm-1):
# a village-level unit per township for files whose village has no code yet. Its village segment is
# 999, which no NBS edition uses (village segments run 001-599 in 2016 and 2023).
PLACEHOLDER_SEGMENT = "999"
PLACEHOLDER_NAME = "其他"


def placeholder_of(township: str) -> str:
    """The "其他" placeholder village of a township (360313101000 -> 360313101999)."""
    if level_of(township) != TOWNSHIP:
        raise InvalidDivisionCode(f"只有乡级区划有“其他”村：{township!r}")
    return township[:9] + PLACEHOLDER_SEGMENT


def is_placeholder(code: str) -> bool:
    """Is `code` a township's "其他" placeholder village?"""
    return is_code(code) and code[9:] == PLACEHOLDER_SEGMENT and code[6:9] != "000"


def common_prefix(a: str, b: str) -> str:
    """The scope prefix of the lowest division holding both codes ("" when only the country does):
    whoever acts on a change a → b must hold that division (docs/rules/workflow.md#dm-2)."""
    for code in reversed([*ancestors_of(a), a]):
        prefix = prefix_of(code)
        if b.startswith(prefix):
            return prefix
    return ""

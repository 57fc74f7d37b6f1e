"""The 12-digit division code: levels, prefixes, parents, and the 东莞-style townships."""

from __future__ import annotations

import pytest

from seedling.core import division_codes as codes

# Real codes, one per level (江西省 › 萍乡市 › 湘东区 › 峡山口街道 › 新街居委会).
PROVINCE, CITY, COUNTY, TOWNSHIP, VILLAGE = (
    "360000000000",
    "360300000000",
    "360313000000",
    "360313001000",
    "360313001001",
)
DONGGUAN, DONGCHENG = "441900000000", "441900003000"  # 东莞市 and its 东城街道 (no county level)


@pytest.mark.parametrize(
    ("code", "level", "prefix"),
    [
        (PROVINCE, codes.PROVINCE, "36"),
        (CITY, codes.CITY, "3603"),
        (COUNTY, codes.COUNTY, "360313"),
        (TOWNSHIP, codes.TOWNSHIP, "360313001"),
        (VILLAGE, codes.VILLAGE, "360313001001"),
        (DONGGUAN, codes.CITY, "4419"),
        (DONGCHENG, codes.TOWNSHIP, "441900003"),
        ("441900114002", codes.VILLAGE, "441900114002"),  # 新市社区, a 东莞 village
        ("110101000000", codes.COUNTY, "110101"),  # 东城区 of 北京: county segment 01
    ],
)
def test_level_and_prefix_of_every_level(code: str, level: int, prefix: str) -> None:
    assert codes.level_of(code) == level
    assert codes.prefix_of(code) == prefix
    assert codes.PREFIX_LENGTH[level] == len(prefix)


def test_dongguan_township_is_level_4_under_the_prefecture() -> None:
    assert codes.level_of(DONGCHENG) == 4
    assert codes.parent_of(DONGCHENG) == DONGGUAN
    assert codes.ancestors_of(DONGCHENG) == ["440000000000", DONGGUAN]
    assert codes.prefix_of(DONGCHENG) == "441900003"


@pytest.mark.parametrize(
    ("code", "parent"),
    [
        (PROVINCE, None),
        (CITY, PROVINCE),
        (COUNTY, CITY),
        (TOWNSHIP, COUNTY),
        (VILLAGE, TOWNSHIP),
        (DONGGUAN, "440000000000"),
    ],
)
def test_parent_of(code: str, parent: str | None) -> None:
    assert codes.parent_of(code) == parent


def test_ancestors_of() -> None:
    assert codes.ancestors_of(VILLAGE) == [PROVINCE, CITY, COUNTY, TOWNSHIP]
    assert codes.ancestors_of(COUNTY) == [PROVINCE, CITY]
    assert codes.ancestors_of(PROVINCE) == []


@pytest.mark.parametrize(
    "value",
    ["", "36031300100", "3603130010011", "36031300100a", "000000000000", "003603000000"],
)
def test_invalid_codes(value: str) -> None:
    assert codes.is_code(value) is False
    with pytest.raises(codes.InvalidDivisionCode) as caught:
        codes.check(value)
    assert str(caught.value) == f"区划代码应为12位数字：{value.strip()!r}"
    with pytest.raises(codes.InvalidDivisionCode):
        codes.level_of(value)
    with pytest.raises(codes.InvalidDivisionCode):
        codes.prefix_of(value)
    with pytest.raises(codes.InvalidDivisionCode):
        codes.parent_of(value)


def test_check_strips_and_returns_the_code() -> None:
    assert codes.is_code(VILLAGE) is True
    assert codes.check(f" {VILLAGE}\n") == VILLAGE


def test_code_from_prefix() -> None:
    assert codes.code_from_prefix("36") == PROVINCE
    assert codes.code_from_prefix("360313") == COUNTY
    assert codes.code_from_prefix("4419") == DONGGUAN
    assert codes.code_from_prefix(VILLAGE) == VILLAGE
    assert codes.code_from_prefix("") == "000000000000"


def test_within() -> None:
    assert codes.within(VILLAGE, "360313") is True
    assert codes.within(VILLAGE, "") is True  # the whole country
    assert codes.within(VILLAGE, "360302") is False
    assert codes.within(DONGCHENG, "4419") is True
    assert codes.within(COUNTY, "360313001") is False  # a county is not inside its own township


def test_placeholders_and_common_prefixes() -> None:
    assert codes.placeholder_of("360313101000") == "360313101999"
    assert codes.placeholder_of(DONGCHENG) == "441900003999"
    assert codes.is_placeholder("360313101999") and codes.is_placeholder("441900003999")
    assert not codes.is_placeholder("360313101001") and not codes.is_placeholder("360313000999")
    with pytest.raises(codes.InvalidDivisionCode):
        codes.placeholder_of("360313101001")
    assert codes.common_prefix("360313101001", "360313101008") == "360313101"
    assert codes.common_prefix("360313101001", "360302001001") == "3603"
    assert codes.common_prefix("360313101001", "440305001001") == ""
    assert codes.common_prefix(DONGCHENG, "441900004001") == "4419"

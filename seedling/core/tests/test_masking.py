"""Masking decisions and the field-visibility helper (pure; synthetic values only)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from seedling.core.masking import can_see, display, mask_id_number, mask_phone

ALL = frozenset({"see_id_number", "see_phone", "see_hiv"})
NONE: frozenset[str] = frozenset()


@pytest.mark.parametrize(
    "value, masked",
    [
        ("360313200001011234", "360313********1234"),
        ("44011320141005001X", "440113********001X"),
        ("610104620927690", "610**********90"),  # any other length: first 3, last 2
        ("abcdef", "abc*ef"),
        ("abcde", "*****"),  # nothing would be hidden: hide everything
        ("1", "*"),
        ("", ""),
    ],
)
def test_mask_id_number(value: str, masked: str) -> None:
    assert mask_id_number(value) == masked


@pytest.mark.parametrize(
    "value, masked",
    [
        ("13812345678", "138****5678"),
        ("0799-1234567", "0799-*****67"),
        ("010-12345678", "010-******78"),
        ("0799 1234567", "0799 *****67"),
        ("0799-12", "0799-**"),
        ("23812345678", "238******78"),  # 11 digits but not a mobile: generic rule
        ("+8613812345678", "+86*********78"),
        ("12345", "*****"),
        ("", ""),
    ],
)
def test_mask_phone(value: str, masked: str) -> None:
    assert mask_phone(value) == masked


@pytest.mark.parametrize(
    "kind, grant", [("id_number", "see_id_number"), ("phone", "see_phone"), ("hiv", "see_hiv")]
)
def test_can_see_needs_exactly_its_grant(kind: str, grant: str) -> None:
    assert can_see(kind, frozenset({grant})) is True
    assert can_see(kind, ALL - {grant}) is False
    assert can_see(kind, NONE) is False


def test_unknown_kind_fails_loudly() -> None:
    with pytest.raises(ValueError, match="unknown field kind 'address'"):
        can_see("address", ALL)
    with pytest.raises(ValueError):
        display(None, "address", ALL)


def test_display() -> None:
    assert display("360313200001011234", "id_number", ALL) == "360313200001011234"
    assert display("360313200001011234", "id_number", NONE) == "360313********1234"
    assert display("13812345678", "phone", ALL) == "13812345678"
    assert display("13812345678", "phone", frozenset({"see_id_number"})) == "138****5678"
    assert display("阳性", "hiv", ALL) == "阳性"
    assert display(None, "phone", NONE) is None


def test_hiv_is_never_masked_only_withheld() -> None:
    assert display("阳性", "hiv", NONE) is None
    assert display("阴性", "hiv", frozenset({"see_id_number", "see_phone"})) is None


@given(st.text())
def test_masking_keeps_length_and_never_shows_a_whole_value(value: str) -> None:
    for mask in (mask_id_number, mask_phone):
        masked = mask(value)
        assert len(masked) == len(value)
        assert (value == "") == ("*" not in masked)

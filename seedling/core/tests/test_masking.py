"""What a mask looks like (pure; synthetic values only). Who sees one: seedling.access.visibility."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from seedling.core.masking import mask_id_number, mask_phone


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


@given(st.text())
def test_masking_keeps_length_and_never_shows_a_whole_value(value: str) -> None:
    for mask in (mask_id_number, mask_phone):
        masked = mask(value)
        assert len(masked) == len(value)
        assert (value == "") == ("*" not in masked)

"""The one phone rule: every accepted form with its canonical text, and what is refused."""

from __future__ import annotations

import pytest

from seedling.core import phones
from seedling.core.masking import mask_phone


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # mobiles
        ("13812345678", "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("138-1234-5678", "13812345678"),
        ("１３８１２３４５６７８", "13812345678"),  # full-width digits (a Chinese IME)
        ("+86 13812345678", "13812345678"),
        ("+86-138-1234-5678", "13812345678"),
        ("008613812345678", "13812345678"),
        ("8613812345678", "13812345678"),
        (" 19912345678\u200b ", "19912345678"),  # a zero-width space pasted from a web page
        ("'13812345678", "13812345678"),  # Excel's apostrophe that forces text
        # landlines with their area code
        ("0799-1234567", "0799-1234567"),
        ("07991234567", "0799-1234567"),
        ("0799－12345678", "0799-12345678"),
        ("0799 123 4567", "0799-1234567"),
        ("(0799)1234567", "0799-1234567"),
        ("（0799）1234567", "0799-1234567"),
        ("0799—1234567", "0799-1234567"),  # an em dash
        ("010-12345678", "010-12345678"),
        ("01012345678", "010-12345678"),  # 010 and 02x are 3-digit area codes with 8-digit numbers
        ("020 8765 4321", "020-87654321"),
        ("+86 799 1234567", "0799-1234567"),
        ("+86 (0)10 12345678", "010-12345678"),
        # extensions
        ("0799-1234567-801", "0799-1234567-801"),
        ("0799 1234567 801", "0799-1234567-801"),
        ("0799-1234567转801", "0799-1234567-801"),
        ("0799-1234567 分机 801", "0799-1234567-801"),
        ("0799-1234567 ext. 801", "0799-1234567-801"),
        ("0799-1234567#801", "0799-1234567-801"),
        ("+86 799 1234567 转 8", "0799-1234567-8"),
        ("0799-1234567-8", "0799-1234567-8"),
        ("07991234567-801", "0799-1234567-801"),
        ("0799-12345678", "0799-12345678"),
        ("0755 8765 4321", "0755-87654321"),
        # abroad
        ("+852 9123 4567", "+85291234567"),
        ("00852-9123-4567", "+85291234567"),
        ("+1 (555) 234-5678", "+15552345678"),
    ],
)
def test_accepted(raw: str, expected: str) -> None:
    assert phones.normalize(raw) == expected
    assert phones.parse(raw) == expected
    assert phones.normalize(expected) == expected  # canonical text is a fixed point


@pytest.mark.parametrize(
    "raw",
    [
        "12345678901",  # 11 digits, not a mobile
        "1234567",
        "2345678",  # a landline without its area code
        "87654321",
        "1381234567",  # a mobile with a digit missing
        "138123456789",
        "0799-123456",  # local number too short
        "010-1234567",  # Beijing numbers have 8 digits
        "0799-0234567",  # a local number never starts with 0
        "010-0234-5678",
        "0799-1234567-8012345",  # extension too long
        "13812345678转801",  # no extension on a mobile
        "138-1234-5678-1",
        "4008001234",  # service numbers reach no person
        "95588",
        "110",
        "+852 123",  # too short abroad
        "+852 9123 4567 转 1",
        "+86",
        "+",
        "电话",
        "call me",
        "138 1234 567a",
        "١٣٨١٢٣٤٥٦٧٨",  # Arabic-Indic digits are digits to str.isdigit, not to a phone
        "",
        "  ",
    ],
)
def test_refused(raw: str) -> None:
    assert phones.normalize(raw) is None


def test_parse_blank_and_error() -> None:
    assert phones.parse("") == phones.parse("  ") == ""
    with pytest.raises(phones.InvalidPhone) as e:
        phones.parse("12345", field="caregiver_phone")
    assert (e.value.code, e.value.field) == ("phone.format", "caregiver_phone")
    assert e.value.message == f"电话号码格式不正确：{phones.RULE}"
    assert "区号" in phones.RULE


@pytest.mark.parametrize(
    ("raw", "masked"),
    [
        ("138 1234 5678", "138****5678"),
        ("0799 1234567", "0799-*****67"),
        ("010 12345678", "010-******78"),
        ("0799-1234567转801", "0799-*********01"),
        ("+852 9123 4567", "+85*******67"),
    ],
)
def test_every_canonical_form_is_masked(raw: str, masked: str) -> None:
    assert mask_phone(phones.parse(raw)) == masked

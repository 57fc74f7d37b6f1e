"""艾滋病病毒感染儿童 (川民政厅 2020 专项行动实施方案 二; docs/rules/eligibility.md#hiv-infected-children)."""

from __future__ import annotations

from datetime import date

import pytest

from seedling.eligibility import Category, ChildFacts
from seedling.eligibility.tests.helpers import child, det

HIV = Category.HIV

CASES = [
    ("infected", child(hiv=True), True, ("HIV.AGE_UNDER_18", "HIV.POSITIVE"), date(2030, 6, 15)),
    (
        "adoption does not end it",
        child(hiv=True, adopted_on=date(2024, 1, 1)),
        True,
        ("HIV.AGE_UNDER_18", "HIV.POSITIVE"),
        date(2030, 6, 15),
    ),
    (
        "death recorded ahead",
        child(hiv=True, died_on=date(2025, 4, 1)),
        True,
        ("HIV.AGE_UNDER_18", "HIV.POSITIVE"),
        date(2025, 4, 1),
    ),
    ("not infected", child(), False, ("HIV.NOT_POSITIVE",), None),
    (
        "not infected, death recorded ahead",
        child(died_on=date(2025, 4, 1)),
        False,
        ("HIV.NOT_POSITIVE",),
        date(2025, 4, 1),
    ),
    ("exit: aged 18", child(hiv=True, dob=date(2007, 3, 10)), False, ("HIV.AGE_18_OR_OVER",), None),
    ("exit: died", child(hiv=True, died_on=date(2025, 3, 10)), False, ("PERSON.DIED",), None),
]


@pytest.mark.parametrize(
    ("facts", "applies", "codes", "next_recheck"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_hiv(facts: ChildFacts, applies: bool, codes: tuple[str, ...], next_recheck: date | None) -> None:
    d = det(facts, HIV)
    assert (d.applies, d.codes, d.next_recheck) == (applies, codes, next_recheck)
    assert d.needs_confirmation is False

"""孤儿 (川民政厅 2020 专项行动实施方案 二, 国办发〔2010〕54号; docs/rules/eligibility.md#orp-orphans)."""

from __future__ import annotations

from datetime import date

import pytest

from seedling.eligibility import DEFAULT_POLICY, Category, ChildFacts, Schooling
from seedling.eligibility.tests.helpers import AS_OF, K, child, det, sit

ORP = Category.ORPHAN
BDAY18 = date(2030, 6, 15)
AGE = "ORP.AGE_UNDER_18"
DEAD = sit(K.DEAD, date(2020, 1, 1))
MISSING = sit(K.MISSING, date(2021, 1, 1))
UNKNOWN = sit(K.UNKNOWN)
ADULT = date(2007, 3, 10)  # 18 on AS_OF

CASES = [
    ("both parents dead", child((DEAD,), (DEAD,)), True, (AGE, "ORP.PARENT_DEAD", "ORP.PARENT_DEAD"), BDAY18),
    (
        "one dead, one declared missing",
        child((DEAD,), (MISSING,)),
        True,
        (AGE, "ORP.PARENT_DEAD", "ORP.PARENT_MISSING"),
        BDAY18,
    ),
    (
        "both declared missing",
        child((MISSING,), (MISSING,)),
        True,
        (AGE, "ORP.PARENT_MISSING", "ORP.PARENT_MISSING"),
        BDAY18,
    ),
    (
        "birth parents cannot be found",
        child((UNKNOWN,), (UNKNOWN,)),
        True,
        (AGE, "ORP.PARENT_UNKNOWN", "ORP.PARENT_UNKNOWN"),
        BDAY18,
    ),
    (
        "mother dead, father cannot be found",
        child((UNKNOWN,), (DEAD,)),
        True,
        (AGE, "ORP.PARENT_UNKNOWN", "ORP.PARENT_DEAD"),
        BDAY18,
    ),
    ("only one parent dead", child((DEAD,)), False, ("ORP.NOT_BOTH_LOST", "ORP.PARENT_DEAD"), None),
    ("both parents alive", child(), False, ("ORP.NOT_BOTH_LOST",), None),
    (
        "exit: the missing parent was found",
        child((DEAD,), (sit(K.MISSING, date(2021, 1, 1), date(2025, 2, 1)),)),
        False,
        ("ORP.NOT_BOTH_LOST", "ORP.PARENT_DEAD", "SIT.ENDED"),
        None,
    ),
    (
        "a finding recorded ahead: re-check that day",
        child((DEAD,), (sit(K.MISSING, date(2021, 1, 1), date(2025, 5, 1)),)),
        True,
        (AGE, "ORP.PARENT_DEAD", "ORP.PARENT_MISSING"),
        date(2025, 5, 1),
    ),
    (
        "a death recorded ahead: re-check that day",
        child((DEAD,), (sit(K.DEAD, date(2025, 5, 1)),)),
        False,
        ("ORP.NOT_BOTH_LOST", "ORP.PARENT_DEAD"),
        date(2025, 5, 1),
    ),
    ("exit: aged 18", child((DEAD,), (DEAD,), dob=ADULT), False, ("ORP.AGE_18_OR_OVER",), None),
    (
        "after 18 in full-time higher education: re-verified half-yearly from the 18th birthday",
        child((DEAD,), (DEAD,), dob=ADULT, schooling=Schooling.HIGHER),
        True,
        ("ORP.CONTINUED_IN_SCHOOL", "ORP.PARENT_DEAD", "ORP.PARENT_DEAD"),
        date(2025, 9, 10),
    ),
    (
        "after 18, vocational school ending before the re-verification",
        child(
            (DEAD,),
            (DEAD,),
            dob=ADULT,
            schooling=Schooling.VOCATIONAL_SECONDARY,
            schooling_until=date(2025, 7, 1),
        ),
        True,
        ("ORP.CONTINUED_IN_SCHOOL", "ORP.PARENT_DEAD", "ORP.PARENT_DEAD"),
        date(2025, 7, 1),
    ),
    (
        "after 18 in lower secondary: no continuation by default",
        child((DEAD,), (DEAD,), dob=ADULT, schooling=Schooling.JUNIOR_SECONDARY),
        False,
        ("ORP.AGE_18_OR_OVER",),
        None,
    ),
    (
        "after 18, in school, but one parent alive",
        child((DEAD,), dob=ADULT, schooling=Schooling.HIGHER),
        False,
        ("ORP.NOT_BOTH_LOST", "ORP.PARENT_DEAD"),
        None,
    ),
    ("exit: adopted", child((DEAD,), (DEAD,), adopted_on=date(2024, 12, 1)), False, ("CHILD.ADOPTED",), None),
    ("exit: died", child((DEAD,), (DEAD,), died_on=date(2024, 12, 1)), False, ("PERSON.DIED",), None),
]


@pytest.mark.parametrize(
    ("facts", "applies", "codes", "next_recheck"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_orphan(facts: ChildFacts, applies: bool, codes: tuple[str, ...], next_recheck: date | None) -> None:
    d = det(facts, ORP, AS_OF, DEFAULT_POLICY)
    assert (d.applies, d.codes, d.next_recheck) == (applies, codes, next_recheck)
    assert d.needs_confirmation is applies


def test_reverification_dates_step_half_a_year_from_the_18th_birthday() -> None:
    facts = child((DEAD,), (DEAD,), dob=date(2006, 8, 31), schooling=Schooling.HIGHER)
    assert det(facts, ORP, date(2024, 8, 31)).next_recheck == date(2025, 2, 28)
    assert det(facts, ORP, date(2025, 2, 27)).next_recheck == date(2025, 2, 28)
    assert det(facts, ORP, date(2025, 2, 28)).next_recheck == date(2025, 8, 31)
    assert det(facts, ORP, date(2025, 8, 30)).next_recheck == date(2025, 8, 31)
    assert det(facts, ORP, date(2027, 1, 15)).next_recheck == date(2027, 2, 28)


def test_messages() -> None:
    d = det(child((sit(K.UNKNOWN),), (sit(K.MISSING, date(2021, 1, 1)),)), ORP)
    assert [r.message_zh for r in d.reasons] == [
        "未满18周岁（12周岁）",
        "父亲查找不到",
        "母亲失踪（2021-01-01）（人民法院宣告失踪）",
    ]
    adult = det(child((DEAD,), (DEAD,), dob=ADULT, schooling=Schooling.HIGHER), ORP)
    assert adult.reasons[0].message_zh == "已满18周岁，仍在高等教育就读，继续保障"
    aged = det(child((DEAD,), (DEAD,), dob=ADULT), ORP)
    assert aged.reasons[0].message_zh == "已满18周岁（2025-03-10满18周岁）"

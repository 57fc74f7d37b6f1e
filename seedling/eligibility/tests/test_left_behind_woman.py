"""农村留守妇女 (川民政厅 2020 专项行动实施方案 二; docs/rules/eligibility.md#lbw-rural-left-behind-women)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from seedling.eligibility import DEFAULT_POLICY, SICHUAN, Category, Policy, Situation, WomanFacts, evaluate
from seedling.eligibility.tests.helpers import AS_OF, K, away, rel, sit

LBW = Category.LEFT_BEHIND_WOMAN
DOB = date(1980, 5, 20)  # 60 on 2040-05-20
BDAY60 = date(2040, 5, 20)
APPLIES = ("LBW.AGE_UNDER_60", "LBW.RURAL", "LBW.HUSBAND_AWAY")


def woman(*husband: Situation, dob: date = DOB, **kw: Any) -> WomanFacts:
    return WomanFacts(dob, husband=rel(*husband), **kw)


CASES = [
    (
        "husband away exactly half a year",
        woman(away(date(2024, 9, 10))),
        DEFAULT_POLICY,
        True,
        APPLIES,
        BDAY60,
    ),
    (
        "one day short",
        woman(away(date(2024, 9, 11))),
        DEFAULT_POLICY,
        False,
        ("LBW.HUSBAND_NOT_AWAY", "SIT.PENDING"),
        date(2025, 3, 11),
    ),
    (
        "half a year even in Sichuan (the 3-month rule is for children)",
        woman(away(date(2024, 12, 10))),
        SICHUAN,
        False,
        ("LBW.HUSBAND_NOT_AWAY", "SIT.PENDING"),
        date(2025, 6, 10),
    ),
    (
        "exit: husband returned",
        woman(away(date(2023, 1, 1), until=date(2025, 3, 10))),
        DEFAULT_POLICY,
        False,
        ("LBW.HUSBAND_NOT_AWAY", "SIT.ENDED"),
        None,
    ),
    (
        "return recorded ahead",
        woman(away(date(2023, 1, 1), until=date(2025, 3, 11))),
        DEFAULT_POLICY,
        True,
        APPLIES,
        date(2025, 3, 11),
    ),
    ("husband at home", woman(), DEFAULT_POLICY, False, ("LBW.HUSBAND_NOT_AWAY",), None),
    (
        "husband's other situations do not matter",
        woman(sit(K.IMPRISONED, date(2024, 1, 1), term_months=36)),
        DEFAULT_POLICY,
        False,
        ("LBW.HUSBAND_NOT_AWAY",),
        None,
    ),
    (
        "exit: moved away from the village",
        woman(away(date(2023, 1, 1)), resides_rural=False),
        DEFAULT_POLICY,
        False,
        ("LBW.NOT_RURAL",),
        None,
    ),
    (
        "exit: aged 60 on the birthday",
        woman(away(date(2023, 1, 1)), dob=date(1965, 3, 10)),
        DEFAULT_POLICY,
        False,
        ("LBW.AGE_60_OR_OVER",),
        None,
    ),
    (
        "the day before the 60th birthday",
        woman(away(date(2023, 1, 1)), dob=date(1965, 3, 11)),
        DEFAULT_POLICY,
        True,
        APPLIES,
        date(2025, 3, 11),
    ),
    (
        "exit: died",
        woman(away(date(2023, 1, 1)), died_on=date(2025, 1, 1)),
        DEFAULT_POLICY,
        False,
        ("PERSON.DIED",),
        None,
    ),
    (
        "death recorded ahead",
        woman(away(date(2023, 1, 1)), died_on=date(2025, 6, 1)),
        DEFAULT_POLICY,
        True,
        APPLIES,
        date(2025, 6, 1),
    ),
]


@pytest.mark.parametrize(
    ("facts", "policy", "applies", "codes", "next_recheck"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_left_behind_woman(
    facts: WomanFacts, policy: Policy, applies: bool, codes: tuple[str, ...], next_recheck: date | None
) -> None:
    evaluation = evaluate(facts, AS_OF, policy)
    assert [d.category for d in evaluation.determinations] == [LBW]
    d = evaluation.get(LBW)
    assert (d.applies, d.codes, d.next_recheck) == (applies, codes, next_recheck)


def test_messages() -> None:
    d = evaluate(woman(away(date(2024, 1, 5))), AS_OF).get(LBW)
    assert [r.message_zh for r in d.reasons] == [
        "不满60周岁（44周岁）",
        "本人留在农村居住生活",
        "丈夫连续外出务工、经商已满6个月（自2024-01-05起）",
    ]
    pending = evaluate(woman(away(date(2024, 12, 1))), AS_OF).get(LBW)
    assert pending.reasons[1].message_zh == "丈夫外出务工（自2024-12-01起）未满6个月，2025-06-01满6个月"

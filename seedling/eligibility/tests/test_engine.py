"""``evaluate``: all categories, their order, the overall re-check date, policy versions."""

from __future__ import annotations

from datetime import date

import pytest

from seedling.eligibility import (
    DEFAULT_POLICY,
    Category,
    HarmEvent,
    HarmKind,
    Household,
    Policy,
    PolicyVersion,
    WomanFacts,
    evaluate,
)
from seedling.eligibility.engine import CHILD_CATEGORIES
from seedling.eligibility.tests.helpers import AS_OF, DOB, K, away, child, custody, sit


def test_a_child_gets_every_child_category_in_display_order() -> None:
    facts = child(
        (custody(date(2024, 1, 1), 36),),
        (sit(K.DEAD, date(2020, 1, 1)),),
        household=Household(dibao=True),
        harm=(HarmEvent(HarmKind.ABUSE, date(2025, 1, 1)),),
        hiv=True,
    )
    evaluation = evaluate(facts, AS_OF)
    assert evaluation.as_of == AS_OF
    assert (
        tuple(d.category for d in evaluation.determinations)
        == CHILD_CATEGORIES
        == (
            Category.ORPHAN,
            Category.UNSUPPORTED,
            Category.IMPROPER_GUARDIANSHIP,
            Category.DIFFICULTY,
            Category.LEFT_BEHIND,
            Category.HIV,
        )
    )
    assert evaluation.categories == (
        Category.UNSUPPORTED,
        Category.IMPROPER_GUARDIANSHIP,
        Category.DIFFICULTY,
        Category.HIV,
    )
    # The father's release on 2027-01-01 is the first change.
    assert evaluation.next_recheck == date(2027, 1, 1)
    assert [str(c) for c in evaluation.categories] == [
        "事实无人抚养儿童",
        "监护不当儿童",
        "困境儿童",
        "艾滋病病毒感染儿童",
    ]


def test_get_unknown_category() -> None:
    evaluation = evaluate(WomanFacts(date(1980, 1, 1)), AS_OF)
    with pytest.raises(KeyError):
        evaluation.get(Category.ORPHAN)


def test_nothing_applies_and_nothing_can_change() -> None:
    evaluation = evaluate(child(hukou=None), AS_OF)
    assert evaluation.categories == ()
    assert evaluation.next_recheck is None


def test_the_nearest_determination_sets_the_overall_recheck() -> None:
    facts = child((away(date(2024, 1, 5)),), (away(date(2024, 1, 5)),), hiv=True)
    evaluation = evaluate(facts, AS_OF)
    assert evaluation.get(Category.LEFT_BEHIND).next_recheck == date(2028, 6, 15)
    assert evaluation.get(Category.HIV).next_recheck == date(2030, 6, 15)
    assert evaluation.next_recheck == date(2028, 6, 15)


def test_before_birth_nothing_applies_until_the_birth() -> None:
    evaluation = evaluate(child(hiv=True), date(2012, 6, 14))
    assert evaluation.categories == ()
    assert {d.codes for d in evaluation.determinations} == {("PERSON.NOT_BORN",)}
    assert evaluation.next_recheck == DOB
    assert evaluation.determinations[0].reasons[0].message_zh == "尚未出生（出生日期2012-06-15）"
    woman = evaluate(WomanFacts(date(1980, 1, 1)), date(1979, 1, 1))
    assert [d.codes for d in woman.determinations] == [("PERSON.NOT_BORN",)]
    assert woman.next_recheck == date(1980, 1, 1)


def test_a_coming_policy_version_is_a_recheck_date() -> None:
    policy = Policy(
        "新规",
        (
            PolicyVersion(effective_from=date.min),
            PolicyVersion(effective_from=date(2025, 7, 1), lb_away_min_months=3),
        ),
    )
    facts = child((away(date(2025, 1, 10)),), (away(date(2025, 1, 10)),))
    before = evaluate(facts, AS_OF, policy)
    assert before.get(Category.LEFT_BEHIND).next_recheck == date(2025, 7, 10)  # 6 months under today's rule
    assert before.next_recheck == date(2025, 7, 1)  # but the 3-month rule starts first
    assert evaluate(facts, date(2025, 7, 1), policy).get(Category.LEFT_BEHIND).applies is True
    assert evaluate(facts, date(2025, 6, 30), policy).get(Category.LEFT_BEHIND).applies is False


def test_the_default_policy_brings_in_the_2020_additions() -> None:
    facts = child((sit(K.GUARDIANSHIP_REVOKED, date(2019, 1, 1)),), (sit(K.DEAD, date(2019, 1, 1)),))
    before = evaluate(facts, date(2020, 12, 31), DEFAULT_POLICY)
    assert before.get(Category.UNSUPPORTED).applies is False
    assert before.next_recheck == date(2021, 1, 1)
    assert evaluate(facts, date(2021, 1, 1), DEFAULT_POLICY).get(Category.UNSUPPORTED).applies is True

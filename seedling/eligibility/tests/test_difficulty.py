"""困境儿童 and 监护不当儿童 (川民政厅 2020 专项行动实施方案 二, 国发〔2016〕36号;
docs/rules/eligibility.md#dc-children-in-difficulty, #improper-guardianship)."""

from __future__ import annotations

from datetime import date

import pytest

from seedling.eligibility import (
    Category,
    ChildFacts,
    DifficultySubtype,
    Disability,
    DisabilityCategory,
    HarmEvent,
    HarmKind,
    Household,
)
from seedling.eligibility.tests.helpers import AS_OF, K, child, custody, det, sit

DC = Category.DIFFICULTY
IG = Category.IMPROPER_GUARDIANSHIP
BDAY18 = date(2030, 6, 15)
AGE = "DC.AGE_UNDER_18"
P = DifficultySubtype
PRISON = custody(date(2024, 1, 1), 36)  # released 2027-01-01
ABUSE = HarmEvent(HarmKind.ABUSE, date(2025, 1, 20))
RESOLVED = HarmEvent(HarmKind.ABANDONMENT, date(2024, 5, 1), resolved_on=date(2024, 9, 1))

DC_CASES = [
    # (id, facts, applies, codes, subtypes, next_recheck)
    (
        "低保 family",
        child(household=Household(dibao=True)),
        True,
        (AGE, "DC.POVERTY.DIBAO"),
        (P.POVERTY,),
        BDAY18,
    ),
    (
        "特困 support",
        child(household=Household(tekun=True)),
        True,
        (AGE, "DC.POVERTY.TEKUN"),
        (P.POVERTY,),
        BDAY18,
    ),
    (
        "低保 and 特困",
        child(household=Household(dibao=True, tekun=True)),
        True,
        (AGE, "DC.POVERTY.DIBAO", "DC.POVERTY.TEKUN"),
        (P.POVERTY,),
        BDAY18,
    ),
    (
        "holds a disability certificate (any grade)",
        child(disability=Disability(DisabilityCategory.HEARING, 4)),
        True,
        (AGE, "DC.DISABILITY"),
        (P.DISABILITY,),
        BDAY18,
    ),
    (
        "de facto unsupported",
        child((PRISON,), (PRISON,)),
        True,
        (AGE, "DC.GUARD.FDU"),
        (P.UNSUPPORTED,),
        date(2027, 1, 1),
    ),
    (
        "harmed by improper guardianship",
        child(harm=(ABUSE,)),
        True,
        (AGE, "DC.GUARD.IMPROPER"),
        (P.IMPROPER_GUARDIANSHIP,),
        BDAY18,
    ),
    (
        "all four sub-types",
        child(
            (PRISON,),
            (PRISON,),
            household=Household(dibao=True),
            disability=Disability(DisabilityCategory.PHYSICAL, 2),
            harm=(ABUSE,),
        ),
        True,
        (AGE, "DC.POVERTY.DIBAO", "DC.DISABILITY", "DC.GUARD.FDU", "DC.GUARD.IMPROPER"),
        (P.POVERTY, P.DISABILITY, P.UNSUPPORTED, P.IMPROPER_GUARDIANSHIP),
        date(2027, 1, 1),
    ),
    ("none", child(), False, ("DC.NONE",), (), None),
    ("exit: harm assessed as resolved", child(harm=(RESOLVED,)), False, ("DC.NONE",), (), None),
    (
        "not yet FDU: re-check when the parent's situation reaches its threshold",
        child((PRISON,), (sit(K.LOST_CONTACT, date(2025, 1, 1)),)),
        False,
        ("DC.NONE",),
        (),
        date(2025, 7, 1),
    ),
    (
        "exit: aged 18",
        child(household=Household(dibao=True), dob=date(2007, 3, 10)),
        False,
        ("DC.AGE_18_OR_OVER",),
        (),
        None,
    ),
    (
        "exit: died",
        child(household=Household(dibao=True), died_on=date(2025, 1, 1)),
        False,
        ("PERSON.DIED",),
        (),
        None,
    ),
    (
        "exit: adopted",
        child(household=Household(dibao=True), adopted_on=date(2025, 1, 1)),
        False,
        ("CHILD.ADOPTED",),
        (),
        None,
    ),
]


@pytest.mark.parametrize(
    ("facts", "applies", "codes", "subtypes", "next_recheck"),
    [c[1:] for c in DC_CASES],
    ids=[c[0] for c in DC_CASES],
)
def test_difficulty(
    facts: ChildFacts,
    applies: bool,
    codes: tuple[str, ...],
    subtypes: tuple[DifficultySubtype, ...],
    next_recheck: date | None,
) -> None:
    d = det(facts, DC)
    assert (d.applies, d.codes, d.subtypes, d.next_recheck) == (applies, codes, subtypes, next_recheck)
    assert d.needs_confirmation is False


IG_CASES = [
    ("abuse not yet resolved", child(harm=(ABUSE,)), True, (AGE, "DC.GUARD.IMPROPER"), BDAY18),
    (
        "resolution recorded ahead: re-check that day",
        child(harm=(HarmEvent(HarmKind.UNLAWFUL_HARM, date(2025, 1, 1), date(2025, 6, 1)),)),
        True,
        (AGE, "DC.GUARD.IMPROPER"),
        date(2025, 6, 1),
    ),
    (
        "two events, one resolved",
        child(harm=(RESOLVED, HarmEvent(HarmKind.ACCIDENTAL_INJURY, date(2025, 2, 1)))),
        True,
        (AGE, "DC.GUARD.IMPROPER"),
        BDAY18,
    ),
    ("exit: resolved", child(harm=(RESOLVED,)), False, ("IG.NO_HARM", "IG.HARM_RESOLVED"), None),
    (
        "an event recorded ahead",
        child(harm=(HarmEvent(HarmKind.ABUSE, date(2025, 4, 1)),)),
        False,
        ("IG.NO_HARM",),
        date(2025, 4, 1),
    ),
    ("no events", child(), False, ("IG.NO_HARM",), None),
    (
        "no events, death recorded ahead",
        child(died_on=date(2025, 8, 1)),
        False,
        ("IG.NO_HARM",),
        date(2025, 8, 1),
    ),
    ("exit: aged 18", child(harm=(ABUSE,), dob=date(2007, 3, 10)), False, ("DC.AGE_18_OR_OVER",), None),
]


@pytest.mark.parametrize(
    ("facts", "applies", "codes", "next_recheck"), [c[1:] for c in IG_CASES], ids=[c[0] for c in IG_CASES]
)
def test_improper_guardianship(
    facts: ChildFacts, applies: bool, codes: tuple[str, ...], next_recheck: date | None
) -> None:
    d = det(facts, IG)
    assert (d.applies, d.codes, d.next_recheck) == (applies, codes, next_recheck)


def test_messages() -> None:
    d = det(
        child(
            household=Household(dibao=True),
            disability=Disability(DisabilityCategory.PHYSICAL, 4),
            harm=(ABUSE,),
        ),
        DC,
    )
    assert [r.message_zh for r in d.reasons] == [
        "未满18周岁（12周岁）",
        "家庭享受最低生活保障（低保）",
        "本人持有残疾人证（肢体残疾四级）",
        "因监护不当遭受虐待（2025-01-20）",
    ]
    resolved = det(child(harm=(RESOLVED,)), IG)
    assert resolved.reasons[1].message_zh == "遗弃（2024-05-01）已于2024-09-01评估消除"


def test_the_difficulty_recheck_follows_its_guardianship_subtypes() -> None:
    facts = child(harm=(HarmEvent(HarmKind.ABUSE, date(2025, 1, 1), date(2025, 6, 1)),))
    assert det(facts, DC, AS_OF).next_recheck == date(2025, 6, 1)
    after = det(facts, DC, date(2025, 6, 1))
    assert (after.applies, after.next_recheck) == (False, None)

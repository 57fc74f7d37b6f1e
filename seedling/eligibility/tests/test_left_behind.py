"""农村留守儿童 (川民政厅 2020 专项行动实施方案 二; docs/rules/eligibility.md#lb-rural-left-behind-children),
one row per rule and exit."""

from __future__ import annotations

from datetime import date

import pytest

from seedling.eligibility import (
    DEFAULT_POLICY,
    SICHUAN,
    Caregiver,
    CaregiverKind,
    Category,
    ChildFacts,
    DisabilityCategory,
    HukouType,
    Policy,
)
from seedling.eligibility.policy import NATIONAL_DEFAULT_BASIS, SICHUAN_BASIS
from seedling.eligibility.reasons import Reason
from seedling.eligibility.tests.helpers import AS_OF, K, away, child, custody, det, disabled, sit

LB = Category.LEFT_BEHIND
BDAY16 = date(2028, 6, 15)
LONG = date(2024, 1, 5)  # away long enough under any policy on AS_OF
APPLIES = ("LB.AGE_UNDER_16", "LB.RURAL_HUKOU")

CASES = [
    # (id, facts, policy, applies, codes, next_recheck)
    (
        "both parents away, the second exactly 6 months on the day",
        child((away(LONG),), (away(date(2024, 9, 10)),)),
        DEFAULT_POLICY,
        True,
        (*APPLIES, "LB.BOTH_AWAY", "LB.AWAY_MIN", "LB.AWAY_MIN"),
        BDAY16,
    ),
    (
        "mother away one day short of 6 months",
        child((away(LONG),), (away(date(2024, 9, 11)),)),
        DEFAULT_POLICY,
        False,
        ("LB.NO_PATTERN", "SIT.AWAY_PENDING"),
        date(2025, 3, 11),
    ),
    (
        "Sichuan counts 3 months of work away",
        child((away(date(2024, 12, 10)),), (away(date(2024, 12, 10)),)),
        SICHUAN,
        True,
        (*APPLIES, "LB.BOTH_AWAY", "LB.AWAY_MIN", "LB.AWAY_MIN"),
        BDAY16,
    ),
    (
        "3 months is not enough under the default 6",
        child((away(date(2024, 12, 10)),), (away(date(2024, 12, 10)),)),
        DEFAULT_POLICY,
        False,
        ("LB.NO_PATTERN", "SIT.AWAY_PENDING", "SIT.AWAY_PENDING"),
        date(2025, 6, 10),
    ),
    (
        "father away, mother seriously ill at home",
        child((away(LONG),), (sit(K.SERIOUS_ILLNESS, date(2023, 1, 1), illness="尿毒症"),)),
        DEFAULT_POLICY,
        True,
        (*APPLIES, "LB.ONE_AWAY_OTHER_INCAPABLE", "LB.AWAY_MIN", "LB.INCAPABLE"),
        BDAY16,
    ),
    (
        "mother away, father grade 3 mental disability",
        child((disabled(DisabilityCategory.MENTAL, 3),), (away(LONG),)),
        DEFAULT_POLICY,
        True,
        (*APPLIES, "LB.ONE_AWAY_OTHER_INCAPABLE", "LB.AWAY_MIN", "LB.INCAPABLE"),
        BDAY16,
    ),
    (
        "grade 4 physical disability is not 重残",
        child((away(LONG),), (disabled(DisabilityCategory.PHYSICAL, 4),)),
        DEFAULT_POLICY,
        False,
        ("LB.NO_PATTERN", "SIT.NOT_SEVERE"),
        None,
    ),
    (
        "father away, mother dead (Q2)",
        child((away(LONG),), (sit(K.DEAD, date(2020, 5, 1)),)),
        DEFAULT_POLICY,
        True,
        (*APPLIES, "LB.ONE_AWAY_OTHER_INCAPABLE", "LB.AWAY_MIN", "LB.INCAPABLE_OTHER"),
        BDAY16,
    ),
    (
        "father away, mother imprisoned 12 months: re-check on her release",
        child((away(LONG),), (custody(date(2024, 10, 1), 12),)),
        DEFAULT_POLICY,
        True,
        (*APPLIES, "LB.ONE_AWAY_OTHER_INCAPABLE", "LB.AWAY_MIN", "LB.INCAPABLE_OTHER"),
        date(2025, 10, 1),
    ),
    (
        "mother away, father lost contact for 6 months",
        child((sit(K.LOST_CONTACT, date(2024, 9, 10)),), (away(LONG),)),
        DEFAULT_POLICY,
        True,
        (*APPLIES, "LB.ONE_AWAY_OTHER_INCAPABLE", "LB.AWAY_MIN", "LB.INCAPABLE_OTHER"),
        BDAY16,
    ),
    (
        "father away, mother at home and capable",
        child((away(LONG),)),
        DEFAULT_POLICY,
        False,
        ("LB.NO_PATTERN",),
        None,
    ),
    (
        "exit: father returned home",
        child((away(LONG, until=date(2025, 2, 1)),), (away(LONG),)),
        DEFAULT_POLICY,
        False,
        ("LB.NO_PATTERN", "SIT.ENDED"),
        None,
    ),
    (
        "father's return recorded ahead: re-check on that day",
        child((away(LONG, until=date(2025, 5, 1)),), (away(LONG),)),
        DEFAULT_POLICY,
        True,
        (*APPLIES, "LB.BOTH_AWAY", "LB.AWAY_MIN", "LB.AWAY_MIN"),
        date(2025, 5, 1),
    ),
    (
        "away start unknown",
        child((away(None),), (away(LONG),)),
        DEFAULT_POLICY,
        False,
        ("LB.NO_PATTERN", "SIT.SINCE_UNKNOWN"),
        None,
    ),
    (
        "a stay that ends before it reaches 6 months never counts",
        child((away(date(2025, 1, 1), until=date(2025, 5, 1)),), (away(LONG),)),
        DEFAULT_POLICY,
        False,
        ("LB.NO_PATTERN", "SIT.AWAY_ENDS_EARLY"),
        None,
    ),
    (
        "departure recorded ahead: re-check when it reaches 6 months",
        child((away(date(2025, 6, 1)),), (away(LONG),)),
        DEFAULT_POLICY,
        False,
        ("LB.NO_PATTERN", "SIT.AWAY_PENDING"),
        date(2025, 12, 1),
    ),
    (
        "mother's 其他 situation is not counted automatically",
        child((away(LONG),), (sit(K.OTHER, date(2024, 1, 1)),)),
        DEFAULT_POLICY,
        False,
        ("LB.NO_PATTERN", "SIT.OTHER"),
        None,
    ),
    (
        "exit: aged 16 on the birthday",
        child((away(LONG),), (away(LONG),), dob=date(2009, 3, 10)),
        DEFAULT_POLICY,
        False,
        ("LB.AGE_16_OR_OVER",),
        None,
    ),
    (
        "the day before the 16th birthday",
        child((away(LONG),), (away(LONG),), dob=date(2009, 3, 11)),
        DEFAULT_POLICY,
        True,
        (*APPLIES, "LB.BOTH_AWAY", "LB.AWAY_MIN", "LB.AWAY_MIN"),
        date(2025, 3, 11),
    ),
    (
        "urban hukou",
        child((away(LONG),), (away(LONG),), hukou=HukouType.URBAN),
        DEFAULT_POLICY,
        False,
        ("LB.HUKOU_NOT_RURAL",),
        None,
    ),
    (
        "hukou type not recorded",
        child((away(LONG),), (away(LONG),), hukou=None),
        DEFAULT_POLICY,
        False,
        ("LB.HUKOU_UNKNOWN",),
        None,
    ),
    (
        "exit: moved to live with the parents where they work",
        child((away(LONG),), (away(LONG),), joined_parent_on=date(2025, 1, 1)),
        DEFAULT_POLICY,
        False,
        ("LB.JOINED_PARENT",),
        None,
    ),
    (
        "a move recorded ahead: re-check that day",
        child((away(LONG),), (away(LONG),), joined_parent_on=date(2025, 4, 1)),
        DEFAULT_POLICY,
        True,
        (*APPLIES, "LB.BOTH_AWAY", "LB.AWAY_MIN", "LB.AWAY_MIN"),
        date(2025, 4, 1),
    ),
    (
        "exit: died",
        child((away(LONG),), (away(LONG),), died_on=date(2025, 1, 2)),
        DEFAULT_POLICY,
        False,
        ("PERSON.DIED",),
        None,
    ),
    (
        "exit: adopted",
        child((away(LONG),), (away(LONG),), adopted_on=date(2025, 1, 2)),
        DEFAULT_POLICY,
        False,
        ("CHILD.ADOPTED",),
        None,
    ),
    (
        "death recorded ahead: re-check that day",
        child((away(LONG),), (away(LONG),), died_on=date(2025, 4, 2)),
        DEFAULT_POLICY,
        True,
        (*APPLIES, "LB.BOTH_AWAY", "LB.AWAY_MIN", "LB.AWAY_MIN"),
        date(2025, 4, 2),
    ),
]


@pytest.mark.parametrize(
    ("facts", "policy", "applies", "codes", "next_recheck"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_left_behind(
    facts: ChildFacts, policy: Policy, applies: bool, codes: tuple[str, ...], next_recheck: date | None
) -> None:
    d = det(facts, LB, AS_OF, policy)
    assert (d.applies, d.codes, d.next_recheck) == (applies, codes, next_recheck)
    assert d.needs_confirmation is False


def test_messages_name_the_parent_the_months_and_the_date() -> None:
    d = det(child((away(LONG),), (sit(K.SERIOUS_ILLNESS, date(2023, 1, 1), illness="尿毒症"),)), LB)
    assert [r.message_zh for r in d.reasons] == [
        "不满16周岁（12周岁）",
        "农村户籍",
        "父母一方外出务工，另一方无监护能力",
        "父亲连续外出务工已满6个月（自2024-01-05起；务工时限：连续外出务工6个月以上，依据护苗全国默认值（本省未另行规定））",
        "母亲重病（尿毒症），丧失监护能力",
    ]
    sichuan = det(child((away(date(2024, 12, 10)),), (away(LONG),)), LB, policy=SICHUAN)
    assert sichuan.reasons[3] == Reason("LB.AWAY_MIN", ("父亲", 3, date(2024, 12, 10), SICHUAN_BASIS))
    assert sichuan.reasons[3].message_zh == (
        "父亲连续外出务工已满3个月（自2024-12-10起；务工时限：连续外出务工3个月以上，"
        "依据川民政厅2020年专项行动实施方案二（“可按连续外出务工3个月以上把握”））"
    )
    pending = det(child((away(LONG),), (away(date(2024, 9, 11)),)), LB)
    assert pending.reasons[1].message_zh == (
        "母亲外出务工（自2024-09-11起）未满6个月，2025-03-11满6个月"
        "（务工时限：连续外出务工6个月以上，依据护苗全国默认值（本省未另行规定））"
    )


def test_the_2020_additions_make_a_parent_incapable_only_once_in_force() -> None:
    revoked = sit(K.GUARDIANSHIP_REVOKED, date(2019, 1, 1))
    facts = child((away(date(2019, 1, 1)),), (revoked,), dob=date(2010, 1, 1))
    before = det(facts, LB, date(2020, 6, 1))
    assert (before.applies, before.codes) == (False, ("LB.NO_PATTERN", "SIT.NOT_IN_FORCE"))
    assert before.next_recheck is None  # the policy change is the evaluation's re-check date
    after = det(facts, LB, date(2021, 1, 1))
    assert after.codes == (*APPLIES, "LB.ONE_AWAY_OTHER_INCAPABLE", "LB.AWAY_MIN", "LB.INCAPABLE_OTHER")
    assert after.reasons[-1].message_zh == "母亲被撤销监护资格（自2019-01-01起），视为无监护能力"


# Overlapping categories (LB-X4, docs/rules/eligibility.md#category-interplay). 川民政厅 2020 专项行动
# 实施方案 二 defines 农村留守儿童 as "因父母双方外出务工或一方外出务工另一方无监护能力…不满十六周岁农村
# 户籍未成年人" and 孤儿 / 事实无人抚养儿童 each on its own; no clause takes them off the left-behind roll.
# (case, father, mother, the categories that apply besides 农村留守儿童)
OVERLAPS = [
    (
        "一方外出务工 (and 失联), 另一方死亡: 事实无人抚养 and left behind",
        (away(LONG), sit(K.LOST_CONTACT, date(2024, 6, 1))),
        (sit(K.DEAD, date(2021, 1, 1)),),
        {Category.UNSUPPORTED, Category.DIFFICULTY},
    ),
    (
        "一方外出务工, 另一方重病: left behind only",
        (away(LONG),),
        (sit(K.SERIOUS_ILLNESS, date(2023, 1, 1), illness="尿毒症"),),
        set(),
    ),
]


@pytest.mark.parametrize(
    ("facts_f", "facts_m", "others"), [c[1:] for c in OVERLAPS], ids=[c[0] for c in OVERLAPS]
)
def test_an_orphan_or_de_facto_unsupported_child_stays_on_the_left_behind_roll(
    facts_f, facts_m, others
) -> None:
    from seedling.eligibility import evaluate

    e = evaluate(child(facts_f, facts_m), AS_OF, DEFAULT_POLICY)
    applying = {d.category for d in e.determinations if d.applies}
    assert applying == {LB, *others}
    lb = next(d for d in e.determinations if d.category is LB)
    assert "LB.RECLASSIFIED" not in lb.codes


GRANDPARENTS = Caregiver(CaregiverKind.GRANDPARENTS)


@pytest.mark.parametrize(
    ("caregiver", "lives_alone", "alerts"),
    [
        (GRANDPARENTS, False, ()),
        (Caregiver(CaregiverKind.RELATIVES_FRIENDS, False), False, ("LB.V1.CAREGIVER_MISSING",)),
        (None, False, ("LB.V1.CAREGIVER_MISSING",)),
        (Caregiver(CaregiverKind.NONE), False, ("LB.V2.UNSUPERVISED",)),
        (Caregiver(CaregiverKind.NONE), True, ("LB.V2.UNSUPERVISED",)),
        (GRANDPARENTS, True, ("LB.V2.UNSUPERVISED",)),
        (None, True, ("LB.V1.CAREGIVER_MISSING", "LB.V2.UNSUPERVISED")),
    ],
)
def test_caregiver_alerts(caregiver: Caregiver | None, lives_alone: bool, alerts: tuple[str, ...]) -> None:
    facts = child((away(LONG),), (away(LONG),), caregiver=caregiver, lives_alone=lives_alone)
    d = det(facts, LB)
    assert d.applies is True
    assert tuple(a.code for a in d.alerts) == alerts


def test_no_alerts_when_not_left_behind() -> None:
    d = det(child((away(LONG),), caregiver=None), LB)
    assert (d.applies, d.alerts) == (False, ())


def test_the_first_counting_situation_is_reported_once() -> None:
    facts = child((away(date(2023, 1, 1)), away(LONG)), (away(LONG),))
    d = det(facts, LB)
    assert d.codes == (*APPLIES, "LB.BOTH_AWAY", "LB.AWAY_MIN", "LB.AWAY_MIN")
    assert d.reasons[3].args == ("父亲", 6, date(2023, 1, 1), NATIONAL_DEFAULT_BASIS)

"""事实无人抚养儿童 (川民政厅 2020 专项行动实施方案 二, 民发〔2019〕62号, 民发〔2020〕125号;
docs/rules/eligibility.md#fdu-de-facto-unsupported-children)."""

from __future__ import annotations

from datetime import date

import pytest

from seedling.eligibility import (
    DEFAULT_POLICY,
    Category,
    ChildFacts,
    DisabilityCategory,
    Policy,
    PolicyVersion,
    Schooling,
)
from seedling.eligibility.tests.helpers import AS_OF, K, child, custody, det, disabled, sit

FDU = Category.UNSUPPORTED
BDAY18 = date(2030, 6, 15)
AGE = "FDU.AGE_UNDER_18"
GUANGDONG = Policy("粤", (PolicyVersion(effective_from=date.min, deported_in_both_clause=False),))
LISTED = Policy("列表", (PolicyVersion(effective_from=date.min, serious_illnesses=frozenset({"尿毒症"})),))
COMPULSORY = Policy(
    "义务教育延续",
    (
        PolicyVersion(
            effective_from=date.min, fdu_continuation_levels=frozenset({Schooling.JUNIOR_SECONDARY})
        ),
    ),
)
NO_CONTINUATION = Policy(
    "不延续", (PolicyVersion(effective_from=date.min, fdu_continuation_levels=frozenset()),)
)
DEAD = sit(K.DEAD, date(2020, 1, 1))
MISSING = sit(K.MISSING, date(2020, 1, 1))
PRISON = custody(date(2024, 1, 1), 36)  # released 2027-01-01

CASES = [
    # (id, facts, as_of, policy, applies, codes, next_recheck)
    (
        "both parents imprisoned with terms of 6 months or more",
        child((PRISON,), (custody(date(2024, 6, 1), 24),)),
        AS_OF,
        DEFAULT_POLICY,
        True,
        (AGE, "FDU.BOTH", "FDU.BOTH.IMPRISONED", "FDU.BOTH.IMPRISONED"),
        date(2026, 6, 1),
    ),
    (
        "a term of exactly 6 months counts (6个月以上)",
        child((PRISON,), (custody(date(2025, 1, 1), 6, kind=K.COMPULSORY_DETOX),)),
        AS_OF,
        DEFAULT_POLICY,
        True,
        (AGE, "FDU.BOTH", "FDU.BOTH.IMPRISONED", "FDU.BOTH.COMPULSORY_DETOX"),
        date(2025, 7, 1),
    ),
    (
        "a 5-month term does not",
        child((PRISON,), (custody(date(2025, 1, 1), 5, kind=K.OTHER_RESTRICTION),)),
        AS_OF,
        DEFAULT_POLICY,
        False,
        ("FDU.NO_PATTERN", "SIT.TERM_TOO_SHORT"),
        date(2027, 1, 1),
    ),
    (
        "term not recorded",
        child((PRISON,), (custody(date(2025, 1, 1), None),)),
        AS_OF,
        DEFAULT_POLICY,
        False,
        ("FDU.NO_PATTERN", "SIT.TERM_UNKNOWN"),
        date(2027, 1, 1),
    ),
    (
        "exit: parent released at the end of the term",
        child((PRISON,), (custody(date(2024, 3, 10), 12),)),
        AS_OF,
        DEFAULT_POLICY,
        False,
        ("FDU.NO_PATTERN", "SIT.ENDED"),
        date(2027, 1, 1),
    ),
    (
        "exit: parent released early (recorded release date)",
        child((PRISON,), (custody(date(2024, 6, 1), 24, until=date(2025, 3, 1)),)),
        AS_OF,
        DEFAULT_POLICY,
        False,
        ("FDU.NO_PATTERN", "SIT.ENDED"),
        date(2027, 1, 1),
    ),
    (
        "custody start unknown: counts, no end known",
        child((custody(None, 12),), (PRISON,)),
        AS_OF,
        DEFAULT_POLICY,
        True,
        (AGE, "FDU.BOTH", "FDU.BOTH.IMPRISONED", "FDU.BOTH.IMPRISONED"),
        date(2027, 1, 1),
    ),
    (
        "severe disability: grade 2 physical and grade 3 intellectual",
        child((disabled(DisabilityCategory.PHYSICAL, 2),), (disabled(DisabilityCategory.INTELLECTUAL, 3),)),
        AS_OF,
        DEFAULT_POLICY,
        True,
        (AGE, "FDU.BOTH", "FDU.BOTH.SEVERE_DISABILITY", "FDU.BOTH.SEVERE_DISABILITY"),
        BDAY18,
    ),
    (
        "grade 3 physical and grade 3 multiple disability are not 重残",
        child((disabled(DisabilityCategory.PHYSICAL, 3),), (disabled(DisabilityCategory.MULTIPLE, 3),)),
        AS_OF,
        DEFAULT_POLICY,
        False,
        ("FDU.NO_PATTERN", "SIT.NOT_SEVERE", "SIT.NOT_SEVERE"),
        None,
    ),
    (
        "重残 recorded without a certificate",
        child((sit(K.SEVERE_DISABILITY),), (PRISON,)),
        AS_OF,
        DEFAULT_POLICY,
        False,
        ("FDU.NO_PATTERN", "SIT.NOT_SEVERE"),
        date(2027, 1, 1),
    ),
    (
        "serious illness, no local list configured",
        child((sit(K.SERIOUS_ILLNESS, illness="白血病"),), (PRISON,)),
        AS_OF,
        DEFAULT_POLICY,
        True,
        (AGE, "FDU.BOTH", "FDU.BOTH.SERIOUS_ILLNESS", "FDU.BOTH.IMPRISONED"),
        date(2027, 1, 1),
    ),
    (
        "serious illness on the local list",
        child((sit(K.SERIOUS_ILLNESS, illness="尿毒症"),), (PRISON,)),
        AS_OF,
        LISTED,
        True,
        (AGE, "FDU.BOTH", "FDU.BOTH.SERIOUS_ILLNESS", "FDU.BOTH.IMPRISONED"),
        date(2027, 1, 1),
    ),
    (
        "illness not on the local list",
        child((sit(K.SERIOUS_ILLNESS, illness="白血病"),), (PRISON,)),
        AS_OF,
        LISTED,
        False,
        ("FDU.NO_PATTERN", "SIT.ILLNESS_NOT_LISTED"),
        date(2027, 1, 1),
    ),
    (
        "exit: parent recovered",
        child((sit(K.SERIOUS_ILLNESS, date(2023, 1, 1), date(2025, 3, 1)),), (PRISON,)),
        AS_OF,
        DEFAULT_POLICY,
        False,
        ("FDU.NO_PATTERN", "SIT.ENDED"),
        date(2027, 1, 1),
    ),
    (
        "lost contact: 6 months after 公安 accepted the report, on the day",
        child((sit(K.LOST_CONTACT, date(2024, 9, 10)),), (PRISON,)),
        AS_OF,
        DEFAULT_POLICY,
        True,
        (AGE, "FDU.BOTH", "FDU.BOTH.LOST_CONTACT", "FDU.BOTH.IMPRISONED"),
        date(2027, 1, 1),
    ),
    (
        "lost contact: one day short",
        child((sit(K.LOST_CONTACT, date(2024, 9, 11)),), (PRISON,)),
        AS_OF,
        DEFAULT_POLICY,
        False,
        ("FDU.NO_PATTERN", "SIT.PENDING"),
        date(2025, 3, 11),
    ),
    (
        "lost contact but still sending support",
        child((sit(K.LOST_CONTACT, date(2024, 1, 1), fulfils_duties=True),), (PRISON,)),
        AS_OF,
        DEFAULT_POLICY,
        False,
        ("FDU.NO_PATTERN", "SIT.FULFILS_DUTIES"),
        date(2027, 1, 1),
    ),
    (
        "exit: the lost parent was found",
        child((sit(K.LOST_CONTACT, date(2024, 1, 1), date(2025, 2, 1)),), (PRISON,)),
        AS_OF,
        DEFAULT_POLICY,
        False,
        ("FDU.NO_PATTERN", "SIT.ENDED"),
        date(2027, 1, 1),
    ),
    (
        "one parent dead, the other in compulsory detox",
        child((DEAD,), (custody(date(2024, 12, 1), 24, kind=K.COMPULSORY_DETOX),)),
        AS_OF,
        DEFAULT_POLICY,
        True,
        (AGE, "FDU.ONE", "FDU.ONE.DEAD", "FDU.ONE.COMPULSORY_DETOX"),
        date(2026, 12, 1),
    ),
    (
        "mother declared missing, father under another restriction",
        child((custody(date(2025, 1, 1), 8, kind=K.OTHER_RESTRICTION),), (MISSING,)),
        AS_OF,
        DEFAULT_POLICY,
        True,
        (AGE, "FDU.ONE", "FDU.ONE.MISSING", "FDU.ONE.OTHER_RESTRICTION"),
        date(2025, 9, 1),
    ),
    (
        "one parent dead and the other healthy",
        child((DEAD,)),
        AS_OF,
        DEFAULT_POLICY,
        False,
        ("FDU.NO_PATTERN",),
        None,
    ),
    (
        "查找不到 is not 死亡或失踪 for the one-parent clause",
        child((sit(K.UNKNOWN),), (PRISON,)),
        AS_OF,
        DEFAULT_POLICY,
        False,
        ("FDU.NO_PATTERN",),
        date(2027, 1, 1),
    ),
    (
        "both parents dead: an orphan, not FDU (FDU-3)",
        child((DEAD,), (DEAD,)),
        AS_OF,
        DEFAULT_POLICY,
        False,
        ("FDU.ORPHAN_PRECEDENCE",),
        BDAY18,
    ),
    (
        "revoked guardianship before the 2020 additions are in force",
        child((sit(K.GUARDIANSHIP_REVOKED, date(2019, 5, 1)),), (PRISON,)),
        date(2020, 12, 31),
        DEFAULT_POLICY,
        False,
        ("FDU.NO_PATTERN", "SIT.NOT_IN_FORCE"),
        date(2024, 1, 1),  # the mother's custody starts then (recorded ahead)
    ),
    (
        "revoked guardianship once in force (both clause)",
        child((sit(K.GUARDIANSHIP_REVOKED, date(2019, 5, 1)),), (custody(date(2020, 6, 1), 60),)),
        date(2021, 1, 1),
        DEFAULT_POLICY,
        True,
        (AGE, "FDU.BOTH", "FDU.BOTH.GUARDIANSHIP_REVOKED", "FDU.BOTH.IMPRISONED"),
        date(2025, 6, 1),
    ),
    (
        "deported parent in the both clause (default switch on)",
        child((sit(K.DEPORTED, date(2022, 1, 1)),), (PRISON,)),
        AS_OF,
        DEFAULT_POLICY,
        True,
        (AGE, "FDU.BOTH", "FDU.BOTH.DEPORTED", "FDU.BOTH.IMPRISONED"),
        date(2027, 1, 1),
    ),
    (
        "deported parent not in the both clause where the switch is off",
        child((sit(K.DEPORTED, date(2022, 1, 1)),), (PRISON,)),
        AS_OF,
        GUANGDONG,
        False,
        ("FDU.NO_PATTERN", "FDU.DEPORTED_NOT_IN_BOTH"),
        date(2027, 1, 1),
    ),
    (
        "deported parent counts with a dead one even where the switch is off",
        child((sit(K.DEPORTED, date(2022, 1, 1)),), (DEAD,)),
        AS_OF,
        GUANGDONG,
        True,
        (AGE, "FDU.ONE", "FDU.ONE.DEAD", "FDU.ONE.DEPORTED"),
        BDAY18,
    ),
    (
        "deported but supporting the child",
        child((sit(K.DEPORTED, date(2022, 1, 1), fulfils_duties=True),), (DEAD,)),
        AS_OF,
        DEFAULT_POLICY,
        False,
        ("FDU.NO_PATTERN", "SIT.FULFILS_DUTIES"),
        None,
    ),
    (
        "a parent with both a switched-off and a counting situation",
        child((sit(K.DEPORTED, date(2022, 1, 1)), sit(K.LOST_CONTACT, date(2022, 1, 1))), (PRISON,)),
        AS_OF,
        GUANGDONG,
        True,
        (AGE, "FDU.BOTH", "FDU.BOTH.LOST_CONTACT", "FDU.BOTH.IMPRISONED"),
        date(2027, 1, 1),
    ),
    (
        "其他 is never counted automatically",
        child((sit(K.OTHER),), (PRISON,)),
        AS_OF,
        DEFAULT_POLICY,
        False,
        ("FDU.NO_PATTERN", "SIT.OTHER"),
        date(2027, 1, 1),
    ),
    (
        "exit: aged 18",
        child((PRISON,), (PRISON,), dob=date(2007, 3, 10)),
        AS_OF,
        DEFAULT_POLICY,
        False,
        ("FDU.AGE_18_OR_OVER",),
        None,
    ),
    (
        "after 18 while in senior secondary school (continuation)",
        child((PRISON,), (PRISON,), dob=date(2007, 3, 10), schooling=Schooling.SENIOR_SECONDARY),
        AS_OF,
        DEFAULT_POLICY,
        True,
        ("FDU.CONTINUED_IN_SCHOOL", "FDU.BOTH", "FDU.BOTH.IMPRISONED", "FDU.BOTH.IMPRISONED"),
        date(2025, 9, 10),
    ),
    (
        "continuation ends with the recorded end of study",
        child(
            (PRISON,),
            (PRISON,),
            dob=date(2007, 3, 10),
            schooling=Schooling.HIGHER,
            schooling_until=date(2025, 7, 1),
        ),
        AS_OF,
        DEFAULT_POLICY,
        True,
        ("FDU.CONTINUED_IN_SCHOOL", "FDU.BOTH", "FDU.BOTH.IMPRISONED", "FDU.BOTH.IMPRISONED"),
        date(2025, 7, 1),
    ),
    (
        "exit: study ended",
        child(
            (PRISON,),
            (PRISON,),
            dob=date(2007, 3, 10),
            schooling=Schooling.HIGHER,
            schooling_until=date(2025, 3, 10),
        ),
        AS_OF,
        DEFAULT_POLICY,
        False,
        ("FDU.AGE_18_OR_OVER",),
        None,
    ),
    (
        "junior secondary does not continue by default",
        child((PRISON,), (PRISON,), dob=date(2007, 3, 10), schooling=Schooling.JUNIOR_SECONDARY),
        AS_OF,
        DEFAULT_POLICY,
        False,
        ("FDU.AGE_18_OR_OVER",),
        None,
    ),
    (
        "junior secondary continues where the province says so",
        child((PRISON,), (PRISON,), dob=date(2007, 3, 10), schooling=Schooling.JUNIOR_SECONDARY),
        AS_OF,
        COMPULSORY,
        True,
        ("FDU.CONTINUED_IN_SCHOOL", "FDU.BOTH", "FDU.BOTH.IMPRISONED", "FDU.BOTH.IMPRISONED"),
        date(2025, 9, 10),
    ),
    (
        "no continuation at all in this province",
        child((PRISON,), (PRISON,), dob=date(2007, 3, 10), schooling=Schooling.HIGHER),
        AS_OF,
        NO_CONTINUATION,
        False,
        ("FDU.AGE_18_OR_OVER",),
        None,
    ),
    (
        "continuing after 18 but the pattern no longer holds",
        child((PRISON,), dob=date(2007, 3, 10), schooling=Schooling.HIGHER),
        AS_OF,
        DEFAULT_POLICY,
        False,
        ("FDU.NO_PATTERN",),
        date(2027, 1, 1),
    ),
    (
        "exit: died",
        child((PRISON,), (PRISON,), died_on=date(2025, 1, 1)),
        AS_OF,
        DEFAULT_POLICY,
        False,
        ("PERSON.DIED",),
        None,
    ),
    (
        "exit: adopted",
        child((PRISON,), (PRISON,), adopted_on=date(2025, 1, 1)),
        AS_OF,
        DEFAULT_POLICY,
        False,
        ("CHILD.ADOPTED",),
        None,
    ),
]


@pytest.mark.parametrize(
    ("facts", "as_of", "policy", "applies", "codes", "next_recheck"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_unsupported(
    facts: ChildFacts,
    as_of: date,
    policy: Policy,
    applies: bool,
    codes: tuple[str, ...],
    next_recheck: date | None,
) -> None:
    d = det(facts, FDU, as_of, policy)
    assert (d.applies, d.codes, d.next_recheck) == (applies, codes, next_recheck)
    # the county confirms (docs/rules/workflow.md#determination-procedure)
    assert d.needs_confirmation is applies


def test_messages() -> None:
    d = det(child((DEAD,), (custody(date(2024, 12, 1), 24, kind=K.COMPULSORY_DETOX),)), FDU)
    assert [r.message_zh for r in d.reasons] == [
        "未满18周岁（12周岁）",
        "父母一方死亡或失踪，另一方符合认定情形之一",
        "父亲死亡（2020-01-01）",
        "母亲强制隔离戒毒（期限24个月，自2024-12-01起），期限在6个月以上",
    ]
    lost = det(
        child((sit(K.LOST_CONTACT, date(2024, 9, 10)),), (disabled(DisabilityCategory.MENTAL, 4),)), FDU
    )
    assert [r.message_zh for r in lost.reasons[2:]] == [
        "父亲失联（自2024-09-10起），失联且未履行抚养义务已满6个月",
        "母亲重残（精神残疾四级）",
    ]
    short = det(child((PRISON,), (custody(date(2025, 1, 1), 5),)), FDU)
    assert short.reasons[1].message_zh == "母亲服刑在押（期限5个月，自2025-01-01起）期限不足6个月"
    switched = det(child((sit(K.DEPORTED, date(2022, 1, 1)),), (PRISON,)), FDU, policy=GUANGDONG)
    assert switched.reasons[1].message_zh == "父亲被遣送（驱逐）出境，本省仅在另一方死亡或失踪时计入"

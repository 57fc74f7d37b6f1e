"""Synthetic children for the demo: invented names, valid synthetic ID numbers, one of each situation.

Filed through the same services as the web form, so the demo shows only what the rules accept.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from seedling.access import Actor, visibility
from seedling.core.identity import compose
from seedling.core.sensitivity import Sensitivity
from seedling.people import enums, services
from seedling.people.models import Child
from seedling.people.records import Benefit, ChildRecord, HarmRecord, ParentRecord, SituationRecord

SURNAMES = "王李张刘陈杨黄赵吴周徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = [
    "子涵",
    "欣怡",
    "梓轩",
    "浩然",
    "雨桐",
    "宇航",
    "思雨",
    "俊杰",
    "佳琪",
    "明轩",
    "诗涵",
    "子墨",
    "一诺",
    "晨曦",
    "梓萱",
    "嘉怡",
    "天佑",
    "若汐",
    "博文",
    "可馨",
]
AWAY = date(2023, 3, 1)


def _record(rng: random.Random, village: str, kind: str, seq: int, today: date) -> ChildRecord:
    age_days = rng.randint(3 * 365, 15 * 365)
    born = today - timedelta(days=age_days)
    sex = rng.choice(["男", "女"])
    name = rng.choice(SURNAMES) + rng.choice(GIVEN)
    surname = name[0]
    rec = ChildRecord(
        division_code=village,
        name=name,
        id_number=compose(village[:6], born, seq % 500, sex),
        hukou_type=enums.HukouType.RURAL,
        ethnicity="汉族",
        home_address="湘东区（演示地址）",
        schooling=enums.Schooling.PRIMARY if age_days > 6 * 365 else enums.Schooling.KINDERGARTEN,
        health=[enums.Health.HEALTHY],
        guardianship_status=enums.GuardianshipStatus.FAIR,
        risk_level=enums.RiskLevel.LOW,
        director_name="演示儿童主任",
        filed_by_name="演示儿童主任",
        filed_on=today,
        father=ParentRecord(role="father", name=surname + "建国"),
        mother=ParentRecord(role="mother", name="吴秀兰"),
    )
    away = SituationRecord(kind=enums.SituationKind.AWAY_WORK, since=AWAY)
    if kind == "left_behind":
        rec.father.situations, rec.mother.situations = [away], [away]
        rec.declared_categories = [enums.DeclaredCategory.LEFT_BEHIND]
        rec.caregiver_kind, rec.caregiver_name = enums.CaregiverKind.GRANDPARENTS, surname + "奶奶"
        rec.caregiver_phone, rec.caregiver_reason = "13800000000", enums.CaregiverReason.BOTH_AWAY
        rec.risk_level = rng.choice([enums.RiskLevel.LOW, enums.RiskLevel.MEDIUM])
    elif kind == "alone":
        rec.father.situations, rec.mother.situations = [away], [away]
        rec.declared_categories = [enums.DeclaredCategory.LEFT_BEHIND]
        rec.caregiver_kind, rec.risk_level, rec.lives_alone = (
            enums.CaregiverKind.NONE,
            enums.RiskLevel.HIGH,
            True,
        )
    elif kind == "unsupported":
        rec.father.situations = [
            SituationRecord(
                kind=enums.SituationKind.IMPRISONED,
                since=date(2024, 5, 1),
                term_months=60,
                note="判决书编号见县局纸质档案（演示）",
            )
        ]
        rec.mother.situations = [
            SituationRecord(kind=enums.SituationKind.LOST_CONTACT, since=date(2023, 1, 10))
        ]
        rec.declared_categories = [
            enums.DeclaredCategory.DE_FACTO_UNSUPPORTED,
            enums.DeclaredCategory.IN_DIFFICULTY,
        ]
        rec.child_assistance = [Benefit(enums.Benefit.DE_FACTO_UNSUPPORTED)]
        rec.risk_level = enums.RiskLevel.HIGH
    elif kind == "orphan":
        rec.father.situations = [SituationRecord(kind=enums.SituationKind.DEAD, since=date(2021, 8, 1))]
        rec.mother.situations = [SituationRecord(kind=enums.SituationKind.DEAD, since=date(2022, 2, 1))]
        rec.declared_categories = [enums.DeclaredCategory.ORPHAN]
        rec.child_assistance = [Benefit(enums.Benefit.ORPHAN)]
    elif kind == "disabled":
        rec.health = [enums.Health.DISABLED]
        rec.illness = "先天性心脏病（演示）"
        rec.disability_category, rec.disability_grade = enums.DisabilityCategory.INTELLECTUAL, 2
        rec.household_benefits = [Benefit(enums.Benefit.DIBAO)]
        rec.declared_categories = [enums.DeclaredCategory.IN_DIFFICULTY]
    elif kind == "no_hukou":
        rec.id_number, rec.no_hukou, rec.birth_date = "", True, born
        rec.sex = enums.Sex.MALE if sex == "男" else enums.Sex.FEMALE
    elif kind == "harmed":
        rec.guardianship_status = enums.GuardianshipStatus.INADEQUATE
        rec.guardianship_problem = "长期无人照看"
        rec.harm = [
            HarmRecord(
                kind=enums.HarmKind.ACCIDENTAL_INJURY,
                occurred_on=today - timedelta(days=40),
                note="独自在家时烫伤左臂（演示）",
            )
        ]
        rec.psych_behaviour = "受伤后夜间常惊醒（演示）"
        rec.declared_categories = [enums.DeclaredCategory.IMPROPER_GUARDIANSHIP]
        rec.risk_level = enums.RiskLevel.HIGH
    return rec


KINDS = ["left_behind"] * 6 + ["alone", "unsupported", "orphan", "disabled", "no_hukou", "harmed", "plain"]


def _hiv_record(village: str, today: date) -> ChildRecord:
    """The demo's HIV-infected child: only a holder of the HIV grant may record (and see) it."""
    born = today - timedelta(days=9 * 365 + 100)
    return ChildRecord(
        division_code=village,
        name="温小禾",
        id_number=compose(village[:6], born, 499, "女"),
        hukou_type=enums.HukouType.RURAL,
        ethnicity="汉族",
        home_address="湘东区（演示地址）",
        schooling=enums.Schooling.PRIMARY,
        health=[enums.Health.CHRONIC],
        illness="需长期服药（演示）",
        hiv=True,
        guardianship_status=enums.GuardianshipStatus.GOOD,
        risk_level=enums.RiskLevel.MEDIUM,
        declared_categories=[enums.DeclaredCategory.HIV_INFECTED],
        director_name="演示儿童主任",
        filed_by_name="演示儿童主任",
        filed_on=today,
        father=ParentRecord(role="father", name="温建军"),
        mother=ParentRecord(role="mother", name="许秀云"),
    )


def seed_children(*, actor: Actor, villages: list[str], today: date, per_village: int = 3) -> int:
    """File a fixed synthetic set (same every run). Does nothing if the demo county already has files."""
    if Child.unscoped.filter(division_code__startswith="360313").exists():
        return 0
    rng = random.Random(2026)  # noqa: S311 - synthetic demo data, not security
    created = 0
    for i, village in enumerate(villages):
        count = len(KINDS) if i == 0 else per_village
        for j in range(count):
            kind = KINDS[j] if i == 0 else rng.choice(KINDS)
            services.child_create(
                actor=actor, record=_record(rng, village, kind, created + 1, today), as_of=today
            )
            created += 1
    # demo-county holds the HIV grant; a seeding actor without it files no HIV-infected child.
    if villages and visibility.may_see_anywhere(actor, Sensitivity.HIV, visibility.Output.FILE):
        services.child_create(actor=actor, record=_hiv_record(villages[0], today), as_of=today)
        created += 1
    return created

"""Synthetic files for tests: valid ID numbers composed with the right check digit, invented names."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from seedling.core.identity import compose
from seedling.people import enums
from seedling.people.records import ChildRecord, ParentRecord, SituationRecord

_seq = itertools.count(1)
XINJIE = "360313001001"  # 新街居委会 (demo-village)
XINGQUN = "360313001003"  # 星群居委会, same township
ANYUAN_VILLAGE = "360302001001"  # 张家大屋居委会, 安源区


def id_number(born: date, sex: str = "女", place: str = "360313") -> str:
    return compose(place, born, next(_seq) % 500, sex)


def left_behind(**overrides: Any) -> ChildRecord:
    """A rural left-behind child of 新街居委会: both parents away for work, grandparents care."""
    born = overrides.get("birth_date") or date(2016, 5, 20)
    sex = overrides.pop("sex_zh", "女")
    values: dict[str, Any] = dict(
        division_code=XINJIE,
        name="林小雨",
        id_number=id_number(born, sex),
        hukou_type=enums.HukouType.RURAL,
        ethnicity="汉族",
        home_address="湘东区峡山口街道新街1号",
        schooling=enums.Schooling.PRIMARY,
        guardianship_status=enums.GuardianshipStatus.FAIR,
        risk_level=enums.RiskLevel.MEDIUM,
        caregiver_kind=enums.CaregiverKind.GRANDPARENTS,
        caregiver_name="林大山",
        caregiver_phone="13800000001",
        caregiver_reason=enums.CaregiverReason.BOTH_AWAY,
        declared_categories=[enums.DeclaredCategory.LEFT_BEHIND],
        health=[enums.Health.HEALTHY],
        director_name="演示儿童主任",
        father=ParentRecord(
            role="father",
            name="林建国",
            phone="13900000002",
            situations=[SituationRecord(kind=enums.SituationKind.AWAY_WORK, since=date(2023, 2, 1))],
        ),
        mother=ParentRecord(
            role="mother",
            name="王秀英",
            situations=[SituationRecord(kind=enums.SituationKind.AWAY_WORK, since=date(2023, 2, 1))],
        ),
    )
    values.update(overrides)
    return ChildRecord(**values)

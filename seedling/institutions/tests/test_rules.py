"""Pure rules of children's homes: the name check, the five haves, and coverage (H-1, shares)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from seedling.institutions import rules
from seedling.workforce.coverage import Unit

AS_OF = date(2025, 6, 30)


@pytest.mark.parametrize(
    ("name", "found"),
    [
        ("新街社区留守儿童之家", ("留守",)),
        ("峡山口街道困境儿童活动中心", ("困境",)),
        ("甲村留守困境儿童之家", ("留守", "困境")),
        ("甲村 孤 儿之家", ("孤儿",)),  # spaces do not hide a word
        ("新街社区儿童之家", ()),
    ],
)
def test_labelling_words(name: str, found: tuple[str, ...]) -> None:
    assert rules.labelling_words_in(name) == found


def test_the_name_check_rejects_labelling_words_in_chinese() -> None:
    reason = rules.labelling_reason("新街社区留守儿童之家", rules.CHILDRENS_HOME)
    assert reason is not None and reason.code == "NAME.LABELLING"
    assert reason.message == "名称中不得出现“留守”等标签化字样，请统一命名为“XX村（社区）儿童之家”。"
    assert "吉民发〔2018〕41号" in reason.citation and "五有" in reason.citation
    station = rules.labelling_reason("峡山口街道困境儿童活动中心", rules.TOWNSHIP_STATION)
    assert station is not None and "儿童活动中心（未成年人保护工作站）" in station.message


def test_institutions_keep_their_registered_names() -> None:
    assert rules.labelling_reason("萍乡市孤儿院", "child_welfare") is None


def test_a_province_may_pass_its_own_word_list() -> None:
    assert rules.labelling_reason("甲村贫困儿童之家", rules.CHILDRENS_HOME, words=("留守", "困境")) is None


@pytest.mark.parametrize(
    ("name", "kind", "code"),
    [
        ("新街社区儿童之家", rules.CHILDRENS_HOME, "NAME.UNIFIED"),
        ("新街社区儿童之家（片区）", rules.CHILDRENS_HOME, "NAME.UNIFIED"),
        ("儿童之家", rules.CHILDRENS_HOME, "NAME.NOT_UNIFIED"),  # XX is missing
        ("新街社区活动室", rules.CHILDRENS_HOME, "NAME.NOT_UNIFIED"),
        ("峡山口街道儿童活动中心（未成年人保护工作站）", rules.TOWNSHIP_STATION, "NAME.UNIFIED"),
        ("峡山口街道未成年人保护工作站", rules.TOWNSHIP_STATION, "NAME.UNIFIED"),
        # Yunnan's name, 云南 2018 实施方案
        ("峡山口街道儿童福利服务工作站", rules.TOWNSHIP_STATION, "NAME.UNIFIED"),
        ("峡山口街道留守儿童活动中心", rules.TOWNSHIP_STATION, "NAME.LABELLING"),
    ],
)
def test_unified_name(name: str, kind: str, code: str) -> None:
    assert rules.unified_name(name, kind).code == code


def test_five_haves() -> None:
    haves = rules.five_haves(
        name="新街社区儿童之家",
        kind=rules.CHILDRENS_HOME,
        has_premises=True,
        has_equipment=False,
        has_manager=True,
        has_rules=False,
    )
    assert [(h.key, h.label, h.met) for h in haves] == [
        ("name", "有统一名称", True),
        ("premises", "有固定场所", True),
        ("equipment", "有必要设施设备", False),
        ("manager", "有专人管理", True),
        ("rules", "有基本制度", False),
    ]
    assert haves[2].reason.code == "FIVE.EQUIPMENT.NOT_MET"
    labelled = rules.five_haves(
        name="新街留守儿童之家",
        kind=rules.CHILDRENS_HOME,
        has_premises=True,
        has_equipment=True,
        has_manager=True,
        has_rules=True,
    )
    assert not labelled[0].met and labelled[0].reason.code == "NAME.LABELLING"


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("新街居委会", rules.COMMUNITY),
        ("岗贝社区居民委员会", rules.COMMUNITY),
        ("荷尧社区", rules.COMMUNITY),
        ("江口村委会", rules.VILLAGE),
        ("甲村民委员会", rules.VILLAGE),
    ],
)
def test_unit_kind(name: str, kind: str) -> None:
    assert rules.unit_kind(name) == kind


TOWNSHIP = Unit("360313001000", "峡山口街道", 4, "360313000000")
A = Unit("360313001001", "新街居委会", 5, TOWNSHIP.code)
B = Unit("360313001002", "甲村委会", 5, TOWNSHIP.code)
C = Unit("360313001003", "乙村委会", 5, TOWNSHIP.code)
D = Unit("360313001004", "丙村委会", 5, TOWNSHIP.code)


def test_h1_threshold_is_inclusive_at_100() -> None:
    homes = [rules.HomeFact(1, B.code, frozenset({B.code, C.code}))]  # a regional home in 甲村 serving 乙村
    report = rules.home_coverage(
        TOWNSHIP, [A, B, C, D], homes, {A.code: 100, B.code: 150, C.code: 99}, as_of=AS_OF
    )
    status = {v.unit.code: v for v in report.villages}
    assert status[A.code].reason.code == "HOME.NEEDS_OWN" and status[A.code].needs_own_home
    assert (
        status[A.code].reason.message
        == "儿童100人（100人以上），应设立本村（社区）儿童之家，目前没有儿童之家覆盖"
    )
    assert status[B.code].reason.code == "HOME.OWN_REQUIRED_MET"
    assert (
        status[C.code].reason.code == "HOME.REGIONAL"
        and status[C.code].covered
        and not status[C.code].own_home
    )
    assert status[D.code].reason.code == "HOME.UNCOVERED_COUNT_UNKNOWN"
    assert [v.unit.code for v in report.needing_own_home] == [A.code]
    root = report.root
    assert (root.villages, root.villages_with_home, root.communities, root.communities_with_home) == (
        3,
        1,
        1,
        0,
    )
    assert (root.covered, root.large, root.large_with_home, root.count_unknown) == (2, 2, 1, 1)
    assert (root.village_pct, root.community_pct, root.unit_pct, root.covered_pct, root.large_pct) == (
        Decimal("33.3"),
        Decimal("0.0"),
        Decimal("25.0"),
        Decimal("50.0"),
        Decimal("50.0"),
    )


def test_a_regional_home_does_not_satisfy_a_large_village() -> None:
    homes = [rules.HomeFact(1, B.code, frozenset({A.code, B.code}))]
    report = rules.home_coverage(TOWNSHIP, [A, B], homes, {A.code: 120}, as_of=AS_OF)
    a = next(v for v in report.villages if v.unit.code == A.code)
    assert a.covered and a.needs_own_home
    assert a.reason.message.endswith("目前仅由区域性儿童之家覆盖")


def test_small_uncovered_village_may_share_but_must_be_covered() -> None:
    report = rules.home_coverage(TOWNSHIP, [B], [], {B.code: 40}, as_of=AS_OF)
    assert report.villages[0].reason.code == "HOME.UNCOVERED"
    assert "可联合建立区域性儿童之家" in report.villages[0].reason.message


def test_closed_and_not_yet_open_homes_do_not_count() -> None:
    homes = [
        rules.HomeFact(
            1, A.code, frozenset({A.code}), opened_on=date(2020, 1, 1), closed_on=date(2025, 6, 30)
        ),
        rules.HomeFact(2, B.code, frozenset({B.code}), opened_on=date(2025, 7, 1)),
        rules.HomeFact(3, C.code, frozenset({C.code}), opened_on=date(2025, 6, 30)),
    ]
    report = rules.home_coverage(TOWNSHIP, [A, B, C], homes, {}, as_of=AS_OF)
    assert [v.own_home for v in report.villages] == [False, False, True]


def test_drill_down_groups_and_a_township_under_the_prefecture() -> None:
    city = Unit("441900000000", "东莞市", 2, "440000000000")
    t1 = Unit("441900003000", "东城街道", 4, city.code)
    t2 = Unit("441900004000", "南城街道", 4, city.code)
    v1 = Unit("441900003001", "岗贝社区居民委员会", 5, t1.code)
    v2 = Unit("441900004001", "白马社区居民委员会", 5, t2.code)
    report = rules.home_coverage(
        city, [t1, t2, v1, v2], [rules.HomeFact(1, v1.code, frozenset({v1.code}))], {}, as_of=AS_OF
    )
    assert [(t.code, t.communities, t.communities_with_home) for t in report.children] == [
        (t1.code, 1, 1),
        (t2.code, 1, 0),
    ]
    assert report.root.community_pct == Decimal("50.0") and report.root.village_pct is None

"""Each province's known policy ships as data, and the reasons shown quote the threshold applied and
the document that set it (docs/rules/eligibility.md#lb-4).

川民政厅 2020 专项行动实施方案 二 (seed 000): "对农村留守儿童父母务工时限，各地可按连续外出务工3个月以上
把握". A Sichuan child and a Jiangxi child whose parents have both been away for 4 months: the Sichuan
child is left behind under 3 months and its notice, the Jiangxi child is not under the national default
of 6 months; each file page shows its own threshold and document.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.test import Client

from seedling.accounts.actors import actor_for_user
from seedling.accounts.models import RoleAssignment, User
from seedling.core import clock
from seedling.core.dates import add_months
from seedling.eligibility.policy import NATIONAL_DEFAULT_BASIS, SICHUAN_BASIS
from seedling.people import enums, services
from seedling.people.records import ParentRecord, SituationRecord
from seedling.people.tests.factories import XINJIE, id_number, left_behind
from seedling.policies.models import ProvincePolicy
from seedling.regions.loader import SHIPPED_FILE, load_divisions
from seedling.regions.models import Division
from seedling.registries.models import Determination
from seedling.registries.services import policy_for

TODAY = date(2026, 3, 10)
AWAY_SINCE = add_months(TODAY, -4)  # "连续外出务工" for 4 months
SICHUAN_VILLAGE_PREFIX = "510104"  # 成都市锦江区


def test_the_sichuan_policy_is_shipped_by_migration(db: None) -> None:
    rows = list(
        ProvincePolicy.objects.filter(kind="eligibility", province_code="51").order_by("effective_from")
    )
    assert [(r.effective_from, r.params.get("lb_away_min_months"), r.note) for r in rows] == [
        (date(2020, 4, 25), 3, SICHUAN_BASIS),
        (date(2021, 1, 1), 3, SICHUAN_BASIS),
    ]
    sichuan, jiangxi = policy_for("51"), policy_for("36")
    assert (sichuan.for_date(TODAY).lb_away_min_months, sichuan.for_date(TODAY).basis) == (3, SICHUAN_BASIS)
    assert (jiangxi.for_date(TODAY).lb_away_min_months, jiangxi.for_date(TODAY).basis) == (
        6,
        NATIONAL_DEFAULT_BASIS,
    )
    # Before the notice, Sichuan had the national default.
    assert sichuan.for_date(date(2020, 4, 24)).lb_away_min_months == 6


def _parents() -> dict[str, ParentRecord]:
    away = [SituationRecord(kind=enums.SituationKind.AWAY_WORK, since=AWAY_SINCE)]
    return {
        "father": ParentRecord(role="father", name="林建国", situations=list(away)),
        "mother": ParentRecord(role="mother", name="王秀英", situations=list(away)),
    }


def _sichuan_director() -> User:
    load_divisions(SHIPPED_FILE, prefix=SICHUAN_VILLAGE_PREFIX, today=TODAY)
    village = (
        Division.unscoped.filter(code__startswith=SICHUAN_VILLAGE_PREFIX, level=5).order_by("code").first()
    )
    assert village is not None
    user = User.objects.create(username="sc-village", full_name="四川儿童主任")
    RoleAssignment.unscoped.create(
        user=user, role="village_director", division=village, division_code=village.code
    )
    return user


# (province, applies, the threshold quoted, the document quoted)
CASES = [
    ("51", True, "连续外出务工3个月以上", SICHUAN_BASIS),
    ("36", False, "连续外出务工6个月以上", NATIONAL_DEFAULT_BASIS),
]


@pytest.mark.parametrize(("province", "applies", "threshold", "basis"), CASES, ids=["sichuan", "jiangxi"])
def test_reasons_quote_the_threshold_applied_and_its_document(
    province: str, applies: bool, threshold: str, basis: str, world: None
) -> None:
    if province == "51":
        user = _sichuan_director()
        code = RoleAssignment.unscoped.get(user=user).division_code
        record = left_behind(
            division_code=code,
            id_number=id_number(date(2016, 5, 20), place=SICHUAN_VILLAGE_PREFIX),
            home_address="锦江区1号",
            **_parents(),
        )
    else:
        user = User.objects.get(username="demo-village")
        record = left_behind(division_code=XINJIE, **_parents())
    client = Client()
    client.force_login(user)
    with clock.freeze(datetime(TODAY.year, TODAY.month, TODAY.day, 9)):
        child = services.child_create(actor=actor_for_user(user), record=record).child
        page = client.get(f"/children/{child.pk}/").content.decode()
    det = Determination.unscoped.get(child_id=child.pk)
    (lb,) = [d for d in det.details if d["category"] == "left_behind"]
    assert lb["applies"] is applies
    assert [r["args"][-1] for r in lb["reasons"] if r["code"] in ("LB.AWAY_MIN", "SIT.AWAY_PENDING")] == [
        basis
    ] * 2
    assert threshold in page
    assert basis in page

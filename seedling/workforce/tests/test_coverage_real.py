"""Each coverage rule on the real divisions of the demo city (萍乡市), a 东莞-style township loaded
here, and a village added by a real code change (湘东镇, NBS 2016 → 2023)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from seedling.accounts.actors import actor_for_user
from seedling.accounts.models import RoleAssignment, User
from seedling.core.errors import ValidationFailed
from seedling.regions.loader import load_divisions
from seedling.regions.models import Division, DivisionChange
from seedling.workforce import selectors, services
from seedling.workforce.models import Appointment
from seedling.workforce.tests.factories import id_number, register

pytestmark = pytest.mark.django_db
DATA = Path(__file__).resolve().parent / "data"

XIANGDONG = "360313000000"
XIASHANKOU = "360313001000"
XIANGDONG_TOWN = "360313101000"  # 湘东镇


def cov(actor, code: str, as_of: date):
    return selectors.coverage_of(actor=actor, division=Division.unscoped.get(code=code), as_of=as_of)


def active(prefix: str, level: int) -> int:
    return Division.unscoped.filter(code__startswith=prefix, level=level, retired_on__isnull=True).count()


def test_c1_c2_on_the_real_county(actor_of, frozen) -> None:
    county = actor_of("demo-county")
    villages_of_xiashankou = list(
        Division.unscoped.filter(parent_id=XIASHANKOU, retired_on__isnull=True)
        .order_by("code")
        .values_list("code", flat=True)
    )
    register(county, 1, XIASHANKOU, role="supervisor")
    for i, code in enumerate(villages_of_xiashankou[:3]):
        register(county, 10 + i, code)
    view = cov(county, XIANGDONG, frozen)
    root = view.root.tally
    assert (root.townships, root.villages) == (active("360313", 4), active("360313", 5)) == (11, 152)
    assert (root.townships_covered, root.supervisors, root.villages_covered, root.directors) == (1, 1, 3, 3)
    assert root.supervisor_mismatch and root.director_mismatch
    assert len(view.report.townships_without_supervisor) == 10
    assert len(view.report.villages_without_director) == 149
    row = next(c for c in view.children if c.tally.code == XIASHANKOU)
    assert (row.tally.townships_covered, row.tally.villages, row.tally.villages_covered) == (
        1,
        len(villages_of_xiashankou),
        3,
    )
    assert [s.name for s in row.staff] == ["测试1"]
    # The children of the county are its 11 townships; each village is counted once.
    assert len(view.children) == 11 and sum(c.tally.villages for c in view.children) == 152


def test_c3_counted_twice_and_explanation_currency(actor_of, frozen) -> None:
    county = actor_of("demo-county")
    a, b = "360313001001", "360313001003"
    worker = register(county, 20, a)
    services.appointment_add(
        actor=county,
        worker=worker,
        role="director",
        division=Division.unscoped.get(code=b),
        post="",
        employment="part_time",
        appointed_on=date(2024, 6, 1),
    )
    view = cov(county, XIASHANKOU, frozen)
    assert (view.root.tally.villages_covered, view.root.tally.directors) == (2, 1)
    assert view.counted_twice_rows() == [
        {
            "person_id": worker.pk,
            "name": "测试20",
            "role": "director",
            "units": ["新街居委会", Division.unscoped.get(code=b).name],
        }
    ]
    explanation = services.explanation_file(
        actor=county,
        division=Division.unscoped.get(code=XIANGDONG),
        kind="director",
        text="湘东区部分村由一名儿童主任兼管两个村，正在补充选配。",
        as_of=frozen,
    )
    assert explanation.figures == (152, 1, 2)
    county_view = cov(county, XIANGDONG, frozen)
    assert county_view.root.current == {"director": True}
    register(county, 21, "360313101003")
    assert cov(county, XIANGDONG, frozen).root.current == {"director": False}  # figures changed: stale


def test_a_township_directly_under_the_prefecture(frozen) -> None:
    for code, name, level, parent in [
        ("440000000000", "广东省", 1, None),
        ("441900000000", "东莞市", 2, "440000000000"),
        ("441900003000", "东城街道", 4, "441900000000"),
        ("441900003001", "岗贝社区居民委员会", 5, "441900003000"),
        ("441900003002", "花园新村社区居民委员会", 5, "441900003000"),
        ("441900004000", "南城街道", 4, "441900000000"),
        ("441900004001", "白马社区居民委员会", 5, "441900004000"),
    ]:
        Division.unscoped.create(code=code, name=name, level=level, parent_id=parent, edition="2023")
    user = User.objects.create(username="dg-city", full_name="东莞测试")
    RoleAssignment.unscoped.create(
        user=user, role="city_staff", division_id="441900000000", division_code="441900000000"
    )
    city = actor_for_user(user)
    services.worker_create(
        actor=city,
        name="东城督导",
        id_number=id_number(1, place="441900"),
        phone="",
        role="supervisor",
        division=Division.unscoped.get(code="441900003000"),
        post="",
        employment="full_time",
        appointed_on=date(2024, 1, 1),
    )
    services.worker_create(
        actor=city,
        name="岗贝主任",
        id_number=id_number(2, place="441900"),
        phone="",
        role="director",
        division=Division.unscoped.get(code="441900003001"),
        post="",
        employment="part_time",
        appointed_on=date(2024, 1, 1),
    )
    view = cov(city, "441900000000", frozen)
    assert [
        (c.tally.code, c.tally.level, c.tally.townships_covered, c.tally.villages, c.tally.villages_covered)
        for c in view.children
    ] == [("441900003000", 4, 1, 2, 1), ("441900004000", 4, 0, 1, 0)]
    root = view.root.tally
    assert (root.townships, root.townships_covered, root.villages, root.villages_covered) == (2, 1, 3, 1)
    assert [u.code for u in view.report.townships_without_supervisor] == ["441900004000"]
    # A city explains the mismatch itself (no county level in between).
    e = services.explanation_file(
        actor=city,
        division=Division.unscoped.get(code="441900000000"),
        kind="supervisor",
        text="南城街道督导员调任，新任人选待定。",
        as_of=frozen,
    )
    assert e.figures == (2, 1, 1)


def test_a_village_added_by_a_code_change_flows_into_the_counts(actor_of, frozen) -> None:
    county = actor_of("demo-county")
    # The table as an NBS 2016 load left it: 长荷 and 云程 did not exist, six old villages did.
    Division.unscoped.filter(code__in=["360313101008", "360313101009"]).delete()
    load_divisions(
        DATA / "township_360313101_2016.csv", prefix="360313101", edition="2016", today=date(2024, 1, 1)
    )
    assert active("360313101", 5) == 25
    register(county, 30, "360313101001")  # 前后街居委会, retired by the 2023 edition
    register(county, 31, "360313101003")  # 浏市居委会, kept
    before = cov(county, XIANGDONG_TOWN, frozen)
    assert (before.root.tally.villages, before.root.tally.villages_covered) == (25, 2)

    report = load_divisions(
        DATA / "township_360313101_2023.csv", prefix="360313101", edition="2023", today=frozen
    )
    assert (report.added, report.retired) == (2, 6)
    assert set(
        DivisionChange.unscoped.filter(kind="added", edition="2023").values_list("code", flat=True)
    ) == {
        "360313101008",
        "360313101009",
    }
    after = cov(county, XIANGDONG_TOWN, frozen)
    assert (after.root.tally.villages, after.root.tally.villages_covered, after.root.tally.directors) == (
        21,
        1,
        1,
    )
    uncovered = [u.code for u in after.report.villages_without_director]
    assert "360313101008" in uncovered and "360313101009" in uncovered and len(uncovered) == 20
    # The post at the retired code is set aside for re-assignment, and cannot be re-filed there.
    assert [(r["code"], r["unit"]) for r in after.outside_rows()] == [("360313101001", "前后街居委会")]
    with pytest.raises(ValidationFailed) as exc:
        services.appointment_add(
            actor=county,
            worker=Appointment.unscoped.get(division_code="360313101001").worker,
            role="director",
            division=Division.unscoped.get(code="360313101001"),
            post="",
            employment="part_time",
            appointed_on=date(2025, 1, 1),
        )
    assert exc.value.code == "appointment.division_retired"
    # The county total follows the change too.
    county_root = cov(county, XIANGDONG, frozen).root.tally
    assert county_root.villages == active("360313", 5) == 152  # back to the real 2023 table

"""The institutions registry and children's-home coverage through services and selectors; the pages are
tested in seedling/web/tests/test_institutions.py."""

from __future__ import annotations

from datetime import date

import pytest

from seedling.audit.models import AuditEvent
from seedling.core.errors import PermissionDenied, ValidationFailed
from seedling.institutions import selectors, services
from seedling.institutions.models import HomeCoverage, Institution
from seedling.institutions.services import InstitutionData
from seedling.regions.models import Division

pytestmark = pytest.mark.django_db

XIANGDONG = "360313000000"
XIASHANKOU = "360313001000"
XINJIE = "360313001001"
SIBLING = "360313001003"


def div(code: str) -> Division:
    return Division.unscoped.get(code=code)


def home(actor, code: str, name: str, **data) -> Institution:
    return services.institution_create(
        actor=actor, kind="childrens_home", division=div(code), data=InstitutionData(name=name, **data)
    )


def test_labelling_names_are_rejected_with_a_chinese_message(actor_of, frozen) -> None:
    with pytest.raises(ValidationFailed) as exc:
        home(actor_of("demo-county"), XINJIE, "新街社区留守儿童之家")
    assert exc.value.code == "institution.name_labelling" and exc.value.field == "name"
    assert str(exc.value) == "名称中不得出现“留守”等标签化字样，请统一命名为“XX村（社区）儿童之家”。"
    assert not Institution.unscoped.exists()


def test_register_a_home_and_the_villages_it_serves(actor_of, frozen) -> None:
    county = actor_of("demo-county")
    item = home(county, XINJIE, "新街社区儿童之家", actual_staff=1, services=("activities", "files"))
    assert (item.division_code, item.services) == (XINJIE, ["activities", "files"])
    assert list(HomeCoverage.unscoped.filter(home=item).values_list("division_code", flat=True)) == [XINJIE]
    assert services.home_cover(actor=county, home=item, villages=[div(SIBLING), div(SIBLING)]) == 1
    own = HomeCoverage.unscoped.get(home=item, division_code=XINJIE)
    with pytest.raises(ValidationFailed) as exc:
        services.home_uncover(actor=county, row=own)
    assert exc.value.code == "institution.cover_own"
    with pytest.raises(ValidationFailed) as level:
        services.home_cover(actor=county, home=item, villages=[div(XIASHANKOU)])
    assert level.value.code == "institution.cover_level"
    services.home_uncover(actor=county, row=HomeCoverage.unscoped.get(home=item, division_code=SIBLING))
    assert HomeCoverage.unscoped.filter(home=item).count() == 1
    assert AuditEvent.unscoped.filter(action="home_coverage_changed").count() == 2


@pytest.mark.parametrize(
    ("kind", "code", "error"),
    [
        ("childrens_home", XIASHANKOU, "institution.division_level"),
        ("township_station", XINJIE, "institution.division_level"),
        ("guidance_centre", "360300000000", "institution.division_level"),
    ],
)
def test_kinds_sit_at_their_level(actor_of, frozen, kind: str, code: str, error: str) -> None:
    with pytest.raises(ValidationFailed) as exc:
        services.institution_create(
            actor=actor_of("demo-city"),
            kind=kind,
            division=div(code),
            data=InstitutionData(name="某某儿童之家"),
        )
    assert exc.value.code == error


def test_staffing_and_capacity(actor_of, frozen) -> None:
    city = actor_of("demo-city")
    centre = services.institution_create(
        actor=city,
        kind="protection_centre",
        division=div("360300000000"),
        data=InstitutionData(
            name="萍乡市未成年人救助保护中心",
            staffing_quota=8,
            actual_staff=6,
            social_workers=2,
            capacity=30,
            occupancy=12,
            facilities="宿舍、活动室",
            services=("temporary_care",),
        ),
    )
    assert (centre.staffing_quota, centre.actual_staff, centre.capacity, centre.occupancy) == (8, 6, 30, 12)
    with pytest.raises(ValidationFailed) as exc:
        services.institution_update(
            actor=city, institution=centre, data=InstitutionData(name=centre.name, capacity=10, occupancy=12)
        )
    assert exc.value.code == "institution.occupancy"
    with pytest.raises(PermissionDenied):
        services.institution_update(
            actor=actor_of("demo-county"), institution=centre, data=InstitutionData(name="改名")
        )


def test_filed_children_are_not_the_villages_child_population(actor_of, frozen) -> None:
    """H-1 counts all the village's children (儿童数量在100个以上的村), not the ones Seedling files."""
    from seedling.people import services as people_services
    from seedling.people.tests.factories import id_number, left_behind

    county = actor_of("demo-county")
    for i in range(3):
        born = date(2014, 1, 1 + i)
        people_services.child_create(
            actor=county, record=left_behind(name=f"童{i}", birth_date=born, id_number=id_number(born))
        )
    assert selectors.village_child_figures(actor=county, prefix="360313", as_of=frozen) == {}
    view = selectors.home_coverage_of(actor=county, division=div(XIASHANKOU), as_of=frozen)
    xinjie = next(v for v in view.report.villages if v.unit.code == XINJIE)
    assert xinjie.count_unknown and xinjie.reason.code == "HOME.UNCOVERED_COUNT_UNKNOWN"
    assert not view.counts_known


def test_home_coverage_with_counts_fed_directly(actor_of, frozen) -> None:
    county = actor_of("demo-county")
    regional = home(county, XINJIE, "新街社区儿童之家")
    services.home_cover(actor=county, home=regional, villages=[div(SIBLING)])
    view = selectors.home_coverage_of(
        actor=county, division=div(XIASHANKOU), as_of=frozen, child_counts={XINJIE: 80, SIBLING: 100}
    )
    status = {v.unit.code: v.reason.code for v in view.report.villages}
    assert status[XINJIE] == "HOME.OWN" and status[SIBLING] == "HOME.NEEDS_OWN"
    assert [v.unit.code for v in view.report.needing_own_home] == [SIBLING]
    assert view.counts_known


def test_a_village_added_by_a_code_change_needs_a_home(actor_of, frozen) -> None:
    from pathlib import Path

    from seedling.regions.loader import load_divisions

    data = Path(__file__).resolve().parents[2] / "workforce" / "tests" / "data"
    county = actor_of("demo-county")
    Division.unscoped.filter(code__in=["360313101008", "360313101009"]).delete()
    load_divisions(
        data / "township_360313101_2016.csv", prefix="360313101", edition="2016", today=date(2024, 1, 1)
    )
    regional = home(county, "360313101003", "浏市社区儿童之家")
    services.home_cover(actor=county, home=regional, villages=[div("360313101001")])
    town = div("360313101000")
    before = selectors.home_coverage_of(actor=county, division=town, as_of=frozen).report.root
    assert (before.units, before.covered) == (25, 2)
    load_divisions(data / "township_360313101_2023.csv", prefix="360313101", edition="2023", today=frozen)
    view = selectors.home_coverage_of(
        actor=county, division=town, as_of=frozen, child_counts={"360313101008": 130, "360313101009": 20}
    )
    after = view.report.root
    # 前后街 (served before) is retired; 长荷 and 云程 are new units without a home.
    assert (after.units, after.covered, after.large, after.large_with_home) == (21, 1, 1, 0)
    status = {v.unit.code: v.reason.code for v in view.report.villages}
    assert (status["360313101008"], status["360313101009"]) == ("HOME.NEEDS_OWN", "HOME.UNCOVERED")

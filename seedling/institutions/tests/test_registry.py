"""The institutions registry and children's-home coverage through services, selectors and HTTP."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.db.models import Q
from django.urls import reverse

from seedling.audit.models import AuditEvent
from seedling.core.errors import PermissionDenied, ValidationFailed
from seedling.institutions import selectors, services
from seedling.institutions.models import HomeActivity, HomeCoverage, Institution
from seedling.institutions.services import InstitutionData
from seedling.regions.models import Division
from seedling.workforce.tests.factories import register

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


def figures(html: str) -> dict[str, str]:
    block = re.search(r'<dl class="figures" id="root-figures">(.*?)</dl>', html, re.S)
    assert block is not None
    return dict(re.findall(r'data-figure="(\w+)">([^<]*)<', block.group(1)))


def test_labelling_names_are_rejected_with_a_chinese_message(actor_of, frozen) -> None:
    with pytest.raises(ValidationFailed) as exc:
        home(actor_of("demo-county"), XINJIE, "新街社区留守儿童之家")
    assert exc.value.code == "institution.name_labelling" and exc.value.field == "name"
    assert str(exc.value) == "名称中不得出现“留守”等标签化字样，请统一命名为“XX村（社区）儿童之家”。"
    assert not Institution.unscoped.exists()


def test_labelling_name_through_the_form(client_of, frozen) -> None:
    response = client_of("demo-county").post(
        reverse("institutions:institution_create"),
        {
            "kind": "township_station",
            "name": "峡山口街道困境儿童活动中心",
            "division_code": XIASHANKOU,
            "actual_staff": "1",
            "social_workers": "0",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "名称中不得出现“困境”等标签化字样" in body and not Institution.unscoped.exists()


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


def test_checklist_and_activity_log_by_the_village_director(actor_of, client_of, frozen) -> None:
    county = actor_of("demo-county")
    director = register(county, 1, XINJIE)
    item = home(county, XINJIE, "新街社区儿童之家")
    client = client_of("demo-village")
    url = reverse("institutions:institution_detail", args=[item.pk])
    response = client.post(
        url,
        {
            "op": "checklist",
            "has_premises": "on",
            "has_equipment": "on",
            "manager": str(director.pk),
            "manager_name": "",
            "open_hours": "周六、周日 9:00-11:00",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.has_premises, item.has_equipment, item.has_rules, item.manager_id, item.manager_name) == (
        True,
        True,
        False,
        director.pk,
        "测试1",
    )
    assert (
        client.post(
            url,
            {
                "op": "activity",
                "held_on": "2025-06-28",
                "kind": "family_education",
                "title": "家庭教育讲座",
                "participants": "18",
            },
        ).status_code
        == 302
    )
    assert HomeActivity.unscoped.get().division_code == XINJIE
    body = client.get(url).content.decode()
    met = dict(re.findall(r'data-have="(\w+)" data-met="(\d)"', body))
    assert met == {"name": "1", "premises": "1", "equipment": "1", "manager": "1", "rules": "0"}
    assert "家庭教育讲座" in body
    # The director may not change the registry or the villages served.
    assert client.post(url, {"op": "cover", "division_codes": SIBLING}).status_code == 403
    assert client.get(reverse("institutions:institution_edit", args=[item.pk])).status_code == 403


def test_scope_of_the_registry(actor_of, client_of, frozen) -> None:
    item = home(actor_of("demo-county"), XINJIE, "新街社区儿童之家")
    url = reverse("institutions:institution_detail", args=[item.pk])
    assert client_of("demo-county-b").get(url).status_code == 404
    assert (
        client_of("demo-county-b")
        .post(
            url,
            {
                "op": "activity",
                "held_on": "2025-06-01",
                "kind": "reading",
                "title": "读书",
                "participants": "3",
            },
        )
        .status_code
        == 404
    )
    assert client_of("demo-auditor").get(reverse("institutions:institution_list")).status_code == 403
    listed = client_of("demo-township").get(reverse("institutions:institution_list")).content.decode()
    assert "新街社区儿童之家" in listed
    assert (
        "新街社区儿童之家"
        not in client_of("demo-county-b").get(reverse("institutions:institution_list")).content.decode()
    )


def test_child_counts_come_from_the_childrens_files(actor_of, frozen) -> None:
    from seedling.people import services as people_services
    from seedling.people.tests.factories import XINGQUN, id_number, left_behind

    county = actor_of("demo-county")
    assert selectors.village_child_counts(actor=county, prefix="360313") == {}
    for i in range(3):
        born = date(2014, 1, 1 + i)
        people_services.child_create(
            actor=county, record=left_behind(name=f"童{i}", birth_date=born, id_number=id_number(born))
        )
    people_services.child_create(actor=county, record=left_behind(name="星", division_code=XINGQUN))
    assert selectors.village_child_counts(actor=county, prefix="360313") == {"360313001001": 3, XINGQUN: 1}
    assert selectors.village_child_counts(actor=actor_of("demo-county-b"), prefix="360313") == {}


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


def test_home_coverage_page_equals_a_direct_count(actor_of, client_of, frozen) -> None:
    county = actor_of("demo-county")
    home(county, XINJIE, "新街社区儿童之家")
    home(county, "360313101200", "新垅村儿童之家")
    closed = home(county, "360313101201", "江口村儿童之家")
    services.institution_close(actor=county, institution=closed, closed_on=date(2025, 1, 1))
    body = client_of("demo-county").get(reverse("institutions:coverage", args=[XIANGDONG])).content.decode()
    units = Division.unscoped.filter(code__startswith="360313", level=5, retired_on__isnull=True)
    community = Q(name__contains="居委会") | Q(name__contains="居民委员会") | Q(name__contains="社区")
    homes = Institution.unscoped.filter(
        kind="childrens_home", closed_on__isnull=True, division_code__startswith="360313"
    )
    with_home = units.filter(code__in=homes.values("division_code"))
    direct = {
        "villages": units.exclude(community).count(),
        "villages_with_home": with_home.exclude(community).count(),
        "communities": units.filter(community).count(),
        "communities_with_home": with_home.filter(community).count(),
    }
    shown = figures(body)
    assert {k: int(shown[k]) for k in direct} == direct
    assert (direct["villages_with_home"], direct["communities_with_home"]) == (1, 1)
    assert 'id="counts-unknown"' in body
    # Drill down to the township: every village listed with its status.
    township = (
        client_of("demo-county").get(reverse("institutions:coverage", args=[XIASHANKOU])).content.decode()
    )
    assert f'data-code="{XINJIE}" data-status="HOME.OWN"' in township
    assert (
        client_of("demo-county-b").get(reverse("institutions:coverage", args=[XIASHANKOU])).status_code == 404
    )


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

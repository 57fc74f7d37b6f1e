"""The institutions pages through HTTP: the registry's form, the village director's checklist and
activity log, scope, and the children's-home coverage page against a direct count."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.db.models import Q
from django.urls import reverse

from seedling.institutions import services
from seedling.institutions.models import HomeActivity, Institution
from seedling.institutions.tests.test_registry import SIBLING, XIANGDONG, XIASHANKOU, XINJIE, home
from seedling.regions.models import Division
from seedling.workforce.tests.factories import register

pytestmark = pytest.mark.django_db


def figures(html: str) -> dict[str, str]:
    block = re.search(r'<dl class="figures" id="root-figures">(.*?)</dl>', html, re.S)
    assert block is not None
    return dict(re.findall(r'data-figure="(\w+)">([^<]*)<', block.group(1)))


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
    assert f'data-code="{XINJIE}" data-status="HOME.OWN_COUNT_UNKNOWN"' in township
    assert (
        client_of("demo-county-b").get(reverse("institutions:coverage", args=[XIASHANKOU])).status_code == 404
    )

"""The provincial eligibility policy page and registry notices on the home page."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.test import Client

from seedling.accounts.models import RoleAssignment, User
from seedling.audit.models import AuditEvent
from seedling.core import clock
from seedling.people import services as people
from seedling.people.models import Child
from seedling.people.records import ParentRecord, SituationRecord
from seedling.people.tests.factories import XINGQUN, left_behind
from seedling.policies.models import ProvincePolicy
from seedling.regions.models import Division
from seedling.registries import tasks
from seedling.registries.models import Membership, Notice

TODAY = date(2025, 5, 1)
URL = "/registries/policy/36/"


@pytest.fixture
def frozen() -> Iterator[date]:
    with clock.freeze(datetime(2025, 5, 1, 9, tzinfo=clock.SEEDLING_TZ)):
        yield clock.today()


def father_away_since(since: date, actor: Any) -> Child:
    """Father away for work since `since`; the mother died, so she cannot care for the child (LB-3a)."""
    record = left_behind(
        father=ParentRecord(
            role="father", name="林建国", situations=[SituationRecord(kind="away_work", since=since)]
        ),
        mother=ParentRecord(
            role="mother", name="王秀英", situations=[SituationRecord(kind="dead", since=date(2020, 3, 1))]
        ),
        caregiver_reason="one_away_other_incapable",
    )
    return people.child_create(actor=actor, record=record).child


def form_data(client: Client, **changes: Any) -> dict[str, Any]:
    """What the page offers (the version in force today), with some values changed."""
    form = client.get(URL).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None and v is not False}  # unticked: not sent


def director_of(village: str, username: str) -> Client:
    user = User.objects.create(username=username, full_name="星群主任")
    RoleAssignment.unscoped.create(
        user=user,
        role="village_director",
        division=Division.unscoped.get(code=village),
        division_code=village,
    )
    client = Client()
    client.force_login(user)
    return client


def test_three_months_away_makes_a_left_behind_child_after_the_recheck(actor_of, client_of, frozen) -> None:
    child = father_away_since(TODAY - timedelta(days=120), actor_of("demo-village"))  # 4 months away
    assert not Membership.unscoped.filter(child=child).exists()  # not under the national 6 months
    client = client_of("demo-province")
    page = client.get(URL).content.decode()
    assert "连续外出务工3个月以上" in page  # the help text cites 川民政厅 2020 专项行动实施方案
    response = client.post(URL, form_data(client, effective_from="2025-05-01", lb_away_min_months=3))
    assert response.status_code == 302 and response["Location"] == URL
    stored = ProvincePolicy.objects.get(kind="eligibility", province_code="36")
    assert (stored.effective_from, stored.params["lb_away_min_months"]) == (TODAY, 3)
    assert stored.params["fdu_additions"] == ["deported", "guardianship_revoked"]  # kept from the default
    [event] = AuditEvent.unscoped.filter(action="policy_changed")
    assert (event.division_code, event.actor_username) == ("36", "demo-province")

    tasks.recheck_due(as_of=TODAY)  # the daily job a new version enqueues
    row = Membership.unscoped.get(child=child)
    assert (row.category, row.start, row.entry_reason) == ("left_behind", TODAY, "recheck")
    listed = client.get(URL).content.decode()
    assert 'data-version="2025-05-01"' in listed and "全国默认" in listed
    # The village's director is told on the home page.
    home = client_of("demo-village").get("/").content.decode()
    assert 'id="notices"' in home and child.name in home and f"/children/{child.pk}/" in home


def test_policy_values_are_checked_at_the_field(client_of, frozen) -> None:
    client = client_of("demo-province")
    response = client.post(URL, form_data(client, lb_away_min_months=0, custody_min_term_months=121))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert sorted(errors) == ["custody_min_term_months", "lb_away_min_months"]
    assert "应为1至120之间的整数" in errors["lb_away_min_months"][0]  # registries.policy's own message
    assert "lb_away_min_months" not in errors["lb_away_min_months"][0]  # named by its label instead
    assert 'class="error" role="alert"' in response.content.decode()
    assert not ProvincePolicy.objects.filter(province_code="36").exists()


def test_others_may_read_the_policy_but_only_province_staff_change_it(client_of, frozen) -> None:
    county = client_of("demo-county")
    page = county.get(URL)
    assert page.status_code == 200 and page.context["form"] is None
    assert county.post(URL, {"effective_from": "2025-05-01", "lb_away_min_months": 3}).status_code == 403
    assert client_of("demo-village").get(URL).status_code == 403
    Division.unscoped.create(code="430000000000", name="湖南省", level=1, edition="2023")
    user = User.objects.create(username="hn-province", full_name="湖南测试")
    RoleAssignment.unscoped.create(
        user=user, role="province_staff", division_id="430000000000", division_code="430000000000"
    )
    outsider = Client()
    outsider.force_login(user)
    assert outsider.get(URL).status_code == 404
    assert outsider.post(URL, {"lb_away_min_months": 3}).status_code == 404
    assert client_of("demo-county").get("/registries/policy/").status_code == 302
    assert not ProvincePolicy.objects.filter(province_code="36").exists()


def test_home_lists_the_villages_recent_notices_only(actor_of, client_of, frozen) -> None:
    child = father_away_since(date(2024, 1, 1), actor_of("demo-village"))
    Notice.unscoped.create(
        child=child,
        category="left_behind",
        kind="exited",
        reason="parent_returned",
        created_on=TODAY,
        division_code=child.division_code,
    )
    Notice.unscoped.create(
        child=child,
        category="left_behind",
        kind="entered",
        created_on=TODAY - timedelta(days=45),
        division_code=child.division_code,
    )
    mine = client_of("demo-village").get("/")
    notices = mine.context["notices"]
    assert [(n.child_id, n.kind) for n in notices] == [(child.pk, "exited")]  # the old one has aged out
    html = mine.content.decode()
    assert f'href="/children/{child.pk}/"' in html and '<span class="count badge"' in html
    assert [n.pk for n in client_of("demo-township").get("/").context["notices"]] == [notices[0].pk]
    other = director_of(XINGQUN, "sibling-director").get("/")
    assert other.context["notices"] == [] and child.name not in other.content.decode()
    assert client_of("demo-county").get("/").context["notices"] is None  # not shown to county staff

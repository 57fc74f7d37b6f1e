"""Authorization matrix over every children endpoint, web and API.

A child of 新街居委会 is requested by: its own village director, the director of a sibling village,
the township supervisor, the county, and another county. Allowed readers get 200; everyone else
gets 404 (the same as a missing file), sees nothing personal in the body, and changes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from django.test import Client

from seedling.accounts.models import RoleAssignment, User
from seedling.audit.models import AuditEvent
from seedling.people import services
from seedling.people.models import Child
from seedling.people.tests.factories import XINGQUN, left_behind
from seedling.regions.models import Division

pytestmark = pytest.mark.django_db
PASSWORD = "sibling-synthetic-pass-1"

# viewer -> may read and write the child of 新街居委会
MATRIX = {
    "demo-village": True,  # same village
    "sibling-village": False,  # 星群居委会, same township
    "demo-township": True,  # parent township
    "demo-county": True,  # parent county
    "demo-county-b": False,  # another county
}


@pytest.fixture
def world(actor_of):  # type: ignore[no-untyped-def]
    user = User.objects.create_user("sibling-village", password=PASSWORD, full_name="星群主任")
    RoleAssignment.unscoped.create(
        user=user,
        role="village_director",
        division=Division.unscoped.get(code=XINGQUN),
        division_code=XINGQUN,
    )
    child = services.child_create(actor=actor_of("demo-county"), record=left_behind(hiv=True)).child
    return child


def secrets_of(child: Child) -> list[str]:
    return [child.name, child.id_number or "", "林建国", "王秀英", "林大山", "13800000001"]


def snapshot(child: Child) -> tuple[object, ...]:
    fresh = Child.unscoped.get(pk=child.pk)
    return (fresh.updated_at, fresh.history.count(), fresh.risk_level, fresh.division_code, fresh.status)


def web(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def api(username: str) -> tuple[Client, dict[str, str]]:
    password = PASSWORD if username == "sibling-village" else "seedling-demo"
    client = Client()
    token = client.post(
        "/api/v1/auth/token", {"username": username, "password": password}, content_type="application/json"
    ).json()["token"]
    return client, {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def edit_form(child: Child) -> dict[str, str]:
    return {
        "division_code": child.division_code,
        "name": "改名",
        "hukou_type": "rural",
        "risk_level": "high",
        "father-sit-TOTAL_FORMS": "0",
        "father-sit-INITIAL_FORMS": "0",
        "mother-sit-TOTAL_FORMS": "0",
        "mother-sit-INITIAL_FORMS": "0",
        "harm-TOTAL_FORMS": "0",
        "harm-INITIAL_FORMS": "0",
    }


READS: dict[str, Callable[[str, Child], tuple[int, str]]] = {
    "web file": lambda u, c: _r(web(u).get(f"/children/{c.pk}/")),
    "web history": lambda u, c: _r(web(u).get(f"/children/{c.pk}/?tab=history")),
    "web edit form": lambda u, c: _r(web(u).get(f"/children/{c.pk}/edit/")),
    "api file": lambda u, c: _r(api(u)[0].get(f"/api/v1/children/{c.pk}", **api(u)[1])),
}
WRITES: dict[str, Callable[[str, Child], tuple[int, str]]] = {
    "web edit": lambda u, c: _r(web(u).post(f"/children/{c.pk}/edit/", edit_form(c))),
    "web reveal": lambda u, c: _r(
        web(u).post(f"/children/{c.pk}/reveal/", {"field": "id_number", "reason": "核对"})
    ),
    "web merge": lambda u, c: _r(web(u).post("/children/duplicates/", {"keep": c.pk, "drop": c.pk})),
    "api patch": lambda u, c: _api_write(u, "patch", f"/api/v1/children/{c.pk}", {"risk_level": "high"}),
    "api reveal": lambda u, c: _api_write(
        u, "post", f"/api/v1/children/{c.pk}/reveal", {"field": "id_number", "reason": "核对"}
    ),
}


def _r(response) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    text = response.content.decode()
    if "json" in response.get("Content-Type", ""):
        text = json.dumps(json.loads(text), ensure_ascii=False)  # names as characters, not \\u escapes
    return response.status_code, text


def _api_write(username: str, method: str, url: str, body: dict[str, str]) -> tuple[int, str]:
    client, auth = api(username)
    return _r(getattr(client, method)(url, body, content_type="application/json", **auth))


@pytest.mark.parametrize("endpoint", sorted(READS))
@pytest.mark.parametrize("viewer", sorted(MATRIX))
def test_reads(world, viewer: str, endpoint: str) -> None:
    child = world
    before = snapshot(child)
    views_before = AuditEvent.unscoped.filter(action="file_viewed", actor_username=viewer).count()
    status, body = READS[endpoint](viewer, child)
    if MATRIX[viewer]:
        assert status == 200, (viewer, endpoint)
        assert child.name in body or endpoint == "web edit form"
    else:
        assert status == 404, (viewer, endpoint)
        assert not [s for s in secrets_of(child) if s and s in body], (viewer, endpoint)
        assert AuditEvent.unscoped.filter(action="file_viewed", actor_username=viewer).count() == views_before
    assert snapshot(child) == before


@pytest.mark.parametrize("endpoint", sorted(WRITES))
@pytest.mark.parametrize("viewer", sorted(v for v, ok in MATRIX.items() if not ok))
def test_writes_outside_the_area_are_404_and_change_nothing(world, viewer: str, endpoint: str) -> None:
    child = world
    before = snapshot(child)
    audit_before_id = AuditEvent.unscoped.order_by("-id").values_list("id", flat=True).first() or 0
    status, body = WRITES[endpoint](viewer, child)
    assert status == 404, (viewer, endpoint, body[:300])
    assert not [s for s in secrets_of(child) if s and s in body], (viewer, endpoint)
    assert snapshot(child) == before
    # At most the sign-in itself was recorded; nothing about the child.
    new = AuditEvent.unscoped.filter(id__gt=audit_before_id)
    assert list(new.exclude(action="login").values_list("action", flat=True)) == []


@pytest.mark.parametrize("viewer", sorted(MATRIX))
def test_lists_and_export(world, viewer: str) -> None:
    child = world
    web_list = web(viewer).get("/children/").content.decode()
    client, auth = api(viewer)
    api_list = client.get("/api/v1/children", **auth).json()
    api_text = json.dumps(api_list, ensure_ascii=False)
    export = b"".join(web(viewer).get("/children/export.csv").streaming_content).decode()
    assert (child.name in web_list) is MATRIX[viewer]
    assert ([i["id"] for i in api_list["items"]] == [child.pk]) is MATRIX[viewer]
    assert (child.name in export) is MATRIX[viewer]
    assert (child.name in api_text) is MATRIX[viewer]
    for body in (web_list, export, api_text):
        assert (child.id_number or "") not in body  # masked everywhere, even for those who may see it
        assert "艾滋病" not in body and '"hiv"' not in body


def test_other_county_transfer_view_shows_no_name(world) -> None:
    child = world
    services.transfer_request(
        actor=_actor("demo-county-b"), id_number=child.id_number or "", to_code="360302001001"
    )
    body = web("demo-county-b").get("/children/transfers/").content.decode()
    assert child.name not in body and (child.id_number or "") not in body
    holder = web("demo-county").get("/children/transfers/").content.decode()
    assert child.name in holder


def _actor(username: str):  # type: ignore[no-untyped-def]
    from seedling.accounts.actors import actor_for_user

    return actor_for_user(User.objects.get(username=username))


def test_matrix_uses_a_real_sibling_village() -> None:
    assert Division.unscoped.get(code=XINGQUN).parent_id == "360313001000"

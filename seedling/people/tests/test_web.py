"""The personal file over HTTP (web and API): forms, masking, HIV, audit, list filters and query count."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from seedling.audit.models import AuditEvent
from seedling.demo.accounts import DEMO_PASSWORD
from seedling.people import services
from seedling.people.models import Child
from seedling.people.tests.factories import XINGQUN, id_number, left_behind

pytestmark = pytest.mark.django_db


@pytest.fixture
def child(actor_of):  # type: ignore[no-untyped-def]
    record = left_behind(hiv=True, declared_categories=["left_behind", "hiv_infected"])
    saved = services.child_create(actor=actor_of("demo-county"), record=record)
    return saved.child


def form_data(**overrides: str) -> dict[str, str]:
    born = date(2015, 9, 1)
    data = {
        "division_code": "360313001001",
        "name": "周小明",
        "id_number": id_number(born, "男"),
        "sex": "",
        "birth_date": "",
        "hukou_type": "rural",
        "declared_categories": "left_behind",
        "caregiver_kind": "grandparents",
        "caregiver_name": "周大爷",
        "caregiver_phone": "13800000009",
        "risk_level": "low",
        "household_benefits": "低保300元/月、特困",
        "father-name": "周建",
        "mother-name": "吴芳",
        "father-sit-TOTAL_FORMS": "2",
        "father-sit-INITIAL_FORMS": "0",
        "father-sit-0-kind": "away_work",
        "father-sit-0-since": "2024-03-01",
        "mother-sit-TOTAL_FORMS": "2",
        "mother-sit-INITIAL_FORMS": "0",
        "mother-sit-0-kind": "away_work",
        "mother-sit-0-since": "2024-03-01",
        "harm-TOTAL_FORMS": "1",
        "harm-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def test_create_through_the_form_fills_birth_date_and_sex(client_of) -> None:
    response = client_of("demo-village").post(reverse("web:child_create"), form_data())
    assert response.status_code == 302, response.content.decode()[:2000]
    c = Child.unscoped.get(name="周小明")
    assert (c.birth_date, c.sex, c.household_benefits) == (
        date(2015, 9, 1),
        "male",
        [{"kind": "dibao", "monthly_yuan": "300"}, {"kind": "tekun", "monthly_yuan": None}],
    )
    assert [s.kind for s in c.parents.get(role="father").situations.all()] == ["away_work"]


def test_form_errors_are_chinese_and_nothing_is_saved(client_of) -> None:
    client = client_of("demo-village")
    body = client.post(
        reverse("web:child_create"), form_data(id_number="3.60313E+17", caregiver_phone="")
    ).content
    text = body.decode()
    assert "Excel 当成数值保存了" in text
    # A missing detail is no error: it is flagged once the file is saved (docs/rules/file.md#v-detail).
    assert "请填写委托照护人的姓名和联系电话" not in text
    unreadable = client.post(
        reverse("web:child_create"), form_data(household_benefits="五保")
    ).content.decode()
    assert "“五保”无法识别" in unreadable
    assert not Child.unscoped.filter(name="周小明").exists()


def test_duplicate_elsewhere_offers_a_transfer_without_personal_data(client_of, child) -> None:
    response = client_of("demo-county-b").post(
        reverse("web:child_create"),
        form_data(division_code="360302001001", id_number=child.id_number, name="别名"),
    )
    body = response.content.decode()
    assert "江西省萍乡市湘东区" in body and "申请转移" in body
    assert child.name not in body and "林建国" not in body


def test_file_page_masks_ids_and_phones_and_audits_the_view(client_of, child) -> None:
    body = client_of("demo-township").get(reverse("web:child_detail", args=[child.pk])).content.decode()
    assert child.id_number not in body and child.id_number[:6] + "********" + child.id_number[-4:] in body
    assert "13800000001" not in body and "138****0001" in body
    assert (
        AuditEvent.unscoped.filter(
            action="file_viewed", actor_username="demo-township", subject_id=str(child.pk)
        ).count()
        == 1
    )


def test_hiv_only_for_the_granted_role_and_never_in_lists(client_of, child) -> None:
    assert Child.unscoped.get(pk=child.pk).hiv is True
    county = client_of("demo-county").get(reverse("web:child_detail", args=[child.pk])).content.decode()
    village = client_of("demo-village").get(reverse("web:child_detail", args=[child.pk])).content.decode()
    assert "艾滋病" in county and "艾滋病" not in village
    listing = client_of("demo-county").get(reverse("web:child_list")).content.decode()
    assert child.name in listing and "艾滋病" not in listing and "农村留守儿童" in listing
    by_category = client_of("demo-county").get(reverse("web:child_list"), {"category": "hiv_infected"})
    assert child.name not in by_category.content.decode()
    export = b"".join(client_of("demo-county").get(reverse("web:child_export")).streaming_content).decode()
    assert child.name in export and "艾滋病" not in export and child.id_number not in export


def test_village_director_edit_keeps_hiv_it_cannot_see(client_of, child) -> None:
    client = client_of("demo-village")
    page = client.get(reverse("web:child_edit", args=[child.pk])).content.decode()
    assert 'name="hiv"' not in page and child.id_number not in page and "艾滋病" not in page
    masked_id = child.id_number[:6] + "********" + child.id_number[-4:]
    assert f'value="{masked_id}"' in page and 'value="138****0001"' in page
    # The browser sends the masked values back as shown: the stored numbers stay.
    data = form_data(
        name=child.name,
        id_number=masked_id,
        risk_level="high",
        caregiver_phone="138****0001",
        caregiver_name="林大山",
    )
    response = client.post(reverse("web:child_edit", args=[child.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    child.refresh_from_db()
    assert (child.hiv, child.risk_level, child.caregiver_phone) == (True, "high", "13800000001")


def test_reveal_with_reason(client_of, child) -> None:
    client = client_of("demo-township")
    response = client.post(
        reverse("web:child_reveal", args=[child.pk]), {"field": "id_number", "reason": "核对"}
    )
    assert response.status_code == 200 and child.id_number in response.content.decode()
    assert (
        client.post(reverse("web:child_reveal", args=[child.pk]), {"field": "id_number"}).status_code == 400
    )


def test_history_tab_shows_who_changed_what(client_of, child, actor_of) -> None:
    record = services.child_record(child)
    record.schooling = "junior_secondary"
    services.child_update(actor=actor_of("demo-village"), child=child, record=record)
    body = (
        client_of("demo-county").get(reverse("web:child_detail", args=[child.pk]), {"tab": "history"}).content
    )
    text = body.decode()
    assert "demo-village" in text and "初中" in text and "就学情况" in text
    assert "junior_secondary" not in text


def test_list_filters_and_search(client_of, actor_of) -> None:
    actor = actor_of("demo-county")
    a = services.child_create(actor=actor, record=left_behind(name="甲", risk_level="high")).child
    b = services.child_create(
        actor=actor,
        record=left_behind(
            name="乙", division_code=XINGQUN, sex_zh="男", birth_date=date(2009, 1, 1), declared_categories=[]
        ),
    ).child
    client = client_of("demo-county")

    def names(**params: str) -> list[str]:
        page = client.get(reverse("web:child_list"), params).content.decode()
        return [n for n in ("甲", "乙") if f"<strong>{n}</strong>" in page]

    assert names() == ["甲", "乙"]
    assert names(risk="high") == ["甲"]
    assert names(category="left_behind") == ["甲"]
    assert names(age="16-17") == ["乙"]
    assert names(sex="male") == ["乙"]
    assert names(division="360313001003") == ["乙"]
    assert names(q="乙") == ["乙"]
    assert names(q=a.id_number[:10]) == ["甲"]
    assert b.pk


def test_list_query_count_is_pinned(client_of, actor_of, django_assert_num_queries) -> None:
    actor = actor_of("demo-county")
    for i in range(30):
        born = date(2012, 1, 1 + i % 28)
        services.child_create(
            actor=actor, record=left_behind(name=f"孩子{i}", birth_date=born, id_number=id_number(born))
        )
    client = client_of("demo-county")
    client.get(reverse("web:child_list"))
    # Session, user, role assignments, the page's one list query, and the idle-expiry session renewal
    # (savepoint, update, release), and the list_viewed audit event: the same count for 30 children
    # as for 3000.
    with django_assert_num_queries(8):
        response = client.get(reverse("web:child_list"))
    assert response.content.decode().count('data-child="') == 30


def test_keyset_pages_cover_everything_once(client_of, actor_of) -> None:
    actor = actor_of("demo-county")
    for i in range(120):
        born = date(2013, 1 + i % 12, 1 + i % 28)
        services.child_create(
            actor=actor,
            record=left_behind(
                name=f"页{i}",
                birth_date=born,
                id_number=id_number(born),
                division_code=XINGQUN if i % 3 else "360313001001",
            ),
        )
    client = client_of("demo-county")
    seen: list[str] = []
    url = reverse("web:child_list")
    params: dict[str, str] = {}
    while True:
        page = client.get(url, params).content.decode()
        seen += [part.split('"')[0] for part in page.split('data-child="')[1:]]
        marker = '<a class="button" href="?after='
        if marker not in page:
            break
        params = {"after": page.split(marker)[1].split('"')[0]}
    assert len(seen) == 120 and len(set(seen)) == 120


def api_client(username: str) -> tuple[Client, dict[str, str]]:
    client = Client()
    response = client.post(
        "/api/v1/auth/token",
        {"username": username, "password": DEMO_PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    return client, {"HTTP_AUTHORIZATION": f"Bearer {response.json()['token']}"}


def test_api_token_list_get_patch_create(child) -> None:
    client, auth = api_client("demo-county")
    listing = client.get("/api/v1/children", **auth).json()
    assert [i["id"] for i in listing["items"]] == [child.pk] and listing["next"] is None
    assert listing["items"][0]["id_number"] == child.id_number[:6] + "********" + child.id_number[-4:]
    assert "hiv" not in listing["items"][0]
    detail = client.get(f"/api/v1/children/{child.pk}", **auth).json()
    assert detail["hiv"] is True and detail["father"]["name"] == "林建国"
    patched = client.patch(
        f"/api/v1/children/{child.pk}", {"risk_level": "high"}, content_type="application/json", **auth
    )
    assert patched.status_code == 200 and patched.json()["risk_level"] == "high"
    born = date(2014, 6, 1)
    created = client.post(
        "/api/v1/children",
        {
            "division_code": "360313001003",
            "name": "吴小花",
            "id_number": id_number(born),
            "hukou_type": "rural",
        },
        content_type="application/json",
        **auth,
    )
    assert created.status_code == 201 and created.json()["birth_date"] == "2014-06-01"


def test_api_village_director_never_sees_hiv(child) -> None:
    client, auth = api_client("demo-village")
    assert "hiv" not in client.get(f"/api/v1/children/{child.pk}", **auth).json()
    refused = client.patch(
        f"/api/v1/children/{child.pk}", {"hiv": False}, content_type="application/json", **auth
    )
    assert refused.status_code == 400 and refused.json()["errors"][0]["code"] == "visibility.hiv"
    child.refresh_from_db()
    assert child.hiv is True


def test_api_errors_are_problem_json_in_chinese(child) -> None:
    client, auth = api_client("demo-county")
    bad = client.post(
        "/api/v1/children",
        {"division_code": "360313001001", "name": "x", "id_number": "123", "hukou_type": "rural"},
        content_type="application/json",
        **auth,
    )
    assert bad.status_code == 400 and bad["Content-Type"] == "application/problem+json"
    assert bad.json()["errors"][0]["code"] == "id_number.length" and "18位" in bad.json()["detail"]
    assert client.get("/api/v1/children").status_code == 401
    missing = client.get("/api/v1/children/999999", **auth)
    assert missing.status_code == 404 and missing.json()["detail"] == "没有找到，或不在您的辖区内。"
    wrong = client.post(
        "/api/v1/auth/token",
        {"username": "demo-county", "password": "nope-nope"},
        content_type="application/json",
    )
    assert wrong.status_code == 401 and wrong["Content-Type"] == "application/problem+json"


def test_openapi_spec_is_served() -> None:
    spec = Client().get("/api/v1/openapi.json").json()
    assert "/api/v1/children" in spec["paths"] and "/api/v1/auth/token" in spec["paths"]


def test_export_is_audited_with_its_filters(client_of, child) -> None:
    response = client_of("demo-county").get(reverse("web:child_export"), {"risk": "medium"})
    body = b"".join(response.streaming_content).decode()
    assert child.name in body
    event = AuditEvent.unscoped.get(action="exported", actor_username="demo-county")
    assert event.detail == {"filters": {"risk": "medium"}}


def test_village_director_sees_only_the_village_and_other_county_nothing(client_of, actor_of) -> None:
    county = actor_of("demo-county")
    mine = services.child_create(actor=county, record=left_behind(name="新街孩子")).child
    born = date(2014, 2, 2)
    sibling = services.child_create(
        actor=county,
        record=left_behind(
            name="星群孩子", division_code=XINGQUN, birth_date=born, id_number=id_number(born)
        ),
    ).child
    born_b = date(2013, 3, 3)
    services.child_create(
        actor=actor_of("demo-county-b"),
        record=left_behind(
            name="安源孩子",
            division_code="360302001001",
            birth_date=born_b,
            id_number=id_number(born_b, place="360302"),
        ),
    )
    village = client_of("demo-village")
    listing = village.get(reverse("web:child_list")).content.decode()
    assert "新街孩子" in listing and "星群孩子" not in listing and "安源孩子" not in listing
    assert village.get(reverse("web:child_detail", args=[mine.pk])).status_code == 200
    assert village.get(reverse("web:child_detail", args=[sibling.pk])).status_code == 404
    other = client_of("demo-county-b").get(reverse("web:child_list")).content.decode()
    assert "安源孩子" in other and "新街孩子" not in other and "星群孩子" not in other

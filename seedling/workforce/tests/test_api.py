"""The workforce API: token auth, scope, masking and problem+json, as on the web."""

from __future__ import annotations

import pytest
from django.test import Client

from seedling.demo.accounts import DEMO_PASSWORD
from seedling.workforce.tests.factories import id_number, register

pytestmark = pytest.mark.django_db


def api(username: str) -> Client:
    client = Client()
    response = client.post(
        "/api/v1/auth/token",
        {"username": username, "password": DEMO_PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {response.json()['token']}"
    return client


def test_workers_and_coverage(actor_of, frozen) -> None:
    worker = register(actor_of("demo-county"), 1, "360313001001", phone="13812345678")
    county = api("demo-county").get("/api/v1/workforce/workers").json()
    assert [(w["name"], w["id_number"], w["phone"]) for w in county] == [
        ("测试1", id_number(1), "13812345678")
    ]
    township = api("demo-township").get("/api/v1/workforce/workers").json()
    assert township[0]["id_number"] == id_number(1)[:6] + "********" + id_number(1)[-4:]
    assert township[0]["phone"] == "138****5678"
    assert api("demo-county-b").get(f"/api/v1/workforce/workers/{worker.pk}").status_code == 404
    body = api("demo-county").get("/api/v1/workforce/coverage/360313000000").json()
    assert (body["root"]["villages"], body["root"]["villages_covered"], body["root"]["directors"]) == (
        152,
        1,
        1,
    )
    assert body["root"]["village_pct"] == "0.7" and len(body["children"]) == 11


def test_create_and_explain(frozen) -> None:
    client = api("demo-county")
    created = client.post(
        "/api/v1/workforce/workers",
        {
            "name": "接口主任",
            "id_number": id_number(2),
            "role": "director",
            "division_code": "360313001001",
            "employment": "part_time",
            "appointed_on": "2024-01-01",
        },
        content_type="application/json",
    )
    assert created.status_code == 201 and created.json()["division_code"] == "360313001001"
    refused = client.post(
        "/api/v1/workforce/workers",
        {
            "name": "甲",
            "id_number": id_number(3),
            "role": "director",
            "division_code": "360302001001",
            "employment": "part_time",
            "appointed_on": "2024-01-01",
        },
        content_type="application/json",
    )
    assert refused.status_code == 400 and refused["Content-Type"] == "application/problem+json"
    assert refused.json()["code"] == "division.outside"
    explained = client.post(
        "/api/v1/workforce/coverage/360313000000/explanations",
        {"kind": "director", "text": "部分村的儿童主任正在选配，预计年底前配齐。"},
        content_type="application/json",
    )
    assert explained.status_code == 201 and explained.json()["people"] == 1
    city = api("demo-city").get("/api/v1/workforce/coverage/360300000000").json()
    row = next(c for c in city["children"] if c["code"] == "360313000000")
    assert [e["kind"] for e in row["explanations"]] == ["director"]
    assert Client().get("/api/v1/workforce/workers").status_code == 401

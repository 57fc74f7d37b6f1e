"""The institutions API: the name check answers problem+json with the Chinese message."""

from __future__ import annotations

import pytest

from seedling.workforce.tests.test_api import api

pytestmark = pytest.mark.django_db


def test_create_list_and_coverage(frozen) -> None:
    client = api("demo-county")
    refused = client.post(
        "/api/v1/institutions",
        {"kind": "childrens_home", "division_code": "360313001001", "name": "新街留守儿童之家"},
        content_type="application/json",
    )
    assert refused.status_code == 400 and refused["Content-Type"] == "application/problem+json"
    assert refused.json()["code"] == "institution.name_labelling"
    assert (
        refused.json()["detail"] == "名称中不得出现“留守”等标签化字样，请统一命名为“XX村（社区）儿童之家”。"
    )
    created = client.post(
        "/api/v1/institutions",
        {"kind": "childrens_home", "division_code": "360313001001", "name": "新街社区儿童之家"},
        content_type="application/json",
    )
    assert created.status_code == 201
    detail = client.get(f"/api/v1/institutions/{created.json()['id']}").json()
    assert [h["met"] for h in detail["five_haves"]] == [True, False, False, False, False]
    assert detail["villages_served"] == ["360313001001"]
    assert [i["name"] for i in api("demo-township").get("/api/v1/institutions").json()] == [
        "新街社区儿童之家"
    ]
    assert api("demo-county-b").get("/api/v1/institutions").json() == []
    coverage = client.get("/api/v1/institutions/coverage/360313001000").json()
    assert (coverage["root"]["communities_with_home"], coverage["child_counts_known"]) == (1, False)

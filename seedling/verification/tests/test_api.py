"""The verification API: the same services and scope as the pages and the command line."""

from __future__ import annotations

import pytest

from seedling.people import services as people
from seedling.people.tests.factories import left_behind
from seedling.verification.enums import SECTIONS
from seedling.workforce.tests.test_api import api

pytestmark = pytest.mark.django_db
JSON = "application/json"


def test_workflow_and_round_over_the_api(actor_of) -> None:
    child = people.child_create(actor=actor_of("demo-village"), record=left_behind()).child
    village, township = api("demo-village"), api("demo-township")
    submitted = village.post(f"/api/v1/verification/files/{child.pk}/submit").json()
    assert submitted["status"] == "submitted"
    stale = township.post(
        f"/api/v1/verification/files/{child.pk}/review",
        {"approve": True, "version": submitted["version"] - 1},
        content_type=JSON,
    )
    assert stale.status_code == 409 and stale.json()["code"] == "stale"
    returned = township.post(
        f"/api/v1/verification/files/{child.pk}/review",
        {"approve": False, "version": submitted["version"], "reason": "地址不全", "fields": ["home_address"]},
        content_type=JSON,
    )
    assert returned.json()["status"] == "returned"
    assert [
        (r["child_id"], r["reason"], r["fields"])
        for r in village.get("/api/v1/verification/files/returned").json()
    ] == [(child.pk, "地址不全", ["home_address"])]

    province = api("demo-province")
    opened = province.post(
        "/api/v1/verification/rounds",
        {"name": "2026年第四季度核实", "due_on": "2026-12-31"},
        content_type=JSON,
    )
    assert opened.status_code == 201 and opened.json()["files"] == 1
    rid = opened.json()["round"]
    [rf] = village.get(f"/api/v1/verification/rounds/{rid}/files").json()
    checked = village.post(
        f"/api/v1/verification/round-files/{rf['id']}/check", {"sections": list(SECTIONS)}, content_type=JSON
    ).json()
    assert checked["state"] == "verified"
    approved = township.post(
        f"/api/v1/verification/round-files/{rf['id']}/review",
        {"approve": True, "version": checked["version"]},
        content_type=JSON,
    ).json()
    assert approved["state"] == "approved"
    board = api("demo-county").get(f"/api/v1/verification/rounds/{rid}/progress").json()
    assert (board["files"], board["verified"], board["approved"]) == (1, 1, 1)
    other = api("demo-county-b").post(
        f"/api/v1/verification/rounds/{rid}/sign-offs", {"township_code": "360313001000"}, content_type=JSON
    )
    assert other.status_code == 403
    signed = api("demo-county").post(
        f"/api/v1/verification/rounds/{rid}/sign-offs", {"township_code": "360313001000"}, content_type=JSON
    )
    assert signed.status_code == 201
    city = api("demo-city")
    drawn = city.post(f"/api/v1/verification/rounds/{rid}/spot-checks", {"seed": 11}, content_type=JSON)
    assert drawn.status_code == 201 and len(drawn.json()["drawn"]) == 3
    again = city.post(f"/api/v1/verification/rounds/{rid}/spot-checks", {"seed": 12}, content_type=JSON)
    assert again.status_code == 400 and again.json()["code"] == "spot_check.drawn"

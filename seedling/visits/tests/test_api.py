"""The visits API: token auth, scope, one visit per client token, problem+json."""

from __future__ import annotations

import uuid

from django.test import Client

from seedling.visits.models import UrgentReport
from seedling.visits.tests.conftest import file_child
from seedling.workforce.tests.test_api import api


def test_api_worklist_and_idempotent_visit(actor_of, frozen) -> None:
    child = file_child(actor_of("demo-village"), risk="high")
    client = api("demo-village")
    items = client.get("/api/v1/visits/worklist").json()
    assert [(i["child_id"], i["status"], i["alarm"]) for i in items] == [(child.pk, "overdue", True)]
    body = {
        "client_token": str(uuid.uuid4()),
        "visited_on": "2025-06-30",
        "mode": "home",
        "urgent": ["missing"],
    }
    first = client.post(f"/api/v1/visits/children/{child.pk}/visits", body, content_type="application/json")
    again = client.post(f"/api/v1/visits/children/{child.pk}/visits", body, content_type="application/json")
    assert (first.status_code, again.status_code, again.json()["id"]) == (201, 200, first.json()["id"])
    assert UrgentReport.unscoped.filter(child=child, trigger="missing").count() == 1
    assert client.get("/api/v1/visits/worklist").json() == []
    listed = client.get(f"/api/v1/visits/children/{child.pk}/visits").json()
    assert [v["id"] for v in listed] == [first.json()["id"]]
    future = client.post(
        f"/api/v1/visits/children/{child.pk}/visits",
        {**body, "client_token": str(uuid.uuid4()), "visited_on": "2025-07-01"},
        content_type="application/json",
    )
    assert future.status_code == 400 and future["Content-Type"].startswith("application/problem+json")
    other = api("demo-county-b")
    assert other.get(f"/api/v1/visits/children/{child.pk}/visits").status_code == 404
    assert (
        other.post(
            f"/api/v1/visits/children/{child.pk}/visits", body, content_type="application/json"
        ).status_code
        == 404
    )
    assert Client().get("/api/v1/visits/worklist").status_code == 401

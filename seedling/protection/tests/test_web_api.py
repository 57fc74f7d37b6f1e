"""Protection over HTTP: pages and API, scope, bad input never a 500, sealed details never in lists."""

from __future__ import annotations

import uuid

from django.urls import reverse

from seedling.audit.models import AuditEvent
from seedling.protection.models import Case
from seedling.protection.tests.conftest import child, report
from seedling.workforce.tests.test_api import api


def test_village_reports_on_the_phone_and_county_sees_it(actor_of, client_of, frozen) -> None:
    kid = child(actor_of("demo-village"))
    village = client_of("demo-village")
    form = village.get(reverse("protection:report_new"))
    assert form.status_code == 200 and kid.name in form.content.decode()
    sent = village.post(
        reverse("protection:report_new"),
        {
            "client_token": str(uuid.uuid4()),
            "trigger": "alone",
            "child": str(kid.pk),
            "seen": "独自在家，门锁着",
            "seen_at": "2026-09-25T09:00",
            "source": "village",
        },
    )
    case = Case.unscoped.get(child=kid)
    assert sent.status_code == 302 and sent["Location"] == reverse("protection:case", args=[case.pk])
    county = client_of("demo-county")
    todo = county.get(reverse("protection:todo")).content.decode()
    assert case.number in todo and "独自在家" not in todo  # the list carries no sealed detail
    page = county.get(reverse("protection:case", args=[case.pk])).content.decode()
    assert "独自在家" in page and "报告公安" in page
    assert client_of("demo-county-b").get(reverse("protection:case", args=[case.pk])).status_code == 404
    assert client_of("demo-county-b").get(reverse("protection:todo")).context["rows"] == []
    step = county.post(
        reverse("protection:case_step", args=[case.pk, "police"]),
        {
            "version": "1",
            "done_on": "2026-09-25",
            "police_at": "2026-09-25T09:20",
            "police_station": "峡山口派出所",
            "police_record": "JCJ-1",
        },
    )
    assert step.status_code == 302
    stale = county.post(
        reverse("protection:case_step", args=[case.pk, "emergency"]),
        {"version": "1", "done_on": "2026-09-25", "safe": "on"},
    )
    assert stale.status_code == 200
    assert Case.unscoped.get(pk=case.pk).version == 2  # the stale page's step was refused


def test_bad_input_never_a_500(actor_of, client_of, frozen) -> None:
    village = client_of("demo-village")
    for data in (
        {},
        {"trigger": "nonsense", "seen_at": "x"},
        {"client_token": "not-a-uuid", "trigger": "alone", "seen_at": "2026-09-25T09:00"},
        {
            "client_token": str(uuid.uuid4()),
            "trigger": "alone",
            "seen_at": "2026-09-25T09:00",
            "child": "999999",
        },
        {"client_token": str(uuid.uuid4()), "trigger": "alone", "seen_at": "2026-09-25T09:00"},
    ):
        assert village.post(reverse("protection:report_new"), data).status_code == 200, data
    case = report(actor_of("demo-village"), child=child(actor_of("demo-village"))).case
    county = client_of("demo-county")
    assert county.get(reverse("protection:case_step", args=[case.pk, "nonsense"])).status_code == 404
    for data in ({}, {"version": "x"}, {"version": "1", "done_on": "2099-01-01", "police_at": "zzz"}):
        assert county.post(reverse("protection:case_step", args=[case.pk, "police"]), data).status_code == 200
    assert county.post(reverse("protection:application_step", args=[1, "nonsense"])).status_code == 404
    assert county.post(reverse("protection:application_new"), {"category": "x"}).status_code == 200
    client = api("demo-county")
    bad = client.post("/api/v1/protection/reports", {"trigger": "alone"}, content_type="application/json")
    assert bad.status_code in (400, 422) and bad["Content-Type"].startswith("application/problem+json")
    bad = client.post(
        "/api/v1/protection/reports",
        {"client_token": str(uuid.uuid4()), "trigger": "nope", "seen_at": "2026-09-25T09:00:00+08:00"},
        content_type="application/json",
    )
    assert bad.status_code == 400 and bad.json()["code"] == "report.trigger"
    bad = client.post(
        f"/api/v1/protection/cases/{case.pk}/steps",
        {"kind": "police", "version": 7, "done_on": "2026-09-25"},
        content_type="application/json",
    )
    assert bad.status_code == 409 and bad.json()["code"] == "protection.stale"


def test_api_report_case_and_application(actor_of, frozen) -> None:
    kid = child(actor_of("demo-village"))
    village = api("demo-village")
    body = {
        "client_token": str(uuid.uuid4()),
        "trigger": "missing",
        "seen_at": "2026-09-25T08:00:00+08:00",
        "child_id": kid.pk,
        "seen": "放学未归",
    }
    first = village.post("/api/v1/protection/reports", body, content_type="application/json")
    again = village.post("/api/v1/protection/reports", body, content_type="application/json")
    assert (first.status_code, again.status_code, again.json()["id"]) == (201, 200, first.json()["id"])
    assert first.json()["urgency"] == "immediate" and first.json()["owed"][0]["step"] == "police"
    county = api("demo-county")
    listed = county.get("/api/v1/protection/cases").json()
    assert [c["id"] for c in listed] == [first.json()["id"]] and "seen" not in listed[0]
    case_id = first.json()["id"]
    done = county.post(
        f"/api/v1/protection/cases/{case_id}/steps",
        {
            "kind": "police",
            "version": 1,
            "done_on": "2026-09-25",
            "police_at": "2026-09-25T08:30:00+08:00",
            "police_station": "峡山口派出所",
            "police_record": "JCJ-9",
        },
        content_type="application/json",
    )
    assert done.status_code == 201 and done.json()["police_record"] == "JCJ-9" and done.json()["version"] == 2
    assert api("demo-county-b").get(f"/api/v1/protection/cases/{case_id}").status_code == 404
    city = api("demo-city").get(f"/api/v1/protection/cases/{case_id}").json()
    assert city["seen"] is None  # sealed outside the case roles
    assert AuditEvent.unscoped.filter(action="case_viewed", subject_id=str(case_id)).count() >= 3
    app = api("demo-township").post(
        "/api/v1/applications",
        {
            "category": "orphan",
            "applicant_kind": "guardian",
            "applicant_name": "林某",
            "complete_on": "2026-09-25",
            "child_id": kid.pk,
        },
        content_type="application/json",
    )
    assert app.status_code == 201, app.content
    got = county.get(f"/api/v1/applications/{app.json()['id']}").json()
    assert (got["status"], got["verify_due"], got["confirm_due"], got["benefit_from"]) == (
        "verifying",
        "2026-10-15",
        None,
        None,
    )
    assert api("demo-county-b").get(f"/api/v1/applications/{app.json()['id']}").status_code == 404

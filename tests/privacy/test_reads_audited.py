"""Every read of a personal file and every export is audited: one event per response, whoever answers.

The test classifies every page and every API operation: a response that carries one person's file
(its page, its edit form, the API's answer to a read or to a write that returns the file) records one
`file_viewed` event about that person; a response that lets personal data leave (a CSV, a workbook)
records one `exported` event. Every other page is named below with the reason it carries no file. A
new page or operation fails the test until it is classified.
"""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from seedling.accounts.models import User
from seedling.audit.models import AuditEvent
from seedling.demo.accounts import DEMO_PASSWORD
from tests.privacy import walk

pytestmark = pytest.mark.django_db

# URL name -> the parameter naming the person whose file the page shows.
FILE_READS = {
    "web:child_detail": "child_id",
    "web:child_edit": "child_id",
    "visits:child": "child_id",
    "web:woman_edit": "woman_id",
    "workforce:worker_detail": "worker_id",
    "workforce:worker_edit": "worker_id",
}
EXPORTS = {"web:child_export", "workforce:roster_export"}
# Pages that show a list of people (names, masked numbers): one `list_viewed` event per response.
LIST_READS = {
    "web:reattribute",
    "verification:files",
    "verification:spot",
    "verification:corrections",
    "protection:applications",
    "web:details_review",
    "web:review_queue",
    "web:child_list",
    "web:duplicates",
    "web:transfers",
    "web:registry_monthly",
    "web:registry_discrepancies",
    "web:registry_confirmations",
    "web:registry_list",
    "web:woman_list",
    "visits:worklist",
    "workforce:worker_list",
    "workforce:training_overdue",
    "workforce:training_detail",
}
# Pages that show no one's file: lists (names and masked numbers, never a file), forms for something
# new, figures, and the POST-only actions (a GET answers 405 and shows nothing).
NOT_A_FILE = {
    "set_language": "a language choice",
    "web:home": "the actor's own home page: counts and notices",
    "web:login": "sign-in",
    "web:logout": "sign-out",
    "web:healthz": "liveness probe",
    "web:division_browser": "divisions",
    "web:division_detail": "divisions",
    "web:account_list": "accounts: staff, not files",
    "web:account_create": "a form for a new account",
    "web:account_detail": "an account: staff, not a file",
    "web:audit_log": "the audit log (names of subjects, no file)",
    "web:child_create": "a form for a new file",
    "web:registry_hiv": "the HIV roll: names, no file; the read of the roll is audited itself (hiv_roll)",
    "web:child_reveal": "POST only: the reveal records its own event (value_revealed)",
    "web:registry_index": "roll counts",
    "protection:todo": "a list of case numbers and clocks (no sealed detail, no name)",
    "protection:report_new": "a form for a new report",
    "protection:flag_route": "POST only",
    "protection:case": "a protection case: records its own case_viewed event (protection tests)",
    "protection:case_step": "a form for a step of a case (number only)",
    "protection:referral_reply": "POST only",
    "protection:case_reveal": "POST only: the reveal records its own event (value_revealed)",
    "protection:application_new": "a form for a new application",
    "protection:application": "an application: records file_viewed about it (protection tests)",
    "protection:application_step": "POST only",
    "web:registry_policy_start": "policy",
    "web:registry_policy": "policy",
    "web:woman_create": "a form for a new file",
    "web:exchange_index": "the upload form",
    "web:exchange_template": "an empty workbook",
    "web:exchange_export": "POST only: the export records its event when it writes (below)",
    "web:exchange_export_job": "a job's progress",
    "web:exchange_export_file": "the workbook whose export was recorded when it was written",
    "web:exchange_job": "an import's progress and its row errors",
    "web:exchange_commit": "POST only",
    "web:exchange_errors": "checked below: the rejected rows of the user's own upload",
    "visits:visit_new": "POST only",
    "visits:risk_set": "POST only",
    "visits:pairing_set": "POST only",
    "visits:need_add": "POST only",
    "visits:service_add": "POST only",
    "visits:compliance_start": "figures",
    "visits:compliance": "figures",
    "visits:frequencies_start": "policy",
    "visits:frequencies": "policy",
    "verification:ratios_start": "policy",
    "verification:ratios": "policy",
    "workforce:worker_create": "a form for a new worker",
    "workforce:appointment_add": "POST only",
    "workforce:worker_link": "POST only",
    "workforce:evaluation_create": "a form for a new evaluation",
    "workforce:appointment_end": "POST only",
    "workforce:training_list": "a list",
    "workforce:training_create": "a form",
    "workforce:certificate_issue": "POST only",
    "workforce:duty_lists": "duty lists",
    "workforce:duty_item_retire": "POST only",
    "workforce:coverage_start": "figures",
    "workforce:coverage": "figures",
    "workforce:coverage_forward": "POST only",
    "workforce:roster_template": "an empty workbook",
    "workforce:roster_import": "the upload form",
    "institutions:institution_list": "institutions, not people",
    "institutions:institution_create": "a form",
    "institutions:institution_detail": "an institution",
    "institutions:institution_edit": "an institution",
    "institutions:institution_close": "POST only",
    "institutions:home_uncover": "POST only",
    "institutions:coverage_start": "figures",
    "institutions:coverage": "figures",
    "statistics:start": "a list of the reader's areas",
    "statistics:dashboard": "figures",
    "statistics:workbook": "figures (the download is recorded as an export)",
    "statistics:bulletin_draft": "figures (issuing is recorded as bulletin_issued)",
    "statistics:bulletins": "a list of bulletins",
    "statistics:bulletin": "an issued bulletin's stored figures",
    "statistics:bulletin_workbook": "figures (the download is recorded as an export)",
    "web:child_submit": "POST only",
    "web:child_review": "POST only",
    "verification:rounds": "a list of rounds",
    "verification:round": "figures",
    "verification:file": "a round's checklist: the name, the round's state and gaps, no value of the file "
    "(recorded as a read all the same)",
    "verification:check": "POST only",
    "verification:review": "POST only",
    "verification:sign_off": "POST only",
    "verification:draw": "POST only",
    "verification:record": "POST only",
    "verification:resolve": "POST only",
    "institutions:child_counts": "figures: villages' child population, no person",
    "institutions:child_count_edit": "a village's child population figure, no person",
}
# API operations (method, path) -> the path parameter naming the person; None: the answer's own file.
API_FILE_READS = {
    ("get", "/api/v1/children/{child_id}"): "child_id",
    ("patch", "/api/v1/children/{child_id}"): "child_id",
    ("post", "/api/v1/children"): None,
    ("get", "/api/v1/workforce/workers/{worker_id}"): "worker_id",
    ("get", "/api/v1/visits/children/{child_id}/visits"): "child_id",
}
API_LIST_READS = {
    ("get", "/api/v1/verification/rounds/{round_id}/files"),
    ("get", "/api/v1/verification/corrections"),
    ("get", "/api/v1/verification/files/returned"),
    ("get", "/api/v1/children/reattribute"),
    ("get", "/api/v1/children"),
    ("get", "/api/v1/workforce/workers"),
    ("get", "/api/v1/workforce/training/overdue"),
    ("get", "/api/v1/visits/worklist"),
}
API_NOT_A_FILE = {
    ("post", "/api/v1/auth/token"): "sign-in",
    ("post", "/api/v1/children/{child_id}/reveal"): "the reveal records its own event (value_revealed)",
    ("post", "/api/v1/workforce/workers"): "answers the new worker's id and division only",
    ("get", "/api/v1/workforce/coverage/{code}"): "figures",
    ("post", "/api/v1/workforce/coverage/{code}/explanations"): "an explanation",
    ("get", "/api/v1/institutions"): "institutions",
    ("post", "/api/v1/institutions"): "an institution",
    ("get", "/api/v1/institutions/{institution_id}"): "an institution",
    ("get", "/api/v1/institutions/coverage/{code}"): "figures",
    ("get", "/api/v1/institutions/child-counts"): "figures: villages' child population, no person",
    ("post", "/api/v1/institutions/child-counts"): "a village's child population figure",
    ("post", "/api/v1/institutions/child-counts/import"): "an import report of villages' figures",
    ("post", "/api/v1/visits/children/{child_id}/visits"): "answers the visit the caller just recorded",
    ("get", "/api/v1/visits/compliance/{code}"): "figures",
    ("get", "/api/v1/protection/cases"): "a list (no sealed detail)",
    ("post", "/api/v1/protection/reports"): "answers the case just raised; records case_viewed",
    ("get", "/api/v1/protection/cases/{case_id}"): "a case: records case_viewed (protection tests)",
    ("post", "/api/v1/protection/cases/{case_id}/steps"): "answers the case; records case_viewed",
    ("get", "/api/v1/applications/{app_id}"): "an application: records file_viewed (protection tests)",
    ("post", "/api/v1/applications"): "answers the application just lodged; records file_viewed",
    ("post", "/api/v1/verification/files/{child_id}/submit"): "answers the status and version only",
    ("post", "/api/v1/verification/files/{child_id}/review"): "answers the status and version only",
    ("get", "/api/v1/verification/rounds"): "rounds",
    ("post", "/api/v1/verification/rounds"): "a round",
    ("get", "/api/v1/verification/rounds/{round_id}/progress"): "figures",
    ("post", "/api/v1/verification/round-files/{file_id}/check"): "a round's state of the file",
    ("post", "/api/v1/verification/round-files/{file_id}/review"): "a round's state of the file",
    ("post", "/api/v1/verification/rounds/{round_id}/sign-offs"): "a sign-off",
    ("post", "/api/v1/verification/rounds/{round_id}/spot-checks"): "a draw: unit codes and file ids",
    ("get", "/api/v1/verification/spot-checks/{spot_id}"): "a draw: unit codes and file ids",
    ("post", "/api/v1/verification/spot-check-files/{sample_id}"): "a finding",
    ("post", "/api/v1/verification/corrections/{task_id}/resolve"): "a task",
}


def _events(action: str) -> list[tuple[str, str]]:
    return list(
        AuditEvent.unscoped.filter(action=action).order_by("pk").values_list("subject_type", "subject_id")
    )


def _new(before: list[Any], action: str) -> list[tuple[str, str]]:
    return _events(action)[len(before) :]


def test_every_page_is_classified() -> None:
    names = {name for name, _ in walk.patterns() if not name.startswith("api") and name != "None"}
    api = {n for n, route in walk.patterns() if route.startswith("api/")}
    assert api  # the API is mounted under api/v1/
    unclassified = names - set(FILE_READS) - EXPORTS - LIST_READS - set(NOT_A_FILE)
    assert unclassified == set(), f"classify these pages: {sorted(unclassified)}"
    stale = (set(FILE_READS) | EXPORTS | LIST_READS | set(NOT_A_FILE)) - names
    assert stale == set(), f"no longer pages: {sorted(stale)}"


def test_every_page_that_shows_a_file_records_one_read(world: dict[str, Any]) -> None:
    client = Client()
    client.force_login(User.objects.get(username="demo-county"))
    values = walk.values_for(world, "demo-county")
    routes = dict(walk.patterns())
    checked = 0
    for name, param in FILE_READS.items():
        for subject in values[param]:
            path = walk.fill(routes[name], {**values, param: [subject]})[0][0]
            before = _events("file_viewed")
            response = client.get("/" + path)
            assert response.status_code == 200, (name, response.status_code)
            assert [s for _t, s in _new(before, "file_viewed")] == [subject], (name, path)
            checked += 1
    assert checked >= len(FILE_READS)
    # A POST that answers with the file again (a form with an error) reads it too.
    child_id = values["child_id"][0]
    before = _events("file_viewed")
    response = client.post(reverse("web:child_edit", args=[child_id]), {"name": ""})
    assert response.status_code == 200
    assert _new(before, "file_viewed") == [("child", child_id)]


def test_every_export_records_one_event(world: dict[str, Any]) -> None:
    client = Client()
    client.force_login(User.objects.get(username="demo-county"))
    for name in sorted(EXPORTS):
        before = _events("exported")
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        b"".join(response.streaming_content) if response.streaming else response.content
        assert len(_new(before, "exported")) == 1, name
    before = _events("exported")
    response = client.post(reverse("web:exchange_export"), {"division": ""})
    job = response["Location"].rstrip("/").split("/")[-1]
    b"".join(client.get(reverse("web:exchange_export_file", args=[job])).streaming_content)
    assert len(_new(before, "exported")) == 1
    # The error workbook gives back the rejected rows of the user's own upload: recorded as an export.
    ledger = b"".join(client.get(reverse("web:exchange_export_file", args=[job])).streaming_content)
    book = openpyxl.load_workbook(io.BytesIO(ledger))
    book["儿童台账"].cell(row=2, column=7).value = "不是日期"
    buf = io.BytesIO()
    book.save(buf)
    buf.name = "broken.xlsx"
    buf.seek(0)
    uploaded = client.post(reverse("web:exchange_index"), {"file": buf})
    job = uploaded["Location"].rstrip("/").split("/")[-1]
    before = _events("exported")
    assert client.get(reverse("web:exchange_errors", args=[job])).status_code == 200
    assert _new(before, "exported") == [("import_errors", job)]


def _token(client: Client) -> dict[str, str]:
    token = client.post(
        "/api/v1/auth/token",
        {"username": "demo-county", "password": DEMO_PASSWORD},
        content_type="application/json",
    ).json()["token"]
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_every_api_operation_is_classified_and_file_answers_are_read_events(world: dict[str, Any]) -> None:
    client = Client()
    auth = _token(client)
    spec = client.get("/api/v1/openapi.json").json()
    operations = {(m, p) for p, ops in spec["paths"].items() for m in ops}
    unclassified = operations - set(API_FILE_READS) - API_LIST_READS - set(API_NOT_A_FILE)
    assert unclassified == set(), f"classify these API operations: {sorted(unclassified)}"
    values = walk.values_for(world, "demo-county")
    child_id, worker_id = values["child_id"][0], values["worker_id"][0]
    bodies: dict[tuple[str, str], Any] = {
        ("patch", "/api/v1/children/{child_id}"): {},  # even an empty change answers the whole file
        ("post", "/api/v1/children"): {
            "division_code": walk.VILLAGE,
            "name": "吴小花",
            "no_hukou": True,
            "birth_date": "2016-06-01",
            "sex": "female",
            "hukou_type": "rural",
        },
    }
    for (method, path), param in API_FILE_READS.items():
        concrete = path.replace("{child_id}", child_id).replace("{worker_id}", worker_id)
        before = _events("file_viewed")
        send = getattr(client, method)
        if method == "get":
            response = send(concrete, **auth)
        else:
            response = send(concrete, bodies[(method, path)], content_type="application/json", **auth)
        assert response.status_code in (200, 201), (method, path, response.content[:300])
        new = _new(before, "file_viewed")
        ids = {"child_id": child_id, "worker_id": worker_id}
        expected = ids[param] if param else str(response.json()["id"])
        assert [subject_id for _t, subject_id in new] == [expected], (method, path, new)


def test_every_page_and_operation_that_lists_people_records_one_list_read(world: dict[str, Any]) -> None:
    client = Client()
    client.force_login(User.objects.get(username="demo-county"))
    values = walk.values_for(world, "demo-county")
    routes = dict(walk.patterns())
    township = Client()
    township.force_login(User.objects.get(username="demo-township"))
    for name in sorted(LIST_READS):
        path = walk.fill(routes[name], values)[0][0]
        query = {"q": ""} if name == "web:child_list" else {}
        before = _events("list_viewed")
        response = client.get("/" + path, query)
        if response.status_code == 403:  # a township's own list (the review queue)
            before = _events("list_viewed")
            response = township.get("/" + path, query)
        assert response.status_code == 200, (name, response.status_code)
        assert len(_new(before, "list_viewed")) == 1, name
    event = AuditEvent.unscoped.filter(action="list_viewed", subject_type="worklist").latest("pk")
    assert event.actor_username == "demo-county" and event.detail["count"] == len(event.detail["shown"])
    auth = _token(client)
    for _method, path in sorted(API_LIST_READS):
        for key, given in values.items():
            path = path.replace("{" + key + "}", str(given[0]))
        before = _events("list_viewed")
        response = client.get(path, **auth)
        assert response.status_code == 200, (path, response.content[:200])
        assert len(_new(before, "list_viewed")) == 1, path

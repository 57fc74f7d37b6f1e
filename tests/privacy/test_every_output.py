"""Every output, as every demo role: no sensitive value reaches a role that may not see it.

The world is the demo set (seedling.demo.children: an HIV-infected child, a harmed child with a note and
a psychological note, a child whose father is in prison, a child with an illness) plus a left-behind
woman and a registered child director. The walk requests every page of the web interface (each URL
pattern with its parameters filled, the file's history tab included), every API read, the CSV export,
the ledger export, an import's error workbook and the roster workbook, as each of the seven demo
accounts, and looks for the stored sensitive values in what comes back.

What each role may see is written out here, independently of the code under test (docs/rules/privacy.md,
ADR 0012):
- no full ID number or phone number of a child, a parent, a caregiver or a woman, ever (they are masked;
  revealing one is a separate, audited request);
- HIV status only for demo-county (the one demo account holding the HIV grant), only on that child's own
  file: never in a list, never in a workbook; the count of HIV-infected children on the figures' pages
  (dashboards and their workbooks) for demo-county only, and in no monthly bulletin;
- health, harm and custody details (an illness, a psychological note, a harm event, a parent's
  imprisonment) only for the case workers of the file's area (village director, township supervisor,
  county staff), on the file and in their workbooks, never in a list;
- a worker's full ID number only for county staff and above.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from typing import Any

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from seedling.accounts.models import User
from seedling.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD
from seedling.people.models import Child, HarmEvent, Parent, ParentSituation, Woman
from tests.privacy import walk

pytestmark = pytest.mark.django_db

FILE, LIST, EXPORT, QUEUE, HIV_ROLL, FIGURES = "file", "list", "export", "queue", "hiv_roll", "figures"

# Who sees what, per role, for files of 新街居委会 (see the module docstring).
CASE_WORKERS = {"demo-village", "demo-township", "demo-county"}
HIV_HOLDERS = {"demo-county"}
ROSTER_KEEPERS = {"demo-county", "demo-city", "demo-province"}

# URL names whose answer is one person's file (the FILE output); every other page is a list.
FILE_PAGES = {
    "web:child_detail",
    "web:child_edit",
    "web:child_create",  # the form of one file (it shows the HIV field to the grant's holder)
    "web:exchange_template",  # the input form of the ledger (the HIV column for the holder only)
    "visits:child",
    "web:woman_edit",
    "protection:case",  # one case: about its child, read as that file
    "protection:application",
}
# A work queue of files each decided on its own (the county's confirmations): read as those files.
QUEUES = {"web:registry_confirmations"}
# The HIV roll and its counts (seed 000 asks for them): HIV for the grant's holders only, nothing else
# sensitive for anyone (ADR 0012).
HIV_ROLLS = {"web:registry_hiv"}
# Counts of files (dashboards and their workbooks): HIV counts for the grant's holder only. The bulletin
# pages are lists: a bulletin is read by every unit it names, so it never counts HIV.
FIGURE_PAGES = {"statistics:dashboard", "statistics:workbook"}
EXPORTS = {"web:child_export", "web:exchange_export_file", "web:exchange_errors", "workforce:roster_export"}
# Patterns the walk does not request, each with the reason. A new page must join the walk or this list.
NOT_WALKED = {
    "set_language": "stores a language choice; no data",
    "web:logout": "ends the session",
    "web:login": "the sign-in form",
    "web:healthz": "liveness probe",
    "web:child_reveal": "POST only: the audited reveal of one value, on purpose in clear",
    "protection:flag_route": "POST only",
    "protection:referral_reply": "POST only",
    "protection:case_reveal": "POST only: the audited, time-boxed reveal of a case's details",
    "protection:application_step": "POST only",
}
# Job pages: requested below with a job the user started (an export, an import), not by pattern.
JOB_PAGES = {
    "web:exchange_export_job",
    "web:exchange_export_file",
    "web:exchange_job",
    "web:exchange_commit",
    "web:exchange_errors",
}


@dataclass(frozen=True)
class Marker:
    value: str
    kind: str  # identifier, contact, health, harm, custody, hiv, staff_identifier
    child_id: int | None  # the file it belongs to (None: a woman's or a worker's)
    owner: str = ""  # the username a worker record belongs to
    also: frozenset[int] = frozenset()  # other files holding the same text (the demo repeats notes)


def _text(body: bytes, content_type: str) -> str:
    if body[:2] == b"PK":  # a workbook: every text it holds, sheet XML and shared strings alike
        with zipfile.ZipFile(io.BytesIO(body)) as z:
            return "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml"))
    return body.decode("utf-8", "replace")


def _markers() -> list[Marker]:
    """Every stored sensitive value of the world, with its kind and the file it belongs to."""
    out: list[Marker] = []
    for c in Child.unscoped.all():
        for value, kind in (
            (c.id_number, "identifier"),
            (c.caregiver_id_number, "identifier"),
            (c.caregiver_phone, "contact"),
            (c.pairing_phone, "contact"),
            (c.illness, "health"),
            (c.psych_behaviour, "health"),
        ):
            if value:
                out.append(Marker(value, kind, c.pk))
        if c.hiv:
            # The Chinese words, and the API's field ("HIV" alone would turn up in random CSRF tokens).
            out += [Marker("艾滋病", "hiv", c.pk), Marker('"hiv":', "hiv", c.pk)]
    for p in Parent.unscoped.all():
        out += [Marker(v, k, p.child_id) for v, k in ((p.id_number, "identifier"), (p.phone, "contact")) if v]
    for s in ParentSituation.unscoped.select_related("parent"):
        if s.kind in {"imprisoned", "compulsory_detox", "other_restriction"}:
            child_id = s.parent.child_id
            out.append(Marker(f"（期限{s.term_months}个月", "custody", child_id))  # as a reason states it
            if s.note:
                out.append(Marker(s.note, "custody", child_id))
    for h in HarmEvent.unscoped.all():
        if h.note:
            out.append(Marker(h.note, "harm", h.child_id))
    for w in Woman.unscoped.all():
        out += [
            Marker(v, k, None)
            for v, k in (
                (w.id_number, "identifier"),
                (w.husband_id_number, "identifier"),
                (w.phone, "contact"),
                (w.health, "health"),
            )
            if v
        ]
    from seedling.workforce.models import Worker

    for worker in Worker.unscoped.select_related("user"):
        out.append(
            Marker(worker.id_number, "staff_identifier", None, worker.user.username if worker.user else "")
        )
    files: dict[tuple[str, str], set[int]] = {}
    for m in out:
        if m.child_id is not None:
            files.setdefault((m.value, m.kind), set()).add(m.child_id)
    return [
        Marker(m.value, m.kind, m.child_id, m.owner, frozenset(files.get((m.value, m.kind), ()))) for m in out
    ]


def _allowed(username: str, marker: Marker, output: str, subject: int | None) -> bool:
    """May `username` receive `marker` in a response of kind `output` about the file `subject`?"""
    if marker.kind in {"identifier", "contact"}:
        return False
    if marker.kind == "staff_identifier":
        return username in ROSTER_KEEPERS or username == marker.owner
    if output in (HIV_ROLL, FIGURES):  # the HIV roll, or counts: HIV for the grant's holder only
        return marker.kind == "hiv" and username in HIV_HOLDERS
    if output == LIST:
        return False
    if marker.kind == "hiv":  # the holder sees HIV status (and its field) on every file of the area
        return username in HIV_HOLDERS and output == FILE
    own_file = (
        marker.child_id is None or subject in {marker.child_id, *marker.also} or output in (EXPORT, QUEUE)
    )
    return username in CASE_WORKERS and own_file


def _responses(
    client: Client, username: str, world: dict[str, Any]
) -> list[tuple[str, str, str | None, bytes, str]]:
    """(what, output, child id it is about, body, content type) of every output the walk requests."""
    values = walk.values_for(world, username)
    out = []
    unfilled = []
    for name, route in walk.patterns():
        if name in NOT_WALKED or name in JOB_PAGES or route.startswith("api/"):
            continue
        paths = walk.fill(route, values)
        if paths is None:
            unfilled.append(name)
            continue
        output = (
            FILE
            if name in FILE_PAGES
            else EXPORT
            if name in EXPORTS
            else QUEUE
            if name in QUEUES
            else HIV_ROLL
            if name in HIV_ROLLS
            else FIGURES
            if name in FIGURE_PAGES
            else LIST
        )
        for path, about in paths:
            for query in ("", "?tab=history") if name == "web:child_detail" else ("",):
                response = client.get("/" + path + query)
                body = b"".join(response.streaming_content) if response.streaming else response.content
                out.append((name + query, output, about, body, response.get("Content-Type", "")))
    # Workbooks made by a request: the ledger export (inline for the demo's small areas) and an
    # import's error workbook (a dry run of the exported ledger with one row broken).
    response = client.post(reverse("web:exchange_export"), {"division": ""})
    if response.status_code == 302:
        job = response["Location"].rstrip("/").split("/")[-1]
        page = client.get(reverse("web:exchange_export_job", args=[job]))
        out.append(("web:exchange_export_job", LIST, None, page.content, page["Content-Type"]))
        file = client.get(reverse("web:exchange_export_file", args=[job]))
        ledger = b"".join(file.streaming_content)
        out.append(("web:exchange_export_file", EXPORT, None, ledger, "xlsx"))
        book = openpyxl.load_workbook(io.BytesIO(ledger))
        sheet = book["儿童台账"]
        sheet.cell(row=2, column=7).value = "不是日期"
        buf = io.BytesIO()
        book.save(buf)
        buf.name = "broken.xlsx"
        buf.seek(0)
        uploaded = client.post(reverse("web:exchange_index"), {"file": buf})
        assert uploaded.status_code == 302 and "/jobs/" in uploaded["Location"], uploaded.content[:500]
        job = uploaded["Location"].rstrip("/").split("/")[-1]
        page = client.get(reverse("web:exchange_job", args=[job]))
        out.append(("web:exchange_job", LIST, None, page.content, page["Content-Type"]))
        report = client.get(reverse("web:exchange_errors", args=[job]))
        out.append(("web:exchange_errors", EXPORT, None, report.content, "xlsx"))
        committed = client.post(reverse("web:exchange_commit", args=[job]))
        out.append(("web:exchange_commit", LIST, None, committed.content, committed.get("Content-Type", "")))
    return out, unfilled


def _api_responses(username: str, world: dict[str, Any]) -> list[tuple[str, str, str | None, bytes, str]]:
    client = Client()
    token = client.post(
        "/api/v1/auth/token",
        {"username": username, "password": DEMO_PASSWORD},
        content_type="application/json",
    ).json()["token"]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    values = walk.values_for(world, username)
    spec = client.get("/api/v1/openapi.json").json()
    out = []
    for path, ops in spec["paths"].items():
        if "get" not in ops or path.endswith("openapi.json"):
            continue
        route = re.sub(r"\{(\w+)\}", r"<\1>", path.removeprefix("/"))
        paths = walk.fill(route, values)
        assert paths is not None, f"API GET {path}: no value for its parameters"
        for concrete, about in paths:
            response = client.get("/" + concrete, **auth)
            output = FILE if about is not None else LIST
            out.append((f"GET {path}", output, about, response.content, response.get("Content-Type", "")))
    return out


@pytest.mark.parametrize("username", [a.username for a in DEMO_ACCOUNTS])
def test_no_sensitive_value_reaches_a_role_that_may_not_see_it(world: dict[str, Any], username: str) -> None:
    client = Client()
    client.force_login(User.objects.get(username=username))
    web, unfilled = _responses(client, username, world)
    assert unfilled == [], (
        f"pages the walk cannot fill (give them values or a reason in NOT_WALKED): {unfilled}"
    )
    responses = web + _api_responses(username, world)
    markers = _markers()
    assert {m.kind for m in markers} >= {"identifier", "contact", "health", "harm", "custody", "hiv"}
    leaks = []
    for what, output, about, body, content_type in responses:
        text = _text(body, content_type)
        for m in markers:
            if m.value in text and not _allowed(username, m, output, int(about) if about else None):
                leaks.append(f"{what} ({output}, file {about}): {m.kind} {m.value!r}")
    assert leaks == [], f"{username} received what it may not see:\n" + "\n".join(sorted(set(leaks)))
    assert len(responses) > 50

"""Protection reports, cases and orphan / de facto unsupported applications over HTTP, under
/api/v1/protection/ and /api/v1/applications/: the web's selectors and services (scope, audit,
visibility). Lists carry no sealed detail; a case's sealed fields are null for readers outside the
case roles."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from ninja import Router, Schema, Status

from seedling.access import Actor, visibility
from seedling.access.decorators import ActorRequest
from seedling.core import clock
from seedling.protection import selectors, services
from seedling.protection.models import Case

router = Router(tags=["protection"])
applications = Router(tags=["applications"])


def _open(value: Any) -> Any:
    return None if value is visibility.WITHHELD else value


class ClockOut(Schema):
    step: str
    due_on: date | None
    overdue: bool
    reason: str
    citation: str


class CaseRowOut(Schema):
    id: int
    number: str
    division_code: str
    trigger: str
    urgency: str
    source: str
    status: str
    reported_at: datetime
    overdue: bool
    escalated: bool
    owed: list[ClockOut]


class StepOut(Schema):
    id: int
    kind: str
    done_on: date
    by: str
    label: str
    detail: dict[str, Any] | None  # null: restricted to the case workers
    narrative: str | None
    body: str
    due_on: date | None
    replied_on: date | None


class CaseOut(Schema):
    id: int
    number: str
    division_code: str
    child_id: int | None
    child_described: str | None
    trigger: str
    urgency: str
    source: str
    status: str
    seen: str | None
    seen_at: datetime
    place: str
    reported_at: datetime
    police_at: datetime | None
    police_station: str
    police_record: str
    level: int
    risk: str
    outcome: str
    version: int
    owed: list[ClockOut]
    steps: list[StepOut]


class ReportIn(Schema):
    client_token: uuid.UUID
    trigger: str
    seen_at: datetime
    source: str = "village"
    seen: str = ""
    place: str = ""
    child_id: int | None = None
    child_described: str = ""
    division_code: str = ""
    caller_name: str = ""
    callback_phone: str = ""
    anonymous: bool = False


class StepIn(Schema):
    kind: str
    version: int
    done_on: date
    narrative: str = ""
    police_at: datetime | None = None
    police_station: str = ""
    police_record: str = ""
    level: int | None = None
    safe: bool = False
    placement: str = ""
    where: str = ""
    carer: str = ""
    areas: dict[str, str] = {}
    risk: str = ""
    body: str = ""
    due_on: date | None = None
    intervention: str = ""
    outcome: str = ""


def _clocks(owed: list[Any]) -> list[dict[str, Any]]:
    return [
        {
            "step": c.step.value,
            "due_on": c.due_on,
            "overdue": c.overdue,
            "reason": c.reason.message,
            "citation": c.reason.citation,
        }
        for c in owed
    ]


def _case(page: selectors.CasePage) -> dict[str, Any]:
    r, v = page.raw, page.case
    return {
        "id": r.pk,
        "number": r.number,
        "division_code": r.division_code,
        "child_id": r.child_id,
        "child_described": _open(v.child_described),
        "trigger": r.trigger,
        "urgency": r.urgency,
        "source": r.source,
        "status": r.status,
        "seen": _open(v.seen),
        "seen_at": r.seen_at,
        "place": r.place,
        "reported_at": r.reported_at,
        "police_at": r.police_at,
        "police_station": r.police_station,
        "police_record": r.police_record,
        "level": r.level,
        "risk": r.risk,
        "outcome": r.outcome,
        "version": r.version,
        "owed": _clocks(page.owed),
        "steps": [
            {
                "id": s.raw.pk,
                "kind": s.raw.kind,
                "done_on": s.raw.done_on,
                "by": s.raw.by.get_username(),
                "label": s.raw.label,
                "detail": _open(s.detail),
                "narrative": _open(s.narrative),
                "body": s.raw.body,
                "due_on": s.raw.due_on,
                "replied_on": s.raw.replied_on,
            }
            for s in page.steps
        ],
    }


def _page(actor: Actor, case: Case) -> dict[str, Any]:
    return _case(selectors.case_page(actor=actor, case_id=case.pk, as_of=clock.today()))


@router.get(
    "/cases", response=list[CaseRowOut], summary="Open cases awaiting the caller's level (no sealed detail)"
)
def case_list(request: ActorRequest, overdue: bool = False) -> list[dict[str, Any]]:
    rows = selectors.todo(request.actor, as_of=clock.today(), overdue_only=overdue)
    return [
        {
            "id": r.case.pk,
            "number": r.case.number,
            "division_code": r.case.division_code,
            "trigger": r.case.trigger,
            "urgency": r.case.urgency,
            "source": r.case.source,
            "status": r.case.status,
            "reported_at": r.case.reported_at,
            "overdue": r.overdue,
            "escalated": r.escalated,
            "owed": _clocks(r.owed),
        }
        for r in rows
    ]


@router.post(
    "/reports",
    response={200: CaseOut, 201: CaseOut},
    summary="Raise a report; the same client_token again answers the case it opened (200)",
)
def report_create(request: ActorRequest, data: ReportIn) -> Status[dict[str, Any]]:
    actor = request.actor
    fields = data.dict()
    child_id = fields.pop("child_id")
    child = selectors.child_get(actor=actor, child_id=child_id) if child_id is not None else None
    raised = services.report_raise(actor=actor, data=services.ReportInput(**fields, child=child))
    return Status(201 if raised.created else 200, _page(actor, raised.case))


@router.get("/cases/{int:case_id}", response=CaseOut, summary="A case and its timeline (the read is audited)")
def case_detail(request: ActorRequest, case_id: int) -> dict[str, Any]:
    return _case(selectors.case_page(actor=request.actor, case_id=case_id, as_of=clock.today()))


@router.post("/cases/{int:case_id}/steps", response={201: CaseOut}, summary="Record a step of a case")
def case_step(request: ActorRequest, case_id: int, data: StepIn) -> Status[dict[str, Any]]:
    actor = request.actor
    case = selectors.case_get(actor=actor, case_id=case_id)
    fields = data.dict()
    version = fields.pop("version")
    services.case_step(actor=actor, case=case, data=services.StepInput(**fields), version=version)
    return Status(201, _page(actor, case))


# --- applications --------------------------------------------------------------------------------


class ApplicationOut(Schema):
    id: int
    status: str
    category: str
    child_id: int | None
    child_name: str
    division_code: str
    received_code: str
    cross_province: bool
    complete_on: date
    forward_due: date | None
    verify_due: date | None
    confirm_due: date | None
    feedback_due: date | None
    due_estimated: bool
    verified_on: date | None
    decided_on: date | None
    decision_reason: str
    benefit_from: str | None  # YYYY-MM
    benefit_to: str | None  # YYYY-MM: the last month paid (末领年月)
    months_paid: list[str]
    version: int


class ApplicationIn(Schema):
    category: str
    applicant_kind: str
    applicant_name: str
    complete_on: date
    child_id: int | None = None
    child_name: str = ""
    hukou_code: str = ""
    received_code: str = ""
    applicant_relation: str = ""
    applicant_phone: str = ""


def _application(page: selectors.ApplicationPage) -> dict[str, Any]:
    a, d = page.raw, page.due
    return {
        "id": a.pk,
        "status": a.status,
        "category": a.category,
        "child_id": a.child_id,
        "child_name": a.child_name,
        "division_code": a.division_code,
        "received_code": a.received_code,
        "cross_province": a.cross_province,
        "complete_on": a.complete_on,
        "forward_due": d.forward_due,
        "verify_due": d.verify_due,
        "confirm_due": d.confirm_due,
        "feedback_due": d.feedback_due,
        "due_estimated": d.estimated,
        "verified_on": a.verified_on,
        "decided_on": a.decided_on,
        "decision_reason": a.decision_reason,
        "benefit_from": f"{d.benefit_from:%Y-%m}" if d.benefit_from else None,
        "benefit_to": f"{d.benefit_to:%Y-%m}" if d.benefit_to else None,
        "months_paid": page.months,
        "version": a.version,
    }


@applications.get(
    "/{int:app_id}", response=ApplicationOut, summary="An application, its time limits and allowance"
)
def application_detail(request: ActorRequest, app_id: int) -> dict[str, Any]:
    return _application(selectors.application_page(actor=request.actor, app_id=app_id, as_of=clock.today()))


@applications.post("", response={201: ApplicationOut}, summary="Lodge an application")
def application_create(request: ActorRequest, data: ApplicationIn) -> Status[dict[str, Any]]:
    actor = request.actor
    fields = data.dict()
    child_id = fields.pop("child_id")
    child = selectors.child_get(actor=actor, child_id=child_id) if child_id is not None else None
    app = services.application_lodge(actor=actor, data=services.ApplicationInput(**fields, child=child))
    return Status(
        201, _application(selectors.application_page(actor=actor, app_id=app.pk, as_of=clock.today()))
    )

"""Visits and worklists over HTTP: the web's selectors and services (scope, audit),
under /api/v1/visits/."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from ninja import Router, Schema, Status

from seedling.access import Actor, visibility
from seedling.access.decorators import ActorRequest
from seedling.core import clock
from seedling.visits import selectors, services
from seedling.visits.models import Visit
from seedling.visits.schedule import ChildSchedule

router = Router(tags=["visits"])


class ObligationOut(Schema):
    kind: str
    status: str
    period_start: date
    period_end: date
    met_on: date | None
    reason: str
    citation: str


class DueOut(Schema):
    child_id: int
    name: str
    division_code: str
    risk_level: str
    status: str
    alarm: bool
    last_home_visit: date | None
    days_without_home_visit: int | None
    obligations: list[ObligationOut]


class VisitIn(Schema):
    client_token: uuid.UUID
    visited_on: date
    mode: str
    found: str = ""
    measures: str = ""
    anomaly: bool = False
    anomaly_note: str = ""
    needs_note: str = ""
    follow_up_on: date | None = None
    urgent: list[str] = []


class VisitOut(Schema):
    id: int
    child_id: int
    visited_on: date
    mode: str
    visitor: str
    found: str
    measures: str
    anomaly: bool
    anomaly_note: str | None  # null: restricted to the file's case workers
    needs_note: str
    follow_up_on: date | None
    client_token: uuid.UUID


class TierOut(Schema):
    level: str
    children: int
    compliant: int
    due: int
    overdue: int
    alarms: int


class ComplianceOut(Schema):
    division_code: str
    tiers: list[TierOut]
    in_difficulty: int
    paired: int
    unpaired_ids: list[int]
    alarm_ids: list[int]


def _schedule(s: ChildSchedule) -> dict[str, Any]:
    return {
        "status": s.status.value,
        "alarm": s.alarm,
        "last_home_visit": s.last_home_visit,
        "days_without_home_visit": s.days_without_home_visit,
        "obligations": [
            {
                "kind": o.kind.value,
                "status": o.status.value,
                "period_start": o.period_start,
                "period_end": o.period_end,
                "met_on": o.met_on,
                "reason": o.reason.message,
                "citation": o.reason.citation,
            }
            for o in s.obligations
        ],
    }


def _visit(actor: Actor, visit: Visit) -> dict[str, Any]:
    """A visit as the caller may read it (a psychological note only for the file's case workers)."""
    v = visibility.project(actor, visit, visibility.Output.FILE)
    note = v.anomaly_note
    return {
        "id": v.pk,
        "child_id": v.child_id,
        "visited_on": v.visited_on,
        "mode": v.mode,
        "visitor": visit.visitor.get_username(),
        "found": v.found,
        "measures": v.measures,
        "anomaly": v.anomaly,
        "anomaly_note": None if note is visibility.WITHHELD else note,
        "needs_note": v.needs_note,
        "follow_up_on": v.follow_up_on,
        "client_token": v.client_token,
    }


@router.get(
    "/worklist", response=list[DueOut], summary="Children due or overdue for a visit, most urgent first"
)
def worklist(request: ActorRequest) -> list[dict[str, Any]]:
    rows = selectors.worklist(actor=request.actor, as_of=clock.today())
    return [
        {
            "child_id": r.child.pk,
            "name": r.child.name,
            "division_code": r.child.division_code,
            "risk_level": r.child.risk_level,
            **_schedule(r.schedule),
        }
        for r in rows
    ]


@router.get(
    "/children/{int:child_id}/visits",
    response=list[VisitOut],
    summary="A child's visits (the read is audited)",
)
def child_visits(request: ActorRequest, child_id: int) -> list[dict[str, Any]]:
    page = selectors.child_page(actor=request.actor, child_id=child_id, as_of=clock.today())
    return [_visit(request.actor, v) for v in page.visits]


@router.post(
    "/children/{int:child_id}/visits",
    response={200: VisitOut, 201: VisitOut},
    summary="Record a visit; the same client_token again answers the visit it made (200)",
)
def visit_create(request: ActorRequest, child_id: int, data: VisitIn) -> Status[dict[str, Any]]:
    actor = request.actor
    child = selectors.child_for_visit(actor=actor, child_id=child_id)
    recorded = services.visit_record(actor=actor, child=child, data=services.VisitInput(**data.dict()))
    return Status(201 if recorded.created else 200, _visit(actor, recorded.visit))


@router.get("/compliance/{code}", response=ComplianceOut, summary="Visit compliance by risk tier and pairing")
def compliance(request: ActorRequest, code: str) -> dict[str, Any]:
    actor = request.actor
    division = selectors.division_for(actor=actor, code=code)
    report = selectors.compliance(actor=actor, division=division, as_of=clock.today())
    t = report.total
    return {
        "division_code": division.code,
        "tiers": [
            {
                "level": level.value,
                "children": f.children,
                "compliant": f.compliant,
                "due": f.due,
                "overdue": f.overdue,
                "alarms": f.alarms,
            }
            for level, f in t.tiers.items()
        ],
        "in_difficulty": t.in_difficulty,
        "paired": t.paired,
        "unpaired_ids": [c.pk for c in report.unpaired],
        "alarm_ids": [r.child.pk for r in report.alarms],
    }

"""Supervisors, directors and their coverage over HTTP: the web's selectors and services (scope,
masking, audit), under /api/v1/workforce/."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from seedling.access import Actor
from seedling.access.decorators import ActorRequest
from seedling.core import clock
from seedling.core.errors import ValidationFailed
from seedling.regions.models import Division
from seedling.workforce import selectors, services
from seedling.workforce.coverage import Tally
from seedling.workforce.models import Appointment, MismatchExplanation

router = Router(tags=["workforce"])


def _division(actor: Actor, code: str) -> Division:
    try:
        return selectors.division_for(actor=actor, code=code)
    except Http404 as exc:
        raise ValidationFailed(
            _("No such division in your area."), code="division.outside", field="division_code"
        ) from exc


class PostOut(Schema):
    id: int
    role: str
    division_code: str
    division_name: str
    post: str
    employment: str
    appointed_on: date
    left_on: date | None


class WorkerOut(Schema):
    id: int
    name: str
    sex: str
    id_number: str  # masked unless county level or above for the worker's area
    phone: str  # masked in lists below the county
    division_code: str
    posts: list[PostOut]
    certificates: list[str]
    training_state: str
    training_due_on: date | None
    training_reason: str


class WorkerIn(Schema):
    name: str
    id_number: str
    phone: str = ""
    role: str
    division_code: str
    post: str = ""
    employment: str
    appointed_on: date
    note: str = ""


def _post(a: Appointment) -> dict[str, Any]:
    return {
        "id": a.pk,
        "role": a.role,
        "division_code": a.division_code,
        "division_name": a.division.name,
        "post": a.post,
        "employment": a.employment,
        "appointed_on": a.appointed_on,
        "left_on": a.left_on,
    }


@router.get("/workers", response=list[WorkerOut], summary="Supervisors and directors in your area")
def worker_list(
    request: ActorRequest, role: str = "", q: str = "", everyone: bool = False
) -> list[dict[str, Any]]:
    rows = selectors.worker_list(
        actor=request.actor, as_of=clock.today(), role=role, query=q, current_only=not everyone
    )
    return [
        {
            "id": r.worker.pk,
            "name": r.worker.name,
            "sex": r.worker.sex,
            "id_number": r.id_display,
            "phone": r.phone_display,
            "division_code": r.worker.division_code,
            "posts": [_post(a) for a in r.posts],
            "certificates": [c.number for c in r.certificates],
            "training_state": r.training.state,
            "training_due_on": r.training.due_on,
            "training_reason": r.training.reason.message,
        }
        for r in rows
    ]


@router.get("/workers/{int:worker_id}", response=WorkerOut, summary="One worker's file (the read is audited)")
def worker_get(request: ActorRequest, worker_id: int) -> dict[str, Any]:
    file = selectors.worker_file(actor=request.actor, worker_id=worker_id, as_of=clock.today())
    w = file.worker
    return {
        "id": w.pk,
        "name": w.name,
        "sex": w.sex,
        "id_number": file.id_display,
        "phone": file.phone_display,
        "division_code": w.division_code,
        "posts": [_post(a) for a in file.appointments],
        "certificates": [c.number for c in file.certificates],
        "training_state": file.training.state,
        "training_due_on": file.training.due_on,
        "training_reason": file.training.reason.message,
    }


class WorkerCreated(Schema):
    id: int
    division_code: str


@router.post(
    "/workers", response={201: WorkerCreated}, summary="Register a supervisor or director with a first post"
)
def worker_create(request: ActorRequest, data: WorkerIn) -> Status[dict[str, Any]]:
    actor = request.actor
    worker = services.worker_create(
        actor=actor,
        name=data.name,
        id_number=data.id_number,
        phone=data.phone,
        role=data.role,
        division=_division(actor, data.division_code),
        post=data.post,
        employment=data.employment,
        appointed_on=data.appointed_on,
        note=data.note,
    )
    return Status(201, {"id": worker.pk, "division_code": worker.division_code})


class ExplanationOut(Schema):
    id: int
    division_code: str
    kind: str
    as_of: date
    units: int
    people: int
    covered: int
    text: str
    current: bool
    forwarded: bool


class TallyOut(Schema):
    code: str
    name: str
    level: int
    townships: int
    townships_covered: int
    township_pct: Decimal | None
    supervisors: int
    villages: int
    villages_covered: int
    village_pct: Decimal | None
    directors: int
    supervisor_mismatch: bool
    director_mismatch: bool
    explanations: list[ExplanationOut]


class CoverageOut(Schema):
    as_of: date
    root: TallyOut
    children: list[TallyOut]
    townships_without_supervisor: list[str]
    villages_without_director: list[str]
    posts_at_retired_codes: list[str]


def _explanation(e: MismatchExplanation, current: bool) -> dict[str, Any]:
    return {
        "id": e.pk,
        "division_code": e.division_code,
        "kind": e.kind,
        "as_of": e.as_of,
        "units": e.units,
        "people": e.people,
        "covered": e.covered,
        "text": e.text,
        "current": current,
        "forwarded": e.summary_id is not None,
    }


def _tally(row: selectors.ExplainedTally) -> dict[str, Any]:
    t: Tally = row.tally
    return {
        "code": t.code,
        "name": t.name,
        "level": t.level,
        "townships": t.townships,
        "townships_covered": t.townships_covered,
        "township_pct": t.township_pct,
        "supervisors": t.supervisors,
        "villages": t.villages,
        "villages_covered": t.villages_covered,
        "village_pct": t.village_pct,
        "directors": t.directors,
        "supervisor_mismatch": t.supervisor_mismatch,
        "director_mismatch": t.director_mismatch,
        "explanations": [_explanation(e, row.current[k]) for k, e in sorted(row.explanations.items())],
    }


@router.get(
    "/coverage/{code}", response=CoverageOut, summary="Supervisors and directors against the divisions"
)
def coverage(request: ActorRequest, code: str) -> dict[str, Any]:
    actor = request.actor
    view = selectors.coverage_of(
        actor=actor, division=selectors.division_for(actor=actor, code=code), as_of=clock.today()
    )
    report = view.report
    return {
        "as_of": report.as_of,
        "root": _tally(view.root),
        "children": [_tally(c) for c in view.children],
        "townships_without_supervisor": [u.code for u in report.townships_without_supervisor],
        "villages_without_director": [u.code for u in report.villages_without_director],
        "posts_at_retired_codes": sorted({p.division_code for p in report.posts_outside}),
    }


class ExplanationIn(Schema):
    kind: str
    text: str


@router.post(
    "/coverage/{code}/explanations", response={201: ExplanationOut}, summary="Explain a mismatch in writing"
)
def explanation_file(request: ActorRequest, code: str, data: ExplanationIn) -> Status[dict[str, Any]]:
    actor = request.actor
    e = services.explanation_file(
        actor=actor,
        division=selectors.division_for(actor=actor, code=code),
        kind=data.kind,
        text=data.text,
        as_of=clock.today(),
    )
    return Status(201, _explanation(e, True))


class OverdueOut(Schema):
    id: int
    name: str
    division_code: str
    due_on: date | None
    reason: str


@router.get("/training/overdue", response=list[OverdueOut], summary="Who is overdue for the yearly training")
def training_overdue(request: ActorRequest) -> list[dict[str, Any]]:
    rows = selectors.training_overdue(actor=request.actor, as_of=clock.today())
    return [
        {
            "id": r.worker.pk,
            "name": r.worker.name,
            "division_code": r.worker.division_code,
            "due_on": r.status.due_on,
            "reason": r.status.reason.message,
        }
        for r in rows
    ]

"""The file's workflow and verification over HTTP, under /api/v1/verification/: the web's selectors
and services (scope, capabilities, audit), the same answers as the command line."""

from __future__ import annotations

from datetime import date
from typing import Any

from ninja import Router, Schema, Status

from seedling.access.decorators import ActorRequest
from seedling.people import selectors as people_selectors
from seedling.people import workflow
from seedling.verification import selectors, services
from seedling.verification.models import Round, RoundFile, SpotCheck

router = Router(tags=["verification"])


# The file's workflow ------------------------------------------------------------------------------


class StatusOut(Schema):
    child_id: int
    status: str
    version: int


class ReviewIn(Schema):
    approve: bool
    version: int
    reason: str = ""
    fields: list[str] = []


def _status(child: Any) -> dict[str, Any]:
    return {"child_id": child.pk, "status": child.status, "version": workflow.version_of(child)}


@router.post("/files/{int:child_id}/submit", response=StatusOut, summary="Submit (or resubmit) a file")
def file_submit(request: ActorRequest, child_id: int) -> dict[str, Any]:
    child = people_selectors.child_get(actor=request.actor, child_id=child_id)
    return _status(workflow.file_submit(actor=request.actor, child=child))


@router.post(
    "/files/{int:child_id}/review",
    response=StatusOut,
    summary="Approve a submitted file, or return it with a reason naming fields (a stale version is refused)",
)
def file_review(request: ActorRequest, child_id: int, data: ReviewIn) -> dict[str, Any]:
    child = people_selectors.child_get(actor=request.actor, child_id=child_id)
    return _status(workflow.file_review(actor=request.actor, child=child, **data.dict()))


class ReturnedOut(Schema):
    child_id: int
    name: str
    reason: str
    fields: list[str]
    returned_at: str | None


@router.get("/files/returned", response=list[ReturnedOut], summary="Files returned for correction")
def files_returned(request: ActorRequest) -> list[dict[str, Any]]:
    return [
        {
            "child_id": r.child.pk,
            "name": r.child.name,
            "reason": r.step.reason if r.step else "",
            "fields": r.step.fields if r.step else [],
            "returned_at": r.step.at.isoformat() if r.step else None,
        }
        for r in people_selectors.returned_files(actor=request.actor)
    ]


# Rounds -----------------------------------------------------------------------------------------


class RoundIn(Schema):
    name: str
    due_on: date
    starts_on: date | None = None
    division_code: str | None = None


class RoundOut(Schema):
    round: int
    name: str
    division_code: str
    starts_on: date
    due_on: date
    files: int


def _round(r: Round) -> dict[str, Any]:
    return {
        "round": r.pk,
        "name": r.name,
        "division_code": r.division_code,
        "starts_on": r.starts_on,
        "due_on": r.due_on,
        "files": r.files,
    }


@router.get("/rounds", response=list[RoundOut], summary="The rounds of the caller's area")
def rounds(request: ActorRequest) -> list[dict[str, Any]]:
    return [_round(r) for r in selectors.rounds_for(actor=request.actor)]


@router.post("/rounds", response={201: RoundOut}, summary="Open a round over a province, city or county")
def round_open(request: ActorRequest, data: RoundIn) -> Status[dict[str, Any]]:
    return Status(201, _round(services.round_open(actor=request.actor, **data.dict())))


class UnitOut(Schema):
    code: str
    name: str
    files: int
    verified: int
    approved: int
    returned: int
    gap_caregiver: int
    gap_school: int
    incomplete: int
    overdue: bool
    signed_off: bool | None


class ProgressOut(Schema):
    round: int
    code: str
    files: int
    verified: int
    approved: int
    overdue_units: int
    by_unit: list[UnitOut]


def _unit(u: selectors.Unit) -> dict[str, Any]:
    return {k: getattr(u, k) for k in UnitOut.model_fields}


@router.get(
    "/rounds/{int:round_id}/progress",
    response=ProgressOut,
    summary="Progress by unit one level below the caller's (or ?code=) unit",
)
def progress(request: ActorRequest, round_id: int, code: str = "") -> dict[str, Any]:
    rnd = selectors.round_get(actor=request.actor, round_id=round_id)
    board = selectors.progress(actor=request.actor, rnd=rnd, code=code or None)
    assert board.total is not None
    return {
        "round": rnd.pk,
        "code": board.code,
        "files": board.total.files,
        "verified": board.total.verified,
        "approved": board.total.approved,
        "overdue_units": board.overdue_units,
        "by_unit": [_unit(u) for u in board.units],
    }


class RoundFileOut(Schema):
    id: int
    child_id: int
    name: str
    division_code: str
    state: str
    sections: list[str]
    version: int
    return_reason: str
    gap_caregiver: bool
    gap_school: bool
    missing_fields: int


def _rf(rf: RoundFile) -> dict[str, Any]:
    return {
        "id": rf.pk,
        "child_id": rf.child_id,
        "name": rf.child.name,
        "division_code": rf.division_code,
        "state": rf.state,
        "sections": rf.sections,
        "version": rf.version,
        "return_reason": rf.return_reason,
        "gap_caregiver": rf.gap_caregiver,
        "gap_school": rf.gap_school,
        "missing_fields": rf.missing_fields,
    }


@router.get("/rounds/{int:round_id}/files", response=list[RoundFileOut], summary="The round's files here")
def round_files(
    request: ActorRequest, round_id: int, state: str = "", code: str = ""
) -> list[dict[str, Any]]:
    rnd = selectors.round_get(actor=request.actor, round_id=round_id)
    rows = selectors.round_files(actor=request.actor, rnd=rnd, code=code or None, state=state or None)
    return [_rf(rf) for rf in rows]


class CheckIn(Schema):
    sections: list[str]
    version: int | None = None


@router.post("/round-files/{int:file_id}/check", response=RoundFileOut, summary="Confirm ledger sections")
def round_check(request: ActorRequest, file_id: int, data: CheckIn) -> dict[str, Any]:
    rf = selectors.round_file_get(actor=request.actor, round_file_id=file_id)
    return _rf(services.round_check(actor=request.actor, round_file=rf, **data.dict()))


class RoundReviewIn(Schema):
    approve: bool
    version: int
    reason: str = ""


@router.post("/round-files/{int:file_id}/review", response=RoundFileOut, summary="Approve or return")
def round_review(request: ActorRequest, file_id: int, data: RoundReviewIn) -> dict[str, Any]:
    rf = selectors.round_file_get(actor=request.actor, round_file_id=file_id)
    return _rf(services.round_review(actor=request.actor, round_file=rf, **data.dict()))


class SignOffIn(Schema):
    township_code: str


class SignOffOut(Schema):
    round: int
    township_code: str
    at: str


@router.post("/rounds/{int:round_id}/sign-offs", response={201: SignOffOut}, summary="Sign off a township")
def sign_off(request: ActorRequest, round_id: int, data: SignOffIn) -> Status[dict[str, Any]]:
    rnd = selectors.round_get(actor=request.actor, round_id=round_id)
    s = services.round_sign_off(actor=request.actor, rnd=rnd, township_code=data.township_code)
    return Status(201, {"round": rnd.pk, "township_code": s.township_code, "at": s.at.isoformat()})


# Spot checks ------------------------------------------------------------------------------------


class DrawIn(Schema):
    seed: int | None = None
    division_code: str | None = None


class RateOut(Schema):
    code: str
    files: int
    checked: int
    disagrees: int
    error_rate: float | None


class DrawOut(Schema):
    id: int
    round: int
    level: str
    population: list[str]
    drawn: list[str]
    seed: int
    files: dict[str, list[int]]
    rates: list[RateOut]


def _draw(request: ActorRequest, spot: SpotCheck) -> dict[str, Any]:
    return {
        "id": spot.pk,
        "round": spot.round_id,
        "level": spot.level,
        "population": spot.population,
        "drawn": spot.drawn,
        "seed": spot.seed,
        "files": selectors.files_of(selectors.spot_files(actor=request.actor, spot=spot)),
        "rates": [
            {
                "code": r.code,
                "files": r.files,
                "checked": r.checked,
                "disagrees": r.disagrees,
                "error_rate": r.error_rate,
            }
            for r in selectors.error_rates(actor=request.actor, spot=spot)
        ],
    }


@router.post(
    "/rounds/{int:round_id}/spot-checks",
    response={201: DrawOut},
    summary="Draw the caller's spot check (reproducible from the seed; a second draw is refused)",
)
def draw(request: ActorRequest, round_id: int, data: DrawIn) -> Status[dict[str, Any]]:
    rnd = selectors.round_get(actor=request.actor, round_id=round_id)
    spot = services.spot_check_draw(actor=request.actor, rnd=rnd, **data.dict())
    return Status(201, _draw(request, spot))


@router.get("/spot-checks/{int:spot_id}", response=DrawOut, summary="A draw, its files and error rates")
def spot_check(request: ActorRequest, spot_id: int) -> dict[str, Any]:
    return _draw(request, selectors.spot_check_get(actor=request.actor, spot_id=spot_id))


class FindingIn(Schema):
    agrees: bool
    wrong_fields: list[str] = []
    note: str = ""


class FindingOut(Schema):
    id: int
    child_id: int
    result: str
    wrong_fields: list[str]


@router.post("/spot-check-files/{int:sample_id}", response=FindingOut, summary="Record a finding")
def finding(request: ActorRequest, sample_id: int, data: FindingIn) -> dict[str, Any]:
    sample = selectors.spot_file_get(actor=request.actor, sample_id=sample_id)
    s = services.spot_check_record(actor=request.actor, sample=sample, **data.dict())
    return {"id": s.pk, "child_id": s.child_id, "result": s.result, "wrong_fields": s.wrong_fields}


class TaskOut(Schema):
    id: int
    child_id: int
    name: str
    fields: list[str]
    due_on: date
    resolved: bool


@router.get("/corrections", response=list[TaskOut], summary="Open correction tasks of the caller's area")
def corrections(request: ActorRequest) -> list[dict[str, Any]]:
    return [
        {
            "id": t.pk,
            "child_id": t.child_id,
            "name": t.child.name,
            "fields": t.fields,
            "due_on": t.due_on,
            "resolved": False,
        }
        for t in selectors.corrections(actor=request.actor)
    ]


@router.post("/corrections/{int:task_id}/resolve", response=TaskOut, summary="Close a corrected task")
def resolve(request: ActorRequest, task_id: int) -> dict[str, Any]:
    task = selectors.correction_get(actor=request.actor, task_id=task_id)
    t = services.correction_resolve(actor=request.actor, task=task)
    return {
        "id": t.pk,
        "child_id": t.child_id,
        "name": t.child.name,
        "fields": t.fields,
        "due_on": t.due_on,
        "resolved": True,
    }

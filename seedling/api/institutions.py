"""Institutions, township stations and children's homes over HTTP (the web's selectors and services),
under /api/v1/institutions/."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from seedling.access.decorators import ActorRequest
from seedling.core import clock
from seedling.core.errors import ValidationFailed
from seedling.institutions import child_count_import, selectors, services
from seedling.institutions.models import Institution, VillageChildCount
from seedling.institutions.rules import HomeTally
from seedling.workforce import selectors as workforce_selectors

router = Router(tags=["institutions"])


class HaveOut(Schema):
    key: str
    label: str
    met: bool
    message: str


class InstitutionOut(Schema):
    id: int
    kind: str
    name: str
    division_code: str
    address: str
    staffing_quota: int | None
    actual_staff: int
    social_workers: int
    capacity: int | None
    occupancy: int | None
    facilities: str
    equipment: str
    services: list[str]
    opened_on: date | None
    closed_on: date | None
    five_haves: list[HaveOut] = []
    villages_served: list[str] = []


class InstitutionIn(Schema):
    kind: str
    division_code: str
    name: str
    address: str = ""
    phone: str = ""
    staffing_quota: int | None = None
    actual_staff: int = 0
    social_workers: int = 0
    capacity: int | None = None
    occupancy: int | None = None
    facilities: str = ""
    equipment: str = ""
    services: list[str] = []
    services_note: str = ""
    opened_on: date | None = None


def _out(i: Institution) -> dict[str, Any]:
    return {
        "id": i.pk,
        "kind": i.kind,
        "name": i.name,
        "division_code": i.division_code,
        "address": i.address,
        "staffing_quota": i.staffing_quota,
        "actual_staff": i.actual_staff,
        "social_workers": i.social_workers,
        "capacity": i.capacity,
        "occupancy": i.occupancy,
        "facilities": i.facilities,
        "equipment": i.equipment,
        "services": list(i.services),
        "opened_on": i.opened_on,
        "closed_on": i.closed_on,
    }


@router.get("", response=list[InstitutionOut], summary="Institutions and children's homes in your area")
def institution_list(request: ActorRequest, kind: str = "", q: str = "") -> list[dict[str, Any]]:
    return [_out(i) for i in selectors.institution_list(actor=request.actor, kind=kind, query=q)]


@router.get("/{int:institution_id}", response=InstitutionOut, summary="One institution, with its five haves")
def institution_get(request: ActorRequest, institution_id: int) -> dict[str, Any]:
    file = selectors.institution_file(actor=request.actor, institution_id=institution_id, as_of=clock.today())
    body = _out(file.institution)
    body["five_haves"] = [
        {"key": h.key, "label": h.label, "met": h.met, "message": h.reason.message} for h in file.five_haves
    ]
    body["villages_served"] = [r.division_code for r in file.served]
    return body


@router.post("", response={201: InstitutionOut}, summary="Register an institution or children's home")
def institution_create(request: ActorRequest, data: InstitutionIn) -> Status[dict[str, Any]]:
    actor = request.actor
    try:
        division = workforce_selectors.division_for(actor=actor, code=data.division_code)
    except Http404 as exc:
        raise ValidationFailed(
            _("No such division in your area."), code="division.outside", field="division_code"
        ) from exc
    item = services.institution_create(
        actor=actor,
        kind=data.kind,
        division=division,
        data=services.InstitutionData(
            name=data.name,
            address=data.address,
            phone=data.phone,
            staffing_quota=data.staffing_quota,
            actual_staff=data.actual_staff,
            social_workers=data.social_workers,
            capacity=data.capacity,
            occupancy=data.occupancy,
            facilities=data.facilities,
            equipment=data.equipment,
            services=tuple(data.services),
            services_note=data.services_note,
            opened_on=data.opened_on,
        ),
    )
    return Status(201, _out(item))


class HomeTallyOut(Schema):
    code: str
    name: str
    level: int
    villages: int
    villages_with_home: int
    village_pct: Decimal | None
    communities: int
    communities_with_home: int
    community_pct: Decimal | None
    covered: int
    covered_pct: Decimal | None
    large: int
    large_with_home: int
    count_unknown: int


class VillageStatusOut(Schema):
    code: str
    name: str
    status: str  # reason code: HOME.NEEDS_OWN, HOME.REGIONAL_COUNT_UNKNOWN …
    message: str
    children: int | None  # None: no child population figure (无儿童人口数据)
    year: int | None
    source: str
    own_home: bool
    covered: bool


class HomeCoverageOut(Schema):
    as_of: date
    child_counts_known: bool
    root: HomeTallyOut
    children: list[HomeTallyOut]
    needing_own_home: list[str]
    count_unknown: list[str]  # villages without a child population figure
    villages: list[VillageStatusOut]


def _tally(t: HomeTally) -> dict[str, Any]:
    return {
        "code": t.code,
        "name": t.name,
        "level": t.level,
        "villages": t.villages,
        "villages_with_home": t.villages_with_home,
        "village_pct": t.village_pct,
        "communities": t.communities,
        "communities_with_home": t.communities_with_home,
        "community_pct": t.community_pct,
        "covered": t.covered,
        "covered_pct": t.covered_pct,
        "large": t.large,
        "large_with_home": t.large_with_home,
        "count_unknown": t.count_unknown,
    }


@router.get(
    "/coverage/{code}", response=HomeCoverageOut, summary="Children's homes against villages and communities"
)
def coverage(request: ActorRequest, code: str) -> dict[str, Any]:
    actor = request.actor
    view = selectors.home_coverage_of(
        actor=actor, division=workforce_selectors.division_for(actor=actor, code=code), as_of=clock.today()
    )
    return {
        "as_of": view.report.as_of,
        "child_counts_known": view.counts_known,
        "root": _tally(view.report.root),
        "children": [_tally(t) for t in view.report.children],
        "needing_own_home": [v.unit.code for v in view.report.needing_own_home],
        "count_unknown": [v.unit.code for v in view.report.count_unknown],
        "villages": [
            {
                "code": v.unit.code,
                "name": v.unit.name,
                "status": v.reason.code,
                "message": v.reason.message,
                "children": v.children,
                "year": v.figure.year if v.figure else None,
                "source": v.figure.source if v.figure else "",
                "own_home": v.own_home,
                "covered": v.covered,
            }
            for v in view.report.villages
        ],
    }


# --- villages' child population (docs/rules/coverage.md#h-1) -----------------------------------


class ChildCountOut(Schema):
    id: int
    division_code: str
    year: int
    children: int
    source: str
    version: int


class ChildCountIn(Schema):
    division_code: str
    year: int
    children: int
    source: str
    version: int = 0  # 0 for a new figure; the figure's version when correcting it


class ChildCountErrorOut(Schema):
    row: int
    column: str
    code: str
    message: str


class ChildCountImportOut(Schema):
    ok: bool
    written: bool
    rows: int
    created: int
    updated: int
    unchanged: int
    errors: list[ChildCountErrorOut]


def _count_out(r: VillageChildCount) -> dict[str, Any]:
    return {
        "id": r.pk,
        "division_code": r.division_code,
        "year": r.year,
        "children": r.children,
        "source": r.source,
        "version": r.version,
    }


@router.get("/child-counts", response=list[ChildCountOut], summary="Villages' child population figures")
def child_count_list(
    request: ActorRequest, prefix: str = "", year: int | None = None
) -> list[dict[str, Any]]:
    return [_count_out(r) for r in selectors.child_count_list(actor=request.actor, prefix=prefix, year=year)]


@router.post(
    "/child-counts",
    response={200: ChildCountOut, 201: ChildCountOut},
    summary="Enter a village's child population",
)
def child_count_set(request: ActorRequest, data: ChildCountIn) -> Status[dict[str, Any]]:
    actor = request.actor
    try:
        village = workforce_selectors.division_for(actor=actor, code=data.division_code)
    except Http404 as exc:
        raise ValidationFailed(
            _("No such division in your area."), code="division.outside", field="division_code"
        ) from exc
    row, changed = services.child_count_set(
        actor=actor,
        village=village,
        year=data.year,
        children=data.children,
        source=data.source,
        version=data.version,
    )
    return Status(201 if changed and row.version == 1 else 200, _count_out(row))


@router.post(
    "/child-counts/import",
    response=ChildCountImportOut,
    summary="Import villages' child population (.xlsx/.csv)",
)
def child_count_upload(request: ActorRequest, file: File[UploadedFile]) -> dict[str, Any]:
    report = child_count_import.child_count_import(actor=request.actor, source=file.read())
    return {
        "ok": report.ok,
        "written": report.written,
        "rows": report.rows,
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "errors": [
            {"row": e.row, "column": e.column, "code": e.code, "message": str(e)} for e in report.errors
        ],
    }

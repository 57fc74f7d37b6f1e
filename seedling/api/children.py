"""Children's files over HTTP: the same selectors and services as the web (scope, masking, audit)."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status

from seedling.core.masking import mask_id_number, mask_phone
from seedling.people import enums, selectors, services
from seedling.people.models import Child
from seedling.people.records import Benefit, ChildRecord, HarmRecord, ParentRecord, SituationRecord

router = Router(tags=["children"])


class SituationSchema(Schema):
    kind: str
    since: date | None = None
    until: date | None = None
    term_months: int | None = None
    illness: str = ""
    fulfils_duties: bool = False
    note: str = ""


class ParentIn(Schema):
    name: str | None = None
    id_number: str | None = None
    phone: str | None = None
    address: str | None = None
    health: str | None = None
    work_place: str | None = None
    disability_category: str | None = None
    disability_grade: int | None = None
    situations: list[SituationSchema] | None = None


class BenefitSchema(Schema):
    kind: str
    monthly_yuan: Decimal | None = None


class HarmSchema(Schema):
    kind: str
    occurred_on: date
    resolved_on: date | None = None
    note: str = ""


class ChildIn(Schema):
    """Fields of the ledger (spec/ledger-template.md) by their English keys; PATCH sends only the changes."""

    division_code: str | None = None
    name: str | None = None
    id_number: str | None = None
    no_hukou: bool | None = None
    sex: str | None = None
    birth_date: date | None = None
    ethnicity: str | None = None
    hukou_type: str | None = None
    home_address: str | None = None
    schooling: str | None = None
    out_of_school_reason: str | None = None
    schooling_until: date | None = None
    boarding: str | None = None
    health: list[str] | None = None
    illness: str | None = None
    disability_category: str | None = None
    disability_grade: int | None = None
    hiv: bool | None = None
    psych_behaviour: str | None = None
    single_parent: str | None = None
    guardianship_status: str | None = None
    guardianship_problem: str | None = None
    lives_alone: bool | None = None
    caregiver_kind: str | None = None
    caregiver_name: str | None = None
    caregiver_phone: str | None = None
    caregiver_id_number: str | None = None
    caregiver_reason: str | None = None
    risk_level: str | None = None
    income_per_capita: Decimal | None = None
    household_benefits: list[BenefitSchema] | None = None
    child_assistance: list[BenefitSchema] | None = None
    education_assistance: str | None = None
    medical_assistance: str | None = None
    other_assistance: str | None = None
    social_support: str | None = None
    declared_categories: list[str] | None = None
    director_name: str | None = None
    pairing_name: str | None = None
    pairing_phone: str | None = None
    pairing_org: str | None = None
    care_needs: str | None = None
    remarks: str | None = None
    filed_by_name: str | None = None
    filed_on: date | None = None
    joined_parent_on: date | None = None
    adopted_on: date | None = None
    died_on: date | None = None
    father: ParentIn | None = None
    mother: ParentIn | None = None
    harm: list[HarmSchema] | None = None


class ChildItem(Schema):
    id: int
    name: str
    sex: str
    birth_date: date
    id_number: str  # masked
    no_hukou: bool
    division_code: str
    village: str
    risk_level: str
    schooling: str
    declared_categories: list[str]
    missing_fields: int


class ChildPage(Schema):
    items: list[ChildItem]
    next: str | None


class RevealIn(Schema):
    field: str
    reason: str


class RevealOut(Schema):
    value: str


def _categories(value: str, *, show_health: bool = False) -> list[str]:
    return [c for c in value.split(",") if c and (show_health or c not in enums.HEALTH_CATEGORIES)]


def _item(c: Child) -> dict[str, Any]:
    return {
        "id": c.pk,
        "name": c.name,
        "sex": c.sex,
        "birth_date": c.birth_date,
        "id_number": mask_id_number(c.id_number) if c.id_number else "",
        "no_hukou": c.no_hukou,
        "division_code": c.division_code,
        "village": c.division.name,
        "risk_level": c.risk_level,
        "schooling": c.schooling,
        "declared_categories": _categories(c.declared_categories),
        "missing_fields": c.missing_fields,
    }


_MASK = {
    "id_number": mask_id_number,
    "caregiver_id_number": mask_id_number,
    "caregiver_phone": mask_phone,
    "pairing_phone": mask_phone,
}


def _detail(request: HttpRequest, child: Child) -> dict[str, Any]:
    actor = request.actor  # type: ignore[attr-defined]
    record = services.child_record(child)
    body = dataclasses.asdict(record)
    for name, mask in _MASK.items():
        body[name] = mask(body[name]) if body[name] else ""
    for role in ("father", "mother"):
        for name, mask in (("id_number", mask_id_number), ("phone", mask_phone)):
            body[role][name] = mask(body[role][name]) if body[role][name] else ""
    if not actor.may_see_hiv(child.division_code):
        body.pop("hiv")  # not "masked": absent (health data, domain-rules §6.4)
        body["declared_categories"] = _categories(",".join(body["declared_categories"]))
    body.update(
        id=child.pk,
        village=child.division.name,
        status=child.status,
        created_at=child.created_at.isoformat(),
        updated_at=child.updated_at.isoformat(),
    )
    return body


def _merge(record: ChildRecord, data: ChildIn, *, keep_hiv: bool) -> ChildRecord:
    given = data.dict(exclude_unset=True)
    for role in ("father", "mother"):
        if role in given:
            parent: ParentRecord = getattr(record, role)
            for key, value in given.pop(role).items():
                if key == "situations":
                    parent.situations = [SituationRecord(**s) for s in value or []]
                elif value is not None or key == "disability_grade":
                    setattr(parent, key, value)
    if "harm" in given:
        record.harm = [HarmRecord(**h) for h in given.pop("harm") or []]
    for key in ("household_benefits", "child_assistance"):
        if key in given:
            setattr(record, key, [Benefit(**b) for b in given.pop(key) or []])
    if keep_hiv:
        given.pop("hiv", None)  # only a role that may see HIV status may set it
        if "declared_categories" in given:
            kept = [c for c in record.declared_categories if c in enums.HEALTH_CATEGORIES]
            given["declared_categories"] = [
                *(c for c in given["declared_categories"] or [] if c not in enums.HEALTH_CATEGORIES),
                *kept,
            ]
    for key, value in given.items():
        setattr(record, key, "" if value is None and isinstance(getattr(record, key), str) else value)
    return record


@router.get("", response=ChildPage, summary="List children in your area")
def child_list(
    request: HttpRequest,
    division: str = "",
    category: str = "",
    risk: str = "",
    age: str = "",
    sex: str = "",
    schooling: str = "",
    incomplete: bool = False,
    q: str = "",
    after: str | None = Query(None),
) -> dict[str, Any]:
    filters = selectors.ChildFilter(
        division_prefix=division,
        category=category,
        risk=risk,
        age_band=age,
        sex=sex,
        schooling=schooling,
        incomplete=incomplete,
        query=q,
    )
    page = selectors.child_list(actor=request.actor, filters=filters, cursor=after)  # type: ignore[attr-defined]
    next_url = None
    if page.next_cursor:
        params = request.GET.copy()
        params["after"] = page.next_cursor
        next_url = request.build_absolute_uri(f"{request.path}?{params.urlencode()}")
    return {"items": [_item(c) for c in page.items], "next": next_url}


@router.get("/{int:child_id}", summary="One child's file (the read is audited)")
def child_get(request: HttpRequest, child_id: int) -> dict[str, Any]:
    child = selectors.child_view(actor=request.actor, child_id=child_id)  # type: ignore[attr-defined]
    return _detail(request, child)


@router.post("", response={201: dict}, summary="File a child")
def child_create(request: HttpRequest, data: ChildIn) -> Status[dict[str, Any]]:
    actor = request.actor  # type: ignore[attr-defined]
    code = data.division_code or ""
    record = _merge(
        ChildRecord(division_code=code, name=data.name or ""), data, keep_hiv=not actor.may_see_hiv(code)
    )
    saved = services.child_create(actor=actor, record=record)
    return Status(201, _detail(request, saved.child))


@router.patch("/{int:child_id}", summary="Change some fields of a child's file")
def child_patch(request: HttpRequest, child_id: int, data: ChildIn) -> dict[str, Any]:
    actor = request.actor  # type: ignore[attr-defined]
    child = selectors.child_get(actor=actor, child_id=child_id)
    record = _merge(services.child_record(child), data, keep_hiv=not actor.may_see_hiv(child.division_code))
    saved = services.child_update(actor=actor, child=child, record=record)
    return _detail(request, saved.child)


@router.post(
    "/{int:child_id}/reveal", response=RevealOut, summary="Show one masked value, with a reason (audited)"
)
def child_reveal(request: HttpRequest, child_id: int, data: RevealIn) -> dict[str, str]:
    actor = request.actor  # type: ignore[attr-defined]
    child = selectors.child_get(actor=actor, child_id=child_id)
    return {"value": services.child_reveal(actor=actor, child=child, field=data.field, reason=data.reason)}

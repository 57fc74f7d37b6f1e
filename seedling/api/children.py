"""Children's files over HTTP: the same selectors and services as the web (scope, visibility, audit).

Every answer that carries a file is read through ``people.selectors.child_view`` (audited) and
projected by ``access.visibility`` for the FILE output: identifiers masked, HIV status absent without
the grant, health, harm and custody details null and named in ``withheld`` for readers who may not see
them. Lists are projected for the LIST output. A PATCH or POST is checked by the same mechanism: a
field the caller may not write is refused (the same answer whatever the file holds), and what the
caller could not see is kept as stored.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from seedling.access import Actor, visibility
from seedling.access.decorators import ActorRequest
from seedling.api.preconditions import if_match
from seedling.core.errors import ValidationFailed
from seedling.people import selectors, services
from seedling.people.models import Child
from seedling.people.records import Benefit, ChildRecord, HarmRecord, ParentRecord, SituationRecord

router = Router(tags=["children"])
FILE, LIST = visibility.Output.FILE, visibility.Output.LIST


class SituationSchema(Schema):
    kind: str
    since: date | None = None
    until: date | None = None
    term_months: int | None = None
    illness: str = ""
    fulfils_duties: bool = False
    note: str = ""


class BenefitSchema(Schema):
    kind: str
    monthly_yuan: Decimal | None = None


class HarmSchema(Schema):
    kind: str
    occurred_on: date | None = None  # not known yet: filed, and flagged as a missing detail
    resolved_on: date | None = None
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


class ChildIn(Schema):
    """Fields of the ledger (docs/ledger.md) by their English keys; PATCH sends only the changes."""

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


class ParentOut(Schema):
    """A parent as the caller may see it. Identifiers are masked; a withheld field is null and named
    in the file's ``withheld`` (e.g. ``father.health``)."""

    role: str
    name: str
    id_number: str
    phone: str
    address: str
    health: str | None
    work_place: str
    disability_category: str | None
    disability_grade: int | None
    situations: list[SituationSchema]


class ChildOut(Schema):
    """One child's file as the caller may see it (access.visibility, FILE output).

    ``hiv`` is present only for a caller holding the HIV grant over the file's area. Fields the caller
    may not see (health, harm and custody details, for readers who are not the file's case workers)
    are null and listed in ``withheld``; rows of a kind the caller may not see (a parent's
    imprisonment) are not listed, and ``situations_withheld`` says that such rows may exist."""

    id: int
    village: str
    status: str
    created_at: str
    updated_at: str
    version: int
    withheld: list[str]
    situations_withheld: bool
    division_code: str
    name: str
    id_number: str
    no_hukou: bool
    sex: str
    birth_date: date | None
    ethnicity: str
    hukou_type: str
    home_address: str
    schooling: str
    out_of_school_reason: str
    schooling_until: date | None
    boarding: str
    health: list[str] | None
    illness: str | None
    disability_category: str | None
    disability_grade: int | None
    hiv: bool | None = None
    psych_behaviour: str | None
    single_parent: str
    guardianship_status: str
    guardianship_problem: str
    lives_alone: bool
    caregiver_kind: str
    caregiver_name: str
    caregiver_phone: str
    caregiver_id_number: str
    caregiver_reason: str
    risk_level: str
    income_per_capita: Decimal | None
    household_benefits: list[BenefitSchema]
    child_assistance: list[BenefitSchema]
    education_assistance: str
    medical_assistance: str
    other_assistance: str
    social_support: str
    declared_categories: list[str]
    director_name: str
    pairing_name: str
    pairing_phone: str
    pairing_org: str
    care_needs: str
    remarks: str
    filed_by_name: str
    filed_on: date | None
    joined_parent_on: date | None
    adopted_on: date | None
    died_on: date | None
    father: ParentOut
    mother: ParentOut
    harm: list[HarmSchema] | None
    # Details still to complete: the file is kept and flagged (docs/rules/file.md#v-detail).
    missing_details: list[dict[str, str]] = []


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


def _item(actor: Actor, c: Child) -> dict[str, Any]:
    v = visibility.project(actor, c, LIST)
    return {
        "id": c.pk,
        "name": v.name,
        "sex": v.sex,
        "birth_date": v.birth_date,
        "id_number": v.id_number or "",
        "no_hukou": v.no_hukou,
        "division_code": c.division_code,
        "village": c.division.name,
        "risk_level": v.risk_level,
        "schooling": v.schooling,
        "declared_categories": v.declared_categories,
        "missing_fields": v.missing_fields,
    }


def _file(actor: Actor, child_id: int) -> dict[str, Any]:
    """The file as the caller may read it: loaded through access and audited, then projected."""
    child = selectors.child_view(actor=actor, child_id=child_id)
    view = visibility.project(actor, services.child_record(child), FILE)
    body = visibility.as_dict(view)
    withheld = sorted(view.withheld)
    for role in ("father", "mother"):
        withheld += [f"{role}.{name}" for name in sorted(getattr(view, role).withheld)]
    body.update(
        id=child.pk,
        village=child.division.name,
        status=child.status,
        created_at=child.created_at.isoformat(),
        updated_at=child.updated_at.isoformat(),
        version=child.version,
        withheld=withheld,
        situations_withheld=view.father.rows_withheld,
        missing_details=[
            {"code": d.code, "message": d.message_zh}
            for d in selectors.missing_details(actor=actor, child=child)
        ],
    )
    return body


def _sent(data: ChildIn) -> dict[str, Any]:
    """What the caller gave, with rows as records (their kind decides who may write them)."""
    given = data.dict(exclude_unset=True)
    _nulls(given)
    for role in ("father", "mother"):
        if isinstance(given.get(role), dict) and given[role].get("situations"):
            given[role]["situations"] = [SituationRecord(**s) for s in given[role]["situations"]]
    if given.get("harm"):
        given["harm"] = [HarmRecord(**h) for h in given["harm"]]
    return given


# A null in a PATCH clears the field (JSON merge patch): a list becomes empty, a text blank, a date
# or number unknown. A yes/no field and a parent have no empty value: null there is refused.
_NOT_NULL = {
    "no_hukou": "无户籍",
    "lives_alone": "独自居住",
    "father": "父亲信息",
    "mother": "母亲信息",
}
_LISTS = ("health", "declared_categories", "household_benefits", "child_assistance", "harm")


def _nulls(given: dict[str, Any]) -> None:
    for key, label in _NOT_NULL.items():
        if key in given and given[key] is None:
            raise ValidationFailed(
                _("%(field)s cannot be null: send a value, or leave the field out to keep it.")
                % {"field": label},
                code="null.not_allowed",
                field=key,
            )
    for key in _LISTS:
        if key in given and given[key] is None:
            given[key] = []
    for role in ("father", "mother"):
        if isinstance(given.get(role), dict) and given[role].get("situations", ()) is None:
            given[role]["situations"] = []


def _merge(record: ChildRecord, data: ChildIn) -> ChildRecord:
    """The stored record with the caller's changes applied (what the caller may write is checked by
    the service, through access.visibility)."""
    given = data.dict(exclude_unset=True)
    _nulls(given)
    for role in ("father", "mother"):
        if role in given:
            parent: ParentRecord = getattr(record, role)
            for key, value in (given.pop(role) or {}).items():
                if key == "situations":
                    parent.situations = [SituationRecord(**s) for s in value or []]
                elif value is not None or key == "disability_grade":
                    setattr(parent, key, value)
    if "harm" in given:
        record.harm = [HarmRecord(**h) for h in given.pop("harm") or []]
    for key in ("household_benefits", "child_assistance"):
        if key in given:
            setattr(record, key, [Benefit(**b) for b in given.pop(key) or []])
    for key, value in given.items():
        setattr(record, key, "" if value is None and isinstance(getattr(record, key), str) else value)
    return record


class AwaitingUnitOut(Schema):
    code: str
    name: str
    placeholder: bool
    retired_on: date | None
    children: int
    women: int


class AwaitingFileOut(Schema):
    id: int
    name: str
    division_code: str


class ReattributeOut(Schema):
    units: list[AwaitingUnitOut]
    children: list[AwaitingFileOut]
    women: list[AwaitingFileOut]


@router.get(
    "/reattribute",
    response=ReattributeOut,
    summary="Files at retired division codes or under a township's 其他 (county staff and up)",
)
def reattribute(request: ActorRequest) -> dict[str, Any]:
    actor = request.actor
    listed = selectors.to_reattribute(actor=actor)
    return {
        "units": [vars(u) for u in listed.units],
        "children": [
            {"id": c.pk, "name": visibility.project(actor, c, LIST).name, "division_code": c.division_code}
            for c in listed.children
        ],
        "women": [
            {"id": w.pk, "name": visibility.project(actor, w, LIST).name, "division_code": w.division_code}
            for w in listed.women
        ],
    }


@router.get("", response=ChildPage, summary="List children in your area")
def child_list(
    request: ActorRequest,
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
    actor = request.actor
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
    page = selectors.child_list(actor=actor, filters=filters, cursor=after)
    next_url = None
    if page.next_cursor:
        params = request.GET.copy()
        params["after"] = page.next_cursor
        next_url = request.build_absolute_uri(f"{request.path}?{params.urlencode()}")
    return {"items": [_item(actor, c) for c in page.items], "next": next_url}


@router.get(
    "/{int:child_id}",
    response=ChildOut,
    exclude_unset=True,
    summary="One child's file (the read is audited)",
)
def child_get(request: ActorRequest, child_id: int) -> dict[str, Any]:
    return _file(request.actor, child_id)


@router.post(
    "", response={201: ChildOut}, exclude_unset=True, summary="File a child (the answer is an audited read)"
)
def child_create(request: ActorRequest, data: ChildIn) -> Status[dict[str, Any]]:
    actor = request.actor
    record = _merge(ChildRecord(division_code=data.division_code or "", name=data.name or ""), data)
    saved = services.child_create(actor=actor, record=record, sent=_sent(data))
    return Status(201, _file(actor, saved.child.pk))


@router.patch(
    "/{int:child_id}",
    response=ChildOut,
    exclude_unset=True,
    summary="Change some fields of a child's file (the answer is an audited read)",
    description=(
        "Send the file's `version` (from the last read) in an `If-Match` header: when the file was "
        "changed since, the answer is 409 and nothing is saved. Without the header the change is applied "
        "to the file as it is now."
    ),
)
def child_patch(request: ActorRequest, child_id: int, data: ChildIn) -> dict[str, Any]:
    actor = request.actor
    version = if_match(request)
    child = selectors.child_get(actor=actor, child_id=child_id)
    record = _merge(services.child_record(child), data)
    services.child_update(actor=actor, child=child, record=record, sent=_sent(data), version=version)
    return _file(actor, child.pk)


@router.post(
    "/{int:child_id}/reveal", response=RevealOut, summary="Show one masked value, with a reason (audited)"
)
def child_reveal(request: ActorRequest, child_id: int, data: RevealIn) -> dict[str, str]:
    actor = request.actor
    child = selectors.child_get(actor=actor, child_id=child_id)
    return {"value": services.child_reveal(actor=actor, child=child, field=data.field, reason=data.reason)}

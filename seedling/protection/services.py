"""Writes of protection reports, case steps and applications. One transaction each, audited.

The audit detail names rows, kinds and codes only: never what was seen, an assessment or a
narrative (those stay on the rows, behind scope and access.visibility).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from seedling.access import Actor, Purpose, capabilities, is_within, visibility
from seedling.access.capabilities import Capability
from seedling.audit.enums import Action
from seedling.audit.services import audit_record
from seedling.core import clock, phones
from seedling.core import division_codes as codes
from seedling.core.errors import PermissionDenied, StaleEdit, ValidationFailed
from seedling.core.sensitivity import Sensitivity
from seedling.people.models import Child
from seedling.protection import enums, rules
from seedling.protection.models import Application, Case, CaseReveal, CaseStep
from seedling.registries import services as registry_services
from seedling.registries.enums import MembershipStatus
from seedling.registries.models import Determination, Membership
from seedling.visits import services as visit_services
from seedling.visits.models import UrgentReport


def _uid(actor: Actor) -> int:
    if actor.user_id is None:
        raise PermissionDenied(_("Sign in first."), code="auth.required")
    return actor.user_id


def _text(value: str, limit: int, field_name: str, label: str) -> str:
    value = (value or "").strip()
    if len(value) > limit:
        raise ValidationFailed(
            _("%(label)s is too long (at most %(n)s characters).") % {"label": label, "n": limit},
            code="protection.too_long",
            field=field_name,
        )
    return value


def _stale(obj: Case | Application, version: int | None) -> None:
    """A step saved from a page loaded before another change is refused (no silent overwrite)."""
    if version is not None and version != obj.version:
        raise StaleEdit(
            _("Someone else has recorded a step since you opened this page. Reload it and check."),
            code="protection.stale",
            version=obj.version,
            fields=[],
        )


# --- reports -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportInput:
    client_token: uuid.UUID
    trigger: str
    seen_at: dt.datetime
    source: str = enums.Source.VILLAGE
    seen: str = ""
    place: str = ""
    child: Child | None = None
    child_described: str = ""
    division_code: str = ""  # where a child not filed yet was found (within the reporter's area)
    caller_name: str = ""
    callback_phone: str = ""
    anonymous: bool = False


@dataclass(frozen=True)
class Raised:
    case: Case
    created: bool  # False: the same form was sent again


def _validate_report(actor: Actor, data: ReportInput) -> tuple[str, str]:
    """The division the case is filed at, and the callback number as stored."""
    if data.trigger not in rules.TRIGGERS:
        raise ValidationFailed(_("Choose what you found."), code="report.trigger", field="trigger")
    if data.source not in enums.Source.values:
        raise ValidationFailed(_("Unknown source of the report."), code="report.source", field="source")
    if data.seen_at > clock.now() + dt.timedelta(minutes=5):
        raise ValidationFailed(
            _("The time found cannot be in the future."), code="report.future", field="seen_at"
        )
    if data.child is not None:
        code = data.child.division_code
    else:
        if not data.child_described.strip():
            raise ValidationFailed(
                _("Pick the child, or describe the child if not filed yet."),
                code="report.child",
                field="child_described",
            )
        code = data.division_code
        if not codes.is_code(code):
            raise ValidationFailed(
                _("Choose where the child was found."), code="report.division", field="division_code"
            )
    if not is_within(actor, code, purpose=Purpose.CASEWORK):
        raise PermissionDenied(_("This place is outside your area."), code="division.outside")
    capabilities.require(actor, Capability.PROTECTION_REPORT, code)
    phone = "" if data.anonymous else phones.parse(data.callback_phone, field="callback_phone")
    if data.source == enums.Source.HOTLINE and not data.anonymous and not phone:
        raise ValidationFailed(
            _("Give a callback number, or mark the caller anonymous."),
            code="report.callback",
            field="callback_phone",
        )
    return code, phone


def _number(case: Case) -> str:
    # 县级区划代码-年月日-序号: readable over the phone, unique by the row's key.
    return f"{case.division_code[:6]}-{case.reported_at:%Y%m%d}-{case.pk:05d}"


def _open_case(
    actor: Actor,
    *,
    uid: int,
    code: str,
    data: ReportInput,
    phone: str,
    flag: UrgentReport | None = None,
) -> Case:
    now = clock.now()
    urgency, _reason = rules.urgency(data.trigger)
    case = Case.unscoped.create(
        number=uuid.uuid4().hex[:24],  # replaced by the readable number below, in this transaction
        division_code=code,
        child=data.child,
        child_described="" if data.child else _text(data.child_described, 200, "child_described", _("Child")),
        source=data.source,
        trigger=data.trigger,
        urgency=urgency.value,
        seen=_text(data.seen, 2000, "seen", _("What was seen")),
        seen_at=data.seen_at,
        place=_text(data.place, 200, "place", _("Where")),
        caller_name="" if data.anonymous else _text(data.caller_name, 50, "caller_name", _("Caller")),
        callback_phone=phone,
        anonymous=data.anonymous,
        reporter_id=uid,
        reported_at=now,
        flag=flag,
        client_token=data.client_token,
    )
    case.number = _number(case)
    case.save(update_fields=["number"])
    audit_record(
        actor=actor,
        action=Action.REPORT_RAISED,
        division_code=code,
        subject_type="case",
        subject_id=case.pk,
        subject_label=case.number,
        detail={
            "trigger": case.trigger,
            "urgency": case.urgency,
            "source": case.source,
            "flag": flag is not None,
        },
    )
    return case


@transaction.atomic
def report_raise(*, actor: Actor, data: ReportInput) -> Raised:
    """Raise a report (强制报告 / 发现报告): it opens a numbered case with the urgency and the clock
    of its trigger (docs/rules/protection.md#r-1, #r-2). One case per form: a resubmitted token
    answers the case it already opened."""
    uid = _uid(actor)
    existing = Case.unscoped.filter(client_token=data.client_token).first()
    if existing is not None:
        if existing.reporter_id != uid:
            raise ValidationFailed(_("This form was already used. Reload the page."), code="report.token")
        return Raised(existing, created=False)
    code, phone = _validate_report(actor, data)
    try:
        with transaction.atomic():
            case = _open_case(actor, uid=uid, code=code, data=data, phone=phone)
    except IntegrityError:
        twin = Case.unscoped.filter(client_token=data.client_token).first()
        if twin is None:
            raise ValidationFailed(
                _("This report is being saved. Reload the page."), code="report.busy"
            ) from None
        return Raised(twin, created=False)
    return Raised(case, created=True)


def on_urgent_flagged(*, actor: Actor, flags: Sequence[UrgentReport]) -> None:
    """core.hooks.urgent_flagged handler: each flag a visit raised opens a case at once
    (docs/rules/protection.md#r-5), in the visit's transaction."""
    for flag in flags:
        flag_route(actor=actor, flag=flag)


def flag_route(*, actor: Actor, flag: UrgentReport) -> Case:
    """Open the case of a visit's flag (a flag raised before protection existed, or by the hook)."""
    uid = _uid(actor)
    routed = Case.unscoped.filter(flag_id=flag.pk).first()
    if routed is not None:
        return routed
    child = Child.unscoped.get(pk=flag.child_id)
    visit = flag.visit
    data = ReportInput(
        client_token=uuid.uuid4(),
        trigger=rules.FROM_VISIT_FLAG.get(flag.trigger, rules.Trigger.HARM).value,
        seen_at=flag.raised_at,
        source=enums.Source.VISIT,
        seen=visit.found if visit is not None else "",
        child=child,
    )
    if not is_within(actor, child.division_code, purpose=Purpose.CASEWORK):
        raise PermissionDenied(_("This file is outside your area."), code="division.outside")
    return _open_case(actor, uid=uid, code=child.division_code, data=data, phone="", flag=flag)


# --- case steps ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StepInput:
    kind: str
    done_on: dt.date
    narrative: str = ""
    # police
    police_at: dt.datetime | None = None
    police_station: str = ""
    police_record: str = ""
    # assign
    level: int | None = None
    # emergency
    safe: bool = False
    # placement
    placement: str = ""
    where: str = ""
    carer: str = ""
    # assessment
    areas: dict[str, str] = field(default_factory=dict)  # safety, guardianship, health, schooling, psychology
    risk: str = ""
    # referral
    body: str = ""
    due_on: dt.date | None = None
    # intervention
    intervention: str = ""
    # closure
    outcome: str = ""


ASSESSMENT_AREAS = ("safety", "guardianship", "health", "schooling", "psychology")


def _need(value: str, code: str, field_name: str, message: str) -> str:
    if not (value or "").strip():
        raise ValidationFailed(message, code=code, field=field_name)
    return value.strip()


def _check_step(case: Case, data: StepInput) -> tuple[str, dict[str, Any], dict[str, Any]]:
    """(label, the step's detail, the case fields it sets) for a valid step; ValidationFailed else."""
    kind = data.kind
    if kind == enums.Step.POLICE:
        if data.police_at is None:
            raise ValidationFailed(
                _("Give the time of the police report."), code="step.police_at", field="police_at"
            )
        if data.police_at < case.seen_at - dt.timedelta(
            days=1
        ) or data.police_at > clock.now() + dt.timedelta(minutes=5):
            raise ValidationFailed(
                _("The time of the police report must lie between the time found and now."),
                code="step.police_at",
                field="police_at",
            )
        station = _need(data.police_station, "step.station", "police_station", _("Name the police station."))
        record = _need(
            data.police_record, "step.record", "police_record", _("Give the 接处警 record number.")
        )
        return (
            station[:100],
            {},
            {
                "police_at": data.police_at,
                "police_station": _text(station, 100, "police_station", _("Police station")),
                "police_record": _text(record, 50, "police_record", _("接处警 record number")),
            },
        )
    if kind == enums.Step.ASSIGN:
        if data.level not in (codes.TOWNSHIP, codes.COUNTY):
            raise ValidationFailed(
                _("Assign to the township station or the county centre."), code="step.level", field="level"
            )
        label = _("County minor-protection centre") if data.level == codes.COUNTY else _("Township station")
        return str(label), {}, {"level": data.level}
    if kind == enums.Step.EMERGENCY:
        if not data.safe:
            raise ValidationFailed(
                _("Record the response once the child's safety has been checked."),
                code="step.safe",
                field="safe",
            )
        return "", {"safe": True}, {}
    if kind == enums.Step.PLACEMENT:
        if data.placement not in enums.Placement.values:
            raise ValidationFailed(
                _("Choose the kind of placement."), code="step.placement", field="placement"
            )
        where = _need(data.where, "step.where", "where", _("Say where the child is placed."))
        carer = _need(data.carer, "step.carer", "carer", _("Say who cares for the child."))
        return (
            str(enums.Placement(data.placement).label),
            {
                "placement": data.placement,
                "where": _text(where, 200, "where", _("Where")),
                "carer": _text(carer, 100, "carer", _("By whom")),
            },
            {},
        )
    if kind == enums.Step.ASSESSMENT:
        areas = {a: (data.areas.get(a) or "").strip()[:1000] for a in ASSESSMENT_AREAS}
        if not all(areas.values()):
            raise ValidationFailed(
                _("Assess all five areas: safety, guardianship, health, schooling, psychology."),
                code="step.areas",
                field="safety",
            )
        if data.risk not in enums.RiskConclusion.values:
            raise ValidationFailed(_("Conclude with a risk level."), code="step.risk", field="risk")
        return str(enums.RiskConclusion(data.risk).label), {**areas, "risk": data.risk}, {"risk": data.risk}
    if kind == enums.Step.REFERRAL:
        if data.body not in enums.Body.values:
            raise ValidationFailed(_("Choose the body referred to."), code="step.body", field="body")
        _need(data.narrative, "step.asked", "narrative", _("Say what was asked."))
        due = data.due_on or rules.referral_due(data.done_on)
        if due < data.done_on:
            raise ValidationFailed(
                _("The reply is due before the referral."), code="step.due", field="due_on"
            )
        return str(enums.Body(data.body).label), {"due_on": due.isoformat()}, {}
    if kind == enums.Step.INTERVENTION:
        if data.intervention not in enums.Intervention.values:
            raise ValidationFailed(
                _("Choose the intervention."), code="step.intervention", field="intervention"
            )
        _need(data.narrative, "step.narrative", "narrative", _("Describe the step and its grounds."))
        return str(enums.Intervention(data.intervention).label), {"intervention": data.intervention}, {}
    if kind in (enums.Step.PLAN, enums.Step.FOLLOW_UP):
        _need(data.narrative, "step.narrative", "narrative", _("Describe the step."))
        return "", {}, {}
    if kind == enums.Step.CLOSURE:
        outcome = _need(data.outcome, "step.outcome", "outcome", _("Give the outcome."))
        owed = [c for c in rules.clocks(case_facts(case), as_of=data.done_on) if c.step == rules.Step.POLICE]
        if owed:
            raise ValidationFailed(
                _("Record the police report before closing the case."),
                code="step.police_first",
                field="outcome",
            )
        return _text(outcome, 200, "outcome", _("Outcome")), {}, {"outcome": outcome[:200]}
    raise ValidationFailed(_("Unknown step."), code="step.kind", field="kind")


def case_facts(case: Case, steps: Sequence[CaseStep] | None = None) -> rules.CaseFacts:
    """What the clocks read of a case (its steps loaded once, or given)."""
    rows = list(steps) if steps is not None else list(CaseStep.unscoped.filter(case_id=case.pk))
    done: dict[str, dt.date] = {}
    for s in rows:
        done[s.kind] = max(done.get(s.kind, s.done_on), s.done_on)
    if case.police_at is not None:
        done[rules.Step.POLICE] = case.police_at.astimezone(clock.SEEDLING_TZ).date()
    referrals = tuple(
        s.due_on for s in rows if s.kind == enums.Step.REFERRAL and s.replied_on is None and s.due_on
    )
    return rules.CaseFacts(
        trigger=case.trigger,
        reported_on=case.reported_at.astimezone(clock.SEEDLING_TZ).date(),
        done=done,
        open_referrals=referrals,
        closed=case.status == enums.CaseStatus.CLOSED,
    )


def _locked_case(actor: Actor, case: Case, version: int | None, cap: Capability) -> Case:
    row = Case.unscoped.select_for_update().get(pk=case.pk)
    capabilities.require(actor, cap, row.division_code)
    _stale(row, version)
    return row


@transaction.atomic
def case_step(*, actor: Actor, case: Case, data: StepInput, version: int | None) -> CaseStep:
    """Record one step of a case, dated, attributed and audited; `version` is the case's version the
    page was loaded at (a stale page is refused)."""
    uid = _uid(actor)
    row = _locked_case(actor, case, version, Capability.PROTECTION_CASE)
    if row.status == enums.CaseStatus.CLOSED:
        raise ValidationFailed(_("This case is closed."), code="case.closed")
    if data.done_on > clock.today():
        raise ValidationFailed(_("A step cannot be in the future."), code="step.future", field="done_on")
    if data.done_on < row.reported_at.astimezone(clock.SEEDLING_TZ).date() - dt.timedelta(days=1):
        raise ValidationFailed(_("A step cannot be before the report."), code="step.past", field="done_on")
    label, detail, sets = _check_step(row, data)
    due = dt.date.fromisoformat(detail.pop("due_on")) if "due_on" in detail else None
    step = CaseStep.unscoped.create(
        case=row,
        division_code=row.division_code,
        kind=data.kind,
        done_on=data.done_on,
        at=clock.now(),
        by_id=uid,
        label=label,
        detail=detail,
        narrative=_text(data.narrative, 4000, "narrative", _("Details")),
        body=data.body if data.kind == enums.Step.REFERRAL else "",
        due_on=due,
    )
    for name, value in sets.items():
        setattr(row, name, value)
    if data.kind == enums.Step.CLOSURE:
        row.status, row.closed_at = enums.CaseStatus.CLOSED, clock.now()
    row.version += 1
    row.save()
    if data.kind == enums.Step.ASSESSMENT and row.child_id is not None:
        # The assessment's risk conclusion feeds the file's guardianship risk level (visits' history).
        child = Child.unscoped.get(pk=row.child_id)
        if child.risk_level != data.risk:
            visit_services.risk_set(
                actor=actor,
                child=child,
                level=data.risk,
                reason=_("Case %(n)s assessment.") % {"n": row.number},
            )
    audit_record(
        actor=actor,
        action=Action.CASE_STEP,
        division_code=row.division_code,
        subject_type="case",
        subject_id=row.pk,
        subject_label=row.number,
        detail={"step": step.pk, "kind": step.kind},
    )
    return step


@transaction.atomic
def referral_reply(
    *, actor: Actor, step: CaseStep, replied_on: dt.date, reply: str, version: int | None
) -> CaseStep:
    """Record the reply of a body a case was referred to."""
    _uid(actor)
    row = _locked_case(actor, step.case, version, Capability.PROTECTION_CASE)
    s = CaseStep.unscoped.select_for_update().get(pk=step.pk, case_id=row.pk)
    if s.kind != enums.Step.REFERRAL:
        raise ValidationFailed(_("Only a referral has a reply."), code="step.not_referral")
    if s.replied_on is not None:
        raise ValidationFailed(_("This referral already has its reply."), code="step.replied")
    if replied_on > clock.today() or replied_on < s.done_on:
        raise ValidationFailed(
            _("The reply date must lie between the referral and today."), code="step.reply_date"
        )
    s.replied_on, s.reply = replied_on, _need(reply, "step.reply", "reply", _("Give the reply."))[:4000]
    s.save(update_fields=["replied_on", "reply"])
    row.version += 1
    row.save(update_fields=["version"])
    audit_record(
        actor=actor,
        action=Action.CASE_STEP,
        division_code=row.division_code,
        subject_type="case",
        subject_id=row.pk,
        subject_label=row.number,
        detail={"step": s.pk, "kind": "referral_reply"},
    )
    return s


REVEAL_MINUTES = 30


@transaction.atomic
def case_reveal(*, actor: Actor, case: Case, reason: str) -> CaseReveal:
    """Open a case's sealed details to a reader of the area outside the case roles, for a stated
    purpose and REVEAL_MINUTES, audited (docs/rules/protection.md#r-7)."""
    uid = _uid(actor)
    if not visibility.may_reveal(actor, Sensitivity.CASE, case.division_code):
        raise PermissionDenied(_("Your role may not reveal this value."), code="reveal.forbidden")
    reason = (reason or "").strip()
    if len(reason) < 2:
        raise ValidationFailed(_("Say why you need to see this value."), code="reveal.reason", field="reason")
    now = clock.now()
    grant = CaseReveal.unscoped.create(
        case=case,
        division_code=case.division_code,
        by_id=uid,
        reason=reason[:200],
        at=now,
        until=now + dt.timedelta(minutes=REVEAL_MINUTES),
    )
    audit_record(
        actor=actor,
        action=Action.VALUE_REVEALED,
        division_code=case.division_code,
        subject_type="case",
        subject_id=case.pk,
        subject_label=case.number,
        detail={"field": "case", "reason": reason[:200], "until": grant.until.isoformat()},
    )
    return grant


# --- applications (docs/rules/workflow.md#determination-procedure) ---------------------------------------


def _township(code: str) -> str:
    return code[:9] + "000"


@dataclass(frozen=True)
class ApplicationInput:
    category: str
    applicant_kind: str
    applicant_name: str
    complete_on: dt.date
    child: Child | None = None
    child_name: str = ""
    hukou_code: str = ""  # the hukou township, when the child is not filed here (cross-province)
    received_code: str = ""  # the receiving township (a cross-province application)
    applicant_relation: str = ""
    applicant_phone: str = ""


def _audit_app(actor: Actor, action: str, app: Application, **detail: Any) -> None:
    audit_record(
        actor=actor,
        action=action,
        division_code=app.division_code,
        subject_type="application",
        subject_id=app.pk,
        subject_label=f"{app.get_category_display()}",
        detail={"status": app.status, **detail},
    )


@transaction.atomic
def application_lodge(*, actor: Actor, data: ApplicationInput) -> Application:
    """Lodge an application at the child's hukou township; under cross-province processing at any
    township, which then forwards it (docs/rules/protection.md#r-8)."""
    uid = _uid(actor)
    if data.category not in enums.AppCategory.values:
        raise ValidationFailed(
            _("Choose orphan or de facto unsupported child."), code="app.category", field="category"
        )
    if data.applicant_kind not in enums.Applicant.values:
        raise ValidationFailed(_("Choose who applies."), code="app.applicant", field="applicant_kind")
    name = _need(data.applicant_name, "app.applicant_name", "applicant_name", _("Give the applicant's name."))
    if data.complete_on > clock.today():
        raise ValidationFailed(
            _("The materials cannot be complete in the future."), code="app.future", field="complete_on"
        )
    if data.child is not None:
        hukou = _township(data.child.division_code)
        child_name = data.child.name
    else:
        child_name = _need(
            data.child_name, "app.child", "child_name", _("Pick the child, or give the child's name.")
        )
        if not codes.is_code(data.hukou_code):
            raise ValidationFailed(
                _("Give the hukou township's 12-digit code."), code="app.hukou", field="hukou_code"
            )
        hukou = _township(data.hukou_code)
    received = _township(data.received_code) if codes.is_code(data.received_code) else hukou
    cross = received[:2] != hukou[:2]
    if not cross and received != hukou:
        raise ValidationFailed(
            _("Lodge the application at the child's hukou township (cross-province applications excepted)."),
            code="app.not_hukou",
            field="received_code",
        )
    # A village committee lodges for a child of its village; the townships at their own township.
    capabilities.require(
        actor, Capability.APPLICATION_LODGE, data.child.division_code if data.child else received
    )
    if data.child is None and not cross:
        raise ValidationFailed(_("Pick the child's file."), code="app.child", field="child_name")
    app = Application.unscoped.create(
        division_code=hukou,
        received_code=received,
        cross_province=cross,
        child=data.child,
        child_name=_text(child_name, 50, "child_name", _("Child")),
        category=data.category,
        applicant_kind=data.applicant_kind,
        applicant_name=_text(name, 50, "applicant_name", _("Applicant")),
        applicant_relation=_text(data.applicant_relation, 20, "applicant_relation", _("Relationship")),
        applicant_phone=phones.parse(data.applicant_phone, field="applicant_phone"),
        status=enums.AppStatus.RECEIVED if cross else enums.AppStatus.VERIFYING,
        complete_on=data.complete_on,
        lodged_by_id=uid,
        lodged_at=clock.now(),
    )
    _audit_app(actor, Action.APPLICATION_LODGED, app, cross_province=cross)
    return app


def _locked_app(actor: Actor, app: Application, version: int | None, status: str) -> Application:
    row = Application.unscoped.select_for_update().get(pk=app.pk)
    _stale(row, version)
    if row.status != status:
        raise ValidationFailed(_("This application is not at that step."), code="app.step")
    return row


def _save_app(actor: Actor, row: Application, step: str) -> Application:
    row.version += 1
    row.save()
    _audit_app(actor, Action.APPLICATION_STEP, row, step=step)
    return row


@transaction.atomic
def application_forward(*, actor: Actor, app: Application, on: dt.date, version: int | None) -> Application:
    """The receiving township pushes a cross-province application to the hukou township."""
    row = _locked_app(actor, app, version, enums.AppStatus.RECEIVED)
    capabilities.require(actor, Capability.APPLICATION_LODGE, row.received_code)
    if on > clock.today() or on < row.complete_on:
        raise ValidationFailed(
            _("The date must lie between the application and today."), code="app.date", field="on"
        )
    row.forwarded_on, row.status = on, enums.AppStatus.VERIFYING
    return _save_app(actor, row, "forwarded")


@transaction.atomic
def application_verify(
    *,
    actor: Actor,
    app: Application,
    on: dt.date,
    materials: str,
    conclusion: str,
    passed: bool,
    child: Child | None = None,
    version: int | None,
) -> Application:
    """The hukou township's verification (查验): the materials checked and a written conclusion."""
    row = _locked_app(actor, app, version, enums.AppStatus.VERIFYING)
    capabilities.require(actor, Capability.APPLICATION_VERIFY, row.division_code)
    start = row.forwarded_on or row.complete_on
    if on > clock.today() or on < start:
        raise ValidationFailed(
            _("The date must lie between the application and today."), code="app.date", field="on"
        )
    if child is not None:
        if _township(child.division_code) != row.division_code:
            raise ValidationFailed(
                _("The child's file is not in this township."), code="app.child", field="child"
            )
        row.child = child
    if row.child_id is None:
        raise ValidationFailed(_("Link the child's file before verifying."), code="app.child", field="child")
    row.verify_materials = _need(materials, "app.materials", "materials", _("List the materials checked."))[
        :2000
    ]
    row.verify_conclusion = _need(conclusion, "app.conclusion", "conclusion", _("Write the conclusion."))[
        :2000
    ]
    row.verify_passed, row.verified_on, row.status = passed, on, enums.AppStatus.VERIFIED
    return _save_app(actor, row, "verified")


def engine_applies(child_id: int, category: str) -> bool:
    """Does the determination engine (seedling.eligibility, through the file's stored determination)
    find the category's facts on the child's file?"""
    det = Determination.unscoped.filter(child_id=child_id).first()
    return det is not None and any(d.get("category") == category and d.get("applies") for d in det.details)


@transaction.atomic
def application_decide(
    *, actor: Actor, app: Application, confirm: bool, reason: str, on: dt.date, version: int | None
) -> Application:
    """The county confirms or refuses in writing with reasons (docs/rules/protection.md#r-8). A
    confirmation needs the engine's category facts on the file; the file's suggested registry episode
    is confirmed or rejected with it: this procedure is the county's confirmation queue's last step."""
    row = _locked_app(actor, app, version, enums.AppStatus.VERIFIED)
    capabilities.require(actor, Capability.DETERMINATION_CONFIRM, row.division_code)
    written = (reason or "").strip()
    if not written:
        raise ValidationFailed(
            _("A decision is made in writing: give its reasons."), code="app.reason", field="reason"
        )
    if on > clock.today() or (row.verified_on and on < row.verified_on):
        raise ValidationFailed(
            _("The date must lie between the verification and today."), code="app.date", field="on"
        )
    assert row.child_id is not None  # verification links the file
    if confirm and not engine_applies(row.child_id, row.category):
        raise ValidationFailed(
            _("The file's facts do not meet this category: correct the file or refuse with reasons."),
            code="app.not_eligible",
        )
    suggested = Membership.unscoped.filter(
        child_id=row.child_id, category=row.category, status=MembershipStatus.SUGGESTED, end__isnull=True
    ).first()
    if suggested is not None:
        registry_services.suggestion_confirm(actor=actor, membership=suggested, accept=confirm)
    row.decided_on, row.decision_reason = on, written[:2000]
    row.status = enums.AppStatus.CONFIRMED if confirm else enums.AppStatus.REFUSED
    return _save_app(actor, row, "confirmed" if confirm else "refused")


@transaction.atomic
def application_change(
    *, actor: Actor, app: Application, changed_on: dt.date, note: str, version: int | None
) -> Application:
    """A change reported after confirmation: the allowance stops from the month after it (减员)."""
    row = _locked_app(actor, app, version, enums.AppStatus.CONFIRMED)
    capabilities.require(actor, Capability.DETERMINATION_CONFIRM, row.division_code)
    if changed_on > clock.today() or (row.decided_on and changed_on < row.decided_on):
        raise ValidationFailed(
            _("The change must lie between the confirmation and today."), code="app.date", field="changed_on"
        )
    row.changed_on = changed_on
    row.change_note = _need(note, "app.change", "note", _("Say what changed."))[:200]
    row.status = enums.AppStatus.ENDED
    return _save_app(actor, row, "ended")


def app_facts(app: Application) -> rules.AppFacts:
    return rules.AppFacts(
        hukou_code=app.division_code,
        cross_province=app.cross_province,
        complete_on=app.complete_on,
        forwarded_on=app.forwarded_on,
        verified_on=app.verified_on,
        decided_on=app.decided_on,
        confirmed=None
        if app.decided_on is None
        else app.status in (enums.AppStatus.CONFIRMED, enums.AppStatus.ENDED),
        changed_on=app.changed_on,
    )

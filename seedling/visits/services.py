"""Writes of visits, the risk history, urgent reports, pairing and care needs. One transaction each.

The child's own fields (risk level, pairing helper) belong to people: they change through
people.services (child_set_risk, child_set_pairing), which saves the file's history and fires
core.hooks.file_saved.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.db import IntegrityError, transaction
from django.db.models import F, OuterRef, Subquery
from django.utils.translation import gettext as _

from seedling.access import Actor, Purpose, is_within
from seedling.audit.enums import Action
from seedling.audit.services import audit_record
from seedling.core import bulk, clock, hooks
from seedling.core.errors import PermissionDenied, ValidationFailed
from seedling.people import services as people_services
from seedling.people.enums import RiskLevel
from seedling.people.models import Child
from seedling.policies.enums import PolicyKind
from seedling.visits import risk, summary
from seedling.visits.enums import NeedArea, UrgentTrigger, VisitMode
from seedling.visits.models import CareNeed, CareService, ComplianceChild, RiskChange, UrgentReport, Visit
from seedling.visits.tasks import refresh_compliance_task

# Rows that carry their child's village code (the scope path); they follow the child when it moves.
CHILD_ROWS = (Visit, RiskChange, UrgentReport, CareNeed, CareService)


def _uid(actor: Actor) -> int:
    if actor.user_id is None:
        raise PermissionDenied(_("Sign in first."), code="auth.required")
    return actor.user_id


def _check_area(actor: Actor, child: Child) -> int:
    uid = _uid(actor)
    if not is_within(actor, child.division_code, purpose=Purpose.CASEWORK):
        raise PermissionDenied(_("This file is outside your area."), code="division.outside")
    return uid


def _audit(actor: Actor, action: str, child_id: int, division_code: str, **detail: object) -> None:
    """One event per care write, in its transaction. The detail names rows and codes only: no ID
    numbers, free text or health data (the rows themselves hold those, behind scope)."""
    audit_record(
        actor=actor,
        action=action,
        division_code=division_code,
        subject_type="child",
        subject_id=child_id,
        detail=detail,
    )


def risk_facts(child: Child) -> risk.RiskFacts:
    return risk.RiskFacts(
        birth_date=child.birth_date,
        caregiver_kind=child.caregiver_kind,
        lives_alone=child.lives_alone,
        guardianship_status=child.guardianship_status,
        declared_categories=[c for c in child.declared_categories.split(",") if c],
    )


# --- risk ------------------------------------------------------------------------------------------


def on_file_saved(children: Sequence[Child], *, created: bool) -> None:
    """core.hooks.file_saved handler, for one file or a batch (the ledger import): the files' rows
    follow them (new files have none yet), a level set or changed in a file joins the risk history,
    and the compliance figures of their villages are recomputed (or expired, inside
    `summary.deferred()`)."""
    if not created:
        _follow(children)
    _record_levels(children)
    summary.refresh_children(children, as_of=clock.today())


def _record_levels(children: Sequence[Child]) -> None:
    """A level set or changed in the file joins the risk history, read and written once for all."""
    now, today = clock.now(), clock.today()
    # Each file's last recorded level, in one read for the batch (the ledger import saves many).
    last: dict[int, str] = {}
    for pk, level in (
        RiskChange.unscoped.filter(bulk.AnyOf(F("child_id"), [c.pk for c in children]))
        .order_by("child_id", "at", "id")
        .values_list("child_id", "level")
    ):
        last[pk] = level
    changes = []
    for child in children:
        if last.get(child.pk) == child.risk_level:
            continue
        user = getattr(child, "_history_user", None)
        changes.append(
            SimpleNamespace(  # its columns only: bulk.create reads nothing else
                child_id=child.pk,
                division_code=child.division_code,
                level=child.risk_level,
                suggested="",
                reason=_("Set in the file.") if child.pk not in last else _("Changed in the file."),
                by_id=getattr(user, "pk", None),
                at=now,
                effective_on=today,
            )
        )
        last[child.pk] = child.risk_level  # a file passed twice is recorded once
    bulk.create(RiskChange, changes)


def _follow(children: Sequence[Child]) -> None:
    """A transferred file's visits, risk history, reports and needs move to its new village with it.

    Otherwise the receiving area would not see them (scope reads the rows' own code), and the
    schedule there would start the child over with no visits.
    """
    ids = [c.pk for c in children]
    home = Subquery(Child.unscoped.filter(pk=OuterRef("child_id")).values("division_code")[:1])
    for model in CHILD_ROWS:
        mine = model.unscoped.filter(bulk.AnyOf(F("child_id"), ids))
        mine.exclude(division_code=home).update(division_code=home)


@transaction.atomic
def risk_set(
    *, actor: Actor, child: Child, level: str, reason: str = "", version: int | None = None
) -> RiskChange:
    """Confirm the suggested level, or override it with a reason; takes effect today. `version`: the
    file's, as the form was loaded (people.services.locked)."""
    uid = _check_area(actor, child)
    if level not in RiskLevel.values:
        raise ValidationFailed(_("Choose a risk level."), code="risk.invalid", field="level")
    today = clock.today()
    suggestion = risk.suggest(risk_facts(child), as_of=today)
    suggested = suggestion.level.value if suggestion.level else ""
    reason = reason.strip()
    if level != suggested and not reason:
        raise ValidationFailed(
            _("The level differs from the suggested one: give the reason."),
            code="risk.reason",
            field="reason",
        )
    change = RiskChange.unscoped.create(
        child_id=child.pk,
        division_code=child.division_code,
        level=level,
        suggested=suggested,
        reason=reason or _("Confirmed the suggested level."),
        by_id=uid,
        at=clock.now(),
        effective_on=today,
    )
    # The history row is written first, so the hook sees the level as already recorded.
    people_services.child_set_risk(actor=actor, child=child, level=level, as_of=today, version=version)
    _audit(
        actor,
        Action.RISK_SET,
        child.pk,
        child.division_code,
        risk_change=change.pk,
        level=level,
        suggested=suggested,
        confirmed=level == suggested,
    )
    return change


# --- visits ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class VisitInput:
    client_token: uuid.UUID
    visited_on: dt.date
    mode: str
    found: str = ""
    measures: str = ""
    anomaly: bool = False
    anomaly_note: str = ""
    needs_note: str = ""
    visitor_name: str = ""  # who went, when someone else records it (the 走访记录 sheet)
    follow_up_on: dt.date | None = None
    urgent: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Recorded:
    visit: Visit
    created: bool  # False: the same form was submitted again; nothing new was written


def _validate(data: VisitInput, child: Child, today: dt.date) -> None:
    if data.mode not in VisitMode.values:
        raise ValidationFailed(_("Choose how you contacted the child."), code="visit.mode", field="mode")
    if data.visited_on > today:
        raise ValidationFailed(_("A visit cannot be in the future."), code="visit.future", field="visited_on")
    if data.visited_on < child.birth_date:
        raise ValidationFailed(
            _("The date is before the child's birth."), code="visit.date", field="visited_on"
        )
    if data.anomaly and not data.anomaly_note.strip():
        raise ValidationFailed(
            _("Describe the anomaly and the intervention."), code="visit.anomaly_note", field="anomaly_note"
        )
    if data.follow_up_on is not None and data.follow_up_on < data.visited_on:
        raise ValidationFailed(
            _("The follow-up date is before the visit."), code="visit.follow_up", field="follow_up_on"
        )
    if len(data.visitor_name.strip()) > Visit._meta.get_field("visitor_name").max_length:  # type: ignore[operator]
        raise ValidationFailed(
            _("The visitor's name is too long (at most 50 characters)."), code="visit.visitor_name"
        )
    unknown = set(data.urgent) - set(UrgentTrigger.values)
    if unknown:
        raise ValidationFailed(_("Unknown urgent situation."), code="visit.urgent", field="urgent")


def _same(existing: Visit, child: Child, uid: int) -> Recorded:
    if existing.child_id != child.pk or existing.visitor_id != uid:
        raise ValidationFailed(
            _("This form was already used for another visit. Reload the page."), code="visit.token"
        )
    return Recorded(existing, created=False)


@transaction.atomic
def visit_record(*, actor: Actor, child: Child, data: VisitInput) -> Recorded:
    """Record a visit once per form: a resubmitted token answers the visit it already made.

    A visit finding a child under 16 living alone, a missing child or suspected violence raises an
    urgent report on the file (docs/rules/workflow.md#mandatory-reporting) in the same transaction.
    """
    uid = _check_area(actor, child)
    existing = Visit.unscoped.filter(client_token=data.client_token).first()
    if existing is not None:
        return _same(existing, child, uid)
    today = clock.today()
    _validate(data, child, today)
    try:
        with transaction.atomic():  # a concurrent twin with the same token loses here, not the request
            visit = Visit.unscoped.create(
                child_id=child.pk,
                division_code=child.division_code,
                visited_on=data.visited_on,
                mode=data.mode,
                visitor_id=uid,
                risk_at_visit=child.risk_level,
                found=data.found.strip(),
                measures=data.measures.strip(),
                anomaly=data.anomaly,
                anomaly_note=data.anomaly_note.strip() if data.anomaly else "",
                needs_note=data.needs_note.strip(),
                visitor_name=data.visitor_name.strip(),
                follow_up_on=data.follow_up_on,
                client_token=data.client_token,
            )
    except IntegrityError:
        twin = Visit.unscoped.filter(client_token=data.client_token).first()
        if twin is None:  # defensive: the twin's row is not visible to this transaction
            raise ValidationFailed(
                _("This visit is being saved. Reload the page in a moment."), code="visit.busy"
            ) from None
        return _same(twin, child, uid)
    now = clock.now()
    flags = [
        UrgentReport.unscoped.create(
            child_id=child.pk,
            division_code=child.division_code,
            trigger=trigger,
            visit=visit,
            raised_by_id=uid,
            raised_at=now,
        )
        for trigger in dict.fromkeys(data.urgent)
    ]
    if flags:  # protection routes each flag to a case (docs/rules/protection.md#r-5)
        hooks.urgent_flagged.fire(actor=actor, flags=flags)
    summary.refresh_villages([visit.division_code], as_of=clock.today())
    _audit(
        actor,
        Action.VISIT_RECORDED,
        child.pk,
        child.division_code,
        visit=visit.pk,
        mode=visit.mode,
        visited_on=visit.visited_on.isoformat(),
        urgent_reports=len(dict.fromkeys(data.urgent)),
    )
    return Recorded(visit, created=True)


# --- pairing and care needs ------------------------------------------------------------------------


@transaction.atomic
def pairing_set(
    *, actor: Actor, child: Child, name: str, phone: str = "", org: str = "", version: int | None = None
) -> Child:
    """Assign the pairing helper (结对帮扶); an empty name removes it. The fields are the file's (people)."""
    _check_area(actor, child)
    saved = people_services.child_set_pairing(
        actor=actor, child=child, name=name, phone=phone, org=org, version=version
    )
    _audit(actor, Action.PAIRING_SET, child.pk, child.division_code, removed=not saved.pairing_name)
    return saved


@transaction.atomic
def care_need_add(*, actor: Actor, child: Child, area: str, detail: str) -> CareNeed:
    uid = _check_area(actor, child)
    if area not in NeedArea.values:
        raise ValidationFailed(_("Choose an area."), code="need.area", field="area")
    if not detail.strip():
        raise ValidationFailed(_("Describe the need."), code="need.detail", field="detail")
    need = CareNeed.unscoped.create(
        child_id=child.pk,
        division_code=child.division_code,
        area=area,
        detail=detail.strip(),
        noted_on=clock.today(),
        by_id=uid,
    )
    # The area is left out: "health" or "psychology" would itself say something about the child's health.
    _audit(actor, Action.CARE_NEED_ADDED, child.pk, child.division_code, need=need.pk)
    return need


@transaction.atomic
def care_service_record(
    *,
    actor: Actor,
    need: CareNeed,
    delivered_on: dt.date,
    description: str,
    provider: str = "",
    met: bool = False,
) -> CareService:
    """A service delivered against a need; `met` closes the need."""
    uid = _uid(actor)
    if not is_within(actor, need.division_code, purpose=Purpose.CASEWORK):
        raise PermissionDenied(_("This file is outside your area."), code="division.outside")
    if not description.strip():
        raise ValidationFailed(_("Describe the service."), code="service.description", field="description")
    if delivered_on > clock.today():
        raise ValidationFailed(
            _("A service cannot be in the future."), code="service.future", field="delivered_on"
        )
    service = CareService.unscoped.create(
        child_id=need.child_id,
        division_code=need.division_code,
        need=need,
        delivered_on=delivered_on,
        description=description.strip(),
        provider=provider.strip(),
        by_id=uid,
    )
    closed = met and need.met_on is None
    if closed:
        CareNeed.unscoped.filter(pk=need.pk).update(met_on=delivered_on)
    _audit(
        actor,
        Action.CARE_SERVICE_RECORDED,
        need.child_id,
        need.division_code,
        need=need.pk,
        service=service.pk,
        need_met=closed,
    )
    return service


# --- provincial visit frequencies -------------------------------------------------------------------


def on_policy_set(*, kind: str, province_code: str, from_day: dt.date) -> None:
    """core.hooks.policy_set handler: new visit frequencies apply from `from_day`, so the province's
    compliance figures hold only until the day before; from today: recomputed now, off the request."""
    if kind != PolicyKind.VISIT_FREQUENCIES:
        return
    summary.expire_province(province_code, from_day=from_day)
    if from_day == clock.today():
        transaction.on_commit(lambda: refresh_compliance_task.enqueue(as_of=from_day.isoformat()))


def on_divisions_recoded(moves: dict[str, str], *, counts: dict[str, int], dry_run: bool) -> None:
    """core.hooks.divisions_recoded handler: this app's rows at an old division code move to the new
    one (or are counted, `dry_run`), in the change's transaction (docs/rules/workflow.md#dm-2)."""
    bulk.recode_models(
        (
            Visit,
            RiskChange,
            UrgentReport,
            CareNeed,
            CareService,
            ComplianceChild,
        ),
        moves,
        counts=counts,
        dry_run=dry_run,
    )
    summary.recode_figures(moves, counts=counts, dry_run=dry_run, as_of=clock.today())

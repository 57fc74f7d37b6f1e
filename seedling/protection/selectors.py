"""Reads of protection cases and applications: scoped (access.scope), audited where a case or an
application is read, and projected (access.visibility) so sealed details reach only the case roles on
the case's own page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from seedling.access import Actor, capabilities, get_for_actor, visibility, visible_to
from seedling.access.capabilities import Capability
from seedling.audit.enums import Action
from seedling.audit.services import audit_record, lists_people
from seedling.core import clock
from seedling.core import division_codes as codes
from seedling.core.sensitivity import Sensitivity
from seedling.people.models import Child
from seedling.protection import enums, rules, services
from seedling.protection.models import Application, Case, CaseReveal, CaseStep
from seedling.visits.models import UrgentReport

LIST = visibility.Output.LIST
FILE = visibility.Output.FILE


@dataclass(frozen=True)
class Row:
    """One case on a to-do list: no sealed detail, no child's name (a list may be read by anyone in
    the area; docs/rules/protection.md#r-7)."""

    case: Case
    owed: list[rules.Clock]
    overdue: bool
    escalated: bool
    division_name: str


def _levels(actor: Actor) -> set[int]:
    return {codes.level_of(c) for c in capabilities.divisions(actor, Capability.PROTECTION_REPORT) if c}


def todo(actor: Actor, *, as_of: dt.date, overdue_only: bool = False, limit: int = 300) -> list[Row]:
    """The open cases awaiting the actor's level: cases assigned to it, cases escalated to it because
    a step below is overdue, every case whose trigger obliges a police report for the county; the
    village sees the cases of its village (docs/rules/protection.md#r-6). Most overdue first."""
    levels = _levels(actor)
    qs = (
        visible_to(actor, Case)
        .filter(status=enums.CaseStatus.OPEN)
        .select_related("child__division")
        .prefetch_related("steps")
        .order_by("reported_at", "id")
    )
    rows: list[Row] = []
    for case in qs[:2000]:
        owed = rules.clocks(services.case_facts(case, list(case.steps.all())), as_of=as_of)
        overdue = any(c.overdue for c in owed)
        holder = rules.escalated_level(case.level, owed)
        mine = (
            codes.VILLAGE in levels
            or case.level in levels
            or holder in levels
            or (codes.COUNTY in levels and rules.trigger_rule(case.trigger).police)
            or (bool(levels & {codes.CITY, codes.PROVINCE}) and overdue)
            or not levels
        )
        if not mine or (overdue_only and not overdue):
            continue
        rows.append(Row(case, owed, overdue, holder < case.level, case.division_code))
    rows.sort(key=lambda r: (not r.overdue, r.case.urgency != enums.Urgency.IMMEDIATE, r.case.reported_at))
    return rows[:limit]


def unrouted_flags(actor: Actor, *, limit: int = 50) -> QuerySet[UrgentReport]:
    """Visit flags raised before cases were opened for them: to be routed with one tap."""
    routed = Case.unscoped.filter(flag_id__isnull=False).values("flag_id")
    return (
        visible_to(actor, UrgentReport)
        .filter(closed_at__isnull=True)
        .exclude(pk__in=routed)
        .order_by("raised_at")[:limit]
    )


def flag_get(*, actor: Actor, flag_id: int | str) -> UrgentReport:
    return get_for_actor(actor, UrgentReport, pk=flag_id)


@dataclass(frozen=True)
class CasePage:
    case: visibility.Projected
    raw: Case
    steps: list[visibility.Projected]
    owed: list[rules.Clock]
    urgency_reason: str
    urgency_citation: str
    may_work: bool
    sealed: bool  # some details are withheld from this reader (a reveal may open them)
    revealed_until: dt.datetime | None


def case_get(*, actor: Actor, case_id: int | str) -> Case:
    return get_for_actor(actor, Case, pk=case_id)


def case_page(*, actor: Actor, case_id: int | str, as_of: dt.date) -> CasePage:
    """One case with its timeline, as the actor may see it; the read is audited."""
    case = get_for_actor(actor, Case.unscoped.select_related("child", "reporter"), pk=case_id)
    steps = list(CaseStep.unscoped.filter(case_id=case.pk).select_related("by").order_by("at", "id"))
    audit_record(
        actor=actor,
        action=Action.CASE_VIEWED,
        division_code=case.division_code,
        subject_type="case",
        subject_id=case.pk,
        subject_label=case.number,
    )
    _urgency, reason = rules.urgency(case.trigger)
    sealed = visibility.sight(actor, Sensitivity.CASE, case.division_code, FILE) is not visibility.Sight.CLEAR
    grant = None
    if sealed and actor.user_id is not None:
        grant = (
            CaseReveal.unscoped.filter(case_id=case.pk, by_id=actor.user_id, until__gt=clock.now())
            .order_by("-until")
            .first()
        )
    show = visibility.Revealed if grant is not None else visibility.Projected
    return CasePage(
        case=show(actor, case, FILE, case.division_code),
        raw=case,
        steps=[show(actor, s, FILE, s.division_code) for s in steps],
        owed=rules.clocks(services.case_facts(case, steps), as_of=as_of),
        urgency_reason=reason.message,
        urgency_citation=reason.citation,
        may_work=capabilities.may(actor, Capability.PROTECTION_CASE, case.division_code),
        sealed=sealed and grant is None,
        revealed_until=grant.until if grant is not None else None,
    )


def child_choices(*, actor: Actor, query: str = "", limit: int = 100) -> list[Child]:
    """Children of the actor's area a report can name, by name (the village's own list on a phone)."""
    qs = visible_to(actor, Child).order_by("name", "id")
    if query.strip():
        qs = qs.filter(name__contains=query.strip())
    return list(qs[:limit])


def child_get(*, actor: Actor, child_id: int | str) -> Child:
    return get_for_actor(actor, Child, pk=child_id)


# --- applications -------------------------------------------------------------------------------


@lists_people("applications", lambda rows: [a.child_id or f"a{a.pk}" for a in rows])
def applications(*, actor: Actor, status: str = "", limit: int = 300) -> list[Application]:
    qs = visible_to(actor, Application).order_by("-lodged_at", "-id")
    if status:
        qs = qs.filter(status=status)
    return list(qs[:limit])


@dataclass(frozen=True)
class ApplicationPage:
    app: visibility.Projected
    raw: Application
    due: rules.AppDeadlines
    months: list[str]
    engine_applies: bool | None
    may_verify: bool
    may_decide: bool
    may_forward: bool


def application_get(*, actor: Actor, app_id: int | str) -> Application:
    return get_for_actor(actor, Application, pk=app_id)


def application_page(*, actor: Actor, app_id: int | str, as_of: dt.date) -> ApplicationPage:
    """One application with its time limits and allowance months; the read is audited."""
    app = get_for_actor(actor, Application.unscoped.select_related("child"), pk=app_id)
    audit_record(
        actor=actor,
        action=Action.FILE_VIEWED,
        division_code=app.division_code,
        subject_type="application",
        subject_id=app.pk,
        subject_label=app.get_category_display(),
    )
    due = rules.deadlines(services.app_facts(app))
    return ApplicationPage(
        app=visibility.project(actor, app, FILE),
        raw=app,
        due=due,
        months=rules.months_paid(due.benefit_from, due.benefit_to, as_of=as_of),
        engine_applies=None if app.child_id is None else services.engine_applies(app.child_id, app.category),
        may_verify=capabilities.may(actor, Capability.APPLICATION_VERIFY, app.division_code),
        may_decide=capabilities.may(actor, Capability.DETERMINATION_CONFIRM, app.division_code),
        may_forward=capabilities.may(actor, Capability.APPLICATION_LODGE, app.received_code),
    )


def cases_for_child(*, actor: Actor, child: Child) -> QuerySet[Case]:
    return visible_to(actor, Case).filter(Q(child_id=child.pk)).order_by("-reported_at")

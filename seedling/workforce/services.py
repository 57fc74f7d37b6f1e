"""Workforce writes. Each is one transaction: check, save, audit.

ID numbers are unique nationwide, so creating a worker checks the number against the whole table
(the one raw read here, like user names in accounts); everything else is loaded by the caller
through `seedling.access` and checked against the capability catalogue (`seedling.access.capabilities`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from seedling.access import Actor, Purpose, capabilities, visible_to
from seedling.access.capabilities import Capability
from seedling.accounts.models import User
from seedling.audit.services import audit_record, record_changes
from seedling.core import bulk, clock, identity, phones
from seedling.core.errors import ValidationFailed
from seedling.regions.models import Division, Level
from seedling.workforce.coverage import SUPERVISOR
from seedling.workforce.duties import DEFAULT_DUTIES
from seedling.workforce.enums import (
    ACCOUNT_ROLE,
    ROLE_LEVEL,
    AuditAction,
    DutyList,
    Employment,
    EvaluationGrade,
    ItemResult,
    MismatchKind,
    TrainingKind,
    WorkerRole,
)
from seedling.workforce.models import (
    Appointment,
    Certificate,
    DirectorEvaluation,
    DutyItem,
    ExplanationSummary,
    MismatchExplanation,
    TrainingAttendance,
    TrainingEvent,
    Worker,
)
from seedling.workforce.selectors import coverage_of

# --- checks ---------------------------------------------------------------------------------------


def clean_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise ValidationFailed(_("Enter the name."), code="worker.name_required", field="name")
    if len(name) > 50:
        raise ValidationFailed(_("A name has at most 50 characters."), code="worker.name_long", field="name")
    return name


def check_post_division(role: str, division: Division) -> None:
    """A supervisor sits at a township, a director at a village (川民政厅 2020 专项行动实施方案 二), of the
    current table."""
    if role not in WorkerRole.values:
        raise ValidationFailed(_("Unknown post type."), code="appointment.role_unknown", field="role")
    if not division.is_active:
        raise ValidationFailed(
            _("This division has been retired by a code change; choose its new code."),
            code="appointment.division_retired",
            field="division_code",
        )
    if division.level != ROLE_LEVEL[role]:
        raise ValidationFailed(
            _("A %(post)s is appointed at a %(level)s.")
            % {"post": WorkerRole(role).label, "level": Level(ROLE_LEVEL[role]).label},
            code="appointment.division_level",
            field="division_code",
        )


def _check_dates(appointed_on: date, left_on: date | None, today: date) -> None:
    if appointed_on > today:
        raise ValidationFailed(
            _("The appointment date cannot be in the future."),
            code="appointment.future",
            field="appointed_on",
        )
    if left_on is not None and left_on < appointed_on:
        raise ValidationFailed(
            _("The leaving date cannot be before the appointment date."),
            code="appointment.left_before_appointed",
            field="left_on",
        )


def existing_worker(id_number: str) -> Worker | None:
    """The worker holding this ID number anywhere (numbers are unique nationwide)."""
    return Worker.unscoped.filter(id_number=id_number).first()


def _taken_message(actor: Actor, worker: Worker) -> ValidationFailed:
    if visible_to(actor, Worker).filter(pk=worker.pk).exists():
        message = _("This ID number is already registered (%(name)s).") % {"name": worker.name}
    else:
        message = _(
            "This ID number is already registered in another area. Ask the civil-affairs bureau above "
            "you to check it."
        )
    return ValidationFailed(message, code="worker.id_taken", field="id_number")


# --- the home division and its copies -------------------------------------------------------------


def _rehome(worker: Worker, today: date) -> None:
    """Move the worker's file to the division of its first current appointment, and the codes of the
    worker's own rows with it. With no current appointment the file stays where it is."""
    current = (
        Appointment.unscoped.filter(worker=worker, appointed_on__lte=today)
        .filter(Q(left_on__isnull=True) | Q(left_on__gt=today))
        .order_by("appointed_on", "division_code")
        .first()
    )
    if current is None or current.division_code == worker.division_code:
        return
    worker.division_id = current.division_id
    worker.division_code = current.division_code
    worker.save(update_fields=["division", "division_code", "updated_at"])
    TrainingAttendance.unscoped.filter(worker=worker).update(division_code=current.division_code)
    Certificate.unscoped.filter(worker=worker).update(division_code=current.division_code)
    DirectorEvaluation.unscoped.filter(worker=worker).update(division_code=current.division_code)


# --- workers and appointments ---------------------------------------------------------------------


@transaction.atomic
def worker_create(
    *,
    actor: Actor,
    name: str,
    id_number: str,
    phone: str,
    role: str,
    division: Division,
    post: str,
    employment: str,
    appointed_on: date,
    note: str = "",
) -> Worker:
    """Register a supervisor or director by real name with their first appointment."""
    capabilities.require(actor, Capability.WORKFORCE_REGISTER, division.code)
    check_post_division(role, division)
    today = clock.today()
    ident = identity.parse(id_number, as_of=today)
    _check_dates(appointed_on, None, today)
    if employment not in Employment.values:
        raise ValidationFailed(
            _("Choose full- or part-time."), code="appointment.employment", field="employment"
        )
    taken = existing_worker(ident.number)
    if taken is not None:
        raise _taken_message(actor, taken)
    worker = Worker.unscoped.create(
        name=clean_name(name),
        id_number=ident.number,
        sex=ident.sex,
        birth_date=ident.birth_date,
        phone=phones.parse(phone),
        division=division,
        division_code=division.code,
        note=note.strip(),
    )
    Appointment.unscoped.create(
        worker=worker,
        role=role,
        division=division,
        division_code=division.code,
        post=post.strip(),
        employment=employment,
        appointed_on=appointed_on,
    )
    audit_record(
        actor=actor,
        action=AuditAction.WORKER_CREATED,
        subject=worker,
        detail={"role": role},
    )
    return worker


@transaction.atomic
def worker_update(*, actor: Actor, worker: Worker, name: str, phone: str, note: str) -> Worker:
    """Correct a worker's name, phone or note. The ID number is the identity and is not edited here."""
    capabilities.require(actor, Capability.WORKFORCE_REGISTER, worker.division_code)
    changes = {"name": clean_name(name), "phone": phones.parse(phone), "note": note.strip()}
    record_changes(actor=actor, subject=worker, values=changes, action=AuditAction.WORKER_UPDATED)
    return worker


@transaction.atomic
def worker_link_user(*, actor: Actor, worker: Worker, username: str) -> Worker:
    """Link the worker to the account they sign in with ("" unlinks). The account must be in the
    actor's reach and hold the role matching one of the worker's current posts, at that post's unit."""
    capabilities.require(actor, Capability.WORKFORCE_REGISTER, worker.division_code)
    username = username.strip()
    user: User | None = None
    if username:
        user = visible_to(actor, User, purpose=Purpose.ACCOUNTS).filter(username=username).first()
        if user is None:
            raise ValidationFailed(
                _("No account with this user name in your area."),
                code="worker.user_unknown",
                field="username",
            )
        today = clock.today()
        posts = set(
            Appointment.unscoped.filter(worker=worker, appointed_on__lte=today)
            .filter(Q(left_on__isnull=True) | Q(left_on__gt=today))
            .values_list("role", "division_code")
        )
        roles = set(user.assignments.filter(revoked_at__isnull=True).values_list("role", "division_code"))
        if not any((ACCOUNT_ROLE[role], code) in roles for role, code in posts):
            raise ValidationFailed(
                _("This account does not hold the role of the worker's post at the same division."),
                code="worker.user_role_mismatch",
                field="username",
            )
        holder = Worker.unscoped.filter(user=user).exclude(pk=worker.pk).first()
        if holder is not None:
            raise ValidationFailed(
                _("This account is already linked to another worker."),
                code="worker.user_taken",
                field="username",
            )
    if worker.user_id != (user.pk if user else None):
        worker.user = user
        worker.save(update_fields=["user", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditAction.WORKER_LINKED,
            subject=worker,
            detail={"username": user.username if user else ""},
        )
    return worker


@transaction.atomic
def appointment_add(
    *,
    actor: Actor,
    worker: Worker,
    role: str,
    division: Division,
    post: str,
    employment: str,
    appointed_on: date,
) -> Appointment:
    """A further post: another village a director covers, or a new post after a move."""
    capabilities.require(actor, Capability.WORKFORCE_REGISTER, division.code)
    check_post_division(role, division)
    today = clock.today()
    _check_dates(appointed_on, None, today)
    if employment not in Employment.values:
        raise ValidationFailed(
            _("Choose full- or part-time."), code="appointment.employment", field="employment"
        )
    if Appointment.unscoped.filter(
        worker=worker, role=role, division_code=division.code, left_on__isnull=True
    ).exists():
        raise ValidationFailed(
            _("This person already holds this post here."),
            code="appointment.duplicate",
            field="division_code",
        )
    appointment = Appointment.unscoped.create(
        worker=worker,
        role=role,
        division=division,
        division_code=division.code,
        post=post.strip(),
        employment=employment,
        appointed_on=appointed_on,
    )
    _rehome(worker, today)
    audit_record(
        actor=actor,
        action=AuditAction.APPOINTMENT_ADDED,
        subject=worker,
        division_code=division.code,
        detail={"role": role, "appointment": appointment.pk},
    )
    return appointment


@transaction.atomic
def appointment_end(
    *, actor: Actor, appointment: Appointment, left_on: date, reason: str = ""
) -> Appointment:
    """End a post on `left_on` (the first day out of post). The row stays: it is the history."""
    capabilities.require(actor, Capability.WORKFORCE_REGISTER, appointment.division_code)
    if appointment.left_on is not None:
        raise ValidationFailed(_("This post has already ended."), code="appointment.ended", field="left_on")
    today = clock.today()
    _check_dates(appointment.appointed_on, left_on, today)
    appointment.left_on = left_on
    appointment.leave_reason = reason.strip()[:200]
    appointment.save(update_fields=["left_on", "leave_reason", "updated_at"])
    _rehome(appointment.worker, today)
    audit_record(
        actor=actor,
        action=AuditAction.APPOINTMENT_ENDED,
        division_code=appointment.division_code,
        subject_type="worker",
        subject_id=appointment.worker_id,
        subject_label=appointment.worker.name,
        detail={"role": appointment.role, "appointment": appointment.pk, "left_on": left_on.isoformat()},
    )
    return appointment


# --- training and certificates --------------------------------------------------------------------


@transaction.atomic
def training_create(
    *,
    actor: Actor,
    title: str,
    kind: str,
    held_on: date,
    hours: Decimal,
    content: str,
    division: Division,
) -> TrainingEvent:
    """Record a training organised by `division` (a county, city, province or township)."""
    capabilities.require(actor, Capability.WORKFORCE_REGISTER, division.code)
    if kind not in TrainingKind.values:
        raise ValidationFailed(_("Unknown kind of training."), code="training.kind", field="kind")
    if held_on > clock.today():
        raise ValidationFailed(
            _("Record a training once it has taken place."), code="training.future", field="held_on"
        )
    if hours <= 0 or hours > 1000:
        raise ValidationFailed(_("Enter the hours of the training."), code="training.hours", field="hours")
    title = " ".join(title.split())
    if not title:
        raise ValidationFailed(_("Enter a title."), code="training.title", field="title")
    event = TrainingEvent.unscoped.create(
        title=title[:100],
        kind=kind,
        held_on=held_on,
        hours=hours,
        content=content.strip(),
        division=division,
        division_code=division.code,
    )
    audit_record(
        actor=actor,
        action=AuditAction.TRAINING_RECORDED,
        division_code=division.code,
        subject_type="training",
        subject_id=event.pk,
        subject_label=event.title,
    )
    return event


@transaction.atomic
def attendance_record(
    *, actor: Actor, event: TrainingEvent, worker: Worker, passed: bool | None
) -> TrainingAttendance:
    """Record that a worker attended (idempotent: recording again updates the assessment)."""
    capabilities.require(actor, Capability.WORKFORCE_REGISTER, worker.division_code)
    if event.kind != TrainingKind.INITIAL and passed is not None:
        passed = None  # only the initial training is assessed (吉民发〔2018〕41号 一（三）: 初任培训考核合格)
    attendance, created = TrainingAttendance.unscoped.get_or_create(
        event=event, worker=worker, defaults={"passed": passed, "division_code": worker.division_code}
    )
    if not created and attendance.passed != passed:
        if hasattr(attendance, "certificate") and not passed:
            raise ValidationFailed(
                _("A certificate was issued on this assessment; it cannot be changed to failed."),
                code="training.certificate_issued",
                field="passed",
            )
        attendance.passed = passed
        attendance.save(update_fields=["passed", "updated_at"])
    elif not created:
        return attendance
    audit_record(
        actor=actor,
        action=AuditAction.ATTENDANCE_RECORDED,
        subject=worker,
        detail={"training": event.pk, "passed": passed},
    )
    return attendance


def _certificate_role(worker: Worker, on: date) -> str:
    """The post a certificate is for: the worker's post on the training day (supervisor first)."""
    roles = set(
        Appointment.unscoped.filter(worker=worker, appointed_on__lte=on)
        .filter(Q(left_on__isnull=True) | Q(left_on__gt=on))
        .values_list("role", flat=True)
    ) or set(Appointment.unscoped.filter(worker=worker).values_list("role", flat=True))
    return SUPERVISOR if SUPERVISOR in roles else WorkerRole.DIRECTOR.value


@transaction.atomic
def certificate_issue(
    *, actor: Actor, attendance: TrainingAttendance, number: str, issued_on: date
) -> Certificate:
    """Issue the training certificate on a passed initial training (吉民发〔2018〕41号 一（三））."""
    worker = attendance.worker
    capabilities.require(actor, Capability.WORKFORCE_REGISTER, worker.division_code)
    event = attendance.event
    if event.kind != TrainingKind.INITIAL or not attendance.passed:
        raise ValidationFailed(
            _("A certificate is issued only on passing the initial training."),
            code="certificate.not_passed",
            field="number",
        )
    number = "".join(number.split())
    if not number or len(number) > 40:
        raise ValidationFailed(_("Enter the certificate number."), code="certificate.number", field="number")
    if issued_on < event.held_on or issued_on > clock.today():
        raise ValidationFailed(
            _("The issue date lies between the training and today."),
            code="certificate.date",
            field="issued_on",
        )
    role = _certificate_role(worker, event.held_on)
    if Certificate.unscoped.filter(worker=worker, role=role).exists():
        raise ValidationFailed(
            _("This person already holds this certificate."), code="certificate.duplicate", field="number"
        )
    if Certificate.unscoped.filter(number=number).exists():
        raise ValidationFailed(
            _("This certificate number is already in use."), code="certificate.number_taken", field="number"
        )
    certificate = Certificate.unscoped.create(
        worker=worker,
        role=role,
        number=number,
        issued_on=issued_on,
        attendance=attendance,
        division_code=worker.division_code,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CERTIFICATE_ISSUED,
        subject=worker,
        detail={"certificate": number, "role": role},
    )
    return certificate


# --- director evaluation (晋政民〔2024〕46号) ---------------------------------------------------------------


@transaction.atomic
def duty_item_add(*, actor: Actor, duty_list: str, text: str, division: Division) -> DutyItem:
    """A township adds an item to its directors' responsibility or service list (晋政民〔2024〕46号
    二（二））."""
    capabilities.require(actor, Capability.WORKFORCE_EVALUATE, division.code)
    if division.level != Level.TOWNSHIP:
        raise ValidationFailed(
            _("Lists are drawn up by a township (sub-district)."), code="duty.level", field="division_code"
        )
    if duty_list not in DutyList.values:
        raise ValidationFailed(_("Choose a list."), code="duty.list", field="list")
    text = " ".join(text.split())
    if not text:
        raise ValidationFailed(_("Enter the item."), code="duty.text", field="text")
    return DutyItem.unscoped.create(
        list=duty_list, text=text[:300], division=division, division_code=division.code
    )


@transaction.atomic
def duty_item_retire(*, actor: Actor, item: DutyItem) -> DutyItem:
    capabilities.require(actor, Capability.WORKFORCE_EVALUATE, item.division_code)
    if item.retired_on is None:
        item.retired_on = clock.today()
        item.save(update_fields=["retired_on", "updated_at"])
    return item


@dataclass(frozen=True)
class ItemScore:
    result: str
    note: str = ""


@transaction.atomic
def evaluation_record(
    *,
    actor: Actor,
    worker: Worker,
    items: Sequence[Mapping[str, str]],
    scores: Mapping[str, ItemScore],
    period_start: date,
    period_end: date,
    evaluated_on: date,
    grade: str,
    comment: str = "",
) -> DirectorEvaluation:
    """Record a periodic evaluation of a director against `items` (the lists shown to the evaluator:
    dicts with code, list, text), one score per item."""
    capabilities.require(actor, Capability.WORKFORCE_EVALUATE, worker.division_code)
    if not Appointment.unscoped.filter(worker=worker, role=WorkerRole.DIRECTOR).exists():
        raise ValidationFailed(_("Only child directors are evaluated."), code="evaluation.not_director")
    if period_end < period_start:
        raise ValidationFailed(
            _("The period ends before it starts."), code="evaluation.period", field="period_end"
        )
    if evaluated_on < period_start or evaluated_on > clock.today():
        raise ValidationFailed(
            _("The evaluation date lies between the start of the period and today."),
            code="evaluation.date",
            field="evaluated_on",
        )
    if grade not in EvaluationGrade.values:
        raise ValidationFailed(_("Choose a grade."), code="evaluation.grade", field="grade")
    stored = []
    for item in items:
        score = scores.get(item["code"])
        if score is None or score.result not in ItemResult.values:
            raise ValidationFailed(
                _("Score every item of the lists."),
                code="evaluation.item_missing",
                field=f"item_{item['code']}",
            )
        stored.append({**item, "result": score.result, "note": score.note.strip()[:300]})
    evaluation = DirectorEvaluation.unscoped.create(
        worker=worker,
        period_start=period_start,
        period_end=period_end,
        evaluated_on=evaluated_on,
        grade=grade,
        items=stored,
        comment=comment.strip(),
        evaluator_id=actor.user_id,
        division_code=worker.division_code,
    )
    audit_record(
        actor=actor,
        action=AuditAction.EVALUATION_RECORDED,
        subject=worker,
        detail={"evaluation": evaluation.pk, "grade": grade},
    )
    return evaluation


def default_items() -> list[dict[str, str]]:
    return [{"code": d.code, "list": d.list, "text": d.text} for d in DEFAULT_DUTIES]


# --- coverage explanations (川民政厅 2020 专项行动实施方案 四（二）)
# ------------------------------------------------------


@transaction.atomic
def explanation_file(
    *, actor: Actor, division: Division, kind: str, text: str, as_of: date
) -> MismatchExplanation:
    """A county or city explains in writing why its supervisors or directors do not match its
    townships or villages. The figures of `as_of` are stored with it."""
    capabilities.require(actor, Capability.COVERAGE_EXPLAIN, division.code)
    if division.level not in (Level.COUNTY, Level.CITY):
        raise ValidationFailed(
            _("Explanations are filed by a county or a city."),
            code="explanation.level",
            field="division_code",
        )
    if kind not in MismatchKind.values:
        raise ValidationFailed(
            _("Choose what the explanation is about."), code="explanation.kind", field="kind"
        )
    text = text.strip()
    if len(text) < 10:
        raise ValidationFailed(
            _("Write the explanation (at least 10 characters)."), code="explanation.text", field="text"
        )
    tally = coverage_of(actor=actor, division=division, as_of=as_of).report.root
    units, people, covered = tally.figures(kind)
    explanation = MismatchExplanation.unscoped.create(
        division=division,
        division_code=division.code,
        kind=kind,
        as_of=as_of,
        units=units,
        people=people,
        covered=covered,
        text=text,
        filed_by_id=actor.user_id,
    )
    audit_record(
        actor=actor,
        action=AuditAction.EXPLANATION_FILED,
        division_code=division.code,
        subject_type="mismatch_explanation",
        subject_id=explanation.pk,
        subject_label=f"{division.name} {kind}",
    )
    return explanation


@transaction.atomic
def explanations_forward(*, actor: Actor, city: Division, note: str = "") -> ExplanationSummary:
    """The city collects the explanations of its area not yet forwarded and sends them to the
    province in one summary (川民政厅 2020 专项行动实施方案 四（二）: 由市级民政部门汇总后……报省厅)."""
    capabilities.require(actor, Capability.COVERAGE_FORWARD, city.code)
    if city.level != Level.CITY:
        raise ValidationFailed(_("A summary is sent by a city."), code="explanation.summary_level")
    pending = visible_to(actor, MismatchExplanation).filter(
        division_code__startswith=city.prefix, summary__isnull=True
    )
    ids = list(pending.values_list("pk", flat=True))
    if not ids:
        raise ValidationFailed(_("There are no new explanations to send."), code="explanation.none_pending")
    summary = ExplanationSummary.unscoped.create(
        division=city,
        division_code=city.code,
        note=note.strip(),
        submitted_by_id=actor.user_id,
        submitted_at=clock.now(),
    )
    MismatchExplanation.unscoped.filter(pk__in=ids).update(summary=summary)
    audit_record(
        actor=actor,
        action=AuditAction.EXPLANATIONS_FORWARDED,
        division_code=city.code,
        subject_type="explanation_summary",
        subject_id=summary.pk,
        subject_label=city.name,
        detail={"explanations": len(ids)},
    )
    return summary


# --- roster import (the writes; parsing is in roster_excel) ---------------------------------------


@dataclass
class RosterCounts:
    workers_created: int = 0
    workers_updated: int = 0
    appointments_created: int = 0
    appointments_updated: int = 0
    unchanged: int = 0


@dataclass(frozen=True)
class RosterEntry:
    """One checked row of the roster: a person and one post."""

    line: int
    name: str
    ident: identity.IdNumber
    phone: str
    role: str
    division: Division
    post: str
    employment: str
    appointed_on: date
    left_on: date | None


def roster_lookup(actor: Actor, id_numbers: Sequence[str]) -> dict[str, tuple[Worker, bool]]:
    """Workers holding these numbers anywhere, and whether each is in the actor's area."""
    found = {w.id_number: w for w in Worker.unscoped.filter(id_number__in=list(id_numbers))}
    mine = set(
        visible_to(actor, Worker).filter(pk__in=[w.pk for w in found.values()]).values_list("pk", flat=True)
    )
    return {number: (w, w.pk in mine) for number, w in found.items()}


@transaction.atomic
def roster_apply(*, actor: Actor, entries: Sequence[RosterEntry]) -> RosterCounts:
    """Upsert checked roster rows by ID number: create or correct the worker, then create or correct
    the post (matched on post type and unit, an open one first, else one with the same start date).
    A row equal to what is stored writes nothing, so importing a file twice changes nothing."""
    counts = RosterCounts()
    today = clock.today()
    for entry in entries:
        capabilities.require(actor, Capability.WORKFORCE_REGISTER, entry.division.code)
        worker = Worker.unscoped.filter(id_number=entry.ident.number).first()
        if worker is None:
            worker = Worker.unscoped.create(
                name=entry.name,
                id_number=entry.ident.number,
                sex=entry.ident.sex,
                birth_date=entry.ident.birth_date,
                phone=entry.phone,
                division=entry.division,
                division_code=entry.division.code,
            )
            counts.workers_created += 1
            audit_record(
                actor=actor,
                action=AuditAction.WORKER_CREATED,
                subject=worker,
                detail={"source": "roster_import", "line": entry.line},
            )
        else:
            if not visible_to(actor, Worker).filter(pk=worker.pk).exists():
                raise _taken_message(actor, worker)
            given = {f: v for f, v in (("name", entry.name), ("phone", entry.phone)) if v}
            detail = {"source": "roster_import", "line": entry.line}
            if record_changes(
                actor=actor, subject=worker, values=given, action=AuditAction.WORKER_UPDATED, detail=detail
            ):
                counts.workers_updated += 1
        same_unit = Appointment.unscoped.filter(
            worker=worker, role=entry.role, division_code=entry.division.code
        )
        appointment = (
            same_unit.filter(appointed_on=entry.appointed_on).first()
            or same_unit.filter(left_on__isnull=True).first()
        )
        values = {
            "post": entry.post,
            "employment": entry.employment,
            "appointed_on": entry.appointed_on,
            "left_on": entry.left_on,
        }
        if appointment is None:
            appointment = Appointment.unscoped.create(
                worker=worker,
                role=entry.role,
                division=entry.division,
                division_code=entry.division.code,
                **values,
            )
            counts.appointments_created += 1
            action = AuditAction.APPOINTMENT_ADDED
        else:
            changed = [f for f, v in values.items() if getattr(appointment, f) != v]
            if not changed:
                counts.unchanged += 1
                continue
            for f in changed:
                setattr(appointment, f, values[f])
            appointment.save(update_fields=[*changed, "updated_at"])
            counts.appointments_updated += 1
            action = AuditAction.APPOINTMENT_UPDATED
        _rehome(worker, today)
        audit_record(
            actor=actor,
            action=action,
            subject=worker,
            division_code=entry.division.code,
            detail={"source": "roster_import", "line": entry.line, "appointment": appointment.pk},
        )
    if (
        counts.workers_created
        or counts.workers_updated
        or counts.appointments_created
        or counts.appointments_updated
    ):
        audit_record(
            actor=actor,
            action=AuditAction.ROSTER_IMPORTED,
            division_code=actor.home_code,
            subject_type="roster",
            detail={
                "rows": len(entries),
                "workers_created": counts.workers_created,
                "workers_updated": counts.workers_updated,
                "appointments_created": counts.appointments_created,
                "appointments_updated": counts.appointments_updated,
            },
        )
    return counts


def on_divisions_recoded(moves: dict[str, str], *, counts: dict[str, int], dry_run: bool) -> None:
    """core.hooks.divisions_recoded handler: this app's rows at an old division code move to the new
    one (or are counted, `dry_run`), in the change's transaction (docs/rules/workflow.md#dm-2)."""
    bulk.recode_models(
        (
            Worker,
            Appointment,
            TrainingEvent,
            TrainingAttendance,
            Certificate,
            DutyItem,
            DirectorEvaluation,
            ExplanationSummary,
            MismatchExplanation,
        ),
        moves,
        counts=counts,
        dry_run=dry_run,
    )

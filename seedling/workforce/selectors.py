"""Workforce reads, all through `seedling.access` (casework purpose).

Reading one worker's file and exporting the roster are audited here, so web and API audit alike.
ID numbers and phones are shown as seedling.access.visibility decides (masked below the county).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Exists, Max, Min, OuterRef, Prefetch, Q, QuerySet

from seedling.access import Actor, Purpose, get_for_actor, visibility, visible_to
from seedling.audit.enums import Action
from seedling.audit.services import audit_record, file_viewed, lists_people
from seedling.core import division_codes as codes
from seedling.regions.models import Division
from seedling.regions.selectors import COUNTED
from seedling.workforce import coverage, rules
from seedling.workforce.duties import DEFAULT_DUTIES
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


def _current(as_of: date, prefix: str = "") -> Q:
    """Appointments current on `as_of` (filter on Appointment; `prefix` for a related path)."""
    return Q(**{f"{prefix}appointed_on__lte": as_of}) & (
        Q(**{f"{prefix}left_on__isnull": True}) | Q(**{f"{prefix}left_on__gt": as_of})
    )


def division_for(*, actor: Actor, code: str) -> Division:
    """A division the actor works in (casework scope), or 404."""
    return get_for_actor(actor, Division, purpose=Purpose.CASEWORK, code=code)


# --- workers --------------------------------------------------------------------------------------


@dataclass
class WorkerRow:
    worker: Worker
    id_display: str
    phone_display: str
    posts: list[Appointment]
    certificates: list[Certificate]
    training: rules.TrainingStatus


def _display(actor: Actor, worker: Worker, *, detail: bool = False) -> tuple[str, str]:
    """(ID number, phone) as the actor may see them on the worker's page or in a list."""
    v = visibility.project(actor, worker, visibility.Output.FILE if detail else visibility.Output.LIST)
    return v.id_number or "", v.phone or ""


def _with_training(qs: QuerySet[Worker], as_of: date) -> QuerySet[Worker]:
    return qs.annotate(
        last_trained_on=Max("attendances__event__held_on", filter=Q(attendances__event__held_on__lte=as_of)),
        in_post_since=Min("appointments__appointed_on", filter=_current(as_of, "appointments__")),
    )


def worker_queryset(
    *, actor: Actor, as_of: date, role: str = "", prefix: str = "", query: str = "", current_only: bool = True
) -> QuerySet[Worker]:
    qs = visible_to(actor, Worker)
    posts = visible_to(actor, Appointment).filter(worker=OuterRef("pk"))
    if current_only:
        posts = posts.filter(_current(as_of))
    if role:
        posts = posts.filter(role=role)
    if current_only or role:
        qs = qs.filter(Exists(posts))
    if prefix:
        qs = qs.filter(
            Exists(
                visible_to(actor, Appointment).filter(worker=OuterRef("pk"), division_code__startswith=prefix)
            )
        )
    query = query.strip()
    if query:
        normal = query.upper()
        qs = qs.filter(Q(name__contains=query) | Q(id_number=normal))
    return qs


@lists_people("worker_list", lambda rows: [r.worker for r in rows])
def worker_list(
    *,
    actor: Actor,
    as_of: date,
    role: str = "",
    prefix: str = "",
    query: str = "",
    current_only: bool = True,
    limit: int = 200,
) -> list[WorkerRow]:
    """Workers of the actor's area with their current posts, certificates and training status.
    Three queries whatever the number of rows."""
    qs = worker_queryset(
        actor=actor, as_of=as_of, role=role, prefix=prefix, query=query, current_only=current_only
    )
    posts = visible_to(actor, Appointment).filter(_current(as_of)).select_related("division")
    qs = _with_training(qs, as_of).prefetch_related(
        Prefetch("appointments", queryset=posts.order_by("division_code"), to_attr="current_posts"),
        Prefetch(
            "certificates", queryset=visible_to(actor, Certificate).order_by("issued_on"), to_attr="certs"
        ),
    )
    rows = []
    for w in qs.order_by("division_code", "name", "pk")[:limit]:
        id_display, phone_display = _display(actor, w)
        rows.append(
            WorkerRow(
                worker=w,
                id_display=id_display,
                phone_display=phone_display,
                posts=w.current_posts,  # type: ignore[arg-type]
                certificates=w.certs,  # type: ignore[arg-type]
                training=rules.training_status(
                    in_post_since=w.in_post_since,  # type: ignore[attr-defined]
                    last_trained_on=w.last_trained_on,  # type: ignore[attr-defined]
                    as_of=as_of,
                ),
            )
        )
    return rows


def worker_get(*, actor: Actor, worker_id: int, read: bool = False) -> Worker:
    """A worker for a write (not audited as a read: the write audits itself); with `read`, for a page
    that shows the worker's own values (the edit form), audited as a read of the file."""
    worker = get_for_actor(actor, Worker, pk=worker_id)
    if read:
        file_viewed(actor=actor, subject=worker, subject_type="worker")
    return worker


@dataclass
class WorkerFile:
    worker: Worker
    id_display: str
    phone_display: str
    appointments: list[Appointment]
    attendances: list[TrainingAttendance]
    certificates: list[Certificate]
    evaluations: list[DirectorEvaluation]
    training: rules.TrainingStatus
    may_see_id: bool


def worker_file(*, actor: Actor, worker_id: int, as_of: date) -> WorkerFile:
    """One worker's file: the posts, training, certificates and evaluations in the actor's area.
    Audited as a read of a personal file."""
    worker = get_for_actor(actor, _with_training(visible_to(actor, Worker), as_of), pk=worker_id)
    id_display, phone_display = _display(actor, worker, detail=True)
    file_viewed(actor=actor, subject=worker, subject_type="worker")
    return WorkerFile(
        worker=worker,
        id_display=id_display,
        phone_display=phone_display,
        appointments=list(
            visible_to(actor, Appointment)
            .filter(worker=worker)
            .select_related("division")
            .order_by("-appointed_on", "division_code")
        ),
        attendances=list(
            visible_to(actor, TrainingAttendance)
            .filter(worker=worker)
            .select_related("event", "event__division", "certificate")
            .order_by("-event__held_on")
        ),
        certificates=list(visible_to(actor, Certificate).filter(worker=worker).order_by("issued_on")),
        evaluations=list(
            visible_to(actor, DirectorEvaluation).filter(worker=worker).order_by("-period_end", "-pk")
        ),
        training=rules.training_status(
            in_post_since=worker.in_post_since,  # type: ignore[attr-defined]
            last_trained_on=worker.last_trained_on,  # type: ignore[attr-defined]
            as_of=as_of,
        ),
        may_see_id=id_display == worker.id_number,
    )


def appointment_get(*, actor: Actor, appointment_id: int) -> Appointment:
    return get_for_actor(actor, visible_to(actor, Appointment).select_related("worker"), pk=appointment_id)


# --- training -------------------------------------------------------------------------------------


def training_list(*, actor: Actor, limit: int = 100) -> list[TrainingEvent]:
    return list(
        visible_to(actor, TrainingEvent)
        .select_related("division")
        .annotate(attendees=Count("attendances"))
        .order_by("-held_on", "-pk")[:limit]
    )


def training_get(*, actor: Actor, event_id: int) -> TrainingEvent:
    return get_for_actor(actor, visible_to(actor, TrainingEvent).select_related("division"), pk=event_id)


@lists_people("training_attendees", lambda rows: [a.worker_id for a in rows])
def training_attendees(*, actor: Actor, event: TrainingEvent) -> list[TrainingAttendance]:
    return list(
        visible_to(actor, TrainingAttendance)
        .filter(event=event)
        .select_related("worker", "certificate")
        .order_by("worker__name", "pk")
    )


def attendance_get(*, actor: Actor, attendance_id: int) -> TrainingAttendance:
    return get_for_actor(
        actor, visible_to(actor, TrainingAttendance).select_related("worker", "event"), pk=attendance_id
    )


def worker_by_id_number(*, actor: Actor, id_number: str) -> Worker | None:
    """The worker with this number in the actor's area (for adding attendees by ID number)."""
    return visible_to(actor, Worker).filter(id_number=id_number).first()


@dataclass
class OverdueRow:
    worker: Worker
    status: rules.TrainingStatus
    posts: list[Appointment]


@lists_people("training_overdue", lambda rows: [r.worker for r in rows])
def training_overdue(
    *,
    actor: Actor,
    as_of: date,
    prefix: str = "",
    policy: rules.TrainingPolicy = rules.TrainingPolicy(),  # noqa: B008 - frozen default
) -> list[OverdueRow]:
    """Supervisors and directors in post who are overdue for the yearly training on `as_of`."""
    qs = worker_queryset(actor=actor, as_of=as_of, prefix=prefix, current_only=True)
    posts = visible_to(actor, Appointment).filter(_current(as_of)).select_related("division")
    qs = _with_training(qs, as_of).prefetch_related(
        Prefetch("appointments", queryset=posts.order_by("division_code"), to_attr="current_posts")
    )
    out = []
    for w in qs.order_by("division_code", "name", "pk"):
        status = rules.training_status(
            in_post_since=w.in_post_since,  # type: ignore[attr-defined]
            last_trained_on=w.last_trained_on,  # type: ignore[attr-defined]
            as_of=as_of,
            policy=policy,
        )
        if status.overdue:
            out.append(OverdueRow(worker=w, status=status, posts=w.current_posts))
    return out


# --- director evaluation --------------------------------------------------------------------------


def duty_items_for(*, actor: Actor, worker: Worker) -> list[dict[str, str]]:
    """The items a director is evaluated on: Seedling's default lists (吉民发〔2018〕41号,
    晋政民〔2024〕46号), then the
    items the director's township added (晋政民〔2024〕46号: each town draws up its lists)."""
    items = [{"code": d.code, "list": d.list, "text": d.text} for d in DEFAULT_DUTIES]
    above = codes.ancestors_of(worker.division_code)
    local = (
        visible_to(actor, DutyItem)
        .filter(division_code__in=above, retired_on__isnull=True)
        .order_by("list", "pk")
    )
    items += [{"code": f"L{i.pk}", "list": i.list, "text": i.text} for i in local]
    return items


def duty_item_list(*, actor: Actor) -> list[DutyItem]:
    return list(
        visible_to(actor, DutyItem)
        .filter(retired_on__isnull=True)
        .select_related("division")
        .order_by("division_code", "list", "pk")
    )


def duty_item_get(*, actor: Actor, item_id: int) -> DutyItem:
    return get_for_actor(actor, DutyItem, pk=item_id)


# --- coverage -------------------------------------------------------------------------------------


def coverage_roots(*, actor: Actor) -> list[Division]:
    """Where an actor's coverage pages start: the divisions of their casework grants."""
    prefixes = actor.scope(Purpose.CASEWORK)
    qs = visible_to(actor, Division, purpose=Purpose.CASEWORK)
    if "" in prefixes:
        return list(qs.filter(level=codes.PROVINCE, retired_on__isnull=True).order_by("code"))
    return list(qs.filter(code__in=[codes.code_from_prefix(p) for p in prefixes]).order_by("code"))


@dataclass
class Staff:
    person_id: int
    name: str
    role: str


@dataclass
class ExplainedTally:
    tally: coverage.Tally
    explanations: dict[str, MismatchExplanation]  # kind -> the latest explanation
    current: dict[str, bool]  # kind -> the latest explanation still matches the figures
    staff: list[Staff] = field(default_factory=list)  # people in post at this very unit


@dataclass
class CoverageView:
    division: Division
    report: coverage.Coverage
    root: ExplainedTally
    children: list[ExplainedTally]
    names: dict[int, str]
    units: dict[str, coverage.Unit]
    summaries: list[ExplanationSummary] = field(default_factory=list)
    retired_names: dict[str, str] = field(default_factory=dict)

    def counted_twice_rows(self) -> list[dict[str, object]]:
        return [
            {
                "person_id": c.person_id,
                "name": self.names.get(c.person_id, ""),
                "role": c.role,
                "units": [self.units[code].name if code in self.units else code for code in c.division_codes],
            }
            for c in self.report.counted_twice
        ]

    def outside_rows(self) -> list[dict[str, object]]:
        return [
            {
                "person_id": p.person_id,
                "name": self.names.get(p.person_id, ""),
                "role": p.role,
                "code": p.division_code,
                "unit": self.retired_names.get(p.division_code, ""),
            }
            for p in self.report.posts_outside
        ]


def _units(actor: Actor, division: Division) -> list[coverage.Unit]:
    rows = (
        visible_to(actor, Division, purpose=Purpose.CASEWORK)
        .filter(COUNTED, code__startswith=division.prefix, level__gt=division.level, retired_on__isnull=True)
        .values_list("code", "name", "level", "parent_id")
    )
    return [coverage.Unit(code, name, level, parent) for code, name, level, parent in rows]


def _posts(actor: Actor, prefix: str, as_of: date) -> tuple[list[coverage.Post], dict[int, str]]:
    rows = (
        visible_to(actor, Appointment)
        .filter(_current(as_of), division_code__startswith=prefix)
        .values_list("worker_id", "role", "division_code", "appointed_on", "left_on", "worker__name")
    )
    posts, names = [], {}
    for worker_id, role, code, appointed_on, left_on, name in rows:
        posts.append(coverage.Post(worker_id, role, code, appointed_on, left_on))
        names[worker_id] = name
    return posts, names


def _explained(
    tallies: Iterable[coverage.Tally],
    latest: dict[tuple[str, str], MismatchExplanation],
    report: coverage.Coverage,
    names: dict[int, str],
) -> list[ExplainedTally]:
    out = []
    for t in tallies:
        found = {kind: e for (code, kind), e in latest.items() if code == t.code}
        staff = sorted(
            (Staff(p.person_id, names.get(p.person_id, ""), p.role) for p in report.staff.get(t.code, ())),
            key=lambda s: (s.role, s.name, s.person_id),
        )
        out.append(
            ExplainedTally(
                tally=t,
                explanations=found,
                current={k: coverage.explanation_is_current(t, k, e.figures) for k, e in found.items()},
                staff=staff,
            )
        )
    return out


def coverage_of(*, actor: Actor, division: Division, as_of: date) -> CoverageView:
    """Coverage of `division`'s area on `as_of` against the current division table, one row per
    division below it, with the latest written explanation of each mismatch (川民政厅 2020 专项行动实施方案
    四（二））."""
    root = coverage.Unit(division.code, division.name, division.level, division.parent_id)
    units = _units(actor, division)
    posts, names = _posts(actor, division.prefix, as_of)
    report = coverage.coverage(root, units, posts, as_of=as_of)
    wanted = [division.code, *(t.code for t in report.children)]
    latest: dict[tuple[str, str], MismatchExplanation] = {}
    for e in (
        visible_to(actor, MismatchExplanation)
        .filter(division_code__in=wanted)
        .select_related("filed_by", "summary")
        .order_by("-id")
    ):
        latest.setdefault((e.division_code, e.kind), e)
    summaries: list[ExplanationSummary] = []
    if division.level <= codes.CITY:
        summaries = explanation_summaries(actor=actor, prefix=division.prefix)
    retired: dict[str, str] = {}
    if report.posts_outside:
        retired = dict(
            visible_to(actor, Division, purpose=Purpose.CASEWORK)
            .filter(code__in={p.division_code for p in report.posts_outside})
            .values_list("code", "name")
        )
    return CoverageView(
        division=division,
        report=report,
        root=_explained([report.root], latest, report, names)[0],
        children=_explained(report.children, latest, report, names),
        names=names,
        units={u.code: u for u in units},
        summaries=summaries,
        retired_names=retired,
    )


def explanation_summaries(*, actor: Actor, prefix: str, limit: int = 20) -> list[ExplanationSummary]:
    """Summaries the cities of `prefix` sent to the province, with their explanations."""
    return list(
        visible_to(actor, ExplanationSummary)
        .filter(division_code__startswith=prefix)
        .select_related("division", "submitted_by")
        .prefetch_related(
            Prefetch(
                "explanations",
                queryset=visible_to(actor, MismatchExplanation)
                .select_related("division")
                .order_by("division_code"),
            )
        )
        .order_by("-submitted_at")[:limit]
    )


def pending_explanations(*, actor: Actor, prefix: str) -> int:
    return (
        visible_to(actor, MismatchExplanation)
        .filter(division_code__startswith=prefix, summary__isnull=True)
        .count()
    )


# --- roster export --------------------------------------------------------------------------------


@dataclass
class RosterLine:
    appointment: Appointment
    certificate: str
    last_trained_on: date | None


def roster_lines(
    *, actor: Actor, as_of: date, prefix: str = "", current_only: bool = False
) -> list[RosterLine]:
    """Every post in the actor's area (or under `prefix`), for the roster workbook; with
    `current_only`, the posts current on `as_of`. The caller audits the export (`roster_export_audit`)."""
    qs = visible_to(actor, Appointment).select_related("worker", "division")
    if prefix:
        qs = qs.filter(division_code__startswith=prefix)
    if current_only:
        qs = qs.filter(_current(as_of))
    appointments = list(qs.order_by("division_code", "role", "worker__name", "appointed_on", "pk"))
    worker_ids = {a.worker_id for a in appointments}
    certs: dict[tuple[int, str], str] = {}
    for worker_id, role, number in (
        visible_to(actor, Certificate)
        .filter(worker_id__in=worker_ids)
        .values_list("worker_id", "role", "number")
    ):
        certs[(worker_id, role)] = number
    trained: dict[int, date] = {}
    for worker_id, held_on in (
        visible_to(actor, TrainingAttendance)
        .filter(worker_id__in=worker_ids)
        .values_list("worker_id")
        .annotate(last=Max("event__held_on"))
    ):
        trained[worker_id] = held_on
    return [
        RosterLine(
            appointment=a,
            certificate=certs.get((a.worker_id, a.role), ""),
            last_trained_on=trained.get(a.worker_id),
        )
        for a in appointments
    ]


def roster_export_audit(*, actor: Actor, prefix: str, rows: int) -> None:
    audit_record(
        actor=actor,
        action=Action.EXPORTED,
        division_code=codes.code_from_prefix(prefix) if prefix else actor.home_code,
        subject_type="workforce_roster",
        subject_label="儿童督导员和儿童主任名册",
        detail={"rows": rows, "prefix": prefix},
    )

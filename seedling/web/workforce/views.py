"""Workforce pages: parse input, call one selector or service, render. Every view is @scoped."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from seedling.access import Actor, Purpose, capabilities, is_within, visibility
from seedling.access.capabilities import Capability
from seedling.access.decorators import ActorRequest, scoped
from seedling.core import clock, identity
from seedling.core import division_codes as codes
from seedling.core.errors import ValidationFailed
from seedling.regions import selectors as region_selectors
from seedling.web.forms import submit
from seedling.web.pages import start
from seedling.web.workforce.forms import (
    AppointmentEndForm,
    AppointmentForm,
    AttendanceForm,
    CertificateForm,
    DutyItemForm,
    EvaluationForm,
    ExplanationForm,
    ForwardForm,
    LinkUserForm,
    RosterImportForm,
    TrainingForm,
    WorkerCreateForm,
    WorkerEditForm,
    WorkerFilterForm,
)
from seedling.workforce import roster_excel, selectors, services
from seedling.workforce.duties import DEFAULT_DUTIES
from seedling.workforce.enums import MismatchKind, TrainingKind, WorkerRole
from seedling.workforce.models import TrainingEvent, Worker

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _may_register(actor: Actor, code: str | None = None) -> bool:
    """May the actor keep the roster at `code` (anywhere in their area when no code is given)?"""
    return capabilities.may(actor, Capability.WORKFORCE_REGISTER, code)


def _to_worker(worker: Worker) -> HttpResponse:
    return redirect("workforce:worker_detail", worker_id=worker.pk)


# --- roster ---------------------------------------------------------------------------------------


@scoped(may=Capability.WORKFORCE_READ)
@require_GET
def worker_list(request: ActorRequest) -> HttpResponse:
    form = WorkerFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    rows = selectors.worker_list(
        actor=request.actor,
        as_of=clock.today(),
        role=data.get("role", ""),
        query=data.get("q", ""),
        current_only=not data.get("everyone", False),
    )
    return render(
        request,
        "workforce/worker_list.html",
        {"form": form, "rows": rows, "may_register": _may_register(request.actor), "limit": 200},
    )


@scoped(may=Capability.WORKFORCE_REGISTER)
@require_http_methods(["GET", "POST"])
def worker_create(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    form = WorkerCreateForm(request.POST or None, actor=actor)
    create = partial(services.worker_create, actor=actor)
    done = submit(
        request, form, create, saved=lambda w: _("%(name)s registered.") % {"name": w.name}, then=_to_worker
    )
    return done or render(
        request, "workforce/form.html", {"form": form, "title": _("Register a supervisor or director")}
    )


@scoped(may=Capability.WORKFORCE_READ)
@require_GET
def worker_detail(request: ActorRequest, worker_id: int) -> HttpResponse:
    actor = request.actor
    file = selectors.worker_file(actor=actor, worker_id=worker_id, as_of=clock.today())
    may_register = _may_register(actor, file.worker.division_code)
    may_evaluate = capabilities.may(actor, Capability.WORKFORCE_EVALUATE, file.worker.division_code) and any(
        a.role == WorkerRole.DIRECTOR for a in file.appointments
    )
    return render(
        request,
        "workforce/worker_detail.html",
        {
            "file": file,
            "w": file.worker,
            "may_register": may_register,
            "may_evaluate": may_evaluate,
            "appointment_form": AppointmentForm(actor=actor) if may_register else None,
            "end_form": AppointmentEndForm(initial={"left_on": clock.today()}) if may_register else None,
            "link_form": LinkUserForm(
                initial={"username": file.worker.user.username if file.worker.user else ""}
            )
            if may_register
            else None,
        },
    )


@scoped(may=Capability.WORKFORCE_REGISTER)
@require_POST
def appointment_add(request: ActorRequest, worker_id: int) -> HttpResponse:
    worker = selectors.worker_get(actor=request.actor, worker_id=worker_id)
    form = AppointmentForm(request.POST, actor=request.actor)
    submit(
        request,
        form,
        partial(services.appointment_add, actor=form.actor, worker=worker),
        saved=_("Post added."),
    )
    return _to_worker(worker)


@scoped(may=Capability.WORKFORCE_REGISTER)
@require_POST
def appointment_end(request: ActorRequest, appointment_id: int) -> HttpResponse:
    actor = request.actor
    appointment = selectors.appointment_get(actor=actor, appointment_id=appointment_id)
    end = partial(services.appointment_end, actor=actor, appointment=appointment)
    submit(
        request,
        AppointmentEndForm(request.POST),
        end,
        saved=_("Post ended."),
        invalid=_("Enter the leaving date."),
    )
    if is_within(actor, appointment.worker.division_code, purpose=Purpose.CASEWORK):
        return redirect("workforce:worker_detail", worker_id=appointment.worker_id)
    return redirect("workforce:worker_list")


@scoped(may=Capability.WORKFORCE_REGISTER)
@require_POST
def worker_link(request: ActorRequest, worker_id: int) -> HttpResponse:
    worker = selectors.worker_get(actor=request.actor, worker_id=worker_id)
    submit(
        request,
        LinkUserForm(request.POST),
        partial(services.worker_link_user, actor=request.actor, worker=worker),
        saved=_("Saved."),
    )
    return _to_worker(worker)


@scoped(may=Capability.WORKFORCE_REGISTER)
@require_http_methods(["GET", "POST"])
def worker_edit(request: ActorRequest, worker_id: int) -> HttpResponse:
    # The form shows the worker's values (as the editor may see them): a read of the file.
    worker = selectors.worker_get(actor=request.actor, worker_id=worker_id, read=request.method == "GET")
    view = visibility.project(request.actor, worker, visibility.Output.FILE)
    form = WorkerEditForm(
        request.POST or None, initial={"name": view.name, "phone": view.phone, "note": view.note}
    )
    update = partial(services.worker_update, actor=request.actor, worker=worker)
    done = submit(request, form, update, saved=_("Saved."), then=_to_worker)
    return done or render(request, "workforce/form.html", {"form": form, "title": worker.name})


# --- training -------------------------------------------------------------------------------------


def _to_training(event: TrainingEvent) -> HttpResponse:
    return redirect("workforce:training_detail", event_id=event.pk)


@scoped(may=Capability.WORKFORCE_READ)
@require_GET
def training_list(request: ActorRequest) -> HttpResponse:
    events = selectors.training_list(actor=request.actor)
    may_register = _may_register(request.actor)
    return render(request, "workforce/training_list.html", {"events": events, "may_register": may_register})


@scoped(may=Capability.WORKFORCE_REGISTER)
@require_http_methods(["GET", "POST"])
def training_create(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    form = TrainingForm(request.POST or None, actor=actor, initial={"division_code": actor.home_code})
    create = partial(services.training_create, actor=actor)
    done = submit(request, form, create, saved=_("Training recorded."), then=_to_training)
    return done or render(request, "workforce/form.html", {"form": form, "title": _("Record a training")})


@scoped(may=Capability.WORKFORCE_READ)
@require_http_methods(["GET", "POST"])
def training_detail(request: ActorRequest, event_id: int) -> HttpResponse:
    actor = request.actor
    event = selectors.training_get(actor=actor, event_id=event_id)
    may_register = _may_register(actor, event.division_code)
    form = AttendanceForm(request.POST or None)
    if request.method == "POST" and not may_register:
        return HttpResponse(status=403)

    def attend(id_number: str, passed: bool | None) -> Worker:
        worker = selectors.worker_by_id_number(actor=actor, id_number=identity.normalize(id_number))
        if worker is None:
            raise ValidationFailed(
                _("No supervisor or director with this ID number in your area."), field="id_number"
            )
        services.attendance_record(actor=actor, event=event, worker=worker, passed=passed)
        return worker

    done = submit(
        request,
        form,
        attend,
        saved=lambda worker: _("Attendance recorded: %(name)s.") % {"name": worker.name},
        then=lambda _worker: _to_training(event),
    )
    if done:
        return done
    return render(
        request,
        "workforce/training_detail.html",
        {
            "event": event,
            "attendees": selectors.training_attendees(actor=actor, event=event),
            "form": form if may_register else None,
            "certificate_form": CertificateForm(initial={"issued_on": clock.today()}),
            "initial": event.kind == TrainingKind.INITIAL,
        },
    )


@scoped(may=Capability.WORKFORCE_REGISTER)
@require_POST
def certificate_issue(request: ActorRequest, attendance_id: int) -> HttpResponse:
    attendance = selectors.attendance_get(actor=request.actor, attendance_id=attendance_id)
    issue = partial(services.certificate_issue, actor=request.actor, attendance=attendance)
    form = CertificateForm(request.POST)
    submit(
        request,
        form,
        issue,
        saved=_("Certificate issued."),
        invalid=_("Enter the certificate number and date."),
    )
    return _to_training(attendance.event)


@scoped(may=Capability.WORKFORCE_READ)
@require_GET
def training_overdue(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    rows = selectors.training_overdue(actor=actor, as_of=clock.today())
    return render(request, "workforce/training_overdue.html", {"rows": rows})


# --- director evaluation --------------------------------------------------------------------------


@scoped(may=Capability.WORKFORCE_EVALUATE)
@require_http_methods(["GET", "POST"])
def evaluation_create(request: ActorRequest, worker_id: int) -> HttpResponse:
    actor = request.actor
    worker = selectors.worker_get(actor=actor, worker_id=worker_id)
    items = selectors.duty_items_for(actor=actor, worker=worker)
    today = clock.today()
    form = EvaluationForm(
        request.POST or None,
        items=items,
        initial={"period_start": today.replace(month=1, day=1), "period_end": today, "evaluated_on": today},
    )

    evaluate = partial(services.evaluation_record, actor=actor, worker=worker, items=items)
    done = submit(
        request, form, evaluate, saved=_("Evaluation recorded."), then=lambda _saved: _to_worker(worker)
    )
    if done:
        return done
    return render(request, "workforce/evaluation_form.html", {"form": form, "w": worker})


@scoped(may=Capability.WORKFORCE_READ)
@require_http_methods(["GET", "POST"])
def duty_lists(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    may_edit = capabilities.may(actor, Capability.WORKFORCE_EVALUATE)
    # A supervisor's duty items belong to her township: the form starts there.
    township = next(
        (
            c
            for c in capabilities.divisions(actor, Capability.WORKFORCE_EVALUATE)
            if codes.level_of(c) == codes.TOWNSHIP
        ),
        "",
    )
    form = DutyItemForm(request.POST or None, actor=actor, initial={"division_code": township})
    if request.method == "POST" and not may_edit:
        return HttpResponse(status=403)
    add = partial(services.duty_item_add, actor=actor)
    done = submit(
        request, form, add, saved=_("Item added."), then=lambda _item: redirect("workforce:duty_lists")
    )
    if done:
        return done
    return render(
        request,
        "workforce/duty_lists.html",
        {
            "defaults": DEFAULT_DUTIES,
            "items": selectors.duty_item_list(actor=actor),
            "form": form if may_edit else None,
        },
    )


@scoped(may=Capability.WORKFORCE_EVALUATE)
@require_POST
def duty_item_retire(request: ActorRequest, item_id: int) -> HttpResponse:
    item = selectors.duty_item_get(actor=request.actor, item_id=item_id)
    submit(request, None, partial(services.duty_item_retire, actor=request.actor, item=item))
    return redirect("workforce:duty_lists")


# --- coverage -------------------------------------------------------------------------------------


@scoped(may=Capability.WORKFORCE_READ)
@require_GET
def coverage_start(request: ActorRequest) -> HttpResponse:
    return start(request, selectors.coverage_roots, "workforce:coverage", "workforce/coverage_roots.html")


@scoped(may=Capability.WORKFORCE_READ)
@require_http_methods(["GET", "POST"])
def coverage(request: ActorRequest, code: str) -> HttpResponse:
    actor = request.actor
    division = selectors.division_for(actor=actor, code=code)
    as_of = clock.today()
    may_explain = capabilities.may(actor, Capability.COVERAGE_EXPLAIN, division.code) and division.level in (
        codes.COUNTY,
        codes.CITY,
    )
    form = ExplanationForm(request.POST or None)
    if request.method == "POST" and not may_explain:
        return HttpResponse(status=403)
    explain = partial(services.explanation_file, actor=actor, division=division, as_of=as_of)
    back = redirect("workforce:coverage", code=division.code)
    done = submit(request, form, explain, saved=_("Explanation filed."), then=lambda _filed: back)
    if done:
        return done
    view = selectors.coverage_of(actor=actor, division=division, as_of=as_of)
    may_forward = (
        capabilities.may(actor, Capability.COVERAGE_FORWARD, division.code) and division.level == codes.CITY
    )
    context: dict[str, Any] = {
        "view": view,
        "division": division,
        "root": view.root,
        "report": view.report,
        "crumbs": region_selectors.division_breadcrumbs(actor=actor, division=division),
        "form": form if may_explain else None,
        "kinds": MismatchKind.choices,
        "forward_form": ForwardForm() if may_forward else None,
        "pending": selectors.pending_explanations(actor=actor, prefix=division.prefix) if may_forward else 0,
        "is_township": division.level == codes.TOWNSHIP,
        "visible_workers": _visible_worker_ids(actor, view),
        "list_limit": 100,
    }
    return render(request, "workforce/coverage.html", context)


def _visible_worker_ids(actor: Actor, view: selectors.CoverageView) -> set[int]:
    # Posts of people whose file lives elsewhere are listed by name; only files in the area are links.
    ids = {p.person_id for posts in view.report.staff.values() for p in posts}
    return set(
        selectors.worker_queryset(actor=actor, as_of=view.report.as_of, current_only=False)
        .filter(pk__in=ids)
        .values_list("pk", flat=True)
    )


@scoped(may=Capability.COVERAGE_FORWARD)
@require_POST
def coverage_forward(request: ActorRequest, code: str) -> HttpResponse:
    division = selectors.division_for(actor=request.actor, code=code)
    forward = partial(services.explanations_forward, actor=request.actor, city=division)
    submit(
        request,
        ForwardForm(request.POST),
        forward,
        saved=lambda sent: _("%(n)s explanations sent to the province.") % {"n": sent.explanations.count()},
    )
    return redirect("workforce:coverage", code=division.code)


# --- roster workbook ------------------------------------------------------------------------------


@scoped(may=Capability.WORKFORCE_REGISTER)
@require_GET
def roster_export(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    prefix = request.GET.get("prefix", "").strip()
    if prefix and not (prefix.isdigit() and is_within(actor, prefix, purpose=Purpose.CASEWORK)):
        prefix = ""
    data = roster_excel.roster_export(
        actor=actor, as_of=clock.today(), prefix=prefix, current_only=request.GET.get("current") == "1"
    )
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="roster-{clock.today():%Y%m%d}.xlsx"'
    return response


@scoped(may=Capability.WORKFORCE_REGISTER)
@require_GET
def roster_template(request: ActorRequest) -> HttpResponse:
    response = HttpResponse(roster_excel.roster_template(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="roster-template.xlsx"'
    return response


@scoped(may=Capability.WORKFORCE_REGISTER)
@require_http_methods(["GET", "POST"])
def roster_import(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    form = RosterImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        report = roster_excel.roster_import(
            actor=actor, source=upload.read(), as_of=clock.today(), dry_run=form.cleaned_data["dry_run"]
        )
        if report.written:
            messages.success(request, _("Roster imported."))
    return render(request, "workforce/roster_import.html", {"form": form, "report": report})

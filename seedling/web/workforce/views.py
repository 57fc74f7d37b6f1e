"""Workforce pages: parse input, call one selector or service, render. Every view is @scoped."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from seedling.access import Actor, Purpose, is_within
from seedling.access.decorators import scoped
from seedling.accounts.enums import CASEWORK_ROLES
from seedling.core import clock, identity
from seedling.core.errors import SeedlingError
from seedling.regions import codes
from seedling.regions import selectors as region_selectors
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
from seedling.workforce import permissions, roster_excel, selectors, services
from seedling.workforce.duties import DEFAULT_DUTIES
from seedling.workforce.enums import MismatchKind, TrainingKind, WorkerRole

READERS = CASEWORK_ROLES
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _actor(request: HttpRequest) -> Actor:
    return request.actor  # type: ignore[attr-defined]


def _fail(form: Form, exc: SeedlingError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, str(exc))


def _may_register(actor: Actor, code: str | None = None) -> bool:
    """May the actor keep the roster at `code` (anywhere in their area when no code is given)?"""
    if code is None:
        return any(g.role in permissions.REGISTRARS for g in actor.grants)
    return permissions.holds(actor, permissions.REGISTRARS, code)


# --- roster ---------------------------------------------------------------------------------------


@scoped(roles=READERS)
@require_GET
def worker_list(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    form = WorkerFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    rows = selectors.worker_list(
        actor=actor,
        as_of=clock.today(),
        role=data.get("role", ""),
        query=data.get("q", ""),
        current_only=not data.get("everyone", False),
    )
    return render(
        request,
        "workforce/worker_list.html",
        {"form": form, "rows": rows, "may_register": _may_register(actor), "limit": 200},
    )


@scoped(roles=permissions.REGISTRARS)
@require_http_methods(["GET", "POST"])
def worker_create(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    form = WorkerCreateForm(request.POST or None, actor=actor)
    if request.method == "POST" and form.is_valid() and form.division is not None:
        d = form.cleaned_data
        try:
            worker = services.worker_create(
                actor=actor,
                name=d["name"],
                id_number=d["id_number"],
                phone=d["phone"],
                role=d["role"],
                division=form.division,
                post=d["post"],
                employment=d["employment"],
                appointed_on=d["appointed_on"],
                note=d["note"],
            )
        except SeedlingError as exc:
            _fail(form, exc)
        else:
            messages.success(request, _("%(name)s registered.") % {"name": worker.name})
            return redirect("workforce:worker_detail", worker_id=worker.pk)
    return render(
        request, "workforce/form.html", {"form": form, "title": _("Register a supervisor or director")}
    )


@scoped(roles=READERS)
@require_GET
def worker_detail(request: HttpRequest, worker_id: int) -> HttpResponse:
    actor = _actor(request)
    file = selectors.worker_file(actor=actor, worker_id=worker_id, as_of=clock.today())
    may_register = _may_register(actor, file.worker.division_code)
    may_evaluate = permissions.holds(actor, permissions.EVALUATORS, file.worker.division_code) and any(
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


@scoped(roles=permissions.REGISTRARS)
@require_http_methods(["GET", "POST"])
def worker_edit(request: HttpRequest, worker_id: int) -> HttpResponse:
    actor = _actor(request)
    worker = selectors.worker_get(actor=actor, worker_id=worker_id)
    form = WorkerEditForm(
        request.POST or None, initial={"name": worker.name, "phone": worker.phone, "note": worker.note}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.worker_update(actor=actor, worker=worker, **form.cleaned_data)
        except SeedlingError as exc:
            _fail(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("workforce:worker_detail", worker_id=worker.pk)
    return render(request, "workforce/form.html", {"form": form, "title": worker.name})


@scoped(roles=permissions.REGISTRARS)
@require_POST
def appointment_add(request: HttpRequest, worker_id: int) -> HttpResponse:
    actor = _actor(request)
    worker = selectors.worker_get(actor=actor, worker_id=worker_id)
    form = AppointmentForm(request.POST, actor=actor)
    if form.is_valid() and form.division is not None:
        d = form.cleaned_data
        try:
            services.appointment_add(
                actor=actor,
                worker=worker,
                role=d["role"],
                division=form.division,
                post=d["post"],
                employment=d["employment"],
                appointed_on=d["appointed_on"],
            )
        except SeedlingError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Post added."))
    else:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect("workforce:worker_detail", worker_id=worker_id)


@scoped(roles=permissions.REGISTRARS)
@require_POST
def appointment_end(request: HttpRequest, appointment_id: int) -> HttpResponse:
    actor = _actor(request)
    appointment = selectors.appointment_get(actor=actor, appointment_id=appointment_id)
    form = AppointmentEndForm(request.POST)
    if form.is_valid():
        try:
            services.appointment_end(
                actor=actor,
                appointment=appointment,
                left_on=form.cleaned_data["left_on"],
                reason=form.cleaned_data["reason"],
            )
        except SeedlingError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Post ended."))
    else:
        messages.error(request, _("Enter the leaving date."))
    if is_within(actor, appointment.worker.division_code, purpose=Purpose.CASEWORK):
        return redirect("workforce:worker_detail", worker_id=appointment.worker_id)
    return redirect("workforce:worker_list")


@scoped(roles=permissions.REGISTRARS)
@require_POST
def worker_link(request: HttpRequest, worker_id: int) -> HttpResponse:
    actor = _actor(request)
    worker = selectors.worker_get(actor=actor, worker_id=worker_id)
    form = LinkUserForm(request.POST)
    if form.is_valid():
        try:
            services.worker_link_user(actor=actor, worker=worker, username=form.cleaned_data["username"])
        except SeedlingError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Saved."))
    return redirect("workforce:worker_detail", worker_id=worker_id)


# --- training -------------------------------------------------------------------------------------


@scoped(roles=READERS)
@require_GET
def training_list(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    return render(
        request,
        "workforce/training_list.html",
        {"events": selectors.training_list(actor=actor), "may_register": _may_register(actor)},
    )


@scoped(roles=permissions.REGISTRARS)
@require_http_methods(["GET", "POST"])
def training_create(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    form = TrainingForm(request.POST or None, actor=actor, initial={"division_code": actor.home_code})
    if request.method == "POST" and form.is_valid() and form.division is not None:
        d = form.cleaned_data
        try:
            event = services.training_create(
                actor=actor,
                title=d["title"],
                kind=d["kind"],
                held_on=d["held_on"],
                hours=d["hours"],
                content=d["content"],
                division=form.division,
            )
        except SeedlingError as exc:
            _fail(form, exc)
        else:
            messages.success(request, _("Training recorded."))
            return redirect("workforce:training_detail", event_id=event.pk)
    return render(request, "workforce/form.html", {"form": form, "title": _("Record a training")})


@scoped(roles=READERS)
@require_http_methods(["GET", "POST"])
def training_detail(request: HttpRequest, event_id: int) -> HttpResponse:
    actor = _actor(request)
    event = selectors.training_get(actor=actor, event_id=event_id)
    may_register = _may_register(actor, event.division_code)
    form = AttendanceForm(request.POST or None)
    if request.method == "POST":
        if not may_register:
            return HttpResponse(status=403)
        if form.is_valid():
            number = identity.normalize(form.cleaned_data["id_number"])
            worker = selectors.worker_by_id_number(actor=actor, id_number=number)
            if worker is None:
                form.add_error("id_number", _("No supervisor or director with this ID number in your area."))
            else:
                try:
                    services.attendance_record(
                        actor=actor, event=event, worker=worker, passed=form.passed_value()
                    )
                except SeedlingError as exc:
                    _fail(form, exc)
                else:
                    messages.success(request, _("Attendance recorded: %(name)s.") % {"name": worker.name})
                    return redirect("workforce:training_detail", event_id=event.pk)
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


@scoped(roles=permissions.REGISTRARS)
@require_POST
def certificate_issue(request: HttpRequest, attendance_id: int) -> HttpResponse:
    actor = _actor(request)
    attendance = selectors.attendance_get(actor=actor, attendance_id=attendance_id)
    form = CertificateForm(request.POST)
    if form.is_valid():
        try:
            services.certificate_issue(
                actor=actor,
                attendance=attendance,
                number=form.cleaned_data["number"],
                issued_on=form.cleaned_data["issued_on"],
            )
        except SeedlingError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Certificate issued."))
    else:
        messages.error(request, _("Enter the certificate number and date."))
    return redirect("workforce:training_detail", event_id=attendance.event_id)


@scoped(roles=READERS)
@require_GET
def training_overdue(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    rows = selectors.training_overdue(actor=actor, as_of=clock.today())
    return render(request, "workforce/training_overdue.html", {"rows": rows})


# --- director evaluation --------------------------------------------------------------------------


@scoped(roles=permissions.EVALUATORS)
@require_http_methods(["GET", "POST"])
def evaluation_create(request: HttpRequest, worker_id: int) -> HttpResponse:
    actor = _actor(request)
    worker = selectors.worker_get(actor=actor, worker_id=worker_id)
    items = selectors.duty_items_for(actor=actor, worker=worker)
    today = clock.today()
    form = EvaluationForm(
        request.POST or None,
        items=items,
        initial={"period_start": today.replace(month=1, day=1), "period_end": today, "evaluated_on": today},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        scores = {
            i["code"]: services.ItemScore(d[f"item_{i['code']}"], d[f"note_{i['code']}"]) for i in items
        }
        try:
            services.evaluation_record(
                actor=actor,
                worker=worker,
                items=items,
                scores=scores,
                period_start=d["period_start"],
                period_end=d["period_end"],
                evaluated_on=d["evaluated_on"],
                grade=d["grade"],
                comment=d["comment"],
            )
        except SeedlingError as exc:
            _fail(form, exc)
        else:
            messages.success(request, _("Evaluation recorded."))
            return redirect("workforce:worker_detail", worker_id=worker.pk)
    return render(request, "workforce/evaluation_form.html", {"form": form, "w": worker})


@scoped(roles=READERS)
@require_http_methods(["GET", "POST"])
def duty_lists(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    may_edit = any(g.role in permissions.EVALUATORS for g in actor.grants)
    township = next(
        (g.division_code for g in actor.grants if g.role in permissions.EVALUATORS and len(g.prefix) == 9), ""
    )
    form = DutyItemForm(request.POST or None, actor=actor, initial={"division_code": township})
    if request.method == "POST":
        if not may_edit:
            return HttpResponse(status=403)
        if form.is_valid() and form.division is not None:
            try:
                services.duty_item_add(
                    actor=actor,
                    duty_list=form.cleaned_data["duty_list"],
                    text=form.cleaned_data["text"],
                    division=form.division,
                )
            except SeedlingError as exc:
                _fail(form, exc)
            else:
                messages.success(request, _("Item added."))
                return redirect("workforce:duty_lists")
    return render(
        request,
        "workforce/duty_lists.html",
        {
            "defaults": DEFAULT_DUTIES,
            "items": selectors.duty_item_list(actor=actor),
            "form": form if may_edit else None,
        },
    )


@scoped(roles=permissions.EVALUATORS)
@require_POST
def duty_item_retire(request: HttpRequest, item_id: int) -> HttpResponse:
    actor = _actor(request)
    item = selectors.duty_item_get(actor=actor, item_id=item_id)
    try:
        services.duty_item_retire(actor=actor, item=item)
    except SeedlingError as exc:
        messages.error(request, str(exc))
    return redirect("workforce:duty_lists")


# --- coverage -------------------------------------------------------------------------------------


@scoped(roles=READERS)
@require_GET
def coverage_start(request: HttpRequest) -> HttpResponse:
    roots = selectors.coverage_roots(actor=_actor(request))
    if len(roots) == 1:
        return redirect("workforce:coverage", code=roots[0].code)
    return render(request, "workforce/coverage_roots.html", {"roots": roots})


@scoped(roles=READERS)
@require_http_methods(["GET", "POST"])
def coverage(request: HttpRequest, code: str) -> HttpResponse:
    actor = _actor(request)
    division = selectors.division_for(actor=actor, code=code)
    as_of = clock.today()
    may_explain = permissions.holds(actor, permissions.EXPLAINERS, division.code) and division.level in (
        codes.COUNTY,
        codes.CITY,
    )
    form = ExplanationForm(request.POST or None)
    if request.method == "POST":
        if not may_explain:
            return HttpResponse(status=403)
        if form.is_valid():
            try:
                services.explanation_file(
                    actor=actor,
                    division=division,
                    kind=form.cleaned_data["kind"],
                    text=form.cleaned_data["text"],
                    as_of=as_of,
                )
            except SeedlingError as exc:
                _fail(form, exc)
            else:
                messages.success(request, _("Explanation filed."))
                return redirect("workforce:coverage", code=division.code)
    view = selectors.coverage_of(actor=actor, division=division, as_of=as_of)
    may_forward = (
        permissions.holds(actor, permissions.FORWARDERS, division.code) and division.level == codes.CITY
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


@scoped(roles=permissions.FORWARDERS)
@require_POST
def coverage_forward(request: HttpRequest, code: str) -> HttpResponse:
    actor = _actor(request)
    division = selectors.division_for(actor=actor, code=code)
    form = ForwardForm(request.POST)
    if form.is_valid():
        try:
            summary = services.explanations_forward(
                actor=actor, city=division, note=form.cleaned_data["note"]
            )
        except SeedlingError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request, _("%(n)s explanations sent to the province.") % {"n": summary.explanations.count()}
            )
    return redirect("workforce:coverage", code=division.code)


# --- roster workbook ------------------------------------------------------------------------------


@scoped(roles=permissions.REGISTRARS)
@require_GET
def roster_export(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    prefix = request.GET.get("prefix", "").strip()
    if prefix and not (prefix.isdigit() and is_within(actor, prefix, purpose=Purpose.CASEWORK)):
        prefix = ""
    data = roster_excel.roster_export(
        actor=actor, as_of=clock.today(), prefix=prefix, current_only=request.GET.get("current") == "1"
    )
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="roster-{clock.today():%Y%m%d}.xlsx"'
    return response


@scoped(roles=permissions.REGISTRARS)
@require_GET
def roster_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(roster_excel.roster_template(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="roster-template.xlsx"'
    return response


@scoped(roles=permissions.REGISTRARS)
@require_http_methods(["GET", "POST"])
def roster_import(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
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

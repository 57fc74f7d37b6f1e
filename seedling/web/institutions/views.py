"""Institutions pages: parse input, call one selector or service, render. Every view is @scoped."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from seedling.access import Actor, capabilities
from seedling.access.capabilities import Capability
from seedling.access.decorators import ActorRequest, scoped
from seedling.core import clock
from seedling.core import division_codes as codes
from seedling.core.errors import SeedlingError, ValidationFailed
from seedling.institutions import child_count_import, selectors, services
from seedling.institutions.enums import PLATFORMS, InstitutionKind
from seedling.institutions.models import Institution, VillageChildCount
from seedling.regions import selectors as region_selectors
from seedling.web.forms import submit
from seedling.web.institutions.forms import (
    ActivityForm,
    ChecklistForm,
    ChildCountForm,
    ChildCountImportForm,
    CloseForm,
    CoverForm,
    InstitutionFilterForm,
    InstitutionForm,
)
from seedling.web.pages import start
from seedling.workforce import selectors as workforce_selectors
from seedling.workforce.selectors import coverage_roots


@scoped(may=Capability.INSTITUTION_READ)
@require_GET
def institution_list(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    form = InstitutionFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    items = selectors.institution_list(actor=actor, kind=data.get("kind", ""), query=data.get("q", ""))
    may_register = capabilities.may(actor, Capability.INSTITUTION_REGISTER)
    return render(
        request, "institutions/list.html", {"form": form, "items": items, "may_register": may_register}
    )


@scoped(may=Capability.INSTITUTION_REGISTER)
@require_http_methods(["GET", "POST"])
def institution_create(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    kind = request.GET.get("kind", InstitutionKind.CHILDRENS_HOME)
    form = InstitutionForm(request.POST or None, actor=actor, initial={"kind": kind})
    done = submit(
        request,
        form,
        partial(services.institution_create, actor=actor),
        saved=lambda item: _("%(name)s registered.") % {"name": item.name},
        then=_to_detail,
    )
    return done or render(
        request, "workforce/form.html", {"form": form, "title": _("Register an institution")}
    )


def _to_detail(item: Institution) -> HttpResponse:
    return redirect("institutions:institution_detail", institution_id=item.pk)


def _managers(actor: Actor, item: Institution) -> list[tuple[int, str]]:
    rows = workforce_selectors.worker_list(
        actor=actor, as_of=clock.today(), prefix=item.division_code, limit=50
    )
    return [(r.worker.pk, r.worker.name) for r in rows]


@scoped(may=Capability.INSTITUTION_READ)
@require_http_methods(["GET", "POST"])
def institution_detail(request: ActorRequest, institution_id: int) -> HttpResponse:
    actor = request.actor
    today = clock.today()
    item = selectors.institution_get(actor=actor, institution_id=institution_id)
    platform = item.kind in PLATFORMS
    may_register = capabilities.may(actor, Capability.INSTITUTION_REGISTER, item.division_code)
    may_log = platform and capabilities.may(actor, Capability.HOME_LOG, item.division_code)
    managers = _managers(actor, item) if may_log else []
    checklist = ChecklistForm(
        managers=managers,
        initial={
            "has_premises": item.has_premises,
            "has_equipment": item.has_equipment,
            "has_rules": item.has_rules,
            "manager": str(item.manager_id or ""),
            "manager_name": "" if item.manager_id else item.manager_name,
            "open_hours": item.open_hours,
        },
    )
    activity = ActivityForm(initial={"held_on": today})
    cover = CoverForm()
    if request.method == "POST":
        op = request.POST.get("op")
        if (op in {"checklist", "activity"} and not may_log) or (op == "cover" and not may_register):
            return HttpResponse(status=403)
        try:
            if op == "checklist":
                checklist = ChecklistForm(request.POST, managers=managers)
                if checklist.is_valid():
                    d = checklist.cleaned_data
                    manager = (
                        workforce_selectors.worker_get(actor=actor, worker_id=int(d["manager"]))
                        if d["manager"]
                        else None
                    )
                    services.home_checklist_update(
                        actor=actor,
                        home=item,
                        has_premises=d["has_premises"],
                        has_equipment=d["has_equipment"],
                        has_rules=d["has_rules"],
                        manager=manager,
                        manager_name=d["manager_name"],
                        open_hours=d["open_hours"],
                    )
                    messages.success(request, _("Saved."))
                    return _to_detail(item)
            elif op == "activity":
                activity = ActivityForm(request.POST)
                if activity.is_valid():
                    services.activity_record(actor=actor, home=item, **activity.cleaned_data)
                    messages.success(request, _("Activity logged."))
                    return _to_detail(item)
            elif op == "cover":
                cover = CoverForm(request.POST)
                if cover.is_valid():
                    villages = []
                    for code in cover.codes():
                        if not codes.is_code(code):
                            raise ValidationFailed(
                                _("A division code has 12 digits."), code="institution.cover_code"
                            )
                        try:
                            villages.append(workforce_selectors.division_for(actor=actor, code=code))
                        except Http404 as exc:
                            raise ValidationFailed(
                                _("No such division in your area."), code="institution.cover_outside"
                            ) from exc
                    added = services.home_cover(actor=actor, home=item, villages=villages)
                    messages.success(request, _("%(n)s villages added.") % {"n": added})
                    return _to_detail(item)
            else:
                return HttpResponse(status=400)
        except SeedlingError as exc:
            messages.error(request, str(exc))
    file = selectors.institution_file(actor=actor, institution_id=item.pk, as_of=today)
    return render(
        request,
        "institutions/detail.html",
        {
            "file": file,
            "item": file.institution,
            "platform": platform,
            "may_register": may_register,
            "may_log": may_log,
            "checklist": checklist,
            "activity_form": activity,
            "cover_form": cover if may_register and item.kind == InstitutionKind.CHILDRENS_HOME else None,
            "close_form": CloseForm(initial={"closed_on": today})
            if may_register and not item.closed_on
            else None,
        },
    )


@scoped(may=Capability.INSTITUTION_REGISTER)
@require_http_methods(["GET", "POST"])
def institution_edit(request: ActorRequest, institution_id: int) -> HttpResponse:
    actor = request.actor
    item = selectors.institution_get(actor=actor, institution_id=institution_id)
    initial = {f: getattr(item, f) for f in InstitutionForm.base_fields if hasattr(item, f)}
    form = InstitutionForm(request.POST or None, actor=actor, editing=True, initial=initial)
    update = partial(services.institution_update, actor=actor, institution=item)
    done = submit(request, form, update, saved=_("Saved."), then=_to_detail)
    return done or render(request, "workforce/form.html", {"form": form, "title": item.name})


@scoped(may=Capability.INSTITUTION_REGISTER)
@require_POST
def institution_close(request: ActorRequest, institution_id: int) -> HttpResponse:
    item = selectors.institution_get(actor=request.actor, institution_id=institution_id)
    close = partial(services.institution_close, actor=request.actor, institution=item)
    submit(request, CloseForm(request.POST), close, saved=_("Closed."))
    return _to_detail(item)


@scoped(may=Capability.INSTITUTION_REGISTER)
@require_POST
def home_uncover(request: ActorRequest, row_id: int) -> HttpResponse:
    row = selectors.coverage_row_get(actor=request.actor, row_id=row_id)
    submit(request, None, partial(services.home_uncover, actor=request.actor, row=row))
    return redirect("institutions:institution_detail", institution_id=row.home_id)


@scoped(may=Capability.INSTITUTION_READ)
@require_GET
def coverage_start(request: ActorRequest) -> HttpResponse:
    return start(request, coverage_roots, "institutions:coverage", "institutions/coverage_roots.html")


@scoped(may=Capability.INSTITUTION_READ)
@require_GET
def coverage(request: ActorRequest, code: str) -> HttpResponse:
    actor = request.actor
    division = workforce_selectors.division_for(actor=actor, code=code)
    view = selectors.home_coverage_of(actor=actor, division=division, as_of=clock.today())
    return render(
        request,
        "institutions/coverage.html",
        {
            "view": view,
            "division": division,
            "report": view.report,
            "crumbs": region_selectors.division_breadcrumbs(actor=actor, division=division),
            "show_villages": division.level >= codes.TOWNSHIP,
        },
    )


def _to_child_counts(_: object) -> HttpResponse:
    return redirect("institutions:child_counts")


@scoped(may=Capability.INSTITUTION_READ)
@require_http_methods(["GET", "POST"])
def child_counts(request: ActorRequest) -> HttpResponse:
    """The villages' child population figures (H-1), with a form to enter one and a yearly import."""
    actor = request.actor
    may_enter = capabilities.may(actor, Capability.CHILD_COUNT_ENTER)
    form = ChildCountForm(
        request.POST if request.POST.get("op") == "enter" else None,
        actor=actor,
        initial={"year": clock.today().year - 1, "version": 0},
    )
    upload = ChildCountImportForm(
        request.POST if request.POST.get("op") == "import" else None, request.FILES or None
    )
    report = None
    if request.method == "POST":
        if not may_enter:
            return HttpResponse(status=403)
        if request.POST.get("op") == "import":
            if upload.is_valid():
                report = child_count_import.child_count_import(
                    actor=actor, source=upload.cleaned_data["file"].read()
                )
                if report.written:
                    messages.success(request, _("Child population figures imported."))
        elif request.POST.get("op") == "enter":
            done = submit(
                request,
                form,
                partial(services.child_count_set, actor=actor),
                saved=_("Saved."),
                then=_to_child_counts,
            )
            if done is not None:
                return done
        else:
            return HttpResponse(status=400)
    rows = selectors.child_count_list(actor=actor)
    return render(
        request,
        "institutions/child_counts.html",
        {"rows": rows, "form": form, "upload": upload, "report": report, "may_enter": may_enter},
    )


@scoped(may=Capability.CHILD_COUNT_ENTER)
@require_http_methods(["GET", "POST"])
def child_count_edit(request: ActorRequest, row_id: int) -> HttpResponse:
    actor = request.actor
    row: VillageChildCount = selectors.child_count_get(actor=actor, row_id=row_id)
    initial = {
        "division_code": row.division_code,
        "year": row.year,
        "children": row.children,
        "source": row.source,
        "version": row.version,
    }
    form = ChildCountForm(request.POST or None, actor=actor, editing=True, initial=initial)
    write = partial(services.child_count_set, actor=actor)
    done = submit(request, form, write, saved=_("Saved."), then=_to_child_counts)
    title = _("Child population of %(code)s in %(year)s") % {"code": row.division_code, "year": row.year}
    return done or render(request, "workforce/form.html", {"form": form, "title": title})

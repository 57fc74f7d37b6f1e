"""Institutions pages: parse input, call one selector or service, render. Every view is @scoped."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from seedling.access import Actor
from seedling.access.decorators import scoped
from seedling.accounts.enums import CASEWORK_ROLES
from seedling.core import clock
from seedling.core.errors import SeedlingError, ValidationFailed
from seedling.institutions import selectors, services
from seedling.institutions.enums import PLATFORMS, InstitutionKind
from seedling.institutions.models import Institution
from seedling.regions import codes
from seedling.regions import selectors as region_selectors
from seedling.web.institutions.forms import (
    ActivityForm,
    ChecklistForm,
    CloseForm,
    CoverForm,
    InstitutionFilterForm,
    InstitutionForm,
)
from seedling.workforce import permissions
from seedling.workforce import selectors as workforce_selectors

READERS = CASEWORK_ROLES


def _actor(request: HttpRequest) -> Actor:
    return request.actor  # type: ignore[attr-defined]


@scoped(roles=READERS)
@require_GET
def institution_list(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    form = InstitutionFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    items = selectors.institution_list(actor=actor, kind=data.get("kind", ""), query=data.get("q", ""))
    may_register = any(g.role in permissions.REGISTRARS for g in actor.grants)
    return render(
        request, "institutions/list.html", {"form": form, "items": items, "may_register": may_register}
    )


@scoped(roles=permissions.REGISTRARS)
@require_http_methods(["GET", "POST"])
def institution_create(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    kind = request.GET.get("kind", InstitutionKind.CHILDRENS_HOME)
    form = InstitutionForm(request.POST or None, actor=actor, initial={"kind": kind})
    if request.method == "POST" and form.is_valid() and form.division is not None:
        try:
            item = services.institution_create(
                actor=actor, kind=form.cleaned_data["kind"], division=form.division, data=form.data_object()
            )
        except SeedlingError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, _("%(name)s registered.") % {"name": item.name})
            return redirect("institutions:institution_detail", institution_id=item.pk)
    return render(request, "workforce/form.html", {"form": form, "title": _("Register an institution")})


def _managers(actor: Actor, item: Institution) -> list[tuple[int, str]]:
    rows = workforce_selectors.worker_list(
        actor=actor, as_of=clock.today(), prefix=item.division_code, limit=50
    )
    return [(r.worker.pk, r.worker.name) for r in rows]


@scoped(roles=READERS)
@require_http_methods(["GET", "POST"])
def institution_detail(request: HttpRequest, institution_id: int) -> HttpResponse:
    actor = _actor(request)
    today = clock.today()
    item = selectors.institution_get(actor=actor, institution_id=institution_id)
    platform = item.kind in PLATFORMS
    may_register = permissions.holds(actor, permissions.REGISTRARS, item.division_code)
    may_log = platform and permissions.holds(actor, permissions.FIELD_WORKERS, item.division_code)
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
                    return redirect("institutions:institution_detail", institution_id=item.pk)
            elif op == "activity":
                activity = ActivityForm(request.POST)
                if activity.is_valid():
                    services.activity_record(actor=actor, home=item, **activity.cleaned_data)
                    messages.success(request, _("Activity logged."))
                    return redirect("institutions:institution_detail", institution_id=item.pk)
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
                    return redirect("institutions:institution_detail", institution_id=item.pk)
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


@scoped(roles=permissions.REGISTRARS)
@require_http_methods(["GET", "POST"])
def institution_edit(request: HttpRequest, institution_id: int) -> HttpResponse:
    actor = _actor(request)
    item = selectors.institution_get(actor=actor, institution_id=institution_id)
    initial = {f: getattr(item, f) for f in InstitutionForm.base_fields if hasattr(item, f)}
    form = InstitutionForm(request.POST or None, actor=actor, editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.institution_update(actor=actor, institution=item, data=form.data_object())
        except SeedlingError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, _("Saved."))
            return redirect("institutions:institution_detail", institution_id=item.pk)
    return render(request, "workforce/form.html", {"form": form, "title": item.name})


@scoped(roles=permissions.REGISTRARS)
@require_POST
def institution_close(request: HttpRequest, institution_id: int) -> HttpResponse:
    actor = _actor(request)
    item = selectors.institution_get(actor=actor, institution_id=institution_id)
    form = CloseForm(request.POST)
    if form.is_valid():
        try:
            services.institution_close(
                actor=actor, institution=item, closed_on=form.cleaned_data["closed_on"]
            )
        except SeedlingError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Closed."))
    return redirect("institutions:institution_detail", institution_id=item.pk)


@scoped(roles=permissions.REGISTRARS)
@require_POST
def home_uncover(request: HttpRequest, row_id: int) -> HttpResponse:
    actor = _actor(request)
    row = selectors.coverage_row_get(actor=actor, row_id=row_id)
    try:
        services.home_uncover(actor=actor, row=row)
    except SeedlingError as exc:
        messages.error(request, str(exc))
    return redirect("institutions:institution_detail", institution_id=row.home_id)


@scoped(roles=READERS)
@require_GET
def coverage_start(request: HttpRequest) -> HttpResponse:
    roots = workforce_selectors.coverage_roots(actor=_actor(request))
    if len(roots) == 1:
        return redirect("institutions:coverage", code=roots[0].code)
    return render(request, "institutions/coverage_roots.html", {"roots": roots})


@scoped(roles=READERS)
@require_GET
def coverage(request: HttpRequest, code: str) -> HttpResponse:
    actor = _actor(request)
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

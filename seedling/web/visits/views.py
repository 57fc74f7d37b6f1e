"""Visit pages (issue 6): parse input, call one selector or service, render. Every view is @scoped."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from seedling.access import Actor
from seedling.access.decorators import scoped
from seedling.accounts.enums import CASEWORK_ROLES, Role
from seedling.core import clock
from seedling.core.errors import SeedlingError
from seedling.visits import schedule, selectors, services
from seedling.visits.schedule import Level
from seedling.web.visits.forms import NeedForm, PairingForm, RiskForm, ServiceForm, VisitForm, VisitPolicyForm

# County staff and above see their province's rules; only the province's own staff change them.
POLICY_READERS = (Role.COUNTY_STAFF, Role.CITY_STAFF, Role.PROVINCE_STAFF, Role.NATIONAL_ADMIN)


def _actor(request: HttpRequest) -> Actor:
    return request.actor  # type: ignore[attr-defined]


def _fail(form: Form, exc: SeedlingError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, str(exc))


@scoped(roles=CASEWORK_ROLES)
@require_GET
def worklist(request: HttpRequest) -> HttpResponse:
    """我的待走访: due and overdue children, most urgent first; one tap to record a visit."""
    rows = selectors.worklist(actor=_actor(request), as_of=clock.today())
    return render(
        request,
        "visits/worklist.html",
        {"rows": rows[:300], "total": len(rows), "saved": request.GET.get("saved", "")[:36]},
    )


@scoped(roles=CASEWORK_ROLES)
@require_http_methods(["GET", "POST"])
def visit_new(request: HttpRequest, child_id: int) -> HttpResponse:
    actor = _actor(request)
    child = selectors.child_for_visit(actor=actor, child_id=child_id)
    form = VisitForm(request.POST or None, initial={"visited_on": clock.today()})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        data = services.VisitInput(
            client_token=d["client_token"],
            visited_on=d["visited_on"],
            mode=d["mode"],
            found=d["found"],
            measures=d["measures"],
            anomaly=d["anomaly"],
            anomaly_note=d["anomaly_note"],
            needs_note=d["needs_note"],
            follow_up_on=d["follow_up_on"],
            urgent=list(d["urgent"]),
        )
        try:
            recorded = services.visit_record(actor=actor, child=child, data=data)
        except SeedlingError as exc:
            _fail(form, exc)
        else:
            if recorded.created:
                messages.success(request, _("Visit to %(name)s recorded.") % {"name": child.name})
            else:
                messages.info(request, _("This visit was already recorded."))
            return redirect(f"{reverse('visits:worklist')}?saved={data.client_token}")
    first = [form[name] for name in VisitForm.FIRST_STEP]
    more = [f for f in form if f.name not in VisitForm.FIRST_STEP and not f.is_hidden]
    return render(
        request,
        "visits/visit_form.html",
        {"form": form, "child": child, "first": first, "more": more},
    )


@scoped(roles=CASEWORK_ROLES)
@require_GET
def child_page(request: HttpRequest, child_id: int) -> HttpResponse:
    actor = _actor(request)
    page = selectors.child_page(actor=actor, child_id=child_id, as_of=clock.today())
    c = page.child
    return render(
        request,
        "visits/child.html",
        {
            "page": page,
            "risk_form": RiskForm(initial={"level": c.risk_level or (page.suggestion.level or "")}),
            "pairing_form": PairingForm(
                initial={"name": c.pairing_name, "phone": c.pairing_phone, "org": c.pairing_org}
            ),
            "need_form": NeedForm(),
            "service_form": ServiceForm(initial={"delivered_on": clock.today()}),
        },
    )


def _back(child_id: int) -> HttpResponse:
    return redirect("visits:child", child_id=child_id)


def _field_errors(form: Form) -> str:
    """Each error after its field's label; an error of the whole form (``__all__``) alone."""
    parts = []
    for name, errors in form.errors.items():
        text = " ".join(map(str, errors))
        field = form.fields.get(name)
        parts.append(f"{field.label}：{text}" if field is not None and field.label else text)
    return "；".join(parts)


def _apply(
    request: HttpRequest,
    form: Form,
    service: Callable[..., object],
    *,
    saved: str | None = None,
    invalid: str | None = None,
) -> None:
    """One of the child page's small forms: a valid form goes to `service` (its cleaned data as
    keywords), and the outcome becomes a message: the service's refusal, `saved`, or `invalid`
    (else each field's own error: the page redirects, so the form's errors would not be seen)."""
    if not form.is_valid():
        messages.error(request, invalid or _field_errors(form))
        return
    try:
        service(**form.cleaned_data)
    except SeedlingError as exc:
        messages.error(request, str(exc))
    else:
        if saved:
            messages.success(request, saved)


@scoped(roles=CASEWORK_ROLES)
@require_POST
def risk_set(request: HttpRequest, child_id: int) -> HttpResponse:
    actor = _actor(request)
    child = selectors.child_for_visit(actor=actor, child_id=child_id)
    _apply(
        request,
        RiskForm(request.POST),
        partial(services.risk_set, actor=actor, child=child),
        saved=_("Risk level saved."),
        invalid=_("Choose a risk level."),
    )
    return _back(child_id)


@scoped(roles=CASEWORK_ROLES)
@require_POST
def pairing_set(request: HttpRequest, child_id: int) -> HttpResponse:
    actor = _actor(request)
    child = selectors.child_for_visit(actor=actor, child_id=child_id)
    _apply(
        request,
        PairingForm(request.POST),
        partial(services.pairing_set, actor=actor, child=child),
        saved=_("Pairing helper saved."),
    )
    return _back(child_id)


@scoped(roles=CASEWORK_ROLES)
@require_POST
def need_add(request: HttpRequest, child_id: int) -> HttpResponse:
    actor = _actor(request)
    child = selectors.child_for_visit(actor=actor, child_id=child_id)
    _apply(
        request,
        NeedForm(request.POST),
        partial(services.care_need_add, actor=actor, child=child),
        invalid=_("Describe the need."),
    )
    return _back(child_id)


@scoped(roles=CASEWORK_ROLES)
@require_POST
def service_add(request: HttpRequest, need_id: int) -> HttpResponse:
    actor = _actor(request)
    need = selectors.need_get(actor=actor, need_id=need_id)
    _apply(
        request,
        ServiceForm(request.POST),
        partial(services.care_service_record, actor=actor, need=need),
        invalid=_("Describe the service."),
    )
    return _back(need.child_id)


@scoped(roles=CASEWORK_ROLES)
@require_GET
def compliance_start(request: HttpRequest) -> HttpResponse:
    roots = selectors.compliance_roots(actor=_actor(request))
    if len(roots) == 1:
        return redirect("visits:compliance", code=roots[0].code)
    return render(request, "visits/compliance_roots.html", {"roots": roots})


@scoped(roles=CASEWORK_ROLES)
@require_GET
def compliance(request: HttpRequest, code: str) -> HttpResponse:
    actor = _actor(request)
    division = selectors.division_for(actor=actor, code=code)
    report = selectors.compliance(actor=actor, division=division, as_of=clock.today())
    return render(
        request,
        "visits/compliance.html",
        {"report": report, "policy_reader": actor.has_role(*POLICY_READERS)},
    )


# --- provincial visit frequencies ----------------------------------------------------------------


@scoped(roles=POLICY_READERS)
@require_GET
def frequencies_start(request: HttpRequest) -> HttpResponse:
    provinces = selectors.provinces_of(actor=_actor(request))
    if len(provinces) == 1:
        return redirect("visits:frequencies", province=provinces[0])
    return render(request, "visits/frequencies_start.html", {"provinces": provinces})


def _initial(policy: schedule.VisitPolicy) -> dict[str, object]:
    return {
        "effective_from": clock.today(),
        "low_contact_months": policy.contact_months.get(Level.LOW),
        "low_visit_months": policy.home_visit_months.get(Level.LOW),
        "medium_visit_months": policy.home_visit_months.get(Level.MEDIUM),
        "high_visit_months": policy.home_visit_months.get(Level.HIGH),
        "alarm_days": policy.alarm_days,
    }


@scoped(roles=POLICY_READERS)
@require_http_methods(["GET", "POST"])
def frequencies(request: HttpRequest, province: str) -> HttpResponse:
    """A province's visit frequencies: the version in force, every dated version, and a new one."""
    actor = _actor(request)
    place = selectors.province_in_area(actor=actor, province_code=province)  # 404 outside the area
    may_edit = services.may_set_visit_policy(actor, place.code)
    if request.method == "POST" and not may_edit:
        raise PermissionDenied
    today = clock.today()
    form = VisitPolicyForm(
        request.POST or None, initial=_initial(selectors.policy_for(code=place.code, as_of=today))
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.visit_policy_set(
                actor=actor,
                province_code=place.code,
                effective_from=d["effective_from"],
                frequencies=services.Frequencies(
                    **{k: d[k] for k in (*VisitPolicyForm.MONTH_FIELDS, "alarm_days")}
                ),
            )
        except SeedlingError as exc:
            _fail(form, exc)
        else:
            messages.success(request, _("Visit frequencies saved."))
            return redirect("visits:frequencies", province=place.code)
    versions = selectors.visit_policy_versions(province_code=place.code, as_of=today)
    return render(
        request,
        "visits/frequencies.html",
        {
            "province": place,
            "versions": versions,
            "defaults_in_force": not any(v.in_force for v in versions),
            "form": form if may_edit else None,
        },
    )

"""Visit pages: parse input, call one selector or service, render. Every view is @scoped."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from django.contrib import messages
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from seedling.access import capabilities, visibility
from seedling.access.capabilities import Capability
from seedling.access.decorators import ActorRequest, scoped
from seedling.core import clock
from seedling.visits import selectors, services
from seedling.web.forms import submit
from seedling.web.pages import start
from seedling.web.policies import views as policy_pages
from seedling.web.visits.forms import (
    NeedForm,
    PairingForm,
    RiskForm,
    ServiceForm,
    VisitForm,
    VisitFrequenciesForm,
)


@scoped(may=Capability.FILE_WORK)
@require_GET
def worklist(request: ActorRequest) -> HttpResponse:
    """我的待走访: due and overdue children, most urgent first; one tap to record a visit."""
    rows = selectors.worklist(actor=request.actor, as_of=clock.today())
    return render(
        request,
        "visits/worklist.html",
        {"rows": rows[:300], "total": len(rows), "saved": request.GET.get("saved", "")[:36]},
    )


@scoped(may=Capability.FILE_WORK)
@require_http_methods(["GET", "POST"])
def visit_new(request: ActorRequest, child_id: int) -> HttpResponse:
    actor = request.actor
    child = selectors.child_for_visit(actor=actor, child_id=child_id)
    form = VisitForm(request.POST or None, initial={"visited_on": clock.today()})

    def recorded(result: services.Recorded) -> HttpResponse:
        if result.created:
            messages.success(request, _("Visit to %(name)s recorded.") % {"name": child.name})
        else:
            messages.info(request, _("This visit was already recorded."))
        return redirect(f"{reverse('visits:worklist')}?saved={form.cleaned_data['client_token']}")

    done = submit(request, form, partial(services.visit_record, actor=actor, child=child), then=recorded)
    if done:
        return done
    first = [form[name] for name in VisitForm.FIRST_STEP]
    more = [f for f in form if f.name not in VisitForm.FIRST_STEP and not f.is_hidden]
    return render(
        request,
        "visits/visit_form.html",
        {"form": form, "child": child, "first": first, "more": more},
    )


@scoped(may=Capability.FILE_WORK)
@require_GET
def child_page(request: ActorRequest, child_id: int) -> HttpResponse:
    page = selectors.child_page(actor=request.actor, child_id=child_id, as_of=clock.today())
    c = page.child
    shown = visibility.project(request.actor, c, visibility.Output.FILE)
    return render(
        request,
        "visits/child.html",
        {
            "page": page,
            "risk_form": RiskForm(
                initial={"level": c.risk_level or (page.suggestion.level or ""), "version": c.version}
            ),
            "pairing_form": PairingForm(
                initial={
                    "name": shown.pairing_name,
                    "phone": shown.pairing_phone,
                    "org": shown.pairing_org,
                    "version": c.version,
                }
            ),
            "need_form": NeedForm(),
            "service_form": ServiceForm(initial={"delivered_on": clock.today()}),
        },
    )


def _on_child(
    request: ActorRequest,
    child_id: int,
    form: Form,
    service: Callable[..., object],
    saved: str | None = None,
    invalid: str | None = None,
) -> HttpResponse:
    """One of the child page's small forms: its cleaned data, as keywords, go to `service` with the
    actor and the child; the outcome is a message on the child page."""
    child = selectors.child_for_visit(actor=request.actor, child_id=child_id)
    submit(request, form, partial(service, actor=request.actor, child=child), saved=saved, invalid=invalid)
    return redirect("visits:child", child_id=child_id)


@scoped(may=Capability.FILE_WORK)
@require_POST
def risk_set(request: ActorRequest, child_id: int) -> HttpResponse:
    form = RiskForm(request.POST)
    return _on_child(
        request, child_id, form, services.risk_set, _("Risk level saved."), _("Choose a risk level.")
    )


@scoped(may=Capability.FILE_WORK)
@require_POST
def pairing_set(request: ActorRequest, child_id: int) -> HttpResponse:
    form = PairingForm(request.POST)
    return _on_child(request, child_id, form, services.pairing_set, _("Pairing helper saved."))


@scoped(may=Capability.FILE_WORK)
@require_POST
def need_add(request: ActorRequest, child_id: int) -> HttpResponse:
    form = NeedForm(request.POST)
    return _on_child(request, child_id, form, services.care_need_add, invalid=_("Describe the need."))


@scoped(may=Capability.FILE_WORK)
@require_POST
def service_add(request: ActorRequest, need_id: int) -> HttpResponse:
    need = selectors.need_get(actor=request.actor, need_id=need_id)
    record = partial(services.care_service_record, actor=request.actor, need=need)
    submit(request, ServiceForm(request.POST), record, invalid=_("Describe the service."))
    return redirect("visits:child", child_id=need.child_id)


@scoped(may=Capability.FILE_WORK)
@require_GET
def compliance_start(request: ActorRequest) -> HttpResponse:
    return start(request, selectors.compliance_roots, "visits:compliance", "visits/compliance_roots.html")


@scoped(may=Capability.FILE_WORK)
@require_GET
def compliance(request: ActorRequest, code: str) -> HttpResponse:
    division = selectors.division_for(actor=request.actor, code=code)
    report = selectors.compliance(actor=request.actor, division=division, as_of=clock.today())
    policy_reader = capabilities.may(request.actor, Capability.POLICY_READ)
    return render(request, "visits/compliance.html", {"report": report, "policy_reader": policy_reader})


# --- provincial visit frequencies ----------------------------------------------------------------


@scoped(may=Capability.POLICY_READ)
@require_GET
def frequencies_start(request: ActorRequest) -> HttpResponse:
    return policy_pages.province_start(request, VisitFrequenciesForm, "visits:frequencies")


@scoped(may=Capability.POLICY_READ)
@require_http_methods(["GET", "POST"])
def frequencies(request: ActorRequest, province: str) -> HttpResponse:
    """A province's visit frequencies: every dated version, and a new one by its own staff."""
    return policy_pages.version_page(
        request,
        VisitFrequenciesForm,
        province,
        to="visits:frequencies",
        saved=lambda _row: _("Visit frequencies saved."),
    )

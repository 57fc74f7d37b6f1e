"""Protection pages: reports, the to-do lists, a case and its steps, applications. Parse, call one
service or selector, render. Every view is @scoped."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from django.contrib import messages
from django.forms import Form
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from seedling.access.capabilities import Capability
from seedling.access.decorators import ActorRequest, scoped
from seedling.core import clock
from seedling.core.errors import SeedlingError
from seedling.protection import enums, selectors, services
from seedling.web.forms import submit
from seedling.web.protection.forms import (
    STEP_FIELDS,
    ApplicationForm,
    ChangeForm,
    DecideForm,
    ForwardForm,
    ReplyForm,
    ReportForm,
    StepForm,
    VerifyForm,
)


@scoped(may=Capability.PROTECTION_REPORT)
@require_GET
def todo(request: ActorRequest) -> HttpResponse:
    """待办: the open cases awaiting this level, overdue first; the visit flags still to route."""
    overdue_only = request.GET.get("overdue") == "1"
    rows = selectors.todo(request.actor, as_of=clock.today(), overdue_only=overdue_only)
    return render(
        request,
        "protection/todo.html",
        {"rows": rows, "flags": selectors.unrouted_flags(request.actor), "overdue_only": overdue_only},
    )


@scoped(may=Capability.PROTECTION_REPORT)
@require_http_methods(["GET", "POST"])
def report_new(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    children = selectors.child_choices(actor=actor, query=request.GET.get("q", "")[:50])
    form = ReportForm(
        request.POST or None,
        actor=actor,
        children=children,
        initial={"seen_at": clock.now().strftime("%Y-%m-%dT%H:%M"), "child": request.GET.get("child", "")},
    )

    def raised(result: services.Raised) -> HttpResponse:
        if result.created:
            messages.success(request, _("Report %(n)s raised.") % {"n": result.case.number})
        return redirect("protection:case", case_id=result.case.pk)

    done = submit(request, form, partial(services.report_raise, actor=actor), then=raised)
    if done:
        return done
    first = [form[n] for n in ReportForm.FIRST_STEP]
    more = [f for f in form if f.name not in ReportForm.FIRST_STEP and not f.is_hidden]
    return render(request, "protection/report_form.html", {"form": form, "first": first, "more": more})


@scoped(may=Capability.PROTECTION_REPORT)
@require_POST
def flag_route(request: ActorRequest, flag_id: int) -> HttpResponse:
    actor = request.actor
    flag = selectors.flag_get(actor=actor, flag_id=flag_id)
    try:
        case = services.flag_route(actor=actor, flag=flag)
    except SeedlingError as exc:
        messages.error(request, str(exc))
        return redirect("protection:todo")
    return redirect("protection:case", case_id=case.pk)


@scoped(may=Capability.PROTECTION_REPORT)
@require_GET
def case_page(request: ActorRequest, case_id: int) -> HttpResponse:
    page = selectors.case_page(actor=request.actor, case_id=case_id, as_of=clock.today())
    return render(
        request,
        "protection/case.html",
        {"page": page, "c": page.case, "steps_kinds": enums.Step.choices, "reply_form": ReplyForm()},
    )


@scoped(may=Capability.PROTECTION_REPORT)
@require_POST
def case_reveal(request: ActorRequest, case_id: int) -> HttpResponse:
    """Open the sealed details for a stated purpose, for a short time, audited."""
    actor = request.actor
    case = selectors.case_get(actor=actor, case_id=case_id)
    reason = request.POST.get("reason", "")[:200]
    submit(
        request,
        None,
        partial(services.case_reveal, actor=actor, case=case, reason=reason),
        saved=_("Revealed for 30 minutes."),
    )
    return redirect("protection:case", case_id=case.pk)


@scoped(may=Capability.PROTECTION_CASE)
@require_http_methods(["GET", "POST"])
def case_step(request: ActorRequest, case_id: int, kind: str) -> HttpResponse:
    if kind not in STEP_FIELDS:
        raise Http404(_("No such step."))
    actor = request.actor
    case = selectors.case_get(actor=actor, case_id=case_id)
    form = StepForm(request.POST or None, kind=kind, initial={"version": case.version})

    def saved(_step: object) -> HttpResponse:
        messages.success(request, _("Step recorded."))
        return redirect("protection:case", case_id=case.pk)

    done = submit(request, form, partial(services.case_step, actor=actor, case=case), then=saved)
    if done:
        return done
    return render(
        request,
        "protection/step_form.html",
        {"form": form, "case": case, "kind_label": enums.Step(kind).label},
    )


@scoped(may=Capability.PROTECTION_CASE)
@require_POST
def referral_reply(request: ActorRequest, case_id: int, step_id: int) -> HttpResponse:
    actor = request.actor
    case = selectors.case_get(actor=actor, case_id=case_id)
    step = next((s for s in case.steps.all() if s.pk == step_id), None)
    if step is None:
        raise Http404(_("No such step."))
    form = ReplyForm(request.POST)
    submit(
        request, form, partial(services.referral_reply, actor=actor, step=step), saved=_("Reply recorded.")
    )
    return redirect("protection:case", case_id=case.pk)


# --- applications ----------------------------------------------------------------------------------


@scoped(may=Capability.PROTECTION_REPORT)
@require_GET
def application_list(request: ActorRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in enums.AppStatus.values:
        status = ""
    return render(
        request,
        "protection/applications.html",
        {
            "rows": selectors.applications(actor=request.actor, status=status),
            "statuses": enums.AppStatus.choices,
            "status": status,
        },
    )


@scoped(may=Capability.APPLICATION_LODGE)
@require_http_methods(["GET", "POST"])
def application_new(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    children = selectors.child_choices(actor=actor, query=request.GET.get("q", "")[:50])
    form = ApplicationForm(
        request.POST or None,
        children=children,
        initial={
            "complete_on": clock.today(),
            "child": request.GET.get("child", ""),
            "category": request.GET.get("category", ""),
        },
    )

    def lodged(app: object) -> HttpResponse:
        messages.success(request, _("Application lodged."))
        return redirect("protection:application", app_id=app.pk)  # type: ignore[attr-defined]

    done = submit(request, form, partial(services.application_lodge, actor=actor), then=lodged)
    if done:
        return done
    return render(request, "protection/application_form.html", {"form": form})


@scoped(may=Capability.PROTECTION_REPORT)
@require_GET
def application_page(request: ActorRequest, app_id: int) -> HttpResponse:
    page = selectors.application_page(actor=request.actor, app_id=app_id, as_of=clock.today())
    v = {"version": page.raw.version, "on": clock.today(), "changed_on": clock.today()}
    return render(
        request,
        "protection/application.html",
        {
            "page": page,
            "a": page.app,
            "forward_form": ForwardForm(initial=v),
            "verify_form": VerifyForm(initial=v),
            "decide_form": DecideForm(initial=v),
            "change_form": ChangeForm(initial=v),
        },
    )


_APP_STEPS: dict[str, tuple[type[Form], Callable[..., object]]] = {
    "forward": (ForwardForm, services.application_forward),
    "verify": (VerifyForm, services.application_verify),
    "decide": (DecideForm, services.application_decide),
    "change": (ChangeForm, services.application_change),
}


@scoped(may=Capability.PROTECTION_REPORT)
@require_POST
def application_step(request: ActorRequest, app_id: int, step: str) -> HttpResponse:
    if step not in _APP_STEPS:
        raise Http404(_("No such step."))
    actor = request.actor
    app = selectors.application_get(actor=actor, app_id=app_id)
    form_class, service = _APP_STEPS[step]
    submit(request, form_class(request.POST), partial(service, actor=actor, app=app), saved=_("Saved."))
    return redirect(reverse("protection:application", kwargs={"app_id": app.pk}))

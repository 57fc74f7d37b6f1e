"""Pages of the registries: per-category rolls with drill-down, the monthly 新增 / 退出 list, the
declared-versus-determined discrepancy list, and the county's confirmation queue.
Every read goes through registries.selectors (scoped); HIV is never a list category."""

from __future__ import annotations

from datetime import date

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from seedling.access import capabilities
from seedling.access.capabilities import Capability
from seedling.access.decorators import ActorRequest, scoped
from seedling.core import clock
from seedling.registries import selectors
from seedling.web.policies import views as policy_pages
from seedling.web.registries.forms import EligibilityPolicyForm

casework = scoped(may=Capability.FILE_WORK)


def _categories() -> list[tuple[str, str]]:
    return [(c, selectors.category_label(c)) for c in selectors.ROLLS]


@casework
@require_GET
def registry_index(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    return render(
        request,
        "web/registries/index.html",
        {
            "categories": _categories(),
            "is_county": capabilities.may(actor, Capability.DETERMINATION_CONFIRM),
            "policy_reader": capabilities.may(actor, Capability.POLICY_READ),
            "notices": selectors.notices(actor=actor),
        },
    )


@casework
@require_GET
def registry_list(request: ActorRequest, category: str) -> HttpResponse:
    if category not in selectors.ROLLS:
        # HIV infection is never a list (docs/rules/privacy.md#health-hiv-and-mental-health-data); unknown
        # codes likewise
        raise Http404
    actor = request.actor
    prefix = request.GET.get("area", "")
    if not prefix.isdigit() and prefix:
        prefix = ""
    return render(
        request,
        "web/registries/list.html",
        {
            "category": category,
            "label": selectors.category_label(category),
            "prefix": prefix,
            "areas": selectors.registry_counts(actor=actor, category=category, prefix=prefix),
            "members": selectors.registry_members(actor=actor, category=category, prefix=prefix),
        },
    )


@casework
@require_GET
def registry_hiv(request: ActorRequest) -> HttpResponse:
    """The HIV roll and its counts: holders of the HIV grant only (ADR 0012); a 404 for anyone else."""
    prefix = request.GET.get("area", "")
    roll = selectors.hiv_roll(actor=request.actor, prefix=prefix if prefix.isdigit() else "")
    return render(request, "web/registries/hiv.html", {"roll": roll, "prefix": prefix})


@casework
@require_GET
def registry_monthly(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    try:
        month = date.fromisoformat(request.GET.get("month", "") + "-01")
    except ValueError:
        month = clock.today().replace(day=1)
    entered, exited = selectors.monthly_changes(actor=actor, month=month)
    return render(
        request,
        "web/registries/monthly.html",
        {"month": month, "entered": entered, "exited": exited},
    )


@casework
@require_GET
def registry_discrepancies(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    return render(
        request, "web/registries/discrepancies.html", {"rows": selectors.discrepancies(actor=actor)}
    )


@scoped(may=Capability.DETERMINATION_CONFIRM)
@require_GET
def registry_confirmations(request: ActorRequest) -> HttpResponse:
    """The files whose facts the rules find orphan / de facto unsupported: the county decides on each
    through the application procedure (protection: apply, township verification, a written decision),
    never with one tap here (docs/rules/workflow.md#determination-procedure)."""
    return render(
        request,
        "web/registries/confirmations.html",
        {"rows": selectors.confirmation_queue(actor=request.actor)},
    )


# --- provincial eligibility policy ----------------------------------------------------------------


@scoped(may=Capability.POLICY_READ)
@require_GET
def policy_start(request: ActorRequest) -> HttpResponse:
    return policy_pages.province_start(request, EligibilityPolicyForm, "web:registry_policy")


@scoped(may=Capability.POLICY_READ)
@require_http_methods(["GET", "POST"])
def policy_page(request: ActorRequest, province: str) -> HttpResponse:
    """A province's eligibility parameters: every dated version, and a new one by its own staff."""
    today = clock.today()
    return policy_pages.version_page(
        request,
        EligibilityPolicyForm,
        province,
        to="web:registry_policy",
        saved=lambda row: (
            _("Policy saved; the province's files are re-checked on %(day)s.")
            % {"day": max(row.effective_from, today).isoformat()}
        ),
    )

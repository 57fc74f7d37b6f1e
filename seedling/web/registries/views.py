"""Pages of the registries: per-category rolls with drill-down, the monthly 新增 / 退出 list, the
declared-versus-determined discrepancy list, and the county's confirmation queue (issue 4 §5).
Every read goes through registries.selectors (scoped); HIV is never a list category."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import partial

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from seedling import eligibility as el
from seedling.access import Actor, capabilities
from seedling.access.capabilities import Capability
from seedling.access.decorators import ActorRequest, scoped
from seedling.core import clock
from seedling.registries import selectors, services
from seedling.visits import selectors as visit_selectors
from seedling.web.forms import submit
from seedling.web.pages import start
from seedling.web.registries import forms as policy_forms

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
        raise Http404  # HIV infection is never a list (domain-rules §6.4); unknown codes likewise
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
@require_http_methods(["GET", "POST"])
def registry_confirmations(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    if request.method == "POST":
        submit(
            request,
            None,
            lambda: services.suggestion_confirm(
                actor=actor,
                membership=selectors.suggestion_get(
                    actor=actor, membership_id=request.POST.get("membership", "")
                ),
                accept=request.POST.get("op") == "accept",
            ),
            saved=_("Saved."),
        )
        return redirect("web:registry_confirmations")
    return render(
        request,
        "web/registries/confirmations.html",
        {"rows": selectors.confirmation_queue(actor=actor)},
    )


# --- provincial eligibility policy (issue 4 §2) ----------------------------------------------------


def _may_set(actor: Actor, province: str) -> bool:
    # The rule registries.services.policy_set enforces; checked first to answer 403, not a form error.
    return capabilities.may(actor, Capability.POLICY_SET, province)


@dataclass(frozen=True)
class PolicyRow:
    """One version of the province's policy as the page shows it."""

    effective_from: date | None  # None: from the beginning
    in_force: bool
    national: bool  # one of the national defaults (before the province's first version)
    version: el.PolicyVersion

    @property
    def additions(self) -> list[str]:
        return policy_forms.situation_labels(self.version.fdu_additions)

    @property
    def orphan_levels(self) -> list[str]:
        return policy_forms.schooling_labels(self.version.orphan_continuation_levels)

    @property
    def fdu_levels(self) -> list[str]:
        return policy_forms.schooling_labels(self.version.fdu_continuation_levels)

    @property
    def illnesses(self) -> list[str]:
        return sorted(self.version.serious_illnesses or ())


def _policy_rows(province: str, today: date) -> list[PolicyRow]:
    policy = services.policy_for(province)
    current = policy.for_date(today)
    return [
        PolicyRow(
            effective_from=None if v.effective_from == date.min else v.effective_from,
            in_force=v is current,
            national=v in el.DEFAULT_POLICY.versions,
            version=v,
        )
        for v in reversed(policy.versions)
    ]


@scoped(may=Capability.POLICY_READ)
@require_GET
def policy_start(request: ActorRequest) -> HttpResponse:
    return start(
        request, visit_selectors.provinces_of, "web:registry_policy", "web/registries/policy_start.html"
    )


@scoped(may=Capability.POLICY_READ)
@require_http_methods(["GET", "POST"])
def policy_page(request: ActorRequest, province: str) -> HttpResponse:
    """A province's eligibility parameters: every dated version, and a new one by its own staff."""
    actor = request.actor
    place = visit_selectors.province_in_area(actor=actor, province_code=province)  # 404 outside the area
    may_edit = _may_set(actor, place.code)
    if request.method == "POST" and not may_edit:
        raise PermissionDenied
    today = clock.today()
    rows = _policy_rows(place.code, today)
    current = next(r.version for r in rows if r.in_force)
    form = policy_forms.EligibilityPolicyForm(
        request.POST or None, initial=policy_forms.initial_from(current, today)
    )
    done = submit(
        request,
        form,
        partial(services.policy_set, actor=actor, province_code=place.code),
        saved=lambda _marked: (
            _("Policy saved; the province's files are re-checked on %(day)s.")
            % {"day": max(form.cleaned_data["effective_from"], today).isoformat()}
        ),
        then=lambda _marked: redirect("web:registry_policy", province=place.code),
    )
    if done:
        return done
    return render(
        request,
        "web/registries/policy.html",
        {"province": place, "rows": rows, "form": form if may_edit else None},
    )

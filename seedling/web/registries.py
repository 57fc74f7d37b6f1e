"""Web views of the registries: per-category rolls with drill-down, the monthly 新增 / 退出 list, the
declared-versus-determined discrepancy list, and the county's confirmation queue (issue 4 §5).
Every read goes through registries.selectors (scoped); HIV is never a list category."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from seedling.access.decorators import scoped
from seedling.accounts.enums import CASEWORK_ROLES, Role
from seedling.core import clock
from seedling.core.errors import SeedlingError
from seedling.people.enums import DeclaredCategory
from seedling.registries import selectors, services

casework = scoped(roles=CASEWORK_ROLES)


def _categories() -> list[tuple[str, str]]:
    return [(c, str(DeclaredCategory(c).label)) for c in selectors.LISTABLE]


@casework
@require_GET
def registry_index(request: HttpRequest) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    return render(
        request,
        "web/registries/index.html",
        {
            "categories": _categories(),
            "is_county": actor.has_role(Role.COUNTY_STAFF),
            "notices": selectors.notices(actor=actor),
        },
    )


@casework
@require_GET
def registry_list(request: HttpRequest, category: str) -> HttpResponse:
    if category not in selectors.LISTABLE:
        raise Http404  # HIV infection is never a list (domain-rules §6.4); unknown codes likewise
    actor = request.actor  # type: ignore[attr-defined]
    prefix = request.GET.get("area", "")
    if not prefix.isdigit() and prefix:
        prefix = ""
    return render(
        request,
        "web/registries/list.html",
        {
            "category": category,
            "label": DeclaredCategory(category).label,
            "prefix": prefix,
            "areas": selectors.registry_counts(actor=actor, category=category, prefix=prefix),
            "members": selectors.registry_members(actor=actor, category=category, prefix=prefix),
        },
    )


@casework
@require_GET
def registry_monthly(request: HttpRequest) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
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
def registry_discrepancies(request: HttpRequest) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    return render(
        request, "web/registries/discrepancies.html", {"rows": selectors.discrepancies(actor=actor)}
    )


@scoped(roles=[Role.COUNTY_STAFF])
@require_http_methods(["GET", "POST"])
def registry_confirmations(request: HttpRequest) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    if request.method == "POST":
        try:
            membership = selectors.suggestion_get(
                actor=actor, membership_id=request.POST.get("membership", "")
            )
            services.suggestion_confirm(
                actor=actor, membership=membership, accept=request.POST.get("op") == "accept"
            )
        except SeedlingError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Saved."))
        return redirect("web:registry_confirmations")
    return render(
        request,
        "web/registries/confirmations.html",
        {"rows": selectors.confirmation_queue(actor=actor)},
    )

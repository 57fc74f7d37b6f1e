"""The page of a kind of provincial parameters, shared by the eligibility policy (`web.registries`)
and the visit frequencies (`web.visits`), whose views mark access and name their URL: which
province, then a province's versions with the form for a new one."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render

from seedling.access import capabilities
from seedling.access.capabilities import Capability
from seedling.access.decorators import ActorRequest
from seedling.core import clock
from seedling.policies import services
from seedling.policies.models import ProvincePolicy
from seedling.visits import selectors as visit_selectors
from seedling.web.forms import submit
from seedling.web.pages import start
from seedling.web.policies.forms import VersionForm, version_form


def province_start(request: ActorRequest, form_class: type[VersionForm], to: str) -> HttpResponse:
    """The reader's provinces to choose from (straight to the page `to` of the only one)."""
    return start(
        request,
        visit_selectors.provinces_of,
        to,
        "web/province_policy_start.html",
        {"texts": form_class.texts, "url_name": to},
    )


def version_page(
    request: ActorRequest,
    form_class: type[VersionForm],
    province: str,
    *,
    to: str,
    saved: Callable[[ProvincePolicy], str],
) -> HttpResponse:
    """A province's versions of the form's kind, the one in force today marked, and to the province's
    own staff the form for a new one (`to`: this page's URL name, where a saved version returns)."""
    actor = request.actor
    place = visit_selectors.province_in_area(actor=actor, province_code=province)  # 404 outside the area
    may_edit = capabilities.may(actor, Capability.POLICY_SET, place.code)
    if request.method == "POST" and not may_edit:
        raise PermissionDenied  # 403, rather than the service's refusal on the form
    form, rows = version_form(form_class, request.POST or None, place.code, clock.today())
    write = partial(services.version_set, actor=actor, province_code=place.code)
    done = submit(request, form, write, saved=saved, then=lambda _row: redirect(to, province=place.code))
    if done:
        return done
    return render(
        request,
        "web/province_policy.html",
        {"texts": form_class.texts, "province": place, "rows": rows, "form": form if may_edit else None},
    )

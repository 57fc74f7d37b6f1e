"""Signing in and out, the liveness probe, and the home page."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from seedling.access import Actor, capabilities
from seedling.access.capabilities import Capability
from seedling.access.decorators import ActorRequest, public, scoped
from seedling.accounts import selectors as account_selectors
from seedling.core import clock
from seedling.people import selectors as people_selectors
from seedling.regions import selectors as region_selectors
from seedling.regions.models import Level
from seedling.registries import selectors as registry_selectors
from seedling.registries.models import Notice
from seedling.verification import selectors as verification_selectors
from seedling.web.accounts.forms import LoginForm

login = public(
    auth_views.LoginView.as_view(
        template_name="registration/login.html",
        authentication_form=LoginForm,
        redirect_authenticated_user=True,
    )
)
logout = public(auth_views.LogoutView.as_view())


@public
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    return JsonResponse({"status": "ok"})


@scoped
@require_GET
def home(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    areas = []
    for root in region_selectors.division_roots(actor=actor):
        counts = region_selectors.division_level_counts(actor=actor, prefix=root.prefix)
        areas.append(
            {
                "division": root,
                "counts": [(Level(lv).label, n) for lv, n in sorted(counts.items()) if lv > root.level],
                "accounts": account_selectors.account_count(actor=actor, prefix=root.prefix),
                "children": region_selectors.division_children(actor=actor, division=root)[:200],
            }
        )
    return render(
        request,
        "web/home.html",
        {
            "areas": areas,
            "my_roles": account_selectors.my_assignments(actor=actor),
            "notices": _recent_notices(actor),
            "notice_cap": NOTICE_CAP,
            "returned": _returned(actor),
            "rounds": verification_selectors.rounds_for(actor=actor)[:5],
        },
    )


NOTICE_DAYS = 30
NOTICE_CAP = 100  # a village's month rarely has more; the registries page keeps the full list


def _recent_notices(actor: Actor) -> list[Notice] | None:
    """The daily job's registry changes of the last 30 days, for the directors and supervisors who
    act on them. None for other roles. Notices have no read mark yet, so "recent"
    stands in for "unread"."""
    if not capabilities.may(actor, Capability.NOTICES_FOLLOW):
        return None
    since = clock.today() - timedelta(days=NOTICE_DAYS)
    return [n for n in registry_selectors.notices(actor=actor, limit=NOTICE_CAP) if n.created_on >= since]


def _returned(actor: Actor) -> list[people_selectors.ReturnedFile] | None:
    """Files the township returned, with the reason and the fields to correct: for the director who
    resubmits them (docs/rules/workflow.md#record-workflow). None for other roles."""
    if not capabilities.may(actor, Capability.FILE_SUBMIT):
        return None
    return people_selectors.returned_files(actor=actor)

"""Accounts, the audit log and the division browser: parse input, call one selector or service,
render."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from seedling.access import Purpose, get_for_actor
from seedling.access.capabilities import Capability
from seedling.access.decorators import ActorRequest, scoped
from seedling.accounts import selectors as account_selectors
from seedling.accounts import services as account_services
from seedling.accounts.models import RoleAssignment, User
from seedling.audit.selectors import AuditFilter, audit_event_list
from seedling.core.errors import SeedlingError
from seedling.regions import selectors as region_selectors
from seedling.web.accounts.forms import AccountCreateForm, AuditFilterForm, RoleGrantForm
from seedling.web.forms import submit


def _to_account(user: User) -> HttpResponse:
    return redirect("web:account_detail", user_id=user.pk)


@scoped
@require_GET
def division_browser(request: ActorRequest, code: str | None = None) -> HttpResponse:
    actor = request.actor
    query = request.GET.get("q", "").strip()
    context: dict[str, object] = {"query": query}
    if query:
        context["results"] = region_selectors.division_search(actor=actor, query=query)
    if code is None:
        context["roots"] = region_selectors.division_roots(actor=actor)
        return render(request, "web/divisions.html", context)
    division = region_selectors.division_get(actor=actor, code=code)
    context.update(
        division=division,
        crumbs=region_selectors.division_breadcrumbs(actor=actor, division=division),
        children=region_selectors.division_children(actor=actor, division=division),
        accounts=account_selectors.account_count(actor=actor, prefix=division.prefix),
    )
    return render(request, "web/divisions.html", context)


@scoped(may=Capability.ACCOUNTS_MANAGE)
@require_GET
def account_list(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    query = request.GET.get("q", "").strip()
    users = account_selectors.account_list(actor=actor, query=query)[:200]
    return render(request, "web/accounts.html", {"users": users, "query": query})


@scoped(may=Capability.ACCOUNTS_MANAGE)
@require_http_methods(["GET", "POST"])
def account_create(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    roles = account_services.manageable_roles(actor)
    form = AccountCreateForm(request.POST or None, actor=actor, choices={"role": roles})
    new = partial(account_services.account_create, actor=actor)
    done = submit(
        request,
        form,
        new,
        saved=lambda u: _("Account %(name)s created.") % {"name": u.username},
        then=_to_account,
    )
    return done or render(request, "web/account_form.html", {"form": form})


@scoped(may=Capability.ACCOUNTS_MANAGE)
@require_http_methods(["GET", "POST"])
def account_detail(request: ActorRequest, user_id: int) -> HttpResponse:
    actor = request.actor
    user = account_selectors.account_get(actor=actor, user_id=user_id)
    roles = account_services.manageable_roles(actor)
    grant_form = RoleGrantForm(None, actor=actor, choices={"role": roles})
    if request.method == "POST":
        try:
            op = request.POST.get("op")
            if op in {"disable", "enable"}:
                account_services.account_set_active(actor=actor, user=user, active=op == "enable")
                messages.success(request, _("Saved."))
                return _to_account(user)
            if op == "revoke":
                assignment = get_for_actor(
                    actor,
                    RoleAssignment,
                    purpose=Purpose.ACCOUNTS,
                    pk=request.POST.get("assignment"),
                    user=user,
                )
                account_services.role_revoke(actor=actor, assignment=assignment)
                messages.success(request, _("Saved."))
                return _to_account(user)
            if op == "grant":
                grant_form = RoleGrantForm(request.POST, actor=actor, choices={"role": roles})
                if grant_form.is_valid():
                    account_services.role_grant(
                        actor=actor,
                        user=user,
                        role=grant_form.cleaned_data["role"],
                        division=grant_form.division,
                    )
                    messages.success(request, _("Saved."))
                    return _to_account(user)
            else:
                raise DjangoPermissionDenied
        except SeedlingError as exc:
            messages.error(request, str(exc))
    assignments = account_selectors.account_assignments(actor=actor, user=user)
    return render(
        request,
        "web/account_detail.html",
        {"subject": user, "assignments": assignments, "grant_form": grant_form},
    )


@scoped(may=Capability.AUDIT_READ)
@require_GET
def audit_log(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    form = AuditFilterForm(request.GET or None)
    filters = AuditFilter()
    if form.is_valid():
        filters = AuditFilter(**{k: v for k, v in form.cleaned_data.items() if v})
    before = request.GET.get("before")
    events = audit_event_list(
        actor=actor, filters=filters, before_id=int(before) if before and before.isdigit() else None
    )
    next_query = None
    if len(events) == 50:
        params = request.GET.copy()
        params["before"] = str(events[-1].pk)
        next_query = params.urlencode()
    return render(request, "web/audit_log.html", {"form": form, "events": events, "next_query": next_query})

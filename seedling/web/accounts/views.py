"""Web views: parse input, call one selector or service, render."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from seedling.access import Actor, Purpose, get_for_actor
from seedling.access.decorators import public, scoped
from seedling.accounts import selectors as account_selectors
from seedling.accounts import services as account_services
from seedling.accounts.enums import ACCOUNT_MANAGERS, Role
from seedling.accounts.models import RoleAssignment
from seedling.audit.selectors import AuditFilter, audit_event_list
from seedling.core import clock
from seedling.core.errors import SeedlingError
from seedling.regions import selectors as region_selectors
from seedling.regions.models import Level
from seedling.registries import selectors as registry_selectors
from seedling.registries.models import Notice
from seedling.web.accounts.forms import AccountCreateForm, AuditFilterForm, LoginForm, RoleGrantForm

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
def home(request: HttpRequest) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
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
        },
    )


NOTICE_DAYS = 30
NOTICE_CAP = 100  # a village's month rarely has more; the registries page keeps the full list


def _recent_notices(actor: Actor) -> list[Notice] | None:
    """The daily job's registry changes of the last 30 days, for the directors and supervisors who
    act on them (issue 4 §4). None for other roles. Notices have no read mark yet, so "recent"
    stands in for "unread"."""
    if not actor.has_role(Role.VILLAGE_DIRECTOR, Role.TOWNSHIP_SUPERVISOR):
        return None
    since = clock.today() - timedelta(days=NOTICE_DAYS)
    return [n for n in registry_selectors.notices(actor=actor, limit=NOTICE_CAP) if n.created_on >= since]


@scoped
@require_GET
def division_browser(request: HttpRequest, code: str | None = None) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
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


@scoped(roles=ACCOUNT_MANAGERS)
@require_GET
def account_list(request: HttpRequest) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    query = request.GET.get("q", "").strip()
    users = account_selectors.account_list(actor=actor, query=query)[:200]
    return render(request, "web/accounts.html", {"users": users, "query": query})


@scoped(roles=ACCOUNT_MANAGERS)
@require_http_methods(["GET", "POST"])
def account_create(request: HttpRequest) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    roles = account_services.manageable_roles(actor)
    form = AccountCreateForm(request.POST or None, actor=actor, roles=roles)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = account_services.account_create(
                actor=actor,
                username=data["username"],
                password=data["password"],
                full_name=data["full_name"],
                phone=data["phone"],
                role=data["role"],
                division=form.division,
            )
        except SeedlingError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, _("Account %(name)s created.") % {"name": user.username})
            return redirect("web:account_detail", user_id=user.pk)
    return render(request, "web/account_form.html", {"form": form})


@scoped(roles=ACCOUNT_MANAGERS)
@require_http_methods(["GET", "POST"])
def account_detail(request: HttpRequest, user_id: int) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    user = account_selectors.account_get(actor=actor, user_id=user_id)
    roles = account_services.manageable_roles(actor)
    grant_form = RoleGrantForm(None, actor=actor, roles=roles)
    if request.method == "POST":
        try:
            op = request.POST.get("op")
            if op in {"disable", "enable"}:
                account_services.account_set_active(actor=actor, user=user, active=op == "enable")
                messages.success(request, _("Saved."))
                return redirect("web:account_detail", user_id=user.pk)
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
                return redirect("web:account_detail", user_id=user.pk)
            if op == "grant":
                grant_form = RoleGrantForm(request.POST, actor=actor, roles=roles)
                if grant_form.is_valid():
                    account_services.role_grant(
                        actor=actor,
                        user=user,
                        role=grant_form.cleaned_data["role"],
                        division=grant_form.division,
                    )
                    messages.success(request, _("Saved."))
                    return redirect("web:account_detail", user_id=user.pk)
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


@scoped(roles=[Role.AUDITOR])
@require_GET
def audit_log(request: HttpRequest) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
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

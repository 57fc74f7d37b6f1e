"""Dashboards of the figures (docs/subsystems/statistics.md): parse, call one selector, render."""

from __future__ import annotations

from datetime import date

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from seedling.access import capabilities
from seedling.access.capabilities import Capability
from seedling.access.decorators import ActorRequest, scoped
from seedling.core import clock
from seedling.core.errors import PermissionDenied, ValidationFailed
from seedling.registries.selectors import ROLLS
from seedling.statistics import selectors, services

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _chart(table: selectors.Table) -> dict[str, object]:
    """What the chart of a table draws (seedling/web/static/statistics/charts.js)."""
    rows = [r for r in table.rows if table.name != "categories" or r[0] != "合计（不重复）"]
    if table.name == "trend":
        return {
            "type": "line",
            "labels": [r[0] for r in rows],
            "series": [{"name": h, "data": [r[i] for r in rows]} for i, h in enumerate(table.headers) if i],
        }
    if table.name == "units":
        top = rows[:30]
        return {
            "type": "bar",
            "labels": [r[1] for r in top],
            "series": [{"name": "合计", "data": [r[3] for r in top]}],
        }
    return {
        "type": table.chart,
        "labels": [r[0] for r in rows],
        "series": [{"name": table.headers[1], "data": [r[1] for r in rows]}],
    }


def _refused(request: ActorRequest, error: ValidationFailed | PermissionDenied) -> HttpResponse:
    return render(request, "statistics/refused.html", {"message": error.message}, status=error.status)


@scoped(may=Capability.STATISTICS_READ)
@require_GET
def start(request: ActorRequest) -> HttpResponse:
    roots = selectors.roots(actor=request.actor)
    if len(roots) == 1:
        return redirect("statistics:dashboard", roots[0].division_code or "nation")
    return render(request, "statistics/start.html", {"roots": roots})


@scoped(may=Capability.STATISTICS_READ)
@require_GET
def dashboard(request: ActorRequest, code: str) -> HttpResponse:
    try:
        area = selectors.area_for(actor=request.actor, code=code)
    except ValidationFailed as error:
        return _refused(request, error)
    as_of = clock.today()
    board = selectors.dashboard(actor=request.actor, area=area, as_of=as_of)
    context = {
        "board": board,
        "tables": [(t, _chart(t), f"chart-{t.name}") for t in selectors.tables(board)],
        "rolls": [(c, selectors.category_label(c)) for c in board.categories if c in ROLLS],
        "elsewhere": selectors.elsewhere(actor=request.actor, area=area, as_of=as_of),
        "code": code,
    }
    return render(request, "statistics/dashboard.html", context)


@scoped(may=Capability.STATISTICS_READ)
@require_GET
def workbook(request: ActorRequest, code: str) -> HttpResponse:
    try:
        area = selectors.area_for(actor=request.actor, code=code)
        board = selectors.dashboard(actor=request.actor, area=area, as_of=clock.today())
        data = selectors.workbook(actor=request.actor, board=board, name=request.GET.get("table", ""))
    except ValidationFailed as error:
        return _refused(request, error)
    response = HttpResponse(data, content_type=XLSX)
    name = f"statistics-{area.code or 'nation'}-{date.isoformat(board.as_of)}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- the monthly bulletin -------------------------------------------------------------------------


def _month(value: str) -> date:
    try:
        return date.fromisoformat(f"{value}-01")
    except ValueError as exc:
        raise ValidationFailed(_("Give the month as YYYY-MM."), code="bulletin.month") from exc


@scoped(may=Capability.STATISTICS_READ)
@require_http_methods(["GET", "POST"])
def bulletin_draft(request: ActorRequest, code: str) -> HttpResponse:
    actor = request.actor
    try:
        area = selectors.area_for(actor=actor, code=code)
        month = _month(request.GET.get("month") or clock.today().strftime("%Y-%m"))
        if request.method == "POST":
            deadline = request.POST.get("deadline") or ""
            try:
                due = date.fromisoformat(deadline) if deadline else None
            except ValueError as exc:
                raise ValidationFailed(
                    _("Give the deadline as YYYY-MM-DD."), code="bulletin.deadline"
                ) from exc
            issued = services.bulletin_issue(actor=actor, area=area, month=month, deadline=due)
            return redirect("statistics:bulletin", issued.pk)
        content = selectors.bulletin_draft(actor=actor, area=area, month=month, as_of=clock.today())
    except (ValidationFailed, PermissionDenied) as error:
        return _refused(request, error)
    context = {
        "content": content,
        "columns": selectors.BULLETIN_COLUMNS,
        "draft": True,
        "may_issue": capabilities.may(actor, Capability.BULLETIN_ISSUE, area.code),
        "code": code,
    }
    return render(request, "statistics/bulletin.html", context)


@scoped(may=Capability.STATISTICS_READ)
@require_GET
def bulletin(request: ActorRequest, bulletin_id: int) -> HttpResponse:
    issued = selectors.bulletin_get(actor=request.actor, bulletin_id=bulletin_id)
    context = {"content": issued.content, "columns": selectors.BULLETIN_COLUMNS, "bulletin": issued}
    return render(request, "statistics/bulletin.html", context)


@scoped(may=Capability.STATISTICS_READ)
@require_GET
def bulletin_workbook(request: ActorRequest, bulletin_id: int) -> HttpResponse:
    issued = selectors.bulletin_get(actor=request.actor, bulletin_id=bulletin_id)
    response = HttpResponse(
        selectors.bulletin_workbook(actor=request.actor, bulletin=issued), content_type=XLSX
    )
    response["Content-Disposition"] = f'attachment; filename="bulletin-{issued.pk}.xlsx"'
    return response


@scoped(may=Capability.STATISTICS_READ)
@require_GET
def bulletin_list(request: ActorRequest) -> HttpResponse:
    return render(
        request, "statistics/bulletins.html", {"bulletins": selectors.bulletins(actor=request.actor)[:100]}
    )

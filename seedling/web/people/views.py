"""Pages of the personal files: list, file page, create and edit, reveal, history, duplicates,
transfers, export. Every read goes through people.selectors (scoped, audited)."""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import messages
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from seedling.access import capabilities, visibility
from seedling.access.capabilities import Capability
from seedling.access.decorators import ActorRequest, scoped
from seedling.audit.enums import Action
from seedling.audit.services import audit_record, file_viewed
from seedling.core import clock
from seedling.core.errors import SeedlingError, StaleEdit
from seedling.core.sensitivity import Sensitivity
from seedling.core.tabular import csv_cell
from seedling.people import selectors, services, workflow
from seedling.people.enums import FileStatus
from seedling.people.recode import recode_from_file
from seedling.people.records import WomanRecord
from seedling.people.services import AlreadyFiled, InvalidFile
from seedling.registries import selectors as registry_selectors
from seedling.web.forms import FileVersionForm, submit
from seedling.web.people.forms import (
    ChildFilterForm,
    ChildFormBundle,
    RevealForm,
    ReviewForm,
    TransferRequestForm,
    WomanForm,
)
from seedling.web.templatetags.seedling import choice_label, choice_labels

casework = scoped(may=Capability.FILE_WORK)


def _filters(form: ChildFilterForm) -> selectors.ChildFilter | None:
    """The filter, or None when the query is not valid (the list is then empty, the form says why)."""
    if not form.is_bound:
        return selectors.ChildFilter()
    if not form.is_valid():
        return None
    d = form.cleaned_data
    return selectors.ChildFilter(
        division_prefix=d["division"] or "",
        category=d["category"],
        risk=d["risk"],
        age_band=d["age"],
        sex=d["sex"],
        schooling=d["schooling"],
        incomplete=d["incomplete"],
        no_hukou=d["no_hukou"],
        query=d["q"] or "",
    )


@casework
@require_GET
def child_list(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    form = ChildFilterForm(request.GET or None)
    filters = _filters(form)
    page = (
        selectors.child_list(actor=actor, filters=filters, cursor=request.GET.get("after"))
        if filters
        else selectors.Page(items=[], next_cursor=None)
    )
    next_query = None
    if page.next_cursor:
        params = request.GET.copy()
        params["after"] = page.next_cursor
        next_query = params.urlencode()
    export_query = request.GET.copy()
    export_query.pop("after", None)
    return render(
        request,
        "web/children/list.html",
        {
            "form": form,
            "page": page,
            "next_query": next_query,
            "export_query": export_query.urlencode(),
        },
    )


def _save(request: ActorRequest, bundle: ChildFormBundle, child: Any = None) -> HttpResponse | None:
    actor = request.actor
    if not bundle.is_valid():
        return None
    record, sent = bundle.to_record(), bundle.sent()
    try:
        if child is None:
            saved = services.child_create(actor=actor, record=record, sent=sent)
        else:
            saved = services.child_update(
                actor=actor, child=child, record=record, sent=sent, version=bundle.version
            )
    except StaleEdit as exc:
        bundle.stale(exc)
        return None
    except InvalidFile as exc:
        bundle.add_problems(exc.problems)
        return None
    except AlreadyFiled as exc:
        bundle.main.add_error("id_number", exc.message)
        bundle.already_filed = exc
        return None
    except SeedlingError as exc:
        bundle.main.add_error(exc.field if exc.field in bundle.main.fields else None, exc.message)
        return None
    for w in saved.warnings:
        messages.warning(request, w.message)
    messages.success(request, _("Saved."))
    return redirect("web:child_detail", child_id=saved.child.pk)


@casework
@require_http_methods(["GET", "POST"])
def child_create(request: ActorRequest) -> HttpResponse:
    bundle = ChildFormBundle(request.POST or None, actor=request.actor)
    if request.method == "POST":
        response = _save(request, bundle)
        if response is not None:
            return response
    return render(
        request,
        "web/children/form.html",
        {
            "bundle": bundle,
            "already_filed": bundle.already_filed,
            "transfer_form": TransferRequestForm(
                actor=request.actor,
                initial={
                    "id_number": request.POST.get("id_number", ""),
                    "to_code": request.POST.get("division_code", ""),
                },
            ),
        },
    )


@casework
@require_http_methods(["GET", "POST"])
def child_edit(request: ActorRequest, child_id: int) -> HttpResponse:
    actor = request.actor
    # Showing the edit form shows the file: that read is audited like the file page (a POST that
    # answers with the form again, to show an error, reads it too).
    read = selectors.child_view if request.method == "GET" else selectors.child_get
    child = read(actor=actor, child_id=child_id)
    bundle = ChildFormBundle(
        request.POST or None, actor=actor, record=services.child_record(child), version=child.version
    )
    if request.method == "POST":
        response = _save(request, bundle, child)
        if response is not None:
            return response
        file_viewed(actor=actor, subject=child, subject_type="child")
    return render(request, "web/children/form.html", {"bundle": bundle, "child": child})


@casework
@require_GET
def child_detail(request: ActorRequest, child_id: int) -> HttpResponse:
    actor = request.actor
    child = selectors.child_view(actor=actor, child_id=child_id)
    view = visibility.project(actor, services.child_record(child), visibility.Output.FILE)
    tab = request.GET.get("tab", "file")
    context: dict[str, Any] = {
        "child": child,  # keys, status and village only: every personal value comes from `v`
        "v": view,
        "parents": (view.father, view.mother),
        "tab": tab,
        "may_reveal": visibility.may_reveal(actor, Sensitivity.IDENTIFIER, child.division_code),
        "today": clock.today(),
        "registry": registry_selectors.file_registry(actor=actor, child=child),
        "missing_details": selectors.missing_details(actor=actor, child=child),
    }
    if tab == "history":
        context["history"] = selectors.child_history(actor=actor, child=child)
        context["steps"] = selectors.file_steps(actor=actor, child=child)
    context["may_submit"] = child.status in (FileStatus.DRAFT, FileStatus.RETURNED) and capabilities.may(
        actor, Capability.FILE_SUBMIT, child.division_code
    )
    if child.status == FileStatus.SUBMITTED and capabilities.may(
        actor, Capability.FILE_REVIEW, child.division_code
    ):
        context["review_form"] = ReviewForm(initial={"version": workflow.version_of(child)})
    if child.status == FileStatus.RETURNED:
        context["returned"] = selectors.returned_step(actor=actor, child=child)
    return render(request, "web/children/detail.html", context)


@scoped(may=Capability.FILE_SUBMIT)
@require_POST
def child_submit(request: ActorRequest, child_id: int) -> HttpResponse:
    """The director submits (or resubmits) the file for the township's review."""
    child = selectors.child_get(actor=request.actor, child_id=child_id)
    submit(
        request,
        None,
        lambda: workflow.file_submit(actor=request.actor, child=child),
        saved=_("Submitted for review."),
    )
    return redirect("web:child_detail", child_id=child_id)


@scoped(may=Capability.FILE_REVIEW)
@require_POST
def child_review(request: ActorRequest, child_id: int) -> HttpResponse:
    """The township approves the file, or returns it with a reason naming the fields."""
    child = selectors.child_get(actor=request.actor, child_id=child_id)
    form = ReviewForm(request.POST)
    submit(
        request,
        form,
        lambda **kw: workflow.file_review(actor=request.actor, child=child, **kw),
        saved=_("Review recorded."),
    )
    return redirect("web:child_detail", child_id=child_id)


@scoped(may=Capability.FILE_REVIEW)
@require_GET
def review_queue(request: ActorRequest) -> HttpResponse:
    """The township's review queue: submitted files, oldest first."""
    return render(
        request, "web/children/review_queue.html", {"rows": selectors.review_queue(actor=request.actor)}
    )


@casework
@require_GET
def details_review(request: ActorRequest) -> HttpResponse:
    """The township's review list: files filed with details still to complete (file.md#v-detail)."""
    page = selectors.review_list(actor=request.actor, cursor=request.GET.get("after"))
    return render(request, "web/children/review.html", {"page": page})


@casework
@require_POST
def child_reveal(request: ActorRequest, child_id: int) -> HttpResponse:
    actor = request.actor
    child = selectors.child_get(actor=actor, child_id=child_id)
    form = RevealForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("Say why you need to see this value."), status=400)
    try:
        value = services.child_reveal(
            actor=actor, child=child, field=form.cleaned_data["field"], reason=form.cleaned_data["reason"]
        )
    except SeedlingError as exc:
        return HttpResponse(exc.message, status=exc.status)
    return render(
        request, "web/children/revealed.html", {"value": value, "field": form.cleaned_data["field"]}
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


EXPORT_HEADER = [
    "区划代码",
    "村（社区）",
    "姓名",
    "性别",
    "出生日期",
    "身份证号码",
    "无户籍",
    "儿童类别（填报）",
    "家庭监护风险等级",
    "就学情况",
    # docs/ledger.md#export-columns: the rules' answer beside the village's declaration.
    "系统判定类别",
    "判定依据",
    "下次复核日期",
]


@casework
@require_GET
def child_export(request: ActorRequest) -> StreamingHttpResponse:
    """The filtered list as CSV (Excel opens it), as access.visibility lets the reader export it
    (masked ID numbers, never the HIV category); audited."""
    actor = request.actor
    filters = _filters(ChildFilterForm(request.GET or None)) or selectors.ChildFilter(category="-")
    audit_record(
        actor=actor,
        action=Action.EXPORTED,
        division_code=filters.division_prefix or actor.home_code,
        subject_type="child_list",
        detail={"filters": {k: v for k, v in vars(filters).items() if v}},
    )

    def rows() -> Any:
        writer = csv.writer(_Echo())
        yield "\ufeff" + writer.writerow(EXPORT_HEADER)  # BOM: Excel reads UTF-8 Chinese correctly
        cursor = None
        while True:
            page = selectors.child_rows(actor=actor, filters=filters, cursor=cursor, limit=500)
            dets = registry_selectors.determinations_for(actor=actor, children=page.items)
            for c in page.items:
                v = visibility.project(actor, c, visibility.Output.EXPORT)
                yield writer.writerow(
                    map(
                        csv_cell,
                        [
                            c.division_code,
                            c.division.name,
                            v.name,
                            choice_label(v.sex, "Sex"),
                            v.birth_date.isoformat(),
                            v.id_number or "",
                            "是" if v.no_hukou else "否",
                            choice_labels(v.declared_categories, "DeclaredCategory"),
                            choice_label(v.risk_level, "RiskLevel"),
                            choice_label(v.schooling, "Schooling"),
                            *registry_selectors.export_columns(
                                actor=actor, child=c, determination=dets.get(c.pk), preloaded=True
                            ),
                        ],
                    )
                )
            if not page.next_cursor:
                return
            cursor = page.next_cursor

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="children.csv"'
    return response


@casework
@require_http_methods(["GET", "POST"])
def duplicates(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    if request.method == "POST":
        try:
            keep = selectors.child_get(actor=actor, child_id=request.POST.get("keep", ""))
            drop = selectors.child_get(actor=actor, child_id=request.POST.get("drop", ""))
            services.child_merge(actor=actor, keep=keep, drop=drop)
        except SeedlingError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Merged. Both histories are kept."))
            return redirect("web:child_detail", child_id=keep.pk)
    return render(
        request, "web/children/duplicates.html", {"groups": selectors.duplicate_groups(actor=actor)}
    )


@casework
@require_http_methods(["GET", "POST"])
def transfers(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    op = request.POST.get("op") if request.method == "POST" else None
    form = TransferRequestForm(request.POST if op == "request" else None, actor=actor)
    if request.method == "POST":
        try:
            if op == "request":
                if form.is_valid():
                    services.transfer_request(actor=actor, **form.cleaned_data)
                    messages.success(request, _("Transfer requested. The area holding the file will decide."))
                    return redirect("web:transfers")
            elif op in {"approve", "reject", "cancel"}:
                transfer = selectors.transfer_get(actor=actor, transfer_id=request.POST.get("transfer", ""))
                if op == "cancel":
                    services.transfer_cancel(actor=actor, transfer=transfer)
                else:
                    services.transfer_decide(
                        actor=actor,
                        transfer=transfer,
                        approve=op == "approve",
                        note=request.POST.get("note", ""),
                    )
                messages.success(request, _("Saved."))
                return redirect("web:transfers")
        except SeedlingError as exc:
            messages.error(request, exc.message)
    rows = []
    for t in selectors.transfer_list(actor=actor):
        holder = any(t.from_code.startswith(p) for p in selectors.casework_scope(actor))
        rows.append({"t": t, "holder": holder})
    return render(request, "web/children/transfers.html", {"rows": rows, "form": form})


@casework
@require_GET
def woman_list(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    page = selectors.woman_list(actor=actor, cursor=request.GET.get("after"), query=request.GET.get("q", ""))
    return render(request, "web/women/list.html", {"page": page, "query": request.GET.get("q", "")})


@casework
@require_http_methods(["GET", "POST"])
def woman_form(request: ActorRequest, woman_id: int | None = None) -> HttpResponse:
    actor = request.actor
    woman = selectors.woman_view(actor=actor, woman_id=woman_id) if woman_id else None
    initial = None
    if woman is not None:  # as the editor may see it: numbers masked, sent back unchanged they stay
        view = visibility.project(actor, services.woman_record(woman), visibility.Output.FILE)
        initial = {f: getattr(view, f) for f in services.WOMAN_FIELDS if f not in view.withheld}
        initial["division_code"] = woman.division_code
    form = WomanForm(request.POST or None, actor=actor, initial=initial)
    stamp = FileVersionForm(request.POST or None, initial={"version": woman.version if woman else None})
    for name in visibility.unwritable(actor, WomanRecord, woman.division_code if woman else None):
        form.fields.pop(name, None)
    if request.method == "POST" and form.is_valid() and stamp.is_valid():
        try:
            saved = services.woman_save(
                actor=actor, record=form.to_record(), woman=woman, version=stamp.cleaned_data["version"]
            )
        except StaleEdit as exc:  # as on a child's file (ChildFormBundle.stale)
            form.add_error(None, exc.message)
            stamp = FileVersionForm(initial={"version": exc.params["version"]})
        except InvalidFile as exc:
            for p in exc.problems:
                form.add_error(p.field if p.field in form.fields else None, p.message)
        except SeedlingError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("web:woman_edit", woman_id=saved.pk)
    return render(request, "web/women/form.html", {"form": form, "woman": woman, "stamp": stamp})


_UPLOAD_LIMIT = 10 * 1024 * 1024  # a change table of a whole province is well under this


@scoped(may=Capability.DIVISION_RECODE)
@require_http_methods(["GET", "POST"])
def reattribute(request: ActorRequest) -> HttpResponse:
    """Files at retired codes or under a township's "其他" placeholder, and the change table that moves
    them (川民政厅 2020 专项行动实施方案 附件1): preview (a dry run) or apply."""
    actor = request.actor
    report = None
    if request.method == "POST":
        upload = request.FILES.get("table")
        if upload is None or (upload.size or 0) > _UPLOAD_LIMIT:
            messages.error(request, _("Choose a change table (.xlsx or .csv, at most 10 MB)."))
        else:
            apply = request.POST.get("op") == "apply"
            try:
                report = recode_from_file(
                    actor=actor, content=upload.read(), file_name=upload.name or "", dry_run=not apply
                )
            except SeedlingError as exc:
                messages.error(request, exc.message)
            else:
                if apply and not report.errors:
                    messages.success(
                        request, _("%(files)s files moved to their new codes.") % {"files": report.files}
                    )
                    return redirect("web:reattribute")
    listed = selectors.to_reattribute(actor=actor)
    return render(request, "web/children/reattribute.html", {"listed": listed, "report": report})

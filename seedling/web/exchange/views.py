"""Ledger workbook pages: template, upload -> dry run -> confirm -> progress -> error report; export.

Small files and areas run inline in the request (no worker needed); larger ones are queued as
django-tasks jobs (`python manage.py db_worker`) and the page polls the job's status with htmx.
"""

from __future__ import annotations

import tempfile
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from seedling.access import capabilities
from seedling.access.capabilities import Capability
from seedling.access.decorators import ActorRequest, scoped
from seedling.core.errors import SeedlingError
from seedling.core.tabular import WorkbookUnreadable
from seedling.exchange import export_jobs, ledger_export, ledger_import, selectors
from seedling.exchange.models import ImportJob, JobStatus
from seedling.exchange.tasks import export_ledger_task, import_ledger_task

casework = scoped(may=Capability.FILE_EXPORT)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_UPLOAD = 50 * 1024 * 1024


def _start(request: ActorRequest, job: ImportJob) -> None:
    inline_rows = getattr(settings, "SEEDLING_IMPORT_INLINE_ROWS", 2000)
    if job.total <= inline_rows:
        ledger_import.import_run(actor=request.actor, job=job)
    else:
        import_ledger_task.enqueue(job.pk)


def _job_page(
    request: ActorRequest, job: Any, done: int, fragment: str, page: str, **extra: Any
) -> HttpResponse:
    """A job's page, or only its status fragment for htmx polling (every second while it runs)."""
    # min: an import's total is estimated until its last batch (blank rows count in it).
    context = {"job": job, "percent": min(100, int(100 * done / job.total)) if job.total else 100, **extra}
    template = fragment if request.headers.get("HX-Request") else page
    return render(request, f"web/exchange/{template}.html", context)


@casework
@require_http_methods(["GET", "POST"])
def exchange_index(request: ActorRequest) -> HttpResponse:
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None or upload.size is None or upload.size > MAX_UPLOAD:
            messages.error(request, _("Choose an Excel workbook (.xlsx) of at most 50 MB."))
            return redirect("web:exchange_index")
        try:
            job = ledger_import.import_create(
                actor=request.actor,
                content=upload.read(),
                file_name=upload.name or "",
                dry_run=True,
                reviewed=request.POST.get("reviewed") == "on",
            )
        except WorkbookUnreadable as exc:
            messages.error(request, exc.error.message)
            return redirect("web:exchange_index")
        except SeedlingError as exc:  # filing as reviewed without the capability
            messages.error(request, exc.message)
            return redirect("web:exchange_index")
        _start(request, job)
        return redirect("web:exchange_job", job_id=job.pk)
    may_review = capabilities.may(request.actor, Capability.FILE_IMPORT_REVIEWED)
    return render(request, "web/exchange/index.html", {"may_file_reviewed": may_review})


@casework
@require_GET
def exchange_job(request: ActorRequest, job_id: int) -> HttpResponse:
    job = selectors.import_job_get(actor=request.actor, job_id=job_id)
    return _job_page(
        request,
        job,
        job.cursor,
        "status",
        "job",
        errors=job.errors[:50],
        errors_capped=len(job.errors) >= ledger_import.MAX_LISTED_ERRORS,
    )


@casework
@require_POST
def exchange_commit(request: ActorRequest, job_id: int) -> HttpResponse:
    dry = selectors.import_job_get(actor=request.actor, job_id=job_id)
    if not dry.dry_run or dry.status != JobStatus.DONE:
        return redirect("web:exchange_job", job_id=dry.pk)
    job = ledger_import.import_create(
        actor=request.actor,
        content=bytes(dry.content),
        file_name=dry.file_name,
        dry_run=False,
        reviewed=dry.reviewed,  # what was checked is what is filed
    )
    _start(request, job)
    return redirect("web:exchange_job", job_id=job.pk)


@casework
@require_GET
def exchange_errors(request: ActorRequest, job_id: int) -> HttpResponse:
    job = selectors.import_job_get(actor=request.actor, job_id=job_id)
    data = ledger_import.error_report(actor=request.actor, job=job)
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="import-{job.pk}-errors.xlsx"'
    return response


@casework
@require_GET
def exchange_template(request: ActorRequest) -> FileResponse:
    out = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it after sending
    ledger_export.ledger_template(out, request.actor)
    out.seek(0)
    return FileResponse(out, as_attachment=True, filename="ledger-template.xlsx", content_type=XLSX)


@casework
@require_POST
def exchange_export(request: ActorRequest) -> HttpResponse:
    """Ask for the workbook of the area (or a division in it); small areas are written at once."""
    actor = request.actor
    job = export_jobs.export_create(actor=actor, division_code=request.POST.get("division", "").strip())
    if job.total <= settings.SEEDLING_EXPORT_INLINE_ROWS:
        export_jobs.export_run(actor=actor, job=job)
    else:
        export_ledger_task.enqueue(job.pk)
    return redirect("web:exchange_export_job", job_id=job.pk)


@casework
@require_GET
def exchange_export_job(request: ActorRequest, job_id: int) -> HttpResponse:
    job = export_jobs.export_job_get(actor=request.actor, job_id=job_id)
    return _job_page(request, job, job.done, "export_status", "export_job")


@casework
@require_GET
def exchange_export_file(request: ActorRequest, job_id: int) -> FileResponse:
    path = export_jobs.export_path(actor=request.actor, job_id=job_id)
    return FileResponse(path.open("rb"), as_attachment=True, filename="ledger.xlsx", content_type=XLSX)

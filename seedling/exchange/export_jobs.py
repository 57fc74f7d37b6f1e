"""Ledger exports as jobs: asked for in the web, written in the background with progress, downloaded
once ready by the user who asked. The command line writes directly (ledger_export).
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.http import Http404
from django.utils import timezone

from seedling.access import Actor
from seedling.accounts.actors import actor_for_user
from seedling.core.errors import ValidationFailed
from seedling.exchange import ledger_export
from seedling.exchange.models import ExportJob, JobStatus


def _dir() -> Path:
    path = Path(settings.SEEDLING_EXPORT_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


def export_purge() -> int:
    """Delete workbooks older than the keeping time (they hold personal data); returns how many."""
    cutoff = timezone.now() - timedelta(hours=settings.SEEDLING_EXPORT_KEEP_HOURS)
    old = ExportJob.objects.filter(created_at__lt=cutoff).exclude(file_name="")
    n = 0
    for job in old:
        (_dir() / job.file_name).unlink(missing_ok=True)
        n += 1
    old.update(file_name="")
    return n


def export_create(*, actor: Actor, division_code: str = "") -> ExportJob:
    """A job for the actor's area, or a division within it (404 outside, as everywhere)."""
    if actor.user_id is None:
        raise ValidationFailed("请先登录。", code="auth.required")
    children, women = ledger_export.export_files(actor=actor, division_code=division_code)
    export_purge()
    return ExportJob.objects.create(
        user_id=actor.user_id, division_code=division_code, total=children.count() + women.count()
    )


def export_run(*, actor: Actor, job: ExportJob) -> ExportJob:
    """Write the workbook; progress is committed page by page so the web can show it."""
    job = ExportJob.objects.get(pk=job.pk, user_id=actor.user_id or 0)
    if job.status == JobStatus.DONE:
        return job
    name = f"ledger-{job.pk}-{secrets.token_hex(8)}.xlsx"  # unguessable, though never served by name
    ExportJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, heartbeat=timezone.now())

    def progress(done: int) -> None:
        ExportJob.objects.filter(pk=job.pk).update(done=done, heartbeat=timezone.now())

    try:
        written = ledger_export.ledger_export(
            actor=actor,
            out=str(_dir() / name),
            division_code=job.division_code,
            progress=progress,
            rows=job.total,  # counted when the job was asked for: not again
        )
    except Exception as exc:  # the job records the failure for the page; the worker logs it too
        (_dir() / name).unlink(missing_ok=True)
        job.status, job.failure = JobStatus.FAILED, "导出失败，请稍后重试或联系管理员。"
        job.save(update_fields=["status", "failure"])
        raise exc
    job.status, job.done, job.file_name, job.finished_at = JobStatus.DONE, written, name, timezone.now()
    job.total = max(job.total, written)
    job.save(update_fields=["status", "done", "file_name", "finished_at", "total"])
    return job


def export_run_by_id(job_id: int) -> None:
    """The background task's body: the job's own user is the actor."""
    job = ExportJob.objects.select_related("user").get(pk=job_id)
    export_run(actor=actor_for_user(job.user), job=job)


def export_job_get(*, actor: Actor, job_id: int) -> ExportJob:
    job = ExportJob.objects.filter(pk=job_id, user_id=actor.user_id or 0).first()
    if job is None:
        raise Http404("Not found.")  # the same answer for "missing" and "someone else's" (ADR 0002)
    return job


def export_path(*, actor: Actor, job_id: int) -> Path:
    """The finished workbook of the actor's own job; 404 when not ready or already deleted."""
    job = export_job_get(actor=actor, job_id=job_id)
    path = _dir() / job.file_name
    if job.status != JobStatus.DONE or not job.file_name or not path.exists():
        raise Http404("Not found.")
    return path

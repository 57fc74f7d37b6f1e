"""Jobs whose process was killed (out of memory, a restart, `kill -9`) stop beating; they are marked
failed, with what was done, so that nobody waits on "running" for ever. An import marked failed is
resumed by running it again: its committed batches stay (seedling.exchange.ledger_import.job)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Final

from django.db import transaction
from django.db.models import Q

from seedling.exchange.ledger_import.job import failure_message
from seedling.exchange.models import ExportJob, ImportJob, JobStatus

# A batch of 5,000 rows takes seconds; a job silent for this long is not running.
STALLED_AFTER: Final = timedelta(minutes=10)


def _stalled(now: datetime) -> Q:
    before = now - STALLED_AFTER
    return Q(status=JobStatus.RUNNING) & (
        Q(heartbeat__lt=before) | Q(heartbeat__isnull=True, created_at__lt=before)
    )


@transaction.atomic
def fail_stalled(*, now: datetime) -> int:
    """Mark every stalled import and export failed; returns how many."""
    marked = 0
    for job in ImportJob.objects.select_for_update().filter(_stalled(now)):
        job.status, job.failure = JobStatus.FAILED, failure_message(job)
        job.save(update_fields=["status", "failure"])
        marked += 1
    marked += ExportJob.objects.filter(_stalled(now)).update(
        status=JobStatus.FAILED, failure="导出过程被中断，没有生成文件。请重新导出。"
    )
    return marked

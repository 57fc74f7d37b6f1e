"""Background import jobs (django-tasks, database backend: `python manage.py db_worker` runs them)."""

from __future__ import annotations

from django_tasks import task

from seedling.exchange import export_jobs, ledger_import


@task()
def import_ledger_task(job_id: int) -> None:
    """Run or resume one import job; running it again after a crash resumes at its cursor."""
    ledger_import.import_run_by_id(job_id)


@task()
def export_ledger_task(job_id: int) -> None:
    """Write one export job's workbook."""
    export_jobs.export_run_by_id(job_id)

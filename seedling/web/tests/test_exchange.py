"""The ledger workbook pages through HTTP: upload, dry run, confirm, error report, template, export."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

import python_calamine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from seedling.access import visible_to
from seedling.audit.enums import Action
from seedling.audit.models import AuditEvent
from seedling.exchange import export_jobs
from seedling.exchange.models import ExportJob, ImportJob
from seedling.exchange.tests.test_ledger_import import number, row, workbook
from seedling.people import services
from seedling.people.models import Child
from seedling.people.tests.factories import left_behind


def _upload(client, content: bytes):
    return client.post("/ledger/", {"file": SimpleUploadedFile("台账.xlsx", content)})


def test_upload_dry_run_confirm_and_error_report(client_of, actor_of):
    client = client_of("demo-county")
    content = workbook([row("林一", number(date(2014, 4, 2), 101)), row("林二", 5.1e17)])
    response = _upload(client, content)
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/ledger/jobs/{job.pk}/"
    page = client.get(f"/ledger/jobs/{job.pk}/").content.decode()
    assert re.search(r'id="count-created">1<', page) and re.search(r'id="count-rejected">1<', page)
    assert not visible_to(actor_of("demo-county"), Child).exists()  # a dry run saves nothing
    response = client.post(f"/ledger/jobs/{job.pk}/commit/")
    real = ImportJob.objects.exclude(pk=job.pk).get()
    assert (real.dry_run, real.created, real.rejected) == (False, 1, 1)
    assert visible_to(actor_of("demo-county"), Child).count() == 1
    report = client.get(f"/ledger/jobs/{real.pk}/errors.xlsx")
    assert report.status_code == 200 and report.content[:2] == b"PK"
    # htmx polling gets the status fragment alone
    fragment = client.get(f"/ledger/jobs/{real.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert fragment.startswith('<div id="job-status"')


def test_someone_elses_job_is_404(client_of):
    _upload(client_of("demo-county"), workbook([row("林一", number(date(2014, 4, 2), 102))]))
    job = ImportJob.objects.get()
    assert client_of("demo-township").get(f"/ledger/jobs/{job.pk}/").status_code == 404


def test_unreadable_upload_says_so(client_of):
    client = client_of("demo-county")
    response = _upload(client, b"not a workbook")
    assert response.status_code == 302 and response["Location"] == "/ledger/"
    assert not ImportJob.objects.exists()


def test_template_download(client_of):
    assert b"".join(client_of("demo-county").get("/ledger/template.xlsx").streaming_content)[:2] == b"PK"


def _names_in(body: bytes) -> list[str]:
    rows = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(body)).get_sheet_by_name("儿童台账")
    table = rows.to_python()
    at = [str(h).rstrip("*") for h in table[0]].index("姓名")
    return [r[at] for r in table[1:]]


def test_small_export_is_written_at_once_and_downloaded_by_its_owner_only(client_of, actor_of):
    services.child_create(
        actor=actor_of("demo-county"),
        record=left_behind(name="林一"),
    )
    client = client_of("demo-county")
    response = client.post("/ledger/export/", {"division": "360313001000"})
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/ledger/exports/{job.pk}/"
    assert (job.status, job.done, job.total) == ("done", 1, 1)
    page = client.get(f"/ledger/exports/{job.pk}/").content.decode()
    assert 'id="export-download"' in page
    body = b"".join(client.get(f"/ledger/exports/{job.pk}/ledger.xlsx").streaming_content)
    assert _names_in(body) == ["林一"]
    # Someone else's job, and a division outside the area, are "not found".
    assert client_of("demo-township").get(f"/ledger/exports/{job.pk}/ledger.xlsx").status_code == 404
    assert client.post("/ledger/export/", {"division": "360302000000"}).status_code == 404
    event = AuditEvent.unscoped.get(action=Action.EXPORTED, actor=job.user)
    assert event.detail == {"format": "ledger.xlsx", "rows": 1, "division": "360313001000"}


def test_large_export_runs_in_the_worker_with_progress(client_of, actor_of, settings, tmp_path):
    settings.SEEDLING_EXPORT_INLINE_ROWS = 0
    settings.SEEDLING_EXPORT_DIR = tmp_path
    county = actor_of("demo-county")
    for i in range(3):
        services.child_create(
            actor=county,
            record=left_behind(name=f"林{i}"),
        )
    client = client_of("demo-county")
    client.post("/ledger/export/", {})
    job = ExportJob.objects.get()
    assert job.status == "pending" and job.total == 3
    fragment = client.get(f"/ledger/exports/{job.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 1s"' in fragment  # the page keeps polling while the job waits
    queued = DBTaskResult.objects.get(task_path="seedling.exchange.tasks.export_ledger_task")
    assert queued.args_kwargs["args"] == [job.pk]
    # The worker's own loop closes connections, which a test transaction cannot survive; the
    # browser test (tests/e2e/test_ledger_import.py) runs the real `db_worker --batch`.
    with CaptureQueriesContext(connection) as queries:
        export_jobs.export_run_by_id(job.pk)
    job.refresh_from_db()
    assert (job.status, job.done) == ("done", 3)
    # The audit records the files counted when the job was asked for; the run does not count again.
    event = AuditEvent.unscoped.get(action=Action.EXPORTED, actor=job.user)
    assert event.detail == {"format": "ledger.xlsx", "rows": 3, "division": ""}
    assert not [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
    assert sorted(
        _names_in(b"".join(client.get(f"/ledger/exports/{job.pk}/ledger.xlsx").streaming_content))
    ) == [
        "林0",
        "林1",
        "林2",
    ]


def test_old_workbooks_are_deleted(client_of, settings, tmp_path):
    settings.SEEDLING_EXPORT_DIR = tmp_path
    client = client_of("demo-county")
    client.post("/ledger/export/", {})
    job = ExportJob.objects.get()
    assert (tmp_path / job.file_name).exists()
    ExportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(hours=25))
    client.post("/ledger/export/", {})  # each new export purges the expired ones
    old = ExportJob.objects.get(pk=job.pk)
    assert old.file_name == "" and list(tmp_path.iterdir()) == [
        tmp_path / ExportJob.objects.exclude(pk=job.pk).get().file_name
    ]
    assert client.get(f"/ledger/exports/{job.pk}/ledger.xlsx").status_code == 404


def test_the_county_files_its_checked_ledger_as_reviewed_from_the_page(client_of, actor_of):
    county = client_of("demo-county")
    assert 'name="reviewed"' in county.get("/ledger/").content.decode()
    assert 'name="reviewed"' not in client_of("demo-village").get("/ledger/").content.decode()
    content = workbook([row("林一", number(date(2014, 4, 2), 103))])
    county.post("/ledger/", {"file": SimpleUploadedFile("台账.xlsx", content), "reviewed": "on"})
    dry = ImportJob.objects.get()
    assert dry.reviewed and "filed-reviewed" in county.get(f"/ledger/jobs/{dry.pk}/").content.decode()
    county.post(f"/ledger/jobs/{dry.pk}/commit/")
    real = ImportJob.objects.exclude(pk=dry.pk).get()
    assert real.reviewed and real.created == 1
    assert visible_to(actor_of("demo-county"), Child).get().status == "reviewed"
    # A director cannot file as reviewed by sending the field anyway.
    village = client_of("demo-village")
    village.post("/ledger/", {"file": SimpleUploadedFile("台账.xlsx", content), "reviewed": "on"})
    assert ImportJob.objects.count() == 2

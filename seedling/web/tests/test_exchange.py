"""The ledger workbook pages through HTTP: upload, dry run, confirm, error report, template, export."""

from __future__ import annotations

import io
import re
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from seedling.access import visible_to
from seedling.exchange.models import ImportJob
from seedling.exchange.tests.test_ledger_import import number, row, workbook
from seedling.people.models import Child


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


def test_template_and_export_downloads(client_of):
    client = client_of("demo-county")
    assert b"".join(client.get("/ledger/template.xlsx").streaming_content)[:2] == b"PK"
    body = b"".join(client.get("/ledger/export.xlsx?division=360313001000").streaming_content)
    assert body[:2] == b"PK"
    assert client.get("/ledger/export.xlsx?division=360302000000").status_code == 404
    assert io.BytesIO(body).getbuffer().nbytes > 0

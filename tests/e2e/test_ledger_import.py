"""County staff upload a ledger workbook: dry-run counts, confirm, the progress bar finishes (the job
runs in the background while the page polls), and the rejected rows download as a workbook; then
they export the area the same way and download the workbook."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command
from python_calamine import CalamineWorkbook

from seedling.demo.accounts import DEMO_PASSWORD
from seedling.exchange import ledger_import
from seedling.exchange.models import ImportJob
from seedling.exchange.tests.test_ledger_import import number, row, workbook

pytestmark = pytest.mark.browser


def test_county_imports_a_ledger(live_server, world_tx, browser, settings, tmp_path) -> None:
    settings.SEEDLING_IMPORT_INLINE_ROWS = 0  # every job goes to the queue: the page must poll
    settings.SEEDLING_EXPORT_INLINE_ROWS = 0
    settings.SEEDLING_EXPORT_DIR = tmp_path / "exports"
    path = tmp_path / "台账.xlsx"
    path.write_bytes(workbook([row("林一", number(date(2014, 4, 2), 201)), row("林二", 5.1e17)]))
    page = browser.new_context(locale="zh-CN", accept_downloads=True).new_page()
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "demo-county")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/ledger/")
    page.set_input_files("input[type=file]", str(path))
    page.click("form[enctype] button[type=submit]")
    page.wait_for_selector("#job-progress")
    # No db_worker in the test: run the queued dry run here while the page polls its status.
    ledger_import.import_run_by_id(ImportJob.objects.get(dry_run=True).pk)
    page.wait_for_selector("#count-created", timeout=10_000)
    assert (page.inner_text("#count-created"), page.inner_text("#count-rejected")) == ("1", "1")
    page.click("#confirm")
    page.wait_for_selector("#job-progress")
    ledger_import.import_run_by_id(ImportJob.objects.get(dry_run=False).pk)
    page.wait_for_selector("#error-report", timeout=10_000)
    assert page.get_attribute("#job-progress", "value") == "100"
    assert page.inner_text("#count-created") == "1"
    with page.expect_download() as download:
        page.click("#error-report")
    saved = tmp_path / "errors.xlsx"
    download.value.save_as(saved)
    assert saved.read_bytes()[:2] == b"PK"

    # Export the area back: queued, written by the worker while the page polls, then downloaded.
    page.goto(f"{live_server.url}/ledger/")
    page.click("#export-submit")
    page.wait_for_selector("#export-progress")
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    page.wait_for_selector("#export-download", timeout=10_000)
    assert page.get_attribute("#export-progress", "value") == "100"
    with page.expect_download() as download:
        page.click("#export-download")
    exported = tmp_path / "ledger.xlsx"
    download.value.save_as(exported)
    table = CalamineWorkbook.from_path(str(exported)).get_sheet_by_name("儿童台账").to_python()
    assert [r[3] for r in table[1:]] == ["林一"]

"""Hostile or absurd uploads end in a clear Chinese message in bounded time and memory; a job whose
process died does not stay "running" for ever."""

from __future__ import annotations

import io
import tracemalloc
import zipfile
from datetime import date, timedelta

import pytest

from seedling.core import clock
from seedling.core.tabular import WorkbookUnreadable
from seedling.exchange import ledger_import, reader, xlsx
from seedling.exchange.models import ExportJob, ImportJob, JobStatus
from seedling.exchange.stalled import STALLED_AFTER, fail_stalled
from seedling.exchange.tests.test_ledger_import import AS_OF, number, row, workbook


def _with_sheet_xml(content: bytes, edit) -> bytes:  # type: ignore[no-untyped-def]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            dst.writestr(item.filename, edit(item.filename, data))
    return out.getvalue()


def test_a_cell_beyond_excels_last_column_is_refused_in_bounded_memory() -> None:
    good = workbook([row("林一", number(date(2014, 1, 1), 41))])

    def far_cell(name: str, data: bytes) -> bytes:
        if not name.startswith("xl/worksheets/sheet"):
            return data
        return data.replace(
            b"</row></sheetData>", b'<c r="ZZZZZZ3" t="inlineStr"><is><t>x</t></is></c></row></sheetData>', 1
        )

    hostile = _with_sheet_xml(good, far_cell)
    assert len(hostile) < 10_000
    tracemalloc.start()
    try:
        with pytest.raises(WorkbookUnreadable) as caught:
            book = reader.open_workbook(hostile)
            list(book.grid(book.sheet_names[0])[1])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert caught.value.error.code == "workbook.too_large"
    assert "ZZZZZZ3" in caught.value.error.message and "XFD" in caught.value.error.message
    assert peak < 50 * 1024 * 1024  # the unbounded reader took 2.6 GB


def test_a_part_that_unzips_beyond_the_bound_is_refused_before_it_is_read(monkeypatch) -> None:
    monkeypatch.setattr(xlsx, "MAX_WHOLE_PART", 1000)
    content = workbook([row(f"林{i}", number(date(2014, 1, 1), 40 + i)) for i in range(60)])
    with pytest.raises(WorkbookUnreadable) as caught:
        book = reader.open_workbook(content)
        list(book.grid(book.sheet_names[0])[1])
    assert caught.value.error.code == "workbook.too_large" and "MB" in caught.value.error.message


@pytest.mark.django_db
def test_a_file_of_junk_lists_a_bounded_number_of_errors_and_counts_every_row(actor_of, monkeypatch) -> None:
    from seedling.exchange.ledger_import import job as job_module

    monkeypatch.setattr(job_module, "MAX_LISTED_ERRORS", 5)
    county = actor_of("demo-county")
    junk = [row(f"垃圾{i}", "不是号码") for i in range(12)]
    job = ledger_import.import_create(actor=county, content=workbook(junk), dry_run=True)
    job = ledger_import.import_run(actor=county, job=job, as_of=AS_OF, batch=4)
    assert job.status == JobStatus.DONE and job.rejected == 12
    assert len(job.errors) == 5


@pytest.mark.django_db
def test_a_job_whose_process_died_is_marked_failed_saying_what_was_done(actor_of) -> None:
    county = actor_of("demo-county")
    now = clock.now()
    running = ImportJob.objects.create(
        user_id=county.user_id,
        content=b"",
        dry_run=False,
        status=JobStatus.RUNNING,
        cursor=5000,
        heartbeat=now - STALLED_AFTER * 2,
    )
    alive = ImportJob.objects.create(
        user_id=county.user_id, content=b"", status=JobStatus.RUNNING, heartbeat=now
    )
    export = ExportJob.objects.create(
        user_id=county.user_id, status=JobStatus.RUNNING, heartbeat=now - timedelta(hours=1)
    )
    assert fail_stalled(now=now) == 2
    running.refresh_from_db()
    alive.refresh_from_db()
    export.refresh_from_db()
    assert (running.status, alive.status, export.status) == (
        JobStatus.FAILED,
        JobStatus.RUNNING,
        JobStatus.FAILED,
    )
    assert "前 5000 条数据已导入" in running.failure and "再导入同一文件" in running.failure
    assert fail_stalled(now=now) == 0  # idempotent


@pytest.mark.django_db(transaction=True)
def test_two_imports_of_one_file_at_once_both_finish_and_file_each_child_once(world_tx, monkeypatch) -> None:
    """Another writer files one of the batch's children between the batch's check and its insert: the
    batch is retried and updates that file instead of failing the job."""
    import threading

    from django.db import connection

    from conftest import demo_actor
    from seedling.access import visible_to
    from seedling.people import services
    from seedling.people.models import Child

    if connection.vendor != "postgresql":
        pytest.skip("two writers at once need PostgreSQL (SQLite serialises its writers)")
    county = demo_actor("demo-county")
    rows = [row(f"林{i}", number(date(2014, 1, 1 + i), 40 + i)) for i in range(4)]
    content = workbook(rows)
    real = services.child_create_bulk
    raced = {"done": False}

    def another_import_gets_there_first(**kw):  # type: ignore[no-untyped-def]
        if not raced["done"]:
            raced["done"] = True

            def other() -> None:
                other_job = ledger_import.import_create(actor=county, content=content, dry_run=False)
                ledger_import.import_run(actor=county, job=other_job, as_of=AS_OF)
                connection.close()

            t = threading.Thread(target=other)
            t.start()
            t.join(timeout=60)
        return real(**kw)

    monkeypatch.setattr(services, "child_create_bulk", another_import_gets_there_first)
    job = ledger_import.import_create(actor=county, content=content, dry_run=False)
    job = ledger_import.import_run(actor=county, job=job, as_of=AS_OF, batch=2)
    assert job.status == JobStatus.DONE, job.failure
    assert job.created + job.updated + job.unchanged == 4 and job.rejected == 0
    assert visible_to(county, Child).count() == 4

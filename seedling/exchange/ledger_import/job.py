"""The import job: create, run in batches, resume, end (done or failed), audit; the error report.

`import_create` checks an upload is a readable ledger and stores it as an `ImportJob`;
`import_run` runs it, BATCH rows at a time (`batch.process`), each batch in one transaction with the
job's cursor and counts: a crash leaves the last committed batch, and running the job again
resumes after it (the rows before only register who they were, for the repeat check). A dry run is
the real run with each batch rolled back, so its counts are the real ones. However a run ends, the
job is not left "running": done, or failed with a message for its page (an unreadable workbook, or
any unexpected error, which is logged with its traceback). A committed import is audited once
(IMPORTED) with its counts, and recounts the compliance figures of the villages it wrote to.
`error_report` gives back the rejected rows as they were in the file, with their errors.
"""

from __future__ import annotations

import io
import logging
from datetime import date
from typing import Any, Final

from django.db import IntegrityError, transaction
from django.utils import timezone

from seedling.access import Actor, capabilities, visibility, visible_to
from seedling.access.capabilities import Capability
from seedling.accounts.actors import actor_for_user
from seedling.audit.enums import Action
from seedling.audit.services import audit_record
from seedling.core import clock
from seedling.core.errors import ValidationFailed
from seedling.core.tabular import WorkbookUnreadable, match_headers, new_workbook
from seedling.exchange import headers, reader
from seedling.exchange.ledger_import import batch as batches
from seedling.exchange.ledger_import import parse, read
from seedling.exchange.models import ImportJob, JobStatus
from seedling.people.records import ChildRecord, ParentRecord
from seedling.visits import summary as compliance
from seedling.visits.models import ComplianceFigure

logger = logging.getLogger(__name__)

# Rows per transaction: each commit flushes its WAL and each batch pays a dozen queries; 5,000 rows
# cost 12% less than 1,000 (bench/import_ledger.py), hold ~10 MiB more, and a resumed job redoes
# at most 5,000 rows.
BATCH: Final = 5000
SAMPLE: Final = 20  # outcomes kept for the dry-run page
# Errors listed on the job (its page, the error workbook). Every rejected row is still counted; a file
# with more errors than this is the wrong file, and listing them all would rewrite a growing list
# with every batch (time and memory growing with the square of the rows).
MAX_LISTED_ERRORS: Final = 10_000
RETRIES: Final = 3  # passes of a batch that met a concurrent writer's insert

_PROGRESS = ["cursor", "created", "updated", "unchanged", "rejected", "errors", "sample", "heartbeat"]


def _uid(actor: Actor) -> int:
    if actor.user_id is None:
        raise ValidationFailed("请先登录。", code="auth.required")
    return actor.user_id


def import_create(
    *, actor: Actor, content: bytes, file_name: str = "", dry_run: bool = True, reviewed: bool = False
) -> ImportJob:
    """A job for one uploaded workbook (checked readable and counted first). `reviewed`: county staff
    file the new files as already reviewed; the job records it (each village is checked again when
    its files are inserted)."""
    user_id = _uid(actor)
    if reviewed:
        capabilities.require(actor, Capability.FILE_IMPORT_REVIEWED)
    workbook = reader.open_workbook(content)
    # Each sheet's headers are checked now; its rows are only estimated (an .xlsx is not parsed
    # twice): the job's total becomes exact when its last batch is done.
    total = sum(workbook.row_estimate(sheet) for _kind, sheet in read.sheets(workbook))
    return ImportJob.objects.create(
        user_id=user_id,
        content=content,
        file_name=file_name[:200],
        dry_run=dry_run,
        reviewed=reviewed,
        total=total,
    )


def import_run(*, actor: Actor, job: ImportJob, as_of: date | None = None, batch: int = BATCH) -> ImportJob:
    """Run (or resume) `job`. Each batch of rows commits with the job's cursor and counts."""
    job = ImportJob.objects.get(pk=job.pk, user_id=_uid(actor))
    if job.status == JobStatus.DONE:
        return job
    job.status, job.heartbeat, job.failure = JobStatus.RUNNING, timezone.now(), ""
    job.save(update_fields=["status", "heartbeat", "failure"])
    try:
        return _run(actor, job, as_of or clock.today(), batch)
    except WorkbookUnreadable as exc:
        job.refresh_from_db()
        job.status, job.failure = JobStatus.FAILED, str(exc)
        job.errors = [read.Error(exc.error.sheet, 0, "", "", exc.error.code, exc.error.message).as_json()]
        job.save(update_fields=["status", "failure", "errors"])
        return job
    except Exception:
        # A defect or a failing database: the job's page says so instead of "running" for ever. The
        # batches committed before stay, and running the job again resumes after them.
        logger.exception("ledger import job %s failed", job.pk)
        job.refresh_from_db()
        job.status, job.failure = JobStatus.FAILED, failure_message(job)
        job.save(update_fields=["status", "failure"])
        return job


def failure_message(job: ImportJob) -> str:
    if job.dry_run:
        return "检查文件时系统出错，检查没有完成，也没有写入任何数据。请联系系统管理员处理后再上传。"
    return (
        f"导入时系统出错而中断：前 {job.cursor} 条数据已导入，其余的没有。"
        "请联系系统管理员；问题解决后再导入同一文件即可，已导入的不会重复建档。"
    )


def _run(actor: Actor, job: ImportJob, as_of: date, size: int) -> ImportJob:
    run = batches.Run(
        actor=actor, as_of=as_of, dry_run=job.dry_run, divisions=parse.Divisions(actor), reviewed=job.reviewed
    )
    resumed = job.cursor > 0
    touched: set[str] = set()  # villages whose compliance figures the batches expired
    index = 0
    pending: list[read.Item] = []
    for item in read.rows(reader.open_workbook(bytes(job.content))):
        index += 1
        if index <= job.cursor:
            batches.skip(run, item[0], item[2])
            continue
        pending.append(item)
        if len(pending) >= size:
            touched |= _commit_retrying(run, job, pending, index)
            pending = []
    if pending:
        touched |= _commit_retrying(run, job, pending, index)
    if not job.dry_run:
        # The batches marked their villages' compliance figures expired: recount each once now
        # (a resumed job, not knowing the villages of the batches before, those of its area).
        if resumed:
            compliance.refresh_expired(visible_to(actor, ComplianceFigure), as_of=clock.today())
        else:
            compliance.refresh_villages(touched, as_of=clock.today(), only_expired=True)
    with transaction.atomic():
        job.status, job.finished_at, job.total = JobStatus.DONE, timezone.now(), index
        job.save(update_fields=["status", "finished_at", "total"])
        if not job.dry_run:
            _audit(actor, job)
    return job


def _commit_retrying(run: batches.Run, job: ImportJob, items: list[read.Item], cursor: int) -> set[str]:
    """`_commit`, again when another writer filed one of the batch's people between our check and our
    insert (two imports of one file at once; the ID number is unique): the batch rolled back whole,
    and its second pass finds those files and updates them instead."""
    for attempt in range(1, RETRIES + 1):
        run.seen.mark()
        try:
            return _commit(run, job, items, cursor)
        except (IntegrityError, ValidationFailed) as exc:
            # The batch insert's own check (child.already_filed) or, a moment later, the unique index.
            raced = isinstance(exc, IntegrityError) or exc.code == "child.already_filed"
            if not raced or attempt == RETRIES:
                raise
            run.seen.rollback()
            job.refresh_from_db()  # the counts and errors the rolled-back batch had added in memory
    raise AssertionError("unreachable")


def _commit(run: batches.Run, job: ImportJob, items: list[read.Item], cursor: int) -> set[str]:
    """One batch in one transaction with the job's cursor and counts (a dry run rolls it back).
    Returns the villages whose compliance figures the batch expired."""
    with transaction.atomic():
        with compliance.deferred(as_of=clock.today()) as touched:
            for (_kind, sheet, row), (name, errors) in zip(items, batches.process(run, items), strict=True):
                setattr(job, name, getattr(job, name) + 1)
                room = MAX_LISTED_ERRORS - len(job.errors)
                if room > 0:
                    job.errors.extend(e.as_json() for e in errors[:room])
                if len(job.sample) < SAMPLE:
                    job.sample.append({"sheet": sheet.name, "row": row.row, "outcome": name})
        job.cursor, job.heartbeat = cursor, timezone.now()
        if job.dry_run:
            transaction.set_rollback(True)
        else:
            job.save(update_fields=_PROGRESS)
    if job.dry_run:
        job.save(update_fields=_PROGRESS)
    return touched


def _audit(actor: Actor, job: ImportJob) -> None:
    """Every import that wrote is audited once, with its counts (as every export is)."""
    audit_record(
        actor=actor,
        action=Action.IMPORTED,
        division_code=actor.home_code,
        subject_type="import_job",
        subject_id=job.pk,
        subject_label=job.file_name,
        detail={
            "total": job.total,
            "created": job.created,
            "updated": job.updated,
            "unchanged": job.unchanged,
            "rejected": job.rejected,
        },
    )


def import_file(
    *,
    actor: Actor,
    content: bytes,
    file_name: str = "",
    dry_run: bool = False,
    as_of: date | None = None,
    reviewed: bool = False,
) -> ImportJob:
    """Create and run a job at once (the command line; small files on the web)."""
    job = import_create(actor=actor, content=content, file_name=file_name, dry_run=dry_run, reviewed=reviewed)
    return import_run(actor=actor, job=job, as_of=as_of)


def import_run_by_id(job_id: int) -> None:
    """The background task's body: the job's own user is the actor."""
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    import_run(actor=actor_for_user(job.user), job=job)


def _hidden_columns(actor: Actor, header: list[Any]) -> set[int]:
    """Positions of the columns whose field the actor may see nowhere (the HIV status without the
    grant; health, harm and custody details above the county): left out of the error workbook, as
    access.visibility leaves them out of every output, even when the importer typed them."""
    keys = match_headers(header, headers.CHILD_COLUMNS + headers.WOMAN_COLUMNS)
    hidden = set()
    for key, at in keys.items():
        role, _, name = key.partition("_")
        holder, field = (ParentRecord, name) if role in ("father", "mother") and name else (ChildRecord, key)
        kind = visibility.declared(holder).get(field)
        if kind is not None and visibility.hidden_kind(actor, kind, None):
            hidden.add(at)
    return hidden


def error_report(*, actor: Actor, job: ImportJob) -> bytes:
    """The rejected rows as they were in the file, plus a column 错误 listing each problem. Audited
    as an export (the rows hold personal data); a column the importer may see nowhere is left out."""
    job = ImportJob.objects.get(pk=job.pk, user_id=_uid(actor))
    by_row: dict[tuple[str, int], list[str]] = {}
    for e in job.errors:
        where = f"{e['column']}列（{e['header']}）" if e["column"] else ""
        by_row.setdefault((e["sheet"], e["row"]), []).append(f"{where}{e['message']}［{e['code']}］")
    buffer = io.BytesIO()
    book = new_workbook(buffer, in_memory=True)
    bold = book.add_format({"bold": True})
    wb = reader.open_workbook(bytes(job.content))
    written = 0
    for name in wb.sheet_names:
        rows_of = sorted(r for s, r in by_row if s == name)
        if not rows_of:
            continue
        ws = book.add_worksheet(name)
        kept = read.rows_as_in_file(wb, name, set(rows_of))  # the header and the rejected rows only
        hidden = _hidden_columns(actor, kept[0][1]) if kept and kept[0][0] == 0 else set()
        shown = [[v for i, v in enumerate(cells_) if i not in hidden] for _n, cells_ in kept]
        last = max((len(c) for c in shown), default=0)  # 错误 goes after every row's cells
        for out, ((n, _cells), cells_) in enumerate(zip(kept, shown, strict=True)):
            style = bold if n == 0 else None
            for i, value in enumerate(cells_):
                if value not in (None, ""):
                    ws.write(out, i, value, style)
            ws.write_string(out, last, "错误" if n == 0 else "；".join(by_row[(name, n)]), style)
            if n == 0:
                ws.write_string(out, last + 1, "原行号", bold)
            else:
                ws.write_number(out, last + 1, n)
                written += 1
    book.close()
    audit_record(
        actor=actor,
        action=Action.EXPORTED,
        division_code=actor.home_code,
        subject_type="import_errors",
        subject_id=job.pk,
        subject_label=job.file_name,
        detail={"rows": written},
    )
    return buffer.getvalue()

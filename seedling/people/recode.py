"""Division code changes (川民政厅 2020 专项行动实施方案 attachment 1; docs/rules/workflow.md#dm-2):
move every file, post and figure filed at an old code to its new code, in one transaction per
change table.

`divisions_recode` takes a change table already read and checked (`seedling.regions.changes`): its
moves name old → new codes of townships or villages. It moves the children's and women's files
(each with a history row saying so), then fires `hooks.divisions_recoded` so each app above moves
its own rows (rolls, visits and their figures, workforce posts, institutions). A dry run counts the
same rows per table and writes nothing. A rerun finds nothing left at the old codes and writes
nothing: the change is idempotent. The audit log records each move that moved anything.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q

from seedling.access import Actor, visible_to
from seedling.access.capabilities import Capability, require
from seedling.accounts.models import RoleAssignment
from seedling.audit.enums import Action
from seedling.audit.services import audit_record
from seedling.core import bulk, clock, hooks
from seedling.core import division_codes as codes
from seedling.core.errors import ValidationFailed
from seedling.core.tabular import RowError, WorkbookUnreadable
from seedling.people import enums
from seedling.people.models import Child, Transfer, Woman
from seedling.regions.changes import ChangeTable, check_table, edition_table, read_table
from seedling.regions.models import Division

FILES: tuple[type[Child] | type[Woman], ...] = (Child, Woman)


@dataclass
class RecodeReport:
    """What a change table moved (or, in a dry run, would move): rows per table ("app.model")."""

    source: str
    dry_run: bool
    moves: list[tuple[str, str]]
    counts: dict[str, int] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
    batch: str = ""  # the audit events' batch key; "" when nothing was written

    @property
    def files(self) -> int:
        return sum(self.counts.get(m._meta.label_lower, 0) for m in FILES)

    def as_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "dry_run": self.dry_run,
            "moves": [{"old": o, "new": n} for o, n in self.moves],
            "files": self.files,
            "counts": dict(sorted(self.counts.items())),
            "written": bool(self.batch),
            "batch": self.batch,
            "unmatched": self.unmatched,
            "errors": [
                {"row": e.row, "column": e.column, "code": e.code, "message": e.message} for e in self.errors
            ],
        }


def divisions_recode(*, actor: Actor, table: ChangeTable, dry_run: bool) -> RecodeReport:
    """Apply (or, `dry_run`, count) a checked change table. A table with any error moves nothing and
    reports the errors. Raises ValidationFailed when moving would duplicate a row at the new code
    (a worker's open post, a children's home's village): nothing is written then."""
    report = RecodeReport(
        source=table.source,
        dry_run=dry_run,
        moves=[(m.old, m.new) for m in table.moves],
        errors=list(table.errors),
        unmatched=list(table.unmatched),
    )
    if report.errors or not table.moves:
        return report
    moves = table.as_dict()
    for old, new in moves.items():  # checked by regions.changes already; a service never trusts its caller
        require(actor, Capability.DIVISION_RECODE, codes.common_prefix(old, new))
    try:
        with transaction.atomic():
            _lock(actor, moves)
            for model in FILES:
                report.counts[model._meta.label_lower] = _move_files(actor, model, moves, dry_run=dry_run)
            report.counts["people.transfer"] = _move_transfers(moves, dry_run=dry_run)
            # The accounts held at an old code follow it: a renumbered village's director keeps her
            # village and its files (docs/rules/workflow.md#dm-2).
            bulk.recode_models((RoleAssignment,), moves, counts=report.counts, dry_run=dry_run)
            hooks.divisions_recoded.fire(moves, counts=report.counts, dry_run=dry_run)
            if not dry_run and any(report.counts.values()):
                report.batch = uuid.uuid4().hex
                _audit(actor, report)
    except IntegrityError as exc:
        raise ValidationFailed(
            "调整后会与新代码下已有的记录重复（如同一人在同一村的在岗职务、同一儿童之家覆盖的同一村），"
            "请先处理重复记录再调整；本次未做任何调整。",
            code="recode.duplicate",
        ) from exc
    return report


def _lock(actor: Actor, moves: dict[str, str]) -> None:
    """Hold the old and new divisions for the batch: a second change of the same codes waits for this
    one and then finds nothing left to move (SQLite holds one writer at a time anyway)."""
    wanted = sorted({*moves, *moves.values()})
    list(visible_to(actor, Division).select_for_update().filter(code__in=wanted).values_list("code"))


def _move_files(
    actor: Actor, model: type[Child] | type[Woman], moves: dict[str, str], *, dry_run: bool
) -> int:
    """Move the files at the old codes, with one history row each ("~", by the actor, with the
    reason), written before the move from the same rows with the new code in place."""
    olds = sorted(moves)
    if dry_run:
        return bulk.count_at(model, "division_code", olds)
    bulk.insert_history_of_moves(model, moves, user_id=actor.user_id, now=clock.now(), reason="区划代码调整")
    return bulk.recode(model, ["division_code", "division_id"], moves)


def _move_transfers(moves: dict[str, str], *, dry_run: bool) -> int:
    """Pending transfers from or to an old code point at the new one (an approval files the child at
    `to_division`, which must not be a retired village). Decided transfers keep the codes they had."""
    olds = sorted(moves)
    pending = Transfer.unscoped.filter(status=enums.TransferStatus.PENDING).filter(
        Q(from_code__in=olds) | Q(to_code__in=olds)
    )
    if dry_run:
        return pending.count()
    moved = 0
    for transfer in pending.select_for_update().order_by("pk"):
        transfer.from_code = moves.get(transfer.from_code, transfer.from_code)
        transfer.to_code = moves.get(transfer.to_code, transfer.to_code)
        transfer.to_division_id = transfer.to_code
        transfer.save(update_fields=["from_code", "to_code", "to_division"])
        moved += 1
    return moved


def _audit(actor: Actor, report: RecodeReport) -> None:
    """One event per move at its old code (each county's auditor sees its own), carrying the batch key
    and the table's totals."""
    for old, new in report.moves:
        audit_record(
            actor=actor,
            action=Action.DIVISIONS_RECODED,
            division_code=old,
            subject_type="division",
            subject_id=old,
            subject_label=new,
            detail={
                "old": old,
                "new": new,
                "batch": report.batch,
                "source": report.source[:200],
                "totals": report.counts,
            },
        )


def recode_from_file(*, actor: Actor, content: bytes, file_name: str, dry_run: bool) -> RecodeReport:
    """Read, check and apply (or count) an uploaded change table (regions.changes). A file that cannot
    be read gives a report with that one error."""
    try:
        rows = read_table(content)
    except WorkbookUnreadable as exc:
        return RecodeReport(source=file_name, dry_run=dry_run, moves=[], errors=[exc.error])
    return divisions_recode(
        actor=actor, table=check_table(actor=actor, rows=rows, source=file_name), dry_run=dry_run
    )


def recode_from_edition(*, actor: Actor, edition: str, dry_run: bool) -> RecodeReport:
    """Apply (or count) the renumberings the load of `edition` recorded (regions.changes.edition_table)."""
    return divisions_recode(actor=actor, table=edition_table(actor=actor, edition=edition), dry_run=dry_run)

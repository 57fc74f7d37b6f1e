"""One batch of rows through the stages: read → parse → match → validate → write.

Takes a batch of `read.Item`s (up to `job.BATCH` rows, in file order) and the run they belong to;
returns each row's outcome: "created", "updated", "unchanged" or "rejected", with its errors. The
job (`job.py`) runs this inside the batch's transaction and counts the outcomes.

A child's row:
  1. parse (`parse.parse`): the cells, its village and its key; unreadable cells reject it;
  2. match (`match.Matches`, loaded once for the batch): the stored file and the base record;
  3. validate (`validate.apply_child`, `broken_rules`): the new record and what the rules say;
  4. a repeat of a person met earlier in the file is filed once (`match.Seen`); a record equal
     to the stored file writes nothing ("unchanged", so importing a file again changes nothing);
  5. write (`write.NewFiles`, `write.save_one`): a new file waits for the batch insert; anything
     else is one service call whose refusal rejects the row.
A row that would match a file still waiting to be inserted has the waiting files inserted first,
so every row sees the files as it would have one row at a time. Women's rows take the same steps
one at a time; visit rows go to `exchange.visit_sheet` after the files they name are written.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from seedling.access import Actor
from seedling.core.errors import ValidationFailed
from seedling.exchange import reader, visit_sheet
from seedling.exchange.ledger_import import match, parse, validate, write
from seedling.exchange.ledger_import.read import CHILD, VISIT, Error, Item, errors
from seedling.people import services
from seedling.people.records import ChildRecord, WomanRecord

Outcome = tuple[str, list[Error]]  # 'created' / 'updated' / 'unchanged' / 'rejected', and the errors


@dataclass
class Run:
    """What the batches of one run share."""

    actor: Actor
    as_of: date
    dry_run: bool
    divisions: parse.Divisions
    reviewed: bool = False  # new files filed as already reviewed (county staff)
    seen: match.Seen = field(default_factory=match.Seen)


@dataclass
class _Batch:
    matches: match.Matches
    new: write.NewFiles


def process(run: Run, items: list[Item]) -> Iterator[Outcome]:
    """Each item's outcome, in order. Call inside the batch's transaction; the waiting new files are
    inserted before the last outcome is taken."""
    parsed = [parse.parse(kind, row, run.divisions) for kind, _sheet, row in items]
    children = [p for (kind, *_), p in zip(items, parsed, strict=True) if kind == CHILD]
    matches = match.Matches.load(run.actor, children)
    batch = _Batch(matches, write.NewFiles.for_batch(run.actor, children, matches))
    for (kind, sheet, row), p in zip(items, parsed, strict=True):
        if p.errors:
            yield "rejected", errors(sheet, row, p.errors)
        elif kind == CHILD:
            yield _child_row(run, batch, sheet, row, p)
        elif kind == VISIT:
            yield _visit_row(run, batch, sheet, row)
        else:
            yield _woman_row(run, sheet, row, p)
    _insert_waiting(run, batch, last=True)


def skip(run: Run, kind: str, row: reader.Row) -> None:
    """A row before the job's cursor (resuming): it only registers its key, as met in the file."""
    p = parse.parse(kind, row, run.divisions)
    if p.key and not p.errors and run.seen.first(p.key) is None:
        run.seen.add(p.key, row.row, 0)


def _insert_waiting(run: Run, batch: _Batch, *, last: bool = False) -> None:
    """Insert the new files waiting in the batch; mid-batch (a later row depends on one of them),
    the batch's matches learn them for the rows still to come."""
    for child in batch.new.insert(run.actor, reviewed=run.reviewed):
        if not last:
            batch.matches.remember(child)


def _duplicate(
    run: Run,
    sheet: reader.Sheet,
    row: reader.Row,
    key: tuple[str, ...] | None,
    rec: ChildRecord | WomanRecord,
) -> Outcome | None:
    """Contract: duplicated rows for the same person are filed once; a different copy is rejected."""
    if key is None:
        return None
    mark = match.fingerprint(rec)
    first = run.seen.first(key)
    if first is None:
        run.seen.add(key, row.row, mark)
        return None
    first_row, first_mark = first
    if first_mark in (0, mark):
        return "unchanged", []
    message = f"同一人已在第{first_row}行出现，且两行内容不同。请核对后只保留一行。"
    return "rejected", errors(sheet, row, [("", "row.duplicate", message)])


def _refused(
    run: Run, sheet: reader.Sheet, row: reader.Row, key: tuple[str, ...] | None, exc: ValidationFailed
) -> Outcome:
    if key is not None:
        run.seen.discard(key)  # not filed: a later row of the same person is judged afresh
    return "rejected", errors(sheet, row, validate.service_problems(exc))


def _child_row(run: Run, batch: _Batch, sheet: reader.Sheet, row: reader.Row, p: parse.Parsed) -> Outcome:
    if batch.new.waits_for(match.lookup_key(p)):
        _insert_waiting(run, batch)
    existing, base = batch.matches.child(p)
    rec = validate.apply_child(base, p, actor=run.actor, as_of=run.as_of)
    if p.errors:
        return "rejected", errors(sheet, row, p.errors)
    key = p.key or (("id", rec.id_number) if rec.id_number else None)
    failed = validate.broken_rules(rec, as_of=run.as_of)
    duplicate = _duplicate(run, sheet, row, key, rec)
    if duplicate is not None:
        return duplicate
    if existing is not None and not failed and base == rec:
        return "unchanged", []
    if existing is None and not failed and batch.new.insertable(rec):
        batch.new.add(rec)
        return "created", []
    if existing is None:
        saved = write.save_one(
            lambda: services.child_create(actor=run.actor, record=rec, as_of=run.as_of).child
        )
    else:
        saved = write.save_one(
            lambda: services.child_update(actor=run.actor, child=existing, record=rec, as_of=run.as_of).child
        )
    if isinstance(saved, ValidationFailed):
        return _refused(run, sheet, row, key, saved)
    batch.matches.remember(saved)
    return ("created" if existing is None else "updated"), []


def _woman_row(run: Run, sheet: reader.Sheet, row: reader.Row, p: parse.Parsed) -> Outcome:
    existing, base = match.match_woman(run.actor, p)
    rec = validate.apply_woman(base, p, actor=run.actor)
    if p.errors:
        return "rejected", errors(sheet, row, p.errors)
    key = ("w", rec.id_number) if rec.id_number else p.key
    failed = validate.broken_rules(rec, as_of=run.as_of)
    duplicate = _duplicate(run, sheet, row, key, rec)
    if duplicate is not None:
        return duplicate
    if existing is not None and not failed and base == rec:
        return "unchanged", []
    saved = write.save_one(
        lambda: services.woman_save(actor=run.actor, record=rec, woman=existing, as_of=run.as_of)
    )
    if isinstance(saved, ValidationFailed):
        return _refused(run, sheet, row, key, saved)
    return ("created" if existing is None else "updated"), []


def _visit_row(run: Run, batch: _Batch, sheet: reader.Sheet, row: reader.Row) -> Outcome:
    _insert_waiting(run, batch)  # new files waiting in this batch are filed before their visits are read

    def in_file(number: str) -> bool:  # a dry run's earlier batches were rolled back
        return run.dry_run and run.seen.first(("id", number)) is not None

    name, problems = visit_sheet.process_visit(run.actor, row, as_of=run.as_of, filed_in_this_file=in_file)
    return name, errors(sheet, row, problems)

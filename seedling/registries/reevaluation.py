"""The one core of re-evaluation: a person's facts and stored rows -> the changes to write.

No queries here. ``services`` loads the stored rows of one file (a web or API write) or of a batch
(the ledger import, the daily job) and writes the plans this module returns, so the single-file and
the batch paths cannot drift apart: they differ only in how they read and how many rows they write
per statement.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple

from seedling import eligibility as el
from seedling.core import bulk
from seedling.core.bulk import JsonText
from seedling.people import enums as people_enums
from seedling.registries.enums import EntryReason, ExitReason, MembershipStatus
from seedling.registries.facts import CODE
from seedling.registries.models import Determination, Membership

HIV = people_enums.DeclaredCategory.HIV_INFECTED
CHILD, WOMAN = "child", "woman"  # the column of the registries' rows that names the file


@dataclass(frozen=True, slots=True)
class Subject:
    """A file to re-evaluate: a child's or a woman's, with its facts (None once merged away)."""

    kind: str  # CHILD or WOMAN
    pk: int
    division_code: str
    facts: el.ChildFacts | el.WomanFacts | None
    declared: str | None = None  # a child's ",a,b," declared categories; a woman declares none


class Stored(NamedTuple):
    """The file's Determination row as loaded. ``details`` (the JSON as the database renders it) is
    read only when ``details_key`` differs from the new rendering's: most re-checks change no reason."""

    id: int
    categories: str
    details_key: str
    next_recheck: date | None
    evaluated_on: date
    discrepancy: bool
    division_code: str
    details: str | None = None


class Open(NamedTuple):
    """One open episode as loaded: enough to decide; the whole row is read only to close it."""

    id: int
    category: str
    start: date
    status: str
    division_code: str


STORED_FIELDS = Stored._fields[:-1]
OPEN_FIELDS = Open._fields


@dataclass
class Outcome:
    """What one re-evaluation did: episodes opened and closed, and whether anything was written."""

    opened: list[Membership] = field(default_factory=list)
    closed: list[Membership] = field(default_factory=list)
    changed: bool = False


@dataclass
class Plan:
    """The writes one file needs; ``services`` writes many plans with a few statements."""

    subject: Subject
    outcome: Outcome = field(default_factory=Outcome)
    removed: list[int] = field(default_factory=list)  # opened on the same day: never lasted a day
    created: Determination | None = None
    updated: tuple[int, dict[str, Any]] | None = None  # determination id, changed columns only
    dropped: int | None = None  # determination id of a merged file
    follow: bool = False  # the episodes' scope copy may lag the file's village: realign it


def to_close(evaluation: el.Evaluation | None, rows: Iterable[Open], as_of: date) -> list[int]:
    """Open episodes that end on ``as_of`` and lasted a day: their whole rows are read to close them."""
    if evaluation is None:
        ending = set(CODE.values())
    else:
        ending = {CODE[d.category] for d in evaluation.determinations if not d.applies}
    return [r.id for r in rows if r.category in ending and r.start < as_of]


def reason_dicts(reasons: Iterable[el.Reason]) -> list[dict[str, object]]:
    # Codes and arguments only (Reason.stored); readers display them with el.shown.
    return [r.stored() for r in reasons]


KEY_VERSION = "2"  # of _render: bump when it renders the same content differently


class Details(NamedTuple):
    """A determination cache's ``details``: JSON text, the list of dicts it encodes, and its key."""

    text: JsonText
    obj: list[dict[str, Any]]
    key: str  # a fingerprint of ``text``, stored as Determination.details_key


# Rendered determinations, by value: files share most of them (a category that does not apply for
# the same reasons, the same ages), and encoding and digesting them is, after the engine itself, the
# costliest step of a re-check. Bounded; the entries are read-only.
_RENDERED: dict[el.Determination, tuple[str, dict[str, Any], bytes]] = {}
_RENDERED_MAX = 20_000  # about 20 MB at most


def _render(d: el.Determination) -> tuple[str, dict[str, Any], bytes]:
    # Keys in jsonb's order (shorter first, then bytewise), so the text equals PostgreSQL's own
    # rendering of the stored value and an unchanged determination compares as equal strings.
    obj = {
        "alerts": reason_dicts(d.alerts),
        "applies": d.applies,
        "reasons": reason_dicts(d.reasons),
        "category": CODE[d.category],
        "subtypes": [str(s) for s in d.subtypes],
        "next_recheck": d.next_recheck.isoformat() if d.next_recheck else None,
        "needs_confirmation": d.needs_confirmation,
    }
    text = json.dumps(obj, ensure_ascii=False)
    return text, obj, hashlib.blake2b(text.encode(), digest_size=16).digest()


def _rendered(d: el.Determination) -> tuple[str, dict[str, Any], bytes]:
    hit = _RENDERED.get(d)
    if hit is None:
        if len(_RENDERED) >= _RENDERED_MAX:
            _RENDERED.clear()
        hit = _RENDERED[d] = _render(d)
    return hit


def details(evaluation: el.Evaluation) -> Details:
    parts = [_rendered(d) for d in evaluation.determinations]
    text = JsonText("[" + ", ".join([p[0] for p in parts]) + "]")
    # The key digests the parts' digests: the same text always has the same key, and this renderer
    # gives equal JSON the same text, so under one KEY_VERSION keys differ exactly when JSON does.
    digest = hashlib.blake2b(b"".join([p[2] for p in parts]), digest_size=16).hexdigest()
    return Details(text, [p[1] for p in parts], KEY_VERSION + digest[1:])


def needs_details(stored: Stored | None, rendered: Details) -> bool:
    """Whether the stored JSON must be read to tell if it changed: its key is missing or was made by
    another version of the renderer, so only the JSON itself can say."""
    return stored is not None and stored.details_key != rendered.key and not _current(stored.details_key)


def _current(key: str) -> bool:
    return key[:1] == KEY_VERSION


def codes(value: str) -> set[str]:
    return {c for c in value.split(",") if c}


def joined(codes: Iterable[str]) -> str:
    wanted = set(codes)
    ordered = [c for c in CODE.values() if c in wanted]
    return "".join(f",{c}" for c in ordered) + ("," if ordered else "")


def _close(plan: Plan, m: Membership, as_of: date, reason: str, why: list[dict[str, object]]) -> None:
    m.end, m.exit_reason, m.exit_reasons = as_of, reason, why
    plan.outcome.closed.append(m)


def _merged(
    plan: Plan, stored: Stored | None, rows: dict[str, Open], closing: Mapping[int, Membership], as_of: date
) -> Plan:
    # A duplicate folded into another file: its episodes end; the kept file carries on.
    for row in rows.values():
        if row.start >= as_of:
            plan.removed.append(row.id)  # opened the same day: it never lasted a day
        else:
            _close(plan, closing[row.id], as_of, ExitReason.MERGED, [])
    if stored is not None:
        plan.dropped = stored.id
    plan.outcome.changed = bool(rows) or stored is not None
    return plan


def _exit(det: el.Determination, m: Membership, facts: Any, as_of: date, prev_as_of: date | None) -> str:
    # exit_reason reads only whether it applied and its codes: rebuild that from the snapshot.
    before = el.Determination(det.category, True, tuple(el.Reason(r["code"]) for r in m.reasons), None)
    reason = el.exit_reason(before, det, facts, as_of, prev_as_of) or el.ExitReason.OTHER
    return ExitReason(reason.value)


def _episodes(
    plan: Plan,
    evaluation: el.Evaluation,
    stored: Stored | None,
    rows: dict[str, Open],
    closing: Mapping[int, Membership],
    as_of: date,
    cause: str,
) -> None:
    """Open (增员) the categories that apply without an open episode; close (减员) the others."""
    subject = plan.subject
    prev_as_of = stored.evaluated_on if stored is not None and stored.evaluated_on < as_of else None
    for det in evaluation.determinations:
        category = CODE[det.category]
        row = rows.get(category)
        if det.applies and row is None:
            m = Membership(
                category=category,
                start=as_of,
                entry_reason=cause,
                reasons=reason_dicts(det.reasons),
                status=MembershipStatus.SUGGESTED if det.needs_confirmation else MembershipStatus.ACTIVE,
                division_code=subject.division_code,
            )
            setattr(m, f"{subject.kind}_id", subject.pk)
            plan.outcome.opened.append(m)
        elif not det.applies and row is not None:
            if row.start >= as_of:
                plan.removed.append(row.id)  # opened the same day: it never lasted a day
                continue
            m = closing[row.id]
            _close(
                plan, m, as_of, _exit(det, m, subject.facts, as_of, prev_as_of), reason_dicts(det.reasons[:1])
            )


def _same_details(stored: Stored, rendered: Details) -> bool:
    if stored.details_key == rendered.key:
        return True
    if _current(stored.details_key) or stored.details is None:
        return False  # a key of this renderer differs: the JSON differs (see details())
    # Equal text is equal JSON; other text (another database's spacing, escapes) is decoded.
    return stored.details == rendered.text or json.loads(stored.details) == rendered.obj


def _determination(
    plan: Plan, evaluation: el.Evaluation, stored: Stored | None, as_of: date, rendered: Details
) -> None:
    """Create the file's determination, or update only the columns that differ."""
    subject = plan.subject
    determined = {CODE[c] for c in evaluation.categories}
    discrepancy = subject.declared is not None and (codes(subject.declared) - {HIV}) != (determined - {HIV})
    values: dict[str, Any] = {
        "categories": joined(determined),
        "next_recheck": evaluation.next_recheck,
        "discrepancy": discrepancy,
        "division_code": subject.division_code,
    }
    if stored is None:
        # The JSON as rendered (bulk.JsonText): the row is only inserted, and written as it is.
        plan.created = bulk.new(
            Determination, evaluated_on=as_of, details=rendered.text, details_key=rendered.key, **values
        )
        setattr(plan.created, f"{subject.kind}_id", subject.pk)
        plan.outcome.changed = True
        return
    changed = {k: v for k, v in values.items() if getattr(stored, k) != v}
    if not _same_details(stored, rendered):
        changed["details"] = rendered.text
    plan.outcome.changed = plan.outcome.changed or bool(changed)
    # Bookkeeping, not a change of the answer: the evaluation day and a stale key.
    if stored.evaluated_on != as_of:
        changed["evaluated_on"] = as_of
    if stored.details_key != rendered.key:
        changed["details_key"] = rendered.key
    if changed:
        plan.updated = (stored.id, changed)


def plan(
    subject: Subject,
    evaluation: el.Evaluation | None,
    stored: Stored | None,
    rows: Iterable[Open],
    closing: Mapping[int, Membership],
    *,
    as_of: date,
    cause: str = EntryReason.FACTS_CHANGED,
    rendered: Details | None = None,
) -> Plan:
    """Compare ``evaluation`` on ``as_of`` with the stored rows; ``evaluation`` is None for a merged file.

    Orphan and de facto unsupported episodes open as suggestions awaiting the county (川民政厅 2020
    专项行动实施方案:
    县级民政部门认定; docs/rules/workflow.md#determination-procedure); the others enter the roll at once. A
    suggestion the county
    rejected stays open as rejected while the rules still say so, so it is not suggested again daily.
    ``closing`` holds the whole rows of ``to_close(...)``; ``stored.details`` is read where
    ``needs_details(stored, details(evaluation))``; ``rendered`` is ``details(evaluation)`` if known.
    """
    result = Plan(subject)
    open_rows = {r.category: r for r in rows}
    if evaluation is None:
        return _merged(result, stored, open_rows, closing, as_of)
    _episodes(result, evaluation, stored, open_rows, closing, as_of, cause)
    # Follow the file after a transfer: the episodes' scope copy is the file's village. Only a file
    # whose code moved (or that was never evaluated) can have rows that lag, so only those are updated.
    code = subject.division_code
    result.follow = (
        stored is None
        or stored.division_code != code
        or any(r.division_code != code for r in open_rows.values())
    )
    _determination(result, evaluation, stored, as_of, rendered or details(evaluation))
    result.outcome.changed = result.outcome.changed or bool(result.outcome.opened or result.outcome.closed)
    return result

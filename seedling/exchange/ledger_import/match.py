"""Match stage: the stored file a row updates, and the person met earlier in the same file.

Takes a batch's parsed rows (`parse.Parsed`). `Matches.load` looks their children's files up at
once: the full ID numbers in one query, the (name, birth date, village) triples of rows without one
in another, their parents, situations and harm events in three more (`people.services.child_records`).
`Matches.child(p)` then returns the stored file a row updates, or None, with the record the row is
applied to (the stored file as a `ChildRecord`, or an empty one): by ID number, or without one (无户籍,
or a number masked by our own export) by name + birth date + village, the masked number telling
apart two children of that triple. A woman is matched alone (`match_woman`): her sheet is short.

`Seen` remembers who the file has already had, for the rule "a child repeated in one file is filed
once": each key with its first row and a fingerprint of its record.
"""

from __future__ import annotations

import dataclasses
import operator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import F

from seedling.access import Actor, visible_to
from seedling.core import bulk
from seedling.core.masking import mask_id_number
from seedling.exchange.ledger_import.parse import Parsed
from seedling.people import enums, services
from seedling.people.models import Child, Woman
from seedling.people.records import (
    Benefit,
    ChildRecord,
    HarmRecord,
    ParentRecord,
    SituationRecord,
    WomanRecord,
)

Triple = tuple[str, date, str]  # name, birth date, village code: how a file without a number is found


def full_number(p: Parsed) -> str:
    """The row's ID number when it is whole (not empty, not masked)."""
    number: str = p.values.get("id_number", "")
    return number if number and "*" not in number else ""


def triple(p: Parsed) -> Triple | None:
    name, born = p.values.get("name"), p.values.get("birth_date")
    return (name, born, p.division_code) if name and born else None


def lookup_key(p: Parsed) -> tuple[Any, ...] | None:
    """What `Matches.child` looks a child's row up by: ("id", number), or its triple."""
    if number := full_number(p):
        return ("id", number)
    return triple(p)


def record_keys(rec: ChildRecord) -> tuple[tuple[Any, ...], ...]:
    """The `lookup_key`s under which a file of this record is found."""
    return (("id", rec.id_number), (rec.name, rec.birth_date, rec.division_code))


@dataclass
class Matches:
    """What one batch's child rows match, loaded at once. A file written earlier in the batch is
    remembered (`remember`), so each row sees the files as it would have row by row."""

    numbers: set[str]  # the batch's whole ID numbers, looked up
    by_id: dict[str, Child]
    by_triple: dict[Triple, list[Child]]
    records: dict[int, ChildRecord]  # the stored file of each child above, as a record
    triple_of: dict[int, Triple] = field(default_factory=dict)  # where `remember` filed a child

    @classmethod
    def load(cls, actor: Actor, rows: list[Parsed]) -> Matches:
        children = visible_to(actor, Child).exclude(status=enums.FileStatus.MERGED)
        numbers = {n for p in rows if (n := full_number(p))}
        by_id: dict[str, Child] = {}
        if numbers:
            by_id = {c.id_number or "": c for c in children.filter(bulk.AnyOf(F("id_number"), numbers))}
        triples = {t for p in rows if not full_number(p) and (t := triple(p))}
        by_triple: dict[Triple, list[Child]] = {}
        if triples:
            names, births, codes_ = (set(x) for x in zip(*triples, strict=True))
            same = children.filter(name__in=names, birth_date__in=births, division_code__in=codes_)
            for c in same.order_by("pk"):
                if (t := (c.name, c.birth_date, c.division_code)) in triples:
                    by_triple.setdefault(t, []).append(c)
        matched = [*by_id.values(), *(c for same in by_triple.values() for c in same)]
        return cls(numbers, by_id, by_triple, records=services.child_records(matched))

    def child(self, p: Parsed) -> tuple[Child | None, ChildRecord]:
        """The stored file the row updates (or None) and the base record the row applies to."""
        child = None
        if number := full_number(p):
            child = self.by_id.get(number)
        elif t := triple(p):
            # Without a number (无户籍, or masked by our export): name + birth date + village.
            same = self.by_triple.get(t, [])
            if p.masked_id:
                child = next(
                    (c for c in same if c.id_number and mask_id_number(c.id_number) == p.masked_id), None
                )
            else:
                child = next((c for c in same if c.id_number is None), None)
        if child is not None:
            return child, self.record_of(child)
        return None, ChildRecord(division_code=p.division_code, name="")

    def record_of(self, child: Child) -> ChildRecord:
        """The stored file as a record (the validate stage copies it, so it stays the stored state)."""
        if child.pk not in self.records:
            self.records[child.pk] = services.child_record(child)
        return self.records[child.pk]

    def remember(self, child: Child) -> None:
        """A file written in this batch: later rows match it as it is now."""
        self.records.pop(child.pk, None)
        t = (child.name, child.birth_date, child.division_code)
        for old in {self.triple_of.get(child.pk), t}:
            if old in self.by_triple:  # the loaded copy, or the one remembered before
                self.by_triple[old] = [c for c in self.by_triple[old] if c.pk != child.pk]
        self.by_triple.setdefault(t, []).append(child)
        self.triple_of[child.pk] = t
        if child.id_number:
            self.by_id[child.id_number] = child


def woman_record(woman: Woman) -> WomanRecord:
    """A stored woman's file as a record."""
    return WomanRecord(
        division_code=woman.division_code, **{f: getattr(woman, f) for f in services.WOMAN_FIELDS}
    )


def match_woman(actor: Actor, p: Parsed) -> tuple[Woman | None, WomanRecord]:
    """The stored file a woman's row updates (by ID number, or name + village for a masked number)."""
    qs = visible_to(actor, Woman)
    woman = None
    if p.key:
        woman = qs.filter(id_number=p.key[1]).first()
    elif p.masked_id:
        woman = next(
            (
                w
                for w in qs.filter(name=p.values.get("name", ""), division_code=p.division_code)
                if mask_id_number(w.id_number) == p.masked_id
            ),
            None,
        )
    if woman is not None:
        return woman, woman_record(woman)
    return None, WomanRecord(division_code=p.division_code, name="", id_number="")


class Seen:
    """The people met so far in the file, by key: the row that first had them and a fingerprint of
    its record (not the record itself, so that a file of a million rows fits in memory). A key met
    before a resume has fingerprint 0: its record is unknown, and a repeat of it is simply filed once.
    """

    def __init__(self) -> None:
        self._first: dict[str, int] = {}
        self._journal: list[tuple[str, int | None]] | None = None

    def mark(self) -> None:
        """Start a batch: what it adds can be taken back if its transaction is retried."""
        self._journal = []

    def rollback(self) -> None:
        """Forget what was added since `mark` (the batch's transaction rolled back)."""
        for name, before in reversed(self._journal or []):
            if before is None:
                self._first.pop(name, None)
            else:
                self._first[name] = before
        self._journal = []

    @staticmethod
    def _name(key: tuple[str, ...]) -> str:
        return "\x1f".join(key)

    def first(self, key: tuple[str, ...]) -> tuple[int, int] | None:
        packed = self._first.get(self._name(key))
        return None if packed is None else (packed & 0xFFFFFFFF, packed >> 32)

    def add(self, key: tuple[str, ...], row: int, fingerprint: int) -> None:
        name = self._name(key)
        if self._journal is not None:
            self._journal.append((name, self._first.get(name)))
        self._first[name] = fingerprint << 32 | row

    def discard(self, key: tuple[str, ...]) -> None:
        name = self._name(key)
        if self._journal is not None and name in self._first:
            self._journal.append((name, self._first[name]))
        self._first.pop(name, None)


# The record types a fingerprint walks, each with a getter of all its fields' values.
_FIELDS = {
    kind: operator.attrgetter(*(f.name for f in dataclasses.fields(kind)))
    for kind in (ChildRecord, ParentRecord, SituationRecord, HarmRecord, Benefit, WomanRecord)
}


def _frozen(value: Any) -> Any:
    """A hashable twin of a record: equal records give equal twins (as dataclass == compares)."""
    values = _FIELDS.get(type(value))
    if values is not None:
        return tuple([_frozen(v) if type(v) in _FIELDS or type(v) is list else v for v in values(value)])
    if type(value) is list:
        return tuple([_frozen(v) for v in value])
    return value


def fingerprint(record: ChildRecord | WomanRecord) -> int:
    """64 bits of the record's hash; never 0 (0 stands for "not known")."""
    return hash(_frozen(record)) & 0xFFFFFFFFFFFFFFFF or 1

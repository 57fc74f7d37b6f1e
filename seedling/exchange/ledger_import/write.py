"""Write stage: a batch's validated records into the files, through `people.services` only.

Two paths, both the services' own:
  * `NewFiles`: the batch's new children that `services.child_create` would accept at once (a
    village the importer may file at, a number filed nowhere) wait, and are inserted together by
    `services.child_create_bulk` (COPY on PostgreSQL). That fires `core.hooks.file_saved` once
    with all of them, so categories, risk history and compliance figures are the same handlers'
    work as for a file saved alone, run once per batch.
  * `save_one`: any other write (a changed file, a woman's file, a new file the batch insert does
    not take) is one service call in a savepoint: its refusal (`ValidationFailed`) rejects that row
    only, with the service's own message.
Takes records the validate stage accepted; returns the saved files (or the refusal).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import transaction

from seedling.access import Actor
from seedling.core.errors import ValidationFailed
from seedling.exchange.ledger_import.match import Matches, record_keys
from seedling.exchange.ledger_import.parse import Parsed
from seedling.people import services
from seedling.people.models import Child
from seedling.people.records import ChildRecord
from seedling.regions.models import Division

T = TypeVar("T")


@dataclass
class NewFiles:
    """The batch's new children waiting to be inserted together, and what decides that one may wait."""

    villages: dict[str, Division]  # the batch's villages the actor may file children at
    numbers: set[str]  # the batch's ID numbers, looked up
    filed: set[str]  # those of them already filed anywhere in the country
    records: list[ChildRecord] = field(default_factory=list)
    keys: set[tuple[Any, ...]] = field(default_factory=set)  # the waiting files' `match.lookup_key`s

    @classmethod
    def for_batch(cls, actor: Actor, rows: list[Parsed], matches: Matches) -> NewFiles:
        """For these child rows, whose stored files `matches` holds."""
        return cls(
            villages=services.villages_for(actor, {p.division_code for p in rows if p.division_code}),
            numbers=matches.numbers,
            # A number matched in the area is filed; only the others are asked of the whole country.
            filed=services.numbers_filed(matches.numbers - matches.by_id.keys()),
        )

    def insertable(self, rec: ChildRecord) -> bool:
        """A new file `child_create` would accept at once: a village of the area, a number not filed."""
        if rec.division_code.strip() not in self.villages:
            return False
        return not rec.id_number or (rec.id_number in self.numbers and rec.id_number not in self.filed)

    def add(self, rec: ChildRecord) -> None:
        self.records.append(rec)
        self.keys.update(record_keys(rec))

    def waits_for(self, key: tuple[Any, ...] | None) -> bool:
        """Would a row looked up by `key` find a file still waiting here?"""
        return key is not None and key in self.keys

    def insert(self, actor: Actor, *, reviewed: bool = False) -> list[Child]:
        """Insert the waiting files (with their side effects, through the hook) and empty the list."""
        if not self.records:
            return []
        children = services.child_create_bulk(actor=actor, records=self.records, reviewed=reviewed)
        self.records, self.keys = [], set()
        return children


def save_one(write: Callable[[], T]) -> T | ValidationFailed:
    """One write through `people.services`, in a savepoint: the saved file, or the service's refusal
    (rolled back alone; the batch goes on)."""
    try:
        with transaction.atomic():
            return write()
    except ValidationFailed as exc:
        return exc

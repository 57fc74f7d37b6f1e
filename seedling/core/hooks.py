"""Explicit hooks between domain apps, instead of signals
(docs/architecture.md#rule-2-a-write-is-one-transaction, docs/adr/0008-explicit-hooks-instead-of-signals.md).

A lower app fires a hook inside its write's transaction; a higher app registers a handler in its
``AppConfig.ready``. The lower app never imports the higher one, and every handler is listed in one
place (``grep register``). Handlers run in order, inside the caller's transaction, so a failing
handler rolls the whole write back.

A hook about written rows is fired with a list of them: one for a single save, a whole batch for a
batch writer (the ledger import). So each handler has one body for both, written for a batch, and a
batch writer runs exactly what a single save runs, once per batch instead of once per row.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class Hook:
    def __init__(self, name: str) -> None:
        self.name = name
        self.handlers: list[Callable[..., Any]] = []

    def register(self, handler: Callable[..., Any]) -> Callable[..., Any]:
        """Add a handler once (ready() may run twice under some test runners)."""
        if handler not in self.handlers:
            self.handlers.append(handler)
        return handler

    def fire(self, *args: Any, **kwargs: Any) -> None:
        for handler in list(self.handlers):
            handler(*args, **kwargs)


# people.services fires it with the list of child files it wrote (create, update, merge, transfer,
# the ledger import's batch insert), `created=True` when they are all new files. Registries
# re-evaluates their categories (editing any fact re-evaluates at once); visits moves
# their rows with them, records a risk level set in the file, and recounts (in a batch writer's
# `summary.deferred()`, expires) their villages' compliance figures.
file_saved = Hook("file_saved")

# people.services fires it with the list of left-behind women's files it wrote (woman_save):
# registries re-evaluates their 农村留守妇女 category at once, as for a child's file.
woman_saved = Hook("woman_saved")

# registries.services fires it with the ids of the children whose open roll episodes it wrote (opened,
# closed, confirmed, rejected or moved with the file), once per batch, after the writes: statistics
# moves those children's contributions to the figures by deltas (ADR 0010).
roll_changed = Hook("roll_changed")

# policies.services fires it with (kind=, province_code=, from_day=) when a version of a province's
# parameters is stored; from_day is its first day, or today when that has passed. The app whose rules
# use that kind marks what the version changes due: registries its files, visits its figures.
policy_set = Hook("policy_set")

# people.recode fires it inside a division code change's transaction with (moves, counts=, dry_run=):
# `moves` maps each old village (or township) code to its new one, already checked. Each app moves
# its own rows filed at an old code (registries its rolls, visits its rows and figures, workforce
# its posts, institutions theirs), or only counts them when `dry_run`, adding "app.table": n to
# `counts` (docs/rules/workflow.md#division-maintenance).
divisions_recoded = Hook("divisions_recoded")

# visits.services fires it with (actor=, flags=) when a visit raises urgent reports on a file (the
# list of visits.UrgentReport rows written): protection opens a case for each, in the same transaction.
urgent_flagged = Hook("urgent_flagged")

"""What makes one kind of provincial parameters: how its values are checked and read, its defaults.

A kind is declared by the app whose rules use the parameters (`registries.policy.ELIGIBILITY`,
`visits.frequencies.FREQUENCIES`) and passed to this app's functions; this app never imports them.
What a new version sets off in the declaring app (files re-evaluated, figures recomputed) runs
through `core.hooks.policy_set`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar

from seedling.core.dated import Dated
from seedling.core.errors import ValidationFailed
from seedling.policies.enums import PolicyKind

V = TypeVar("V", bound=Dated)


@dataclass(frozen=True)
class Kind(Generic[V]):
    code: PolicyKind
    # Every bad value of stored-form parameters, each a ValidationFailed at its parameter (`field`);
    # empty when they are valid. The service refuses with the first, a form shows each at its field.
    problems: Callable[[Mapping[str, Any]], list[ValidationFailed]]
    # Valid parameters -> the rules' version in force from that day (a key left out: the default).
    version: Callable[[date, Mapping[str, Any]], V]
    # In force before the province's first version; the earliest starts on date.min.
    defaults: tuple[V, ...]
    action: str  # the audit action of a change
    # A version may not start before today: the periods already past were judged by the rules then.
    from_today: bool = False
    # A version with the document its staff named as its basis (`ProvincePolicy.note`), for kinds
    # whose reasons quote it (docs/rules/eligibility.md#lb-4); None: the kind quotes no document.
    with_basis: Callable[[V, str], V] | None = None

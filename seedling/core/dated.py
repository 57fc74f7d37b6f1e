"""Dated versions of a parameter set: which one is in force on a day. Pure Python, no Django.

A version is in force from its ``effective_from`` until the next one starts; the earliest also
covers the days before it, so there is never a gap. Every dated provincial parameter set (the
eligibility policy, the visit frequencies) is read with these functions, from versions already
loaded: the province's own versions after the defaults in force before its first one (``over``).
The eligibility engine uses them too, which is why this module imports nothing but the standard
library.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from datetime import date
from itertools import pairwise
from typing import Protocol, TypeVar


class Dated(Protocol):
    @property
    def effective_from(self) -> date: ...


V = TypeVar("V", bound=Dated)


def _start(version: Dated) -> date:
    return version.effective_from


def check(versions: Sequence[Dated]) -> None:
    """Raise ValueError unless there is a version and their dates strictly increase."""
    if not versions:
        raise ValueError("a policy needs at least one version")
    for earlier, later in pairwise(versions):
        if later.effective_from <= earlier.effective_from:
            raise ValueError("policy versions must have strictly increasing effective_from dates")


def in_force(versions: Sequence[V], day: date) -> V:
    """The version in force on ``day`` (``versions`` checked by ``check``)."""
    i = bisect_right(versions, day, key=_start)
    return versions[i - 1 if i else 0]


def next_change(versions: Sequence[Dated], day: date) -> date | None:
    """The first day after ``day`` on which another version comes into force."""
    i = bisect_right(versions, day, key=_start)
    return versions[i].effective_from if i < len(versions) else None


def over(defaults: Sequence[V], own: Iterable[V]) -> tuple[V, ...]:
    """A province's versions: the defaults in force before its first own version, then its own."""
    mine = sorted(own, key=_start)
    if not mine:
        return tuple(defaults)
    first = mine[0].effective_from
    return (*(v for v in defaults if v.effective_from < first), *mine)

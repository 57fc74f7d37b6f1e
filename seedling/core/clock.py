"""The only place Seedling reads "now" and "today".

Policy code never calls this: it takes an explicit `as_of`. Interfaces and tasks read the clock
here once and pass the date down, so tests can pin time with `freeze`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from zoneinfo import ZoneInfo

# Civil-affairs work days follow Beijing time wherever the server runs.
SEEDLING_TZ = ZoneInfo("Asia/Shanghai")

_frozen: dt.datetime | None = None


def now() -> dt.datetime:
    """Aware current time."""
    return _frozen if _frozen is not None else dt.datetime.now(tz=SEEDLING_TZ)


def today() -> dt.date:
    """Today's date in China."""
    return now().astimezone(SEEDLING_TZ).date()


@contextmanager
def freeze(at: dt.datetime) -> Iterator[None]:
    """Pin the clock (tests and re-runs of a past day's job)."""
    global _frozen
    previous, _frozen = _frozen, at if at.tzinfo else at.replace(tzinfo=SEEDLING_TZ)
    try:
        yield
    finally:
        _frozen = previous

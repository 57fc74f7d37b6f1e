from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from seedling.core import clock


@pytest.fixture
def frozen() -> Iterator[dt.date]:
    """Pin today to 2025-06-30 (Beijing time)."""
    with clock.freeze(dt.datetime(2025, 6, 30, 10, 0, tzinfo=clock.SEEDLING_TZ)):
        yield clock.today()

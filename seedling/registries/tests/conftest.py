from datetime import date, datetime

import pytest

from seedling.core import clock
from seedling.core.identity import compose
from seedling.people import services
from seedling.people.records import WomanRecord
from seedling.people.tests.factories import XINJIE, left_behind


@pytest.fixture
def file_on(actor_of):
    """File a child as demo-village on a given day (the hook evaluates it that day). A file with an HIV
    status is filed by demo-county, which holds the HIV grant: no one else may record it."""

    def make(day: date, **overrides):
        by = "demo-county" if overrides.get("hiv") is not None else "demo-village"
        with clock.freeze(datetime(day.year, day.month, day.day, 9)):
            return services.child_create(actor=actor_of(by), record=left_behind(**overrides)).child

    return make


@pytest.fixture
def woman_on(actor_of):
    """File a rural left-behind woman of 新街居委会 as demo-village on a given day (a synthetic person)."""
    seq = iter(range(1, 500))

    def make(day: date, born: date = date(1975, 8, 10), **overrides):
        values = dict(
            division_code=XINJIE,
            name="王秀英",
            id_number=compose("360313", born, next(seq), "女"),
            hukou_type="rural",
            residence="rural",
            husband_name="林建国",
            husband_away_since=date(2024, 1, 1),
        )
        values.update(overrides)
        with clock.freeze(datetime(day.year, day.month, day.day, 9)):
            return services.woman_save(actor=actor_of("demo-village"), record=WomanRecord(**values))

    return make

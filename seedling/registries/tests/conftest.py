from datetime import date, datetime

import pytest

from seedling.core import clock
from seedling.people import services
from seedling.people.tests.factories import left_behind


@pytest.fixture
def file_on(actor_of):
    """File a child as demo-village on a given day (the hook evaluates it that day)."""

    def make(day: date, **overrides):
        with clock.freeze(datetime(day.year, day.month, day.day, 9)):
            return services.child_create(
                actor=actor_of("demo-village"), record=left_behind(**overrides)
            ).child

    return make

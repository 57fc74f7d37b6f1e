from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from seedling.core import clock
from seedling.people import services as people_services
from seedling.people.models import Child
from seedling.people.tests.factories import id_number, left_behind
from seedling.protection import services

# A Friday before 国庆 2026.
NOW = dt.datetime(2026, 9, 25, 9, 30, tzinfo=clock.SEEDLING_TZ)


@pytest.fixture
def frozen() -> Iterator[dt.datetime]:
    with clock.freeze(NOW):
        yield NOW


def child(actor: Any, **overrides: Any) -> Child:
    born = overrides.pop("birth_date", dt.date(2016, 5, 20))
    record = left_behind(birth_date=born, id_number=id_number(born), **overrides)
    return people_services.child_create(actor=actor, record=record).child


def report(actor: Any, **over: Any) -> services.Raised:
    data: dict[str, Any] = {
        "client_token": uuid.uuid4(),
        "trigger": "alone",
        "seen_at": clock.now() - dt.timedelta(minutes=20),
        "seen": "孩子独自在家三天，没有饭吃",
    }
    data.update(over)
    return services.report_raise(actor=actor, data=services.ReportInput(**data))

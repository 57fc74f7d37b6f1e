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
from seedling.policies.models import ProvincePolicy
from seedling.policies.services import version_set
from seedling.visits import services, summary
from seedling.visits.frequencies import FREQUENCIES
from seedling.visits.models import RiskChange

TODAY = dt.date(2025, 6, 30)


@pytest.fixture
def frozen() -> Iterator[dt.date]:
    """Pin today to 2025-06-30 (Beijing time)."""
    with clock.freeze(dt.datetime(2025, 6, 30, 10, 0, tzinfo=clock.SEEDLING_TZ)):
        yield clock.today()


def file_child(
    actor: Any, *, risk: str, since: dt.date | None = dt.date(2025, 1, 1), **overrides: Any
) -> Child:
    """File a child through people.services; backdate its risk history to `since`.

    The backdating is a raw write, past the services: the village's compliance figures are
    recomputed after it, as the services do after theirs.
    """
    born = overrides.pop("birth_date", dt.date(2016, 5, 20))
    record = left_behind(risk_level=risk, birth_date=born, id_number=id_number(born), **overrides)
    child = people_services.child_create(actor=actor, record=record).child
    if since is not None:
        RiskChange.unscoped.filter(child_id=child.pk).update(effective_on=since)
        summary.refresh_villages([child.division_code], as_of=clock.today())
    return child


def visit(actor: Any, child: Child, on: dt.date, mode: str = "home", **extra: Any) -> services.Recorded:
    data = services.VisitInput(client_token=uuid.uuid4(), visited_on=on, mode=mode, **extra)
    return services.visit_record(actor=actor, child=child, data=data)


def frequencies_set(actor: Any, province_code: str, effective_from: dt.date, *periods: int) -> ProvincePolicy:
    """Set a province's visit frequencies through the one service: (low contact, low, medium, high
    home visit) months and the alarm's days."""
    low_contact, low, medium, high, alarm = periods
    return version_set(
        actor=actor,
        kind=FREQUENCIES,
        province_code=province_code,
        effective_from=effective_from,
        params={
            "low_contact_months": low_contact,
            "low_visit_months": low,
            "medium_visit_months": medium,
            "high_visit_months": high,
            "alarm_days": alarm,
        },
    )

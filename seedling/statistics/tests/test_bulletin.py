"""The monthly bulletin: drafted from the figures, frozen once issued, read by the units it names."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.http import Http404
from openpyxl import load_workbook

from seedling.audit.models import AuditEvent
from seedling.core import clock
from seedling.core.errors import PermissionDenied, ValidationFailed
from seedling.people import services as people_services
from seedling.people.tests.factories import ANYUAN_VILLAGE, id_number, left_behind
from seedling.statistics import selectors, services

pytestmark = pytest.mark.django_db
JUNE = dt.date(2025, 6, 1)


def at(day: dt.date) -> Any:
    return clock.freeze(dt.datetime(day.year, day.month, day.day, 10, 0, tzinfo=clock.SEEDLING_TZ))


def issue(actor: Any, code: str, deadline: dt.date | None = dt.date(2025, 7, 15)) -> Any:
    area = selectors.area_for(actor=actor, code=code)
    return services.bulletin_issue(actor=actor, area=area, month=JUNE, deadline=deadline)


def test_issued_bulletin_is_frozen_and_named_units_read_it(actor_of: Any, client_of: Any) -> None:
    city, county = actor_of("demo-city"), actor_of("demo-county")
    with at(dt.date(2025, 6, 30)):
        people_services.child_create(actor=county, record=left_behind())
        bulletin = issue(city, "360300000000")
        lines = {x["code"]: x for x in bulletin.content["units"]}
        assert lines["360313000000"]["total"] == 1 and lines["360313000000"]["new"] == 1
        assert bulletin.content["total"] == 1
        # Later files do not change the issued bulletin: re-rendering gives the same numbers.
        people_services.child_create(
            actor=county, record=left_behind(id_number=id_number(dt.date(2016, 5, 20)))
        )
        draft = selectors.bulletin_draft(
            actor=city,
            area=selectors.area_for(actor=city, code="360300000000"),
            month=JUNE,
            as_of=clock.today(),
        )
        assert draft["total"] == 2
        again = selectors.bulletin_get(actor=city, bulletin_id=bulletin.pk)
        assert again.content["total"] == 1
        with pytest.raises(ValidationFailed):
            issue(city, "360300000000")  # once per area and month
        page = client_of("demo-county").get(f"/statistics/bulletins/{bulletin.pk}/")
        assert page.status_code == 200 and 'data-k="total">1<' in page.content.decode()
        book = client_of("demo-county-b").get(f"/statistics/bulletins/{bulletin.pk}.xlsx")
        assert book.status_code == 200  # 安源区 is named too
        rows = list(load_workbook(io.BytesIO(book.content)).active.iter_rows(values_only=True))
        assert any(r[2] == "360313000000" and r[3] == 1 for r in rows)
    assert AuditEvent.unscoped.filter(action="bulletin_issued", subject_id=str(bulletin.pk)).count() == 1


def test_a_county_cannot_read_a_bulletin_that_does_not_name_it(actor_of: Any) -> None:
    with at(dt.date(2025, 6, 30)):
        people_services.child_create(
            actor=actor_of("demo-county-b"), record=left_behind(division_code=ANYUAN_VILLAGE)
        )
        bulletin = issue(actor_of("demo-county-b"), "360302000000")
    with pytest.raises(Http404):
        selectors.bulletin_get(actor=actor_of("demo-county"), bulletin_id=bulletin.pk)


def test_only_county_up_issue_and_bad_input_is_refused(actor_of: Any, client_of: Any) -> None:
    with at(dt.date(2025, 6, 30)):
        with pytest.raises(PermissionDenied):
            issue(actor_of("demo-township"), "360313001000")
        with pytest.raises(ValidationFailed):
            issue(actor_of("demo-city"), "360300000000", deadline=dt.date(2025, 1, 1))
        client = client_of("demo-city")
        assert client.get("/statistics/360300000000/bulletin/?month=2025-13").status_code == 400
        assert client.get("/statistics/360300000000/bulletin/?month=2099-01").status_code == 400
        assert (
            client.post("/statistics/360300000000/bulletin/?month=2025-06", {"deadline": "x"}).status_code
            == 400
        )
        ok = client.post("/statistics/360300000000/bulletin/?month=2025-06", {"deadline": "2025-07-15"})
        assert ok.status_code == 302
        assert client.get("/statistics/bulletins/999999/").status_code == 404

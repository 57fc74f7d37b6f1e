"""manage.py statistics --json: the same numbers as a direct count, in the ledger's labels."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from seedling.core import clock
from seedling.people import services as people_services
from seedling.people.tests.factories import id_number, left_behind

pytestmark = pytest.mark.django_db


def run(*args: str) -> dict[str, Any]:
    out = io.StringIO()
    call_command("statistics", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_json_by_category_and_unit_across_a_month_end(actor_of: Any) -> None:
    county = actor_of("demo-county")
    with clock.freeze(dt.datetime(2025, 5, 20, 10, tzinfo=clock.SEEDLING_TZ)):
        people_services.child_create(actor=county, record=left_behind())
    with clock.freeze(dt.datetime(2025, 6, 2, 10, tzinfo=clock.SEEDLING_TZ)):
        call_command("refresh_statistics", stdout=io.StringIO())
        people_services.child_create(
            actor=county, record=left_behind(id_number=id_number(dt.date(2016, 5, 20)))
        )
        now = run("--user", "demo-city")
        may = run("--user", "demo-city", "--as-of", "2025-05-31")
        with pytest.raises(CommandError):
            run("--user", "demo-city", "--as-of", "2025-03-31")  # no month end kept
        with pytest.raises(CommandError):
            run("--user", "demo-county-b", "--division", "360313000000")
        with pytest.raises(CommandError):
            run("--user", "demo-city", "--as-of", "2025-13-01")
    assert now["division"] == "360300000000" and now["total"] == 2
    assert now["by_category"]["农村留守儿童"] == 2
    assert {u["code"]: u["total"] for u in now["by_unit"]}["360313000000"] == 2
    assert may["total"] == 1 and may["as_of"] == "2025-05-31"
    assert {u["code"]: u["total"] for u in may["by_unit"]} == {"360313000000": 1}

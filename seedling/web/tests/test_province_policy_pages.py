"""The two kinds' pages share one form shape and one list of versions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from seedling.core import clock
from seedling.policies.models import ProvincePolicy
from seedling.web.registries.forms import EligibilityPolicyForm
from seedling.web.visits.forms import VisitFrequenciesForm

PAGES = {"eligibility": "/registries/policy/36/", "visit_frequencies": "/visits/frequencies/36/"}


@pytest.fixture
def frozen() -> Iterator[dt.date]:
    with clock.freeze(dt.datetime(2025, 6, 30, 10, tzinfo=clock.SEEDLING_TZ)):
        yield clock.today()


@pytest.mark.parametrize("kind", sorted(PAGES))
def test_a_version_with_its_basis_is_listed_in_force_from_its_day(client_of, frozen, kind: str) -> None:
    client = client_of("demo-province")
    form = client.get(PAGES[kind]).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {k: v for k, v in data.items() if v is not None and v is not False}
    response = client.post(PAGES[kind], {**data, "effective_from": "2025-07-01", "note": "赣民字〔2025〕7号"})
    assert response.status_code == 302
    assert ProvincePolicy.objects.get(kind=kind, province_code="36").note == "赣民字〔2025〕7号"

    page = client.get(PAGES[kind])
    rows = page.context["rows"]
    # Newest first: the new version (not yet in force), then the defaults, today's marked.
    assert rows[0].effective_from == dt.date(2025, 7, 1) and rows[0].future and not rows[0].in_force
    assert [r.stored is None for r in rows[1:]] == [True] * (len(rows) - 1)
    assert sum(r.in_force for r in rows) == 1
    html = page.content.decode()
    assert 'data-version="2025-07-01"' in html and "赣民字〔2025〕7号" in html and "演示省厅" in html
    # The form starts from the version in force today, not from the one set for later.
    assert page.context["form"].initial["effective_from"] == frozen


def test_every_value_is_checked_at_its_field_by_the_kinds_own_check(frozen) -> None:
    base = {"effective_from": "2025-07-01", "low_contact_months": "1", "high_visit_months": "1"}
    form = VisitFrequenciesForm(
        {**base, "low_visit_months": "1", "medium_visit_months": "3", "alarm_days": "0"}
    )
    assert not form.is_valid()
    assert sorted(form.errors) == ["alarm_days", "medium_visit_months"]  # both at once
    eligibility = EligibilityPolicyForm({"effective_from": "2025-07-01", "lb_away_min_months": "0"})
    assert not eligibility.is_valid()
    assert "「" in eligibility.errors["lb_away_min_months"][0]  # named by its label, not its key

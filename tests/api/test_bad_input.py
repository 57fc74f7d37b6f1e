"""Bad input to the API gets a clear answer (400/422 problem+json in Chinese), never a 500, and
saves nothing. Each case is one that fuzzing the OpenAPI description found answering 500."""

from __future__ import annotations

from typing import Any

import pytest

from seedling.people import services
from seedling.people.models import Child
from seedling.people.tests.factories import left_behind
from seedling.people.tests.test_web import api_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def child(actor_of) -> Child:  # type: ignore[no-untyped-def]
    return services.child_create(actor=actor_of("demo-county"), record=left_behind()).child


PATCHES: list[dict[str, Any]] = [
    {"father": None},
    {"mother": None},
    {"no_hukou": None},
    {"lives_alone": None},
    {"harm": [{"kind": "no-such-kind", "occurred_on": "2026-01-01"}]},
    {"father": {"situations": [{"kind": "imprisoned", "since": "2024-01-01", "term_months": -3}]}},
    {"father": {"situations": [{"kind": "no-such-kind"}]}},
    {"income_per_capita": "100000000"},
    {"income_per_capita": "1e30"},
    {"income_per_capita": "-5"},
    {"income_per_capita": "NaN"},
    {"disability_grade": 2**40},
    {"father": {"disability_grade": 2**40}},
    {"name": "x" * 5000},
    {"birth_date": "0001-01-01"},
    {"declared_categories": ["no-such-category"]},
]


@pytest.mark.parametrize("body", PATCHES, ids=[str(b)[:60] for b in PATCHES])
def test_a_hostile_patch_is_refused_with_a_message_and_changes_nothing(child, body) -> None:
    api, auth = api_client("demo-village")
    url = f"/api/v1/children/{child.pk}"
    before = api.get(url, **auth).json()
    response = api.patch(url, body, content_type="application/json", **auth)
    assert response.status_code in {400, 422}, (response.status_code, response.content[:500])
    problem = response.json()
    assert problem["detail"] and response["Content-Type"].startswith("application/problem+json")
    after = api.get(url, **auth).json()
    assert {k: v for k, v in after.items() if k != "updated_at"} == {
        k: v for k, v in before.items() if k != "updated_at"
    }


# A null clears what can be empty (JSON merge patch): the answer is the file with the field cleared.
CLEARING: list[tuple[dict[str, Any], str, Any]] = [
    ({"health": None}, "health", []),
    ({"household_benefits": None}, "household_benefits", []),
    ({"child_assistance": None}, "child_assistance", []),
    ({"harm": None}, "harm", []),
    ({"remarks": None}, "remarks", ""),
    ({"schooling_until": None}, "schooling_until", None),
    ({"father": {"situations": None}}, "father", None),
]


@pytest.mark.parametrize(("body", "field", "cleared"), CLEARING, ids=[str(c[0]) for c in CLEARING])
def test_a_null_clears_what_can_be_empty(child, body, field, cleared) -> None:
    api, auth = api_client("demo-county")
    response = api.patch(f"/api/v1/children/{child.pk}", body, content_type="application/json", **auth)
    assert response.status_code == 200, response.content[:500]
    if field == "father":
        assert response.json()["father"]["situations"] == []
    else:
        assert response.json()[field] == cleared


INSTITUTIONS: list[dict[str, Any]] = [
    {"capacity": -1},
    {"staffing_quota": -5},
    {"actual_staff": 2**31},
    {"occupancy": 2**63},
    {"social_workers": -1},
]


@pytest.mark.parametrize("numbers", INSTITUTIONS, ids=[str(n) for n in INSTITUTIONS])
def test_an_absurd_institution_count_is_refused(numbers) -> None:
    from seedling.institutions.enums import InstitutionKind
    from seedling.institutions.models import Institution

    api, auth = api_client("demo-county")
    body = {"kind": InstitutionKind.CHILDRENS_HOME, "division_code": "360313001001", "name": "新街儿童之家"}
    response = api.post("/api/v1/institutions", {**body, **numbers}, content_type="application/json", **auth)
    assert response.status_code in {400, 422}, response.content[:300]
    assert response.json()["detail"]
    assert not Institution.unscoped.exists()
    # The same body with sane numbers is accepted: the refusal was the number's.
    sane = {k: 3 for k in numbers}
    assert (
        api.post(
            "/api/v1/institutions", {**body, **sane}, content_type="application/json", **auth
        ).status_code
        == 201
    )

"""One service sets a version of every kind of provincial parameters; each kind's app follows it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from seedling.access import capabilities
from seedling.access.actor import Actor, grant_for
from seedling.access.capabilities import Capability
from seedling.access.roles import Role
from seedling.audit.models import AuditEvent
from seedling.core import clock
from seedling.core.errors import PermissionDenied, ValidationFailed
from seedling.people import services as people
from seedling.people.tests.factories import left_behind
from seedling.policies import selectors
from seedling.policies.models import ProvincePolicy
from seedling.policies.services import version_set
from seedling.registries.models import Determination
from seedling.registries.policy import ELIGIBILITY
from seedling.visits import summary
from seedling.visits.frequencies import FREQUENCIES
from seedling.visits.models import ComplianceFigure

TODAY = dt.date(2025, 6, 30)
WEEKLY_ALARM = {"alarm_days": 7}


@pytest.fixture
def frozen() -> Iterator[dt.date]:
    with clock.freeze(dt.datetime(2025, 6, 30, 10, tzinfo=clock.SEEDLING_TZ)):
        yield clock.today()


def may_set(actor: Actor, province_code: str) -> bool:
    return capabilities.may(actor, Capability.POLICY_SET, province_code)


def test_only_the_provinces_own_staff_may_set(actor_of) -> None:
    national = Actor(user_id=1, username="n", grants=(grant_for(Role.NATIONAL_ADMIN, ""),))
    assert may_set(actor_of("demo-province"), "36")
    assert not may_set(actor_of("demo-province"), "43")
    assert not any(may_set(actor_of(u), "36") for u in ("demo-city", "demo-county", "demo-village"))
    assert not may_set(national, "36")  # reads every province's parameters, sets none
    with pytest.raises(PermissionDenied) as refused:
        version_set(
            actor=national, kind=FREQUENCIES, province_code="36", effective_from=TODAY, params=WEEKLY_ALARM
        )
    assert refused.value.code == "policy.not_province"
    assert not ProvincePolicy.objects.filter(province_code="36").exists()


def test_a_version_is_stored_with_its_note_and_audited(actor_of, frozen) -> None:
    province = actor_of("demo-province")
    row = version_set(
        actor=province,
        kind=ELIGIBILITY,
        province_code="36",
        effective_from=dt.date(2025, 9, 1),
        params={"lb_away_min_months": 3},
        note=" 赣民字〔2025〕1号 ",
    )
    assert (row.kind, row.province_code, row.params, row.note) == (
        "eligibility",
        "36",
        {"lb_away_min_months": 3},
        "赣民字〔2025〕1号",
    )
    assert (row.set_by_id, row.set_at) == (province.user_id, clock.now())
    [event] = AuditEvent.unscoped.filter(action="policy_changed")
    assert (event.subject_type, event.subject_id, event.subject_label) == (
        "province_policy",
        str(row.pk),
        "36 2025-09-01",
    )
    assert event.detail == {
        "kind": "eligibility",
        "effective_from": "2025-09-01",
        "params": {"lb_away_min_months": 3},
        "created": True,
    }
    # Each kind reads only its own versions.
    assert selectors.versions(kind=FREQUENCIES, province_code="36") == FREQUENCIES.defaults
    versions = selectors.versions(kind=ELIGIBILITY, province_code="36")
    assert [v.lb_away_min_months for v in versions] == [6, 6, 3]  # the two national defaults, then 36's


def test_the_kind_checks_the_values_and_the_start(actor_of, frozen) -> None:
    province = actor_of("demo-province")
    with pytest.raises(ValidationFailed) as bad:
        version_set(
            actor=province,
            kind=FREQUENCIES,
            province_code="36",
            effective_from=TODAY,
            params={"low_visit_months": 5, "alarm_days": 0},
        )
    assert (bad.value.code, bad.value.field) == ("visit_policy.period", "low_visit_months")  # the first
    with pytest.raises(ValidationFailed) as past:
        version_set(
            actor=province,
            kind=FREQUENCIES,
            province_code="36",
            effective_from=TODAY - dt.timedelta(days=1),
            params=WEEKLY_ALARM,
        )
    assert (past.value.code, past.value.field) == ("policy.past", "effective_from")
    # The eligibility kind may start in the past: its files are re-checked from today.
    version_set(
        actor=province,
        kind=ELIGIBILITY,
        province_code="36",
        effective_from=dt.date(2025, 1, 1),
        params={"lb_away_min_months": 3},
    )
    assert list(ProvincePolicy.objects.filter(province_code="36").values_list("kind", flat=True)) == [
        "eligibility"
    ]


def test_a_new_version_sets_off_only_its_own_kinds_recount(actor_of) -> None:
    mid_june = dt.date(2025, 6, 10)
    later = dt.date(2025, 6, 20)
    with clock.freeze(dt.datetime(2025, 6, 10, 10, tzinfo=clock.SEEDLING_TZ)):
        _only_its_own_kind(actor_of, mid_june, later)


def _only_its_own_kind(actor_of, today: dt.date, later: dt.date) -> None:  # type: ignore[no-untyped-def]
    child = people.child_create(actor=actor_of("demo-village"), record=left_behind()).child
    recheck = Determination.unscoped.get(child=child).next_recheck
    figures = ComplianceFigure.unscoped.get(division_code=child.division_code)
    assert figures.valid_until >= later  # until the quarter ends

    version_set(
        actor=actor_of("demo-province"),
        kind=FREQUENCIES,
        province_code="36",
        effective_from=later,
        params=WEEKLY_ALARM,
    )
    figures.refresh_from_db()
    assert figures.valid_until == later - dt.timedelta(days=1)  # visits: the figures end the day before
    assert Determination.unscoped.get(child=child).next_recheck == recheck  # the files are untouched

    summary.refresh_villages([child.division_code], as_of=today)
    valid_until = ComplianceFigure.unscoped.get(division_code=child.division_code).valid_until
    version_set(
        actor=actor_of("demo-province"),
        kind=ELIGIBILITY,
        province_code="36",
        effective_from=later,
        params={"lb_away_min_months": 3},
    )
    assert Determination.unscoped.get(child=child).next_recheck == min(d for d in (recheck, later) if d)
    assert ComplianceFigure.unscoped.get(division_code=child.division_code).valid_until == valid_until

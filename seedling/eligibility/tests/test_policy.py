"""Dated provincial parameters."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from seedling.eligibility.facts import SituationKind as K
from seedling.eligibility.policy import (
    ADDITIONS_2020,
    DEFAULT_POLICY,
    Q62,
    SICHUAN,
    Policy,
    PolicyVersion,
)

V1 = PolicyVersion(effective_from=date(2020, 1, 1), lb_away_min_months=6)
V2 = PolicyVersion(effective_from=date(2022, 7, 1), lb_away_min_months=3)
TWO = Policy("测试", (V1, V2))


@pytest.mark.parametrize(
    ("on", "version"),
    [
        (date(2019, 12, 31), V1),  # the earliest version also covers earlier dates
        (date(2020, 1, 1), V1),
        (date(2022, 6, 30), V1),
        (date(2022, 7, 1), V2),
        (date(2030, 1, 1), V2),
    ],
)
def test_for_date_picks_the_version_in_force(on: date, version: PolicyVersion) -> None:
    assert TWO.for_date(on) is version


@pytest.mark.parametrize(
    ("on", "change"),
    [
        (date(2019, 12, 31), date(2020, 1, 1)),
        (date(2020, 1, 1), date(2022, 7, 1)),
        (date(2022, 6, 30), date(2022, 7, 1)),
        (date(2022, 7, 1), None),
    ],
)
def test_next_change(on: date, change: date | None) -> None:
    assert TWO.next_change(on) == change


def test_a_policy_needs_versions_in_date_order() -> None:
    with pytest.raises(ValueError, match="at least one version"):
        Policy("空", ())
    with pytest.raises(ValueError, match="strictly increasing"):
        Policy("乱序", (V2, V1))
    with pytest.raises(ValueError, match="strictly increasing"):
        Policy("重复", (V1, V1))


@pytest.mark.parametrize(
    "field",
    [
        "lb_away_min_months",
        "custody_min_term_months",
        "lost_contact_min_months",
        "continuation_reverify_months",
    ],
)
def test_month_thresholds_must_be_positive(field: str) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        PolicyVersion(effective_from=date.min, **{field: 0})  # type: ignore[arg-type]


def test_situation_sets_follow_the_additions_and_the_deportation_switch() -> None:
    six = PolicyVersion(effective_from=date.min, fdu_additions=frozenset())
    assert six.qset_one == Q62 == six.qset_both
    full = PolicyVersion(effective_from=date.min)
    assert full.qset_one == Q62 | ADDITIONS_2020 == full.qset_both
    guangdong = PolicyVersion(effective_from=date.min, deported_in_both_clause=False)
    assert guangdong.qset_one == Q62 | ADDITIONS_2020
    assert guangdong.qset_both == Q62 | {K.GUARDIANSHIP_REVOKED}
    revoked_only = PolicyVersion(effective_from=date.min, fdu_additions=frozenset({K.GUARDIANSHIP_REVOKED}))
    assert revoked_only.qset_one == Q62 | {K.GUARDIANSHIP_REVOKED}
    # Only the two 2020 additions can be added; anything else is ignored.
    stray = PolicyVersion(effective_from=date.min, fdu_additions=frozenset({K.AWAY_WORK}))
    assert stray.qset_one == Q62


def test_default_and_sichuan() -> None:
    assert len(Q62) == 6
    assert DEFAULT_POLICY.for_date(date(2020, 12, 31)).fdu_additions == frozenset()
    assert DEFAULT_POLICY.for_date(date(2021, 1, 1)).fdu_additions == ADDITIONS_2020
    assert DEFAULT_POLICY.for_date(date(2025, 1, 1)).lb_away_min_months == 6
    assert SICHUAN.for_date(date(2020, 5, 1)).lb_away_min_months == 3
    assert SICHUAN.for_date(date(2025, 1, 1)).lb_away_min_months == 3
    assert SICHUAN.for_date(date(2025, 1, 1)).fdu_additions == ADDITIONS_2020
    assert DEFAULT_POLICY.next_change(date(2024, 1, 1)) is None


def test_resolve_remembers_recent_dates_and_stays_bounded() -> None:
    policy = Policy("缓存", (V1, V2))
    assert policy.resolve(date(2021, 5, 1)) == (V1, date(2022, 7, 1))
    assert policy.resolve(date(2021, 5, 1)) is policy.resolve(date(2021, 5, 1))
    for offset in range(300):
        day = date(2022, 1, 1) + timedelta(days=offset)
        assert policy.resolve(day) == (policy.for_date(day), policy.next_change(day))
    assert len(policy._memo) <= 256
    assert policy == Policy("缓存", (V1, V2))  # the memo is not part of the value

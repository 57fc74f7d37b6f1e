"""Dated versions: the one reading of every dated provincial parameter set."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from seedling.core import dated


@dataclass(frozen=True)
class V:
    effective_from: date
    value: int = 0


DEFAULTS = (V(date.min, 1), V(date(2021, 1, 1), 2))


def test_in_force_and_next_change_over_a_provinces_versions() -> None:
    own = [V(date(2025, 7, 1), 20), V(date(2023, 3, 1), 10)]  # loaded in any order
    versions = dated.over(DEFAULTS, own)
    # The national 2021 default started before the province's first version, so it stays in between.
    assert [v.value for v in versions] == [1, 2, 10, 20]
    assert dated.in_force(versions, date(2020, 12, 31)).value == 1
    assert dated.in_force(versions, date(2021, 1, 1)).value == 2
    assert dated.in_force(versions, date(2025, 6, 30)).value == 10
    assert dated.in_force(versions, date(2025, 7, 1)).value == 20
    assert dated.next_change(versions, date(2024, 1, 1)) == date(2025, 7, 1)
    assert dated.next_change(versions, date(2025, 7, 1)) is None


def test_a_first_version_before_a_default_replaces_it() -> None:
    versions = dated.over(DEFAULTS, [V(date(2020, 5, 1), 10)])
    assert [v.value for v in versions] == [1, 10]  # the 2021 default comes after: not in force here
    assert dated.over(DEFAULTS, []) == DEFAULTS


def test_the_earliest_version_covers_the_days_before_it() -> None:
    versions = (V(date(2020, 1, 1), 1), V(date(2022, 1, 1), 2))
    assert dated.in_force(versions, date(2019, 1, 1)).value == 1
    assert dated.next_change(versions, date(2019, 1, 1)) == date(2020, 1, 1)


def test_versions_must_exist_and_increase() -> None:
    dated.check(DEFAULTS)
    with pytest.raises(ValueError, match="at least one version"):
        dated.check(())
    with pytest.raises(ValueError, match="strictly increasing"):
        dated.check((V(date(2022, 1, 1)), V(date(2022, 1, 1))))

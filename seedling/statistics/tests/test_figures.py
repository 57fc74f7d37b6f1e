"""The figures equal a direct count of the files at every level, through every kind of write."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import pytest

from seedling.core import clock
from seedling.people import enums
from seedling.people import services as people_services
from seedling.people.models import Child
from seedling.people.tests.factories import ANYUAN_VILLAGE, XINGQUN, XINJIE, id_number, left_behind
from seedling.registries.enums import MembershipStatus
from seedling.registries.models import Membership
from seedling.statistics import selectors, services
from seedling.statistics.models import Figure, FigureChild

pytestmark = pytest.mark.django_db

PREFIXES = ["", "36", "3603", "360313", "360313001", XINJIE, "360302", ANYUAN_VILLAGE]


def at(day: dt.date) -> Any:
    return clock.freeze(dt.datetime(day.year, day.month, day.day, 10, 0, tzinfo=clock.SEEDLING_TZ))


def direct(prefix: str) -> tuple[int, dict[str, int]]:
    """Children in a roll (open, active episodes) filed under `prefix`: total and per category."""
    rows = Membership.unscoped.filter(
        child__isnull=False,
        end__isnull=True,
        status=MembershipStatus.ACTIVE,
        child__division_code__startswith=prefix,
    ).exclude(child__status=enums.FileStatus.MERGED)
    per = Counter(rows.values_list("category", flat=True))
    return len(set(rows.values_list("child_id", flat=True))), dict(per)


def stored(prefix: str) -> tuple[int, dict[str, int]]:
    level = {0: 0, 2: 1, 4: 2, 6: 3, 9: 4, 12: 5}[len(prefix)]
    counts = selectors.Counts()
    for cats, n in Figure.unscoped.filter(level=level, code=prefix).values_list("categories", "children"):
        counts.add(selectors.keys.split(cats), n)
    return counts.total, {k: v for k, v in counts.by_category.items() if v}


def assert_exact() -> None:
    for prefix in PREFIXES:
        assert stored(prefix) == direct(prefix), prefix


def disabled(**overrides: Any) -> Any:
    """Left-behind (parents away) and in difficulty (a first-grade disability): two categories."""
    return left_behind(
        health=[enums.Health.DISABLED],
        disability_category=enums.DisabilityCategory.PHYSICAL,
        disability_grade=1,
        **overrides,
    )


def test_a_child_in_two_categories_counts_once_in_the_total_and_once_in_each(actor_of: Any) -> None:
    county = actor_of("demo-county")
    with at(dt.date(2025, 6, 30)):
        people_services.child_create(actor=county, record=disabled())
        people_services.child_create(
            actor=county, record=left_behind(id_number=id_number(dt.date(2016, 5, 20)))
        )
    total, per = stored("360313")
    assert total == 2
    assert per == {"left_behind": 2, "in_difficulty": 1}
    assert_exact()


def test_rebuild_gives_the_same_figures_as_the_deltas(actor_of: Any) -> None:
    county = actor_of("demo-county")
    with at(dt.date(2025, 6, 30)):
        for village in (XINJIE, XINGQUN):
            people_services.child_create(actor=county, record=disabled(division_code=village))
        before = sorted(Figure.unscoped.filter(children__gt=0).values_list("level", "code", "categories", "children"))
        services.rebuild(as_of=clock.today())
    after = sorted(Figure.unscoped.filter(children__gt=0).values_list("level", "code", "categories", "children"))
    assert before == after
    assert FigureChild.unscoped.count() == Child.unscoped.count() == 2

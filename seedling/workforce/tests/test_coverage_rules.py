"""The coverage rules on small synthetic trees (pure: no database)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from seedling.workforce.coverage import (
    DIRECTOR,
    SUPERVISOR,
    Post,
    Tally,
    Unit,
    coverage,
    explanation_is_current,
    pct,
)

AS_OF = date(2025, 6, 30)
COUNTY = Unit("360313000000", "湘东区", 3, "360300000000")
T1 = Unit("360313001000", "峡山口街道", 4, COUNTY.code)
T2 = Unit("360313002000", "东桥镇", 4, COUNTY.code)
V11 = Unit("360313001001", "新街居委会", 5, T1.code)
V12 = Unit("360313001002", "峡山口居委会", 5, T1.code)
V21 = Unit("360313002200", "甲村委会", 5, T2.code)
UNITS = [T1, T2, V11, V12, V21]


def post(pid: int, role: str, unit: Unit, start: date = date(2024, 1, 1), end: date | None = None) -> Post:
    return Post(pid, role, unit.code, start, end)


def test_counts_per_level_and_per_child() -> None:
    posts = [
        post(1, SUPERVISOR, T1),
        post(2, DIRECTOR, V11),
        post(3, DIRECTOR, V11),  # a village may have more than one director
        post(4, DIRECTOR, V21),
    ]
    report = coverage(COUNTY, UNITS, posts, as_of=AS_OF)
    assert report.root == Tally(
        COUNTY.code,
        "湘东区",
        3,
        townships=2,
        townships_covered=1,
        villages=3,
        villages_covered=2,
        supervisors=1,
        directors=3,
    )
    assert [
        (t.code, t.townships, t.townships_covered, t.villages, t.villages_covered) for t in report.children
    ] == [
        (T1.code, 1, 1, 2, 1),
        (T2.code, 1, 0, 1, 1),
    ]
    assert [u.code for u in report.townships_without_supervisor] == [T2.code]
    assert [u.code for u in report.villages_without_director] == [V12.code]
    assert report.root.township_pct == Decimal("50.0") and report.root.village_pct == Decimal("66.7")
    assert report.root.supervisor_mismatch and report.root.director_mismatch


def test_a_person_covering_several_villages_is_counted_once_and_listed() -> None:
    posts = [post(7, DIRECTOR, V11), post(7, DIRECTOR, V12), post(8, DIRECTOR, V21)]
    report = coverage(COUNTY, UNITS, posts, as_of=AS_OF)
    assert (report.root.villages, report.root.villages_covered, report.root.directors) == (3, 3, 2)
    # 2 people for 3 villages: 川民政厅 2020 专项行动实施方案 asks for an explanation
    assert report.root.director_mismatch
    assert [(c.person_id, c.division_codes) for c in report.counted_twice] == [(7, (V11.code, V12.code))]


def test_one_each_is_no_mismatch() -> None:
    posts = [post(1, SUPERVISOR, T1), post(2, SUPERVISOR, T2)] + [
        post(10 + i, DIRECTOR, v) for i, v in enumerate([V11, V12, V21])
    ]
    root = coverage(COUNTY, UNITS, posts, as_of=AS_OF).root
    assert not root.supervisor_mismatch and not root.director_mismatch
    assert (root.township_pct, root.village_pct) == (Decimal("100.0"), Decimal("100.0"))


def test_more_people_than_units_is_a_mismatch_too() -> None:
    posts = [post(1, SUPERVISOR, T1), post(2, SUPERVISOR, T1), post(3, SUPERVISOR, T2)]
    root = coverage(COUNTY, UNITS, posts, as_of=AS_OF).root
    assert (root.townships_covered, root.supervisors) == (2, 3)
    assert root.supervisor_mismatch


def test_only_current_posts_count() -> None:
    posts = [
        post(1, SUPERVISOR, T1, start=date(2020, 1, 1), end=date(2025, 6, 30)),  # left today: out
        post(2, SUPERVISOR, T2, start=date(2025, 7, 1)),  # not yet
        post(3, DIRECTOR, V11, start=date(2020, 1, 1), end=date(2025, 7, 1)),  # leaves tomorrow: in
    ]
    root = coverage(COUNTY, UNITS, posts, as_of=AS_OF).root
    assert (root.townships_covered, root.villages_covered) == (0, 1)


def test_posts_at_unknown_or_retired_codes_and_wrong_levels_are_set_aside() -> None:
    retired = "360313001099"
    posts = [Post(1, DIRECTOR, retired, date(2024, 1, 1)), post(2, DIRECTOR, T1), post(3, DIRECTOR, V11)]
    report = coverage(COUNTY, UNITS, posts, as_of=AS_OF)
    assert [(p.person_id, p.division_code) for p in report.posts_outside] == [(2, T1.code), (1, retired)]
    assert report.root.directors == 1


def test_a_township_directly_under_the_prefecture() -> None:
    # 东莞 (4419): townships sit under the prefecture; the city's children are townships.
    city = Unit("441900000000", "东莞市", 2, "440000000000")
    t = Unit("441900003000", "东城街道", 4, city.code)
    v1 = Unit("441900003001", "岗贝社区居民委员会", 5, t.code)
    v2 = Unit("441900003002", "花园新村社区居民委员会", 5, t.code)
    report = coverage(city, [t, v1, v2], [post(1, SUPERVISOR, t), post(2, DIRECTOR, v1)], as_of=AS_OF)
    assert [(c.code, c.level, c.townships, c.villages, c.villages_covered) for c in report.children] == [
        (t.code, 4, 1, 2, 1)
    ]
    assert (report.root.townships, report.root.townships_covered, report.root.villages) == (1, 1, 2)


def test_a_village_root_and_a_township_root() -> None:
    village = coverage(V11, [], [post(2, DIRECTOR, V11)], as_of=AS_OF)
    assert (village.root.villages, village.root.villages_covered, village.children) == (1, 1, ())
    township = coverage(T1, [V11, V12], [post(1, SUPERVISOR, T1)], as_of=AS_OF)
    assert (township.root.townships, township.root.townships_covered) == (1, 1)
    assert [c.code for c in township.children] == [V11.code, V12.code]


def test_units_outside_the_root_are_ignored() -> None:
    stray = Unit("360302001001", "别处", 5, "360302001000")  # its parent is not in the tree
    report = coverage(COUNTY, [*UNITS, stray], [], as_of=AS_OF)
    assert report.root.villages == 3
    assert sum(c.villages for c in report.children) == 3


def test_pct_and_figures() -> None:
    assert pct(0, 0) is None
    assert pct(1, 3) == Decimal("33.3") and pct(2, 3) == Decimal("66.7") and pct(1, 8) == Decimal("12.5")
    t = Tally(
        "1",
        "x",
        3,
        townships=2,
        townships_covered=1,
        villages=5,
        villages_covered=4,
        supervisors=1,
        directors=6,
    )
    assert t.figures(SUPERVISOR) == (2, 1, 1) and t.figures(DIRECTOR) == (5, 6, 4)
    assert explanation_is_current(t, DIRECTOR, (5, 6, 4)) and not explanation_is_current(
        t, DIRECTOR, (5, 5, 4)
    )
    with pytest.raises(ValueError):
        t.figures("auditor")

"""The ratios at their edges and the reproducible draw (pure: no database)."""

from __future__ import annotations

import pytest

from seedling.verification import ratios


@pytest.mark.parametrize(("units", "drawn"), [(0, 0), (1, 1), (2, 1), (3, 2), (5, 3), (11, 6), (12, 6)])
def test_half_rounds_up(units: int, drawn: int) -> None:
    # 川民政厅 2020 专项行动实施方案 三（四）: "不少于50%" of n units is ⌈n / 2⌉.
    assert ratios.units_to_draw(units, 50) == drawn


def test_a_higher_ratio_and_the_whole() -> None:
    assert ratios.units_to_draw(11, 60) == 7  # 6.6 → 7
    assert ratios.units_to_draw(3, 100) == 3
    assert ratios.units_to_draw(1, 1) == 1


def test_the_same_seed_draws_the_same_units_whatever_the_order() -> None:
    population = [f"3603{n:02d}000000" for n in (2, 13, 21, 22, 23)]
    first = ratios.draw_units(population, 3, seed=20261204)
    assert first == ratios.draw_units(list(reversed(population)), 3, seed=20261204)
    assert len(first) == 3 and set(first) <= set(population) and first == sorted(first)
    others = {tuple(ratios.draw_units(population, 3, seed=s)) for s in range(40)}
    assert len(others) > 1  # the seed decides


def test_files_are_spread_over_every_township_first() -> None:
    by_township = {"360313001": list(range(1, 41)), "360313101": [100, 101], "360313102": [200]}
    picked = ratios.draw_files(by_township, 5, seed=7)
    assert len(picked) == 5
    assert 200 in picked and len({100, 101} & set(picked)) >= 1
    assert picked == ratios.draw_files(dict(reversed(list(by_township.items()))), 5, seed=7)
    assert sorted(ratios.draw_files(by_township, 100, seed=7)) == sorted(
        i for ids in by_township.values() for i in ids
    )


def test_a_units_files_do_not_depend_on_the_other_units_drawn() -> None:
    assert ratios.unit_seed(5, "360313000000") != ratios.unit_seed(5, "360321000000")
    assert ratios.unit_seed(5, "360313000000") == ratios.unit_seed(5, "360313000000")

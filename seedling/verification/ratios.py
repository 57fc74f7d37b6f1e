"""How many units a spot check draws, and which: pure Python, no Django
(docs/rules/workflow.md#spot-checks).

川民政厅 2020 专项行动实施方案 三（四）: the county checks every township (100 %), the city at least 50 % of
its counties, the province at least 50 % of its cities. "At least 50 %" of n units is ⌈0.5 × n⌉: a city
of 5 counties draws 3, of 1 draws 1. The ratios are dated provincial parameters (`policy.RATIOS`).

A draw is reproducible: the same population, files and seed give the same units and files, in any
process, on any database (Python's `random.Random` with an integer seed is stable across platforms
and versions for `shuffle` and `sample` over sorted input).
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class SpotCheckPolicy:
    """A province's spot-check parameters in force from `effective_from`."""

    effective_from: date
    city_percent: int = 50  # of its counties a city draws, at least
    province_percent: int = 50  # of its cities a province draws, at least
    files_per_unit: int = 20  # files drawn in each drawn unit, spread over its townships
    correction_days: int = 30  # days the county has to correct a disagreement
    citation: str = field(default="川民政厅 2020 专项行动实施方案 三（四）", compare=False)


DEFAULT_POLICY = SpotCheckPolicy(effective_from=date.min)


def units_to_draw(population: int, percent: int) -> int:
    """⌈percent % × population⌉, in integers (no float rounding): at least one unit of a
    non-empty population, never more than there are."""
    if population <= 0:
        return 0
    k = -(-(percent * population) // 100)  # integer ceiling
    return max(1, min(population, k))


def draw_units(population: Sequence[str], k: int, seed: int) -> list[str]:
    """k units of the sorted population, chosen by `seed`; returned sorted."""
    ordered = sorted(population)
    return sorted(random.Random(seed).sample(ordered, k))  # noqa: S311 - reproducible, not secret


def draw_files(by_township: Mapping[str, Sequence[int]], size: int, seed: int) -> list[int]:
    """A file sample of `size` stratified by township: each township's files are shuffled by the seed,
    then taken in turns, one township after another, so that every township is represented before
    any gives a second file. Fewer files than `size`: all of them."""
    rng = random.Random(seed)  # noqa: S311 - reproducible from the recorded seed, not secret
    queues: list[list[int]] = []
    for township in sorted(by_township):
        files = sorted(by_township[township])
        rng.shuffle(files)
        queues.append(files)
    picked: list[int] = []
    depth = 0
    while len(picked) < size and any(depth < len(q) for q in queues):
        for q in queues:
            if depth < len(q) and len(picked) < size:
                picked.append(q[depth])
        depth += 1
    return sorted(picked)


def unit_seed(seed: int, unit: str) -> int:
    """The seed of one drawn unit's file sample: derived from the draw's seed and the unit code, so a
    unit's files do not depend on which other units were drawn."""
    return seed * 1_000_003 + int(unit)

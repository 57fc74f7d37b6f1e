"""The cell a child counts in: pure functions of the file's facts and an explicit date (no Django).

docs/rules/statistics.md#cells: a child's file counts in one cell per village, made of the set of
roll categories it is in, sex, age band, schooling, guardianship and the pattern of its parents'
situations. Each answer carries the first later day it can change without a write (a birthday that
crosses a band, a parent's situation starting or ending), so the daily job recounts only those files
(docs/architecture.md#rule-4-policy-is-pure-python-with-explicit-time).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from seedling.core.dates import age_on, birthday_of_age

# docs/rules/statistics.md#age-bands: completed years (周岁, domain rules §0.2.2) as of the day counted.
AGE_BANDS: tuple[tuple[int, str], ...] = (
    (0, "0-2"),
    (3, "3-5"),
    (6, "6-11"),
    (12, "12-15"),
    (16, "16-17"),
    (18, "18+"),
)

# docs/rules/statistics.md#parents-situations: one class per parent, the strongest situation in force.
SITUATION_CLASS: dict[str, str] = {
    "dead": "dead",
    "missing": "dead",
    "unknown": "dead",
    "imprisoned": "custody",
    "compulsory_detox": "custody",
    "other_restriction": "custody",
    "guardianship_revoked": "revoked",
    "lost_contact": "lost",
    "deported": "lost",
    "serious_illness": "incapable",
    "severe_disability": "incapable",
    "away_work": "away",
    "other": "other",
}
CLASS_ORDER: tuple[str, ...] = ("dead", "custody", "revoked", "lost", "incapable", "away", "other")
NONE = "-"


@dataclass(frozen=True)
class Situation:
    role: str  # "father" | "mother"
    kind: str
    since: date | None
    until: date | None  # first day it no longer holds


@dataclass(frozen=True)
class Cell:
    """Where one child counts. `categories` is ",a,b," (sorted), "" when it is in no roll."""

    village: str
    categories: str
    sex: str
    age_band: str
    schooling: str
    guardianship: str
    parents: str

    def dims(self) -> tuple[str, str, str, str, str, str]:
        return (self.categories, self.sex, self.age_band, self.schooling, self.guardianship, self.parents)


def age_band(birth_date: date, as_of: date) -> tuple[str, date | None]:
    """The band on `as_of` and the birthday that moves the child to the next band (None after 18)."""
    age = max(age_on(birth_date, as_of), 0) if birth_date <= as_of else 0
    band = AGE_BANDS[0][1]
    nxt: date | None = None
    for i, (low, label) in enumerate(AGE_BANDS):
        if age >= low:
            band = label
            nxt = birthday_of_age(birth_date, AGE_BANDS[i + 1][0]) if i + 1 < len(AGE_BANDS) else None
    return band, nxt


def parents_pattern(situations: Iterable[Situation], as_of: date) -> tuple[str, date | None]:
    """ "father/mother" classes in force on `as_of` ("-" none), and the next day that can change it."""
    best: dict[str, str] = {}
    nxt: date | None = None
    for s in situations:
        for day in (s.since, s.until):
            if day is not None and day > as_of and (nxt is None or day < nxt):
                nxt = day
        holds = (s.since is None or s.since <= as_of) and (s.until is None or as_of < s.until)
        cls = SITUATION_CLASS.get(s.kind, "other")
        if holds and (s.role not in best or CLASS_ORDER.index(cls) < CLASS_ORDER.index(best[s.role])):
            best[s.role] = cls
    return f"{best.get('father', NONE)}/{best.get('mother', NONE)}", nxt


def categories_key(categories: Iterable[str]) -> str:
    codes = sorted(set(categories))
    return f",{','.join(codes)}," if codes else ""


def split(categories: str) -> list[str]:
    return [c for c in categories.split(",") if c]


def cell(
    *,
    village: str,
    categories: Iterable[str],
    sex: str,
    birth_date: date,
    schooling: str,
    guardianship: str,
    situations: Iterable[Situation],
    as_of: date,
) -> tuple[Cell, date | None]:
    """The child's cell on `as_of`, and the first later day it can change without a write."""
    band, band_next = age_band(birth_date, as_of)
    parents, parents_next = parents_pattern(situations, as_of)
    days = [d for d in (band_next, parents_next) if d is not None]
    return (
        Cell(village, categories_key(categories), sex, band, schooling, guardianship, parents),
        min(days) if days else None,
    )

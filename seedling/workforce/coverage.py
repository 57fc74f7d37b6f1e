"""Coverage of the division table by supervisors and directors, in pure Python (no Django).

Rules (docs/rules/coverage.md#workforce, with the notices they come from):
- C-1: at least one child supervisor (儿童督导员) per township / sub-district (云南 2018 实施方案 national
  standard 工作队伍①, 吉民发〔2018〕41号 一（一）);
- C-2: at least one child director (儿童主任) per village / community (云南 2018 实施方案 工作队伍②,
吉民发〔2018〕41号);
- C-3: the number of supervisors and directors must match the number of townships and villages in
  the division table; where it does not, the region files a written explanation, collected by the
  city for the province (川民政厅 2020 专项行动实施方案 三（二）and 四（二）).

How things are counted (decisions, see docs/subsystems/workforce.md):
- A unit is an active division of the current table (the caller passes only those). A code added by
  a division change is a new unit without staff until someone is appointed there; a retired code is
  no longer a unit, and posts still filed at it are listed in `posts_outside` for re-assignment
  (川民政厅 2020 专项行动实施方案 attachment 1: records of changed divisions are moved by county staff).
- A post counts on `as_of` when `appointed_on <= as_of` and it has not ended (`left_on` is the first
  day out of post).
- People are counted once per area however many units they serve (distinct persons): a director
  covering three villages is one director and three covered villages. Such people are listed in
  `counted_twice`: in a per-unit system (the national one) they are the ones counted more than once,
  and they explain a mismatch between people and units. Because people are distinct per area, the
  people counts of the children of an area may add up to more than the area's own.
- "Mismatch" (C-3, 川民政厅 2020 专项行动实施方案): the number of people differs from the number of units, or
some unit
  has nobody (C-1/C-2). Both need the written explanation.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Final

from seedling.core import division_codes as codes

SUPERVISOR: Final = "supervisor"  # 儿童督导员, held at a township
DIRECTOR: Final = "director"  # 儿童主任, held at a village / community
ROLE_LEVEL: Final = {SUPERVISOR: codes.TOWNSHIP, DIRECTOR: codes.VILLAGE}


@dataclass(frozen=True, slots=True)
class Unit:
    """An active division: the caller passes the root's descendants, every level below it."""

    code: str
    name: str
    level: int
    parent_code: str | None


@dataclass(frozen=True, slots=True)
class Post:
    """One appointment of one person at one unit."""

    person_id: int
    role: str
    division_code: str
    appointed_on: date
    left_on: date | None = None

    def current(self, as_of: date) -> bool:
        return self.appointed_on <= as_of and (self.left_on is None or self.left_on > as_of)


def pct(part: int, whole: int) -> Decimal | None:
    """Percentage with one decimal, rounded half up; None when there is nothing to divide by."""
    if whole == 0:
        return None
    return (Decimal(100 * part) / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class Tally:
    """The figures of one area (a division and everything below it)."""

    code: str
    name: str
    level: int
    townships: int = 0
    townships_covered: int = 0  # with at least one current supervisor (C-1)
    villages: int = 0
    villages_covered: int = 0  # with at least one current director (C-2)
    supervisors: int = 0  # distinct people with a current supervisor post in the area
    directors: int = 0  # distinct people with a current director post in the area

    @property
    def townships_uncovered(self) -> int:
        return self.townships - self.townships_covered

    @property
    def villages_uncovered(self) -> int:
        return self.villages - self.villages_covered

    @property
    def township_pct(self) -> Decimal | None:
        return pct(self.townships_covered, self.townships)

    @property
    def village_pct(self) -> Decimal | None:
        return pct(self.villages_covered, self.villages)

    @property
    def supervisor_mismatch(self) -> bool:
        """川民政厅 2020 专项行动实施方案 四（二）: supervisors and townships do not match (or a township has
        nobody)."""
        return self.supervisors != self.townships or self.townships_uncovered > 0

    @property
    def director_mismatch(self) -> bool:
        """川民政厅 2020 专项行动实施方案 四（二）: directors and villages do not match (or a village has
        nobody)."""
        return self.directors != self.villages or self.villages_uncovered > 0

    def figures(self, kind: str) -> tuple[int, int, int]:
        """(units, people, units covered) for SUPERVISOR or DIRECTOR: what an explanation records."""
        if kind == SUPERVISOR:
            return self.townships, self.supervisors, self.townships_covered
        if kind == DIRECTOR:
            return self.villages, self.directors, self.villages_covered
        raise ValueError(f"unknown kind {kind!r}")

    def mismatch(self, kind: str) -> bool:
        return self.supervisor_mismatch if kind == SUPERVISOR else self.director_mismatch


@dataclass(frozen=True, slots=True)
class CountedTwice:
    """A person with current posts of one role in more than one unit of the area."""

    person_id: int
    role: str
    division_codes: tuple[str, ...]


@dataclass(frozen=True)
class Coverage:
    as_of: date
    root: Tally
    children: tuple[Tally, ...]
    townships_without_supervisor: tuple[Unit, ...]
    villages_without_director: tuple[Unit, ...]
    counted_twice: tuple[CountedTwice, ...]
    posts_outside: tuple[Post, ...]  # current posts at codes that are not active units (retired)
    staff: Mapping[str, tuple[Post, ...]] = field(default_factory=dict)  # unit code -> current posts


class Tree:
    """The units of an area, and for each the child of the root it lies under (drill-down groups)."""

    def __init__(self, root: Unit, units: Iterable[Unit]):
        self.root = root
        self.units: dict[str, Unit] = {u.code: u for u in units if u.code != root.code}
        self.children = sorted(
            (u for u in self.units.values() if u.parent_code == root.code), key=lambda u: u.code
        )
        self._top: dict[str, str | None] = {root.code: None}

    def top(self, code: str) -> str | None:
        """The child of the root that `code` lies under (itself for a child); None for the root or a
        code that is not an active unit of the area."""
        if code in self._top:
            return self._top[code]
        chain = []
        cursor: str | None = code
        found: str | None = None
        while cursor is not None and cursor not in self._top:
            unit = self.units.get(cursor)
            if unit is None:
                break
            chain.append(cursor)
            if unit.parent_code == self.root.code:
                found = cursor
                break
            cursor = unit.parent_code
        else:
            if cursor is not None:
                found = self._top[cursor]
        for c in chain:
            self._top[c] = found
        return found

    def members(self) -> list[Unit]:
        """The root and every unit that lies under it (units whose chain does not reach it are left out)."""
        return [self.root, *(u for u in self.units.values() if self.top(u.code) is not None)]

    def groups(self) -> dict[str | None, list[Unit]]:
        """Every unit of the area (the root included, under None) by the child of the root above it."""
        out: dict[str | None, list[Unit]] = defaultdict(list)
        out[None].append(self.root)
        for unit in self.units.values():
            top = self.top(unit.code)
            if top is not None:
                out[top].append(unit)
        return out


def coverage(root: Unit, units: Iterable[Unit], posts: Iterable[Post], *, as_of: date) -> Coverage:
    """Coverage of `root`'s area on `as_of`, with one `Tally` per child of the root (drill-down).

    `units`: the active divisions below the root (every level); `posts`: the appointments filed in
    the root's area (current or not; only current ones count).
    """
    tree = Tree(root, units)
    everything = tree.members()
    in_area = {u.code: u for u in everything}
    staff: dict[str, list[Post]] = defaultdict(list)
    outside: list[Post] = []
    person_units: dict[tuple[int, str], set[str]] = defaultdict(set)
    for post in posts:
        if not post.current(as_of):
            continue
        unit = in_area.get(post.division_code)
        if unit is None or unit.level != ROLE_LEVEL.get(post.role):
            outside.append(post)
            continue
        staff[unit.code].append(post)
        person_units[(post.person_id, post.role)].add(unit.code)

    def tally(top: Unit, members: list[Unit]) -> Tally:
        townships = [u for u in members if u.level == codes.TOWNSHIP]
        villages = [u for u in members if u.level == codes.VILLAGE]
        people: dict[str, set[int]] = {SUPERVISOR: set(), DIRECTOR: set()}
        for u in members:
            for post in staff.get(u.code, ()):
                people[post.role].add(post.person_id)
        return Tally(
            code=top.code,
            name=top.name,
            level=top.level,
            townships=len(townships),
            townships_covered=sum(1 for u in townships if _has(staff, u.code, SUPERVISOR)),
            villages=len(villages),
            villages_covered=sum(1 for u in villages if _has(staff, u.code, DIRECTOR)),
            supervisors=len(people[SUPERVISOR]),
            directors=len(people[DIRECTOR]),
        )

    groups = tree.groups()
    children = tuple(tally(child, groups.get(child.code, [])) for child in tree.children)
    ordered = sorted(everything, key=lambda u: u.code)
    return Coverage(
        as_of=as_of,
        root=tally(root, everything),
        children=children,
        townships_without_supervisor=tuple(
            u for u in ordered if u.level == codes.TOWNSHIP and not _has(staff, u.code, SUPERVISOR)
        ),
        villages_without_director=tuple(
            u for u in ordered if u.level == codes.VILLAGE and not _has(staff, u.code, DIRECTOR)
        ),
        counted_twice=tuple(
            CountedTwice(person_id=pid, role=role, division_codes=tuple(sorted(held)))
            for (pid, role), held in sorted(person_units.items())
            if len(held) > 1
        ),
        posts_outside=tuple(sorted(outside, key=lambda p: (p.division_code, p.person_id))),
        staff={code: tuple(posts) for code, posts in staff.items()},
    )


def _has(staff: Mapping[str, list[Post]], code: str, role: str) -> bool:
    return any(p.role == role for p in staff.get(code, ()))


def explanation_is_current(tally: Tally, kind: str, figures: tuple[int, int, int]) -> bool:
    """Does an explanation filed with `figures` (units, people, covered) still describe the area?

    A change of staff or of the division table since filing makes it stale: the region explains again.
    """
    return tally.figures(kind) == figures

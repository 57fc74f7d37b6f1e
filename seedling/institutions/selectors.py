"""Institutions reads, all through `seedling.access` (casework purpose)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet

from seedling.access import Actor, Purpose, get_for_actor, visible_to
from seedling.institutions import rules
from seedling.institutions.enums import PLATFORMS, InstitutionKind, Service
from seedling.institutions.models import HomeActivity, HomeCoverage, Institution, VillageChildCount
from seedling.regions.models import Division
from seedling.regions.selectors import COUNTED
from seedling.workforce.coverage import Unit


def institution_list(
    *,
    actor: Actor,
    kind: str = "",
    prefix: str = "",
    query: str = "",
    include_closed: bool = False,
    limit: int = 200,
) -> list[Institution]:
    qs: QuerySet[Institution] = visible_to(actor, Institution)
    if kind:
        qs = qs.filter(kind=kind)
    if prefix:
        qs = qs.filter(division_code__startswith=prefix)
    if query.strip():
        qs = qs.filter(name__contains=query.strip())
    if not include_closed:
        qs = qs.filter(closed_on__isnull=True)
    return list(
        qs.select_related("division")
        .annotate(served=Count("covered"))
        .order_by("division_code", "kind", "name", "pk")[:limit]
    )


def institution_get(*, actor: Actor, institution_id: int) -> Institution:
    return get_for_actor(
        actor, visible_to(actor, Institution).select_related("division", "manager"), pk=institution_id
    )


@dataclass
class InstitutionFile:
    institution: Institution
    five_haves: tuple[rules.Have, ...]
    served: list[HomeCoverage]
    activities: list[HomeActivity]
    activities_this_year: dict[str, int]

    @property
    def service_labels(self) -> list[str]:
        return [str(Service(s).label) if s in Service.values else s for s in self.institution.services]


def institution_file(*, actor: Actor, institution_id: int, as_of: date) -> InstitutionFile:
    """An institution with, for a children's home or township station, its five-haves checklist, the
    villages it serves and its recent activities."""
    inst = institution_get(actor=actor, institution_id=institution_id)
    haves: tuple[rules.Have, ...] = ()
    served: list[HomeCoverage] = []
    activities: list[HomeActivity] = []
    per_kind: dict[str, int] = defaultdict(int)
    if inst.kind in PLATFORMS:
        haves = rules.five_haves(
            name=inst.name,
            kind=inst.kind,
            has_premises=inst.has_premises,
            has_equipment=inst.has_equipment,
            has_manager=inst.has_manager,
            has_rules=inst.has_rules,
        )
        served = list(
            visible_to(actor, HomeCoverage)
            .filter(home=inst)
            .select_related("division")
            .order_by("division_code")
        )
        activities = list(visible_to(actor, HomeActivity).filter(home=inst).order_by("-held_on", "-pk")[:50])
        for kind, n in (
            visible_to(actor, HomeActivity)
            .filter(home=inst, held_on__year=as_of.year, held_on__lte=as_of)
            .values_list("kind")
            .annotate(n=Count("pk"))
        ):
            per_kind[kind] = n
    return InstitutionFile(inst, haves, served, activities, dict(per_kind))


def coverage_row_get(*, actor: Actor, row_id: int) -> HomeCoverage:
    return get_for_actor(actor, visible_to(actor, HomeCoverage).select_related("home"), pk=row_id)


def village_child_figures(*, actor: Actor, prefix: str, as_of: date) -> dict[str, rules.ChildFigure]:
    """The latest child population figure per village code under `prefix`, for the children's-home rule
    (H-1, docs/rules/coverage.md#h-1): all the village's children as the county entered or imported
    them (`VillageChildCount`), never the children filed in Seedling. Villages without one are absent."""
    rows = (
        visible_to(actor, VillageChildCount)
        .filter(division_code__startswith=prefix, year__lte=as_of.year)
        .values_list("division_code", "year", "children", "source")
    )
    return rules.latest_figures(rows, as_of=as_of)


def child_count_list(
    *, actor: Actor, prefix: str = "", year: int | None = None, limit: int = 500
) -> list[VillageChildCount]:
    """The child population figures in the actor's area, newest year first, by village."""
    qs = visible_to(actor, VillageChildCount).select_related("division", "entered_by")
    if prefix:
        qs = qs.filter(division_code__startswith=prefix)
    if year is not None:
        qs = qs.filter(year=year)
    return list(qs.order_by("-year", "division_code")[:limit])


def child_count_get(*, actor: Actor, row_id: int) -> VillageChildCount:
    return get_for_actor(actor, visible_to(actor, VillageChildCount).select_related("division"), pk=row_id)


@dataclass
class HomeCoverageView:
    division: Division
    report: rules.HomeCoverage
    homes: dict[str, list[Institution]]  # village code -> the homes standing there
    counts_known: bool  # some village of the area has a figure


def home_coverage_of(
    *,
    actor: Actor,
    division: Division,
    as_of: date,
    child_counts: Mapping[str, rules.ChildFigure | int] | None = None,
) -> HomeCoverageView:
    """Children's-home coverage of `division`'s area on `as_of` against the current division table.
    `child_counts` defaults to `village_child_figures` (the latest figure the county has per village)."""
    counts = (
        village_child_figures(actor=actor, prefix=division.prefix, as_of=as_of)
        if child_counts is None
        else child_counts
    )
    root = Unit(division.code, division.name, division.level, division.parent_id)
    units = [
        Unit(code, name, level, parent)
        for code, name, level, parent in visible_to(actor, Division, purpose=Purpose.CASEWORK)
        .filter(COUNTED, code__startswith=division.prefix, level__gt=division.level, retired_on__isnull=True)
        .values_list("code", "name", "level", "parent_id")
    ]
    homes = list(
        visible_to(actor, Institution)
        .filter(kind=InstitutionKind.CHILDRENS_HOME, division_code__startswith=division.prefix)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=as_of))
        .order_by("division_code", "pk")
    )
    covers: dict[int, set[str]] = defaultdict(set)
    # Rows of the homes in the area; a home outside the area serving a village inside it is found too.
    for home_id, code in (
        visible_to(actor, HomeCoverage)
        .filter(Q(division_code__startswith=division.prefix) | Q(home__in=[h.pk for h in homes]))
        .values_list("home_id", "division_code")
    ):
        covers[home_id].add(code)
    outside = set(covers) - {h.pk for h in homes}
    neighbours = list(visible_to(actor, Institution).filter(pk__in=sorted(outside))) if outside else []
    facts = [
        rules.HomeFact(h.pk, h.division_code, frozenset(covers.get(h.pk, ())), h.opened_on, h.closed_on)
        for h in [*homes, *neighbours]
    ]
    # A home outside the actor's area that serves a village inside it: the row is all we may read.
    unseen = outside - {h.pk for h in neighbours}
    facts += [rules.HomeFact(pk, "", frozenset(covers[pk])) for pk in sorted(unseen)]
    by_village: dict[str, list[Institution]] = defaultdict(list)
    for h in homes:
        by_village[h.division_code].append(h)
    report = rules.home_coverage(root, units, facts, counts, as_of=as_of)
    return HomeCoverageView(
        division=division, report=report, homes=dict(by_village), counts_known=bool(counts)
    )

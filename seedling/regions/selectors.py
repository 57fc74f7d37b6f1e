"""Reading divisions within the actor's area."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from seedling.access import Actor, Purpose, get_for_actor, is_within, visible_to
from seedling.core import division_codes as codes
from seedling.regions.models import Division

# Units that count as villages for coverage and the home page's figures: every village but the
# townships' "其他" placeholders, which hold files awaiting a code (docs/rules/workflow.md#dm-1).
COUNTED = ~Q(level=codes.VILLAGE, code__endswith=codes.PLACEHOLDER_SEGMENT)


def division_roots(*, actor: Actor) -> list[Division]:
    """The divisions an actor's area starts from (the country's provinces for a national grant)."""
    prefixes = actor.scope(Purpose.AREA)
    if "" in prefixes:
        return list(visible_to(actor, Division).filter(level=codes.PROVINCE, retired_on__isnull=True))
    wanted = [codes.code_from_prefix(p) for p in prefixes]
    return list(visible_to(actor, Division).filter(code__in=wanted).order_by("code"))


def division_get(*, actor: Actor, code: str, purpose: Purpose | None = None) -> Division:
    """A division of the actor's area (for `purpose`: the whole area unless given), or 404."""
    return get_for_actor(actor, Division, purpose=purpose, code=code)


def division_children(*, actor: Actor, division: Division) -> QuerySet[Division]:
    """Active children with the number of their own active children (one grouped query)."""
    return (
        visible_to(actor, Division)
        .filter(parent=division, retired_on__isnull=True)
        .annotate(child_count=Count("children", filter=Q(children__retired_on__isnull=True)))
        .order_by("code")
    )


def division_search(*, actor: Actor, query: str, limit: int = 50) -> list[Division]:
    """By code (a prefix of digits) or by name (substring), inside the area."""
    query = query.strip()
    if not query:
        return []
    qs = visible_to(actor, Division).filter(retired_on__isnull=True)
    qs = qs.filter(code__startswith=query) if query.isdigit() else qs.filter(name__contains=query)
    return list(qs.select_related("parent").order_by("level", "code")[:limit])


@dataclass(frozen=True)
class Crumb:
    code: str
    name: str
    linked: bool  # inside the actor's area (ancestors above it are shown as names only)


def division_breadcrumbs(*, actor: Actor, division: Division) -> list[Crumb]:
    chain = codes.ancestors_of(division.code)
    # Names of divisions above one's area are public and orient the user; they are not links.
    names = dict(Division.unscoped.filter(code__in=chain).values_list("code", "name"))
    return [
        Crumb(code=c, name=names.get(c, c), linked=is_within(actor, c, purpose=Purpose.AREA))
        for c in chain
        if c in names
    ] + [Crumb(code=division.code, name=division.name, linked=False)]


def division_level_counts(*, actor: Actor, prefix: str) -> dict[int, int]:
    """How many active units of each level lie under `prefix` (the home page's figures)."""
    rows = (
        visible_to(actor, Division)
        .filter(COUNTED, code__startswith=prefix, retired_on__isnull=True)
        .values("level")
        .annotate(n=Count("code"))
    )
    return {r["level"]: r["n"] for r in rows}


def village_choices(*, actor: Actor, limit: int = 2000, kept: str = "") -> list[tuple[str, str]]:
    """Villages where the actor files people (casework scope), labelled "township · village", with
    each township's "其他" placeholder (created on first use, docs/rules/workflow.md#dm-1) and `kept`,
    the code a file is already at, even if it has been retired since (docs/rules/workflow.md#dm-3)."""
    villages = (
        visible_to(actor, Division, purpose=Purpose.CASEWORK)
        .filter(level=codes.VILLAGE, retired_on__isnull=True)
        .select_related("parent")
        .order_by("code")[:limit]
    )
    out = {v.code: f"{v.parent.name} · {v.name}" if v.parent else v.name for v in villages}
    townships = (
        visible_to(actor, Division, purpose=Purpose.CASEWORK)
        .filter(level=codes.TOWNSHIP, retired_on__isnull=True)
        .order_by("code")[:limit]
    )
    for t in townships:
        out.setdefault(
            codes.placeholder_of(t.code),
            f"{t.name} · {codes.PLACEHOLDER_NAME}（{_('village not yet coded')}）",
        )
    if kept and kept not in out:
        held = visible_to(actor, Division, purpose=Purpose.CASEWORK).filter(code=kept).first()
        if held is not None:
            out[kept] = f"{held.name}（{kept}，{_('retired')}）" if not held.is_active else held.name
    return sorted(out.items())

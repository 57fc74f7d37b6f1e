"""Reads of the registries, always through seedling.access.

HIV infection is health data (PIPL art. 28; domain-rules §6.4): its category is never in a list
page, and on a file or in an export only for a reader with an explicit grant over that file's area.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr

from seedling import eligibility as el
from seedling.access import Actor, Purpose, get_for_actor, visible_to
from seedling.accounts.enums import Role
from seedling.core.dates import month_start
from seedling.people.enums import HEALTH_CATEGORIES, DeclaredCategory
from seedling.people.models import Child
from seedling.regions import codes
from seedling.regions.models import Division
from seedling.registries.enums import CATEGORY_LABELS, LEFT_BEHIND_WOMAN, MembershipStatus
from seedling.registries.facts import CATEGORY, CATEGORY_OF_CODE
from seedling.registries.models import Determination, Membership, Notice

# Ledger display precedence (ledger-template.md 系统判定类别; domain-rules §2.8).
ORDER = tuple(CATEGORY.values())
LISTABLE = tuple(c for c in ORDER if c not in HEALTH_CATEGORIES)
# Every roll with a list page: the children's listable categories, then the left-behind women's.
ROLLS = (*LISTABLE, LEFT_BEHIND_WOMAN)
_LENGTHS = (2, 4, 6, 9, 12)


def _label(code: str) -> str:
    return str(DeclaredCategory(code).label)


def category_label(code: str) -> str:
    """The label of any registry category, the women's roll included."""
    return str(CATEGORY_LABELS[code])


@dataclass(frozen=True)
class FileCategory:
    category: str
    label: str
    applies: bool
    status: str  # a MembershipStatus, or "" when the category does not apply
    reasons: list[el.Shown]
    alerts: list[el.Shown]
    next_recheck: str | None

    @property
    def status_label(self) -> str:
        return str(MembershipStatus(self.status).label) if self.status else ""


@dataclass(frozen=True)
class FileRegistry:
    categories: list[FileCategory]  # the applying ones, in ledger order
    next_recheck: date | None
    evaluated_on: date | None
    episodes: list[Membership]


def file_registry(*, actor: Actor, child: Child) -> FileRegistry:
    """The file page's "why": each applying category with its reasons, and the next re-check date.
    The caller loaded ``child`` through access (and audited the view)."""
    show_hiv = actor.may_see_hiv(child.division_code)
    det = visible_to(actor, Determination).filter(child_id=child.pk).first()
    episodes = [
        m
        for m in visible_to(actor, Membership).filter(child_id=child.pk).order_by("-start", "category")
        if show_hiv or m.category not in HEALTH_CATEGORIES
    ]
    open_status = {m.category: m.status for m in episodes if m.end is None}
    rows = []
    for d in det.details if det else []:
        if not d["applies"] or (d["category"] in HEALTH_CATEGORIES and not show_hiv):
            continue
        rows.append(
            FileCategory(
                category=d["category"],
                label=_label(d["category"]),
                applies=True,
                status=open_status.get(d["category"], ""),
                reasons=[el.shown(r) for r in d["reasons"]],
                alerts=[el.shown(r) for r in d["alerts"]],
                next_recheck=d["next_recheck"],
            )
        )
    return FileRegistry(
        categories=rows,
        next_recheck=det.next_recheck if det else None,
        evaluated_on=det.evaluated_on if det else None,
        episodes=episodes,
    )


def _members(actor: Actor, category: str) -> QuerySet[Membership]:
    if category not in ROLLS:
        return visible_to(actor, Membership).none()
    return visible_to(actor, Membership).filter(
        category=category, status=MembershipStatus.ACTIVE, end__isnull=True
    )


@dataclass(frozen=True)
class AreaCount:
    prefix: str
    name: str
    count: int


def registry_counts(*, actor: Actor, category: str, prefix: str = "") -> list[AreaCount]:
    """Roll counts one level below ``prefix`` (drill-down from the actor's area to villages)."""
    if not prefix:
        # Start at the actor's own area (a county sees its townships, not one line for the province).
        scope = actor.scope(Purpose.CASEWORK)
        prefix = next(iter(scope)) if len(scope) == 1 else ""
    below = next((n for n in _LENGTHS if n > len(prefix)), None)
    if below is None:
        return []
    rows = (
        _members(actor, category)
        .filter(division_code__startswith=prefix)
        .annotate(area=Substr("division_code", 1, below))
        .values("area")
        .annotate(n=Count("id"))
        .order_by("area")
    )
    counts = {r["area"]: r["n"] for r in rows}
    names = dict(
        visible_to(actor, Division)
        .filter(code__in=[codes.code_from_prefix(p) for p in counts])
        .values_list("code", "name")
    )
    return [AreaCount(p, names.get(codes.code_from_prefix(p), p), n) for p, n in counts.items()]


def registry_members(*, actor: Actor, category: str, prefix: str = "", limit: int = 200) -> list[Membership]:
    """One page of a roll; a woman's roll rows carry ``woman`` (and ``child`` None), the others ``child``."""
    person = "woman" if category == LEFT_BEHIND_WOMAN else "child"
    return list(
        _members(actor, category)
        .filter(division_code__startswith=prefix)
        .select_related(person, f"{person}__division")
        .order_by("division_code", f"{person}__name", "id")[:limit]
    )


def monthly_changes(
    *, actor: Actor, month: date, limit: int = 500
) -> tuple[list[Membership], list[Membership]]:
    """本月新增 / 本月退出: episodes of the roll that opened, and that closed, in ``month``."""
    first, nxt = month_start(month), month_start(month, 1)
    qs = (
        visible_to(actor, Membership)
        .filter(category__in=LISTABLE)
        .exclude(status=MembershipStatus.REJECTED)
        .select_related("child", "child__division")
        .order_by("division_code", "category", "id")
    )
    entered = list(qs.filter(start__gte=first, start__lt=nxt)[:limit])
    exited = list(qs.filter(end__gte=first, end__lt=nxt)[:limit])
    return entered, exited


def discrepancies(*, actor: Actor, limit: int = 200) -> list[dict[str, Any]]:
    """Files whose village-declared categories differ from the determined ones (HIV left out)."""
    rows = (
        visible_to(actor, Determination)
        .filter(discrepancy=True)
        .select_related("child", "child__division")
        .order_by("division_code", "id")[:limit]
    )
    out = []
    for det in rows:
        if det.child is None:
            continue  # a woman's file declares no category: never a discrepancy
        declared = {c for c in det.child.declared_categories.split(",") if c in LISTABLE}
        determined = {c for c in det.categories.split(",") if c in LISTABLE}
        out.append(
            {
                "child": det.child,
                "declared": [_label(c) for c in LISTABLE if c in declared],
                "determined": [_label(c) for c in LISTABLE if c in determined],
                "missing": [_label(c) for c in LISTABLE if c in determined - declared],
                "extra": [_label(c) for c in LISTABLE if c in declared - determined],
            }
        )
    return out


def confirmation_queue(*, actor: Actor, limit: int = 200) -> list[Membership]:
    """Orphan / FDU suggestions awaiting the county, within the actor's county grants only."""
    prefixes = [g.prefix for g in actor.grants if g.role == Role.COUNTY_STAFF]
    if not prefixes:
        return []
    within = Q()
    for p in prefixes:
        within |= Q(division_code__startswith=p)
    qs = visible_to(actor, Membership).filter(within, status=MembershipStatus.SUGGESTED, end__isnull=True)
    return list(qs.select_related("child", "child__division").order_by("start", "id")[:limit])


def suggestion_get(*, actor: Actor, membership_id: int | str) -> Membership:
    return get_for_actor(actor, Membership, pk=membership_id)


def notices(*, actor: Actor, limit: int = 20) -> list[Notice]:
    """Recent registry changes in the actor's area (the village director's home page)."""
    return list(
        visible_to(actor, Notice)
        .filter(category__in=LISTABLE)
        .select_related("child")
        .order_by("-created_on", "-id")[:limit]
    )


def determinations_for(*, actor: Actor, children: Iterable[Child]) -> dict[int, Determination]:
    """One query for a page of files (the export)."""
    ids = [c.pk for c in children]
    dets = visible_to(actor, Determination).filter(child_id__in=ids)
    return {d.child_id: d for d in dets if d.child_id is not None}


def export_columns(
    *,
    actor: Actor,
    child: Child,
    determination: Determination | None = None,
    preloaded: bool = False,
    include_health: bool = False,
) -> tuple[str, str, str]:
    """(系统判定类别, 判定依据, 下次复核日期) in the ledger's order (ledger-template.md).

    The HIV category only with ``include_health`` and where the reader may see it: a list export is
    a list, and HIV status never appears in one (domain-rules §6.4), so the CSV export leaves it out.
    Pass ``preloaded`` with ``determinations_for`` for a page of files."""
    det = determination
    if det is None and not preloaded:
        det = visible_to(actor, Determination).filter(child_id=child.pk).first()
    if det is None:
        return ("", "", "")
    show_hiv = include_health and actor.may_see_hiv(child.division_code)
    applying = {d["category"]: d for d in det.details if d["applies"]}
    shown = [c for c in ORDER if c in applying and (show_hiv or c not in HEALTH_CATEGORIES)]
    # The ledger's cells are Chinese whatever the reader's language: the engine's labels.
    zh = {c: CATEGORY_OF_CODE[c].value for c in shown}
    basis = "；".join(
        f"{zh[c]}：" + "，".join(el.shown(r).message_zh for r in applying[c]["reasons"]) for c in shown
    )
    return (
        "、".join(zh[c] for c in shown),
        basis,
        det.next_recheck.isoformat() if det.next_recheck else "",
    )

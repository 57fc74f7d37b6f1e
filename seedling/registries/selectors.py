"""Reads of the registries, always through seedling.access.

HIV infection is health data (PIPL art. 28; docs/rules/privacy.md#health-hiv-and-mental-health-data): its
category is never in a list
page, and on a file or in an export only for a reader with an explicit grant over that file's area.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr
from django.http import Http404
from django.utils.translation import gettext as _

from seedling import eligibility as el
from seedling.access import Actor, Purpose, capabilities, get_for_actor, visibility, visible_to
from seedling.access.capabilities import Capability
from seedling.audit.enums import Action
from seedling.audit.services import audit_record, lists_people
from seedling.core import division_codes as codes
from seedling.core.dates import month_start
from seedling.people.enums import HEALTH_CATEGORIES, DeclaredCategory
from seedling.people.models import Child, Woman
from seedling.regions.models import Division
from seedling.registries.enums import CATEGORY_LABELS, LEFT_BEHIND_WOMAN, MembershipStatus
from seedling.registries.facts import CATEGORY, CATEGORY_OF_CODE
from seedling.registries.models import Determination, Membership, Notice

# Ledger display precedence (docs/ledger.md#export-columns; docs/rules/eligibility.md#category-interplay).
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
    # The applying ones, in ledger order, then those the village declared that the rules do not find,
    # with why not (the threshold applied and its document: docs/rules/eligibility.md#lb-4).
    categories: list[FileCategory]
    next_recheck: date | None
    evaluated_on: date | None
    episodes: list[Membership]


def file_registry(*, actor: Actor, child: Child) -> FileRegistry:
    """The file page's "why": each applying category with its reasons, and the next re-check date.
    The caller loaded ``child`` through access (and audited the view). What the reader may not see
    (the HIV category, a reason naming a parent's imprisonment) goes through access.visibility."""
    code, file = child.division_code, visibility.Output.FILE
    det = visible_to(actor, Determination).filter(child_id=child.pk).first()
    memberships = list(visible_to(actor, Membership).filter(child_id=child.pk).order_by("-start", "category"))
    seen = set(visibility.categories(actor, {m.category for m in memberships}, code, file))
    episodes = [m for m in memberships if m.category in seen]
    open_status = {m.category: m.status for m in episodes if m.end is None}
    declared = set(child.declared_categories.split(","))
    every = det.details if det else []
    details = [d for d in every if d["applies"]]
    details += [d for d in every if not d["applies"] and d["category"] in declared]
    seen = set(visibility.categories(actor, [d["category"] for d in details], code, file))
    rows = [
        FileCategory(
            category=d["category"],
            label=_label(d["category"]),
            applies=d["applies"],
            status=open_status.get(d["category"], ""),
            reasons=visibility.reasons(actor, (el.shown(r) for r in d["reasons"]), code, file),
            alerts=visibility.reasons(actor, (el.shown(r) for r in d["alerts"]), code, file),
            next_recheck=d["next_recheck"],
        )
        for d in details
        if d["category"] in seen
    ]
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


@lists_people("registry_roll", lambda rows: [m.woman_id or m.child_id for m in rows])
def registry_members(*, actor: Actor, category: str, prefix: str = "", limit: int = 200) -> list[Membership]:
    """One page of a roll; a woman's roll rows carry ``woman`` (and ``child`` None), the others ``child``."""
    person = "woman" if category == LEFT_BEHIND_WOMAN else "child"
    return list(
        _members(actor, category)
        .filter(division_code__startswith=prefix)
        .select_related(person, f"{person}__division")
        .order_by("division_code", f"{person}__name", "id")[:limit]
    )


HIV_CATEGORY = DeclaredCategory.HIV_INFECTED


@dataclass(frozen=True)
class HivRoll:
    """The roll of HIV-infected children and its counts, for a holder of the HIV grant only."""

    areas: list[AreaCount]
    members: list[Membership]
    total: int


def hiv_roll(*, actor: Actor, prefix: str = "", limit: int = 200) -> HivRoll:
    """艾滋病病毒感染儿童: the roll and counts 川民政厅 2020 专项行动实施方案 asks for, read only in the areas
    where the reader holds the HIV grant (access.visibility.hiv_roll_prefixes; ADR 0012). Anyone else
    is told the page does not exist (the same 404 as outside the area). The read is audited."""
    granted = visibility.hiv_roll_prefixes(actor)
    inside = [p for p in granted if prefix.startswith(p)] or [p for p in granted if p.startswith(prefix)]
    if not inside:
        raise Http404(_("Not found, or outside your area."))
    area_q = Q()
    for p in inside:
        area_q |= Q(division_code__startswith=max(p, prefix, key=len))
    qs = visible_to(actor, Membership).filter(
        area_q, category=HIV_CATEGORY, status=MembershipStatus.ACTIVE, end__isnull=True
    )
    start = prefix or (inside[0] if len(inside) == 1 else "")
    below = next((n for n in _LENGTHS if n > len(start)), None)
    areas: list[AreaCount] = []
    if below is not None:
        counts = {
            r["area"]: r["n"]
            for r in qs.annotate(area=Substr("division_code", 1, below))
            .values("area")
            .annotate(n=Count("id"))
            .order_by("area")
        }
        names = dict(
            visible_to(actor, Division)
            .filter(code__in=[codes.code_from_prefix(p) for p in counts])
            .values_list("code", "name")
        )
        areas = [AreaCount(p, names.get(codes.code_from_prefix(p), p), n) for p, n in counts.items()]
    members = list(
        qs.select_related("child", "child__division").order_by("division_code", "child__name", "id")[:limit]
    )
    audit_record(
        actor=actor,
        action=Action.FILE_VIEWED,
        division_code=start or None,
        subject_type="hiv_roll",
        subject_label=start,
        detail={"children": [m.child_id for m in members]},
    )
    return HivRoll(areas, members, qs.count())


@lists_people("registry_monthly", lambda pair: [m.child_id for rows in pair for m in rows])
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


@lists_people("registry_discrepancies", lambda rows: [r["child"] for r in rows])
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


@dataclass(frozen=True)
class Suggestion:
    """One orphan / FDU suggestion awaiting the county, with its reasons as the county may read them."""

    membership: Membership
    reasons: list[el.Shown]


@lists_people("registry_confirmations", lambda rows: [s.membership.child_id for s in rows])
def confirmation_queue(*, actor: Actor, limit: int = 200) -> list[Suggestion]:
    """Orphan / FDU suggestions awaiting the county, within the actor's county grants only. Each row
    is one file the county decides on: its reasons are read as on that file (access.visibility)."""
    prefixes = sorted(capabilities.prefixes(actor, Capability.DETERMINATION_CONFIRM))
    if not prefixes:
        return []
    within = Q()
    for p in prefixes:
        within |= Q(division_code__startswith=p)
    qs = visible_to(actor, Membership).filter(within, status=MembershipStatus.SUGGESTED, end__isnull=True)
    return [
        Suggestion(
            m,
            visibility.reasons(
                actor, (el.shown(r) for r in m.reasons), m.division_code, visibility.Output.FILE
            ),
        )
        for m in qs.select_related("child", "child__division").order_by("start", "id")[:limit]
    ]


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


def woman_determinations_for(*, actor: Actor, women: Iterable[Woman]) -> dict[int, Determination]:
    """One query for a page of women's files (the export)."""
    dets = visible_to(actor, Determination).filter(woman_id__in=[w.pk for w in women])
    return {d.woman_id: d for d in dets if d.woman_id is not None}


def woman_export_columns(
    *, actor: Actor, woman: Woman, determination: Determination | None = None, preloaded: bool = False
) -> tuple[str, str]:
    """(系统判定类别, 下次复核日期) of a left-behind woman's file, as on the children's sheet."""
    det = determination
    if det is None and not preloaded:
        det = visible_to(actor, Determination).filter(woman_id=woman.pk).first()
    if det is None:
        return ("", "")
    applying = [d["category"] for d in det.details if d["applies"]]
    return (
        "、".join(str(category_label(c)) for c in applying),
        det.next_recheck.isoformat() if det.next_recheck else "",
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
) -> tuple[str, str, str]:
    """(系统判定类别, 判定依据, 下次复核日期) in the ledger's order (docs/ledger.md), as the reader
    may see them in an export (never the HIV category; a withheld reason says so).

    Pass ``preloaded`` with ``determinations_for`` for a page of files."""
    det = determination
    if det is None and not preloaded:
        det = visible_to(actor, Determination).filter(child_id=child.pk).first()
    if det is None:
        return ("", "", "")
    code, export = child.division_code, visibility.Output.EXPORT
    applying = {d["category"]: d for d in det.details if d["applies"]}
    shown = [c for c in ORDER if c in set(visibility.categories(actor, applying, code, export))]
    # The ledger's cells are Chinese whatever the reader's language: the engine's labels.
    zh = {c: CATEGORY_OF_CODE[c].value for c in shown}
    basis = "；".join(
        f"{zh[c]}："
        + "，".join(
            r.message_zh
            for r in visibility.reasons(actor, (el.shown(r) for r in applying[c]["reasons"]), code, export)
        )
        for c in shown
    )
    return (
        "、".join(zh[c] for c in shown),
        basis,
        det.next_recheck.isoformat() if det.next_recheck else "",
    )

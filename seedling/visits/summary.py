"""Pre-aggregated visit compliance: each village's figures, recomputed by the system, never by a page's actor.

docs/architecture.md#targets: dashboards at every level read pre-aggregated counts (p95 < 300 ms at national
scale). A village's `ComplianceFigure` row holds its figures by risk tier, exact from `as_of` to
`valid_until`; its `ComplianceChild` rows say which village counts each child and which children
are in the 30-day alarm. Pages sum the rows of their scope (`selectors.compliance`).

A village is recomputed whole, with the same facts and the same pure `schedule` as the live pages
(`facts.py`), and recomputed at once, in the writer's transaction, whenever its facts change:
a visit (`services.visit_record`), a file or its risk level (`services.on_file_saved`, which every
write of a file reaches). Why on write rather than "mark stale, recompute on read": a province page
would then pay for every village written to since the last job, which is most of them by the
afternoon, and the figures would be exact only if every reader recomputed. On write, the cost is
one village (tens of children) per write, and a page only recomputes villages whose `valid_until`
has passed before the daily job ran (`tasks.refresh_due`).

Exactness under concurrency: the village's row is locked (SELECT ... FOR UPDATE) before its facts
are read, and every writer of a fact recomputes after writing it. Under READ COMMITTED each
statement sees everything committed before it, so the last recompute of a village sees every
fact committed before it, including those of writers it waited for.

Raw reads (allowlisted in tools/checks/scoped_managers.py): a village is computed for the system,
with no actor; the rows are read back through `access.visible_to` like any other scoped row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, F, Min, Q, QuerySet

from seedling.core import bulk, dated
from seedling.core.dates import month_start
from seedling.people.enums import FileStatus
from seedling.people.models import Child
from seedling.visits import facts, schedule
from seedling.visits.models import TIER_FIGURES, ComplianceChild, ComplianceFigure, RiskChange, Visit
from seedling.visits.schedule import ChildSchedule, Level, TierFigures, VisitPolicy

CHUNK = 100  # villages per transaction (about 5,000 children in 江西); a lock per village row
CHUNK_CHILDREN = 20_000  # and at most about this many children (a chunk's schedules are in memory)
COUNT_FIELDS = [*(f"{level}_{name}" for level in Level for name in TIER_FIGURES), "in_difficulty", "paired"]
FIGURE_FIELDS = [*COUNT_FIELDS, "as_of", "valid_until"]
DAY = dt.timedelta(days=1)


@dataclass
class _Village:
    tiers: dict[Level, TierFigures] = field(default_factory=lambda: {lv: TierFigures() for lv in Level})
    in_difficulty: int = 0
    paired: int = 0
    changes: set[dt.date] = field(default_factory=set)  # days on which a figure can change


@dataclass(frozen=True)
class Refreshed:
    villages: int
    children: int


def is_valid(row: ComplianceFigure, as_of: dt.date) -> bool:
    return row.as_of <= as_of <= row.valid_until


# Villages written to inside `deferred()`, by the writer's context; None outside.
_DEFERRED: ContextVar[set[str] | None] = ContextVar("compliance_deferred", default=None)


@contextmanager
def deferred(*, as_of: dt.date) -> Iterator[set[str]]:
    """For a batch writer (the ledger import): within, a write marks its villages' figures as expired
    instead of recomputing them, and they are expired together at the end, in the writer's
    transaction. Recomputing a village per batch would recount it once per batch that touches it
    (a county's ledger spreads every batch over all its villages: quadratic). An expired village is
    exact again when anyone reads it (pages recompute expired rows first), when the daily job runs,
    or when the writer recounts them after its last batch (it is given the villages' codes)."""
    codes: set[str] = set()
    token = _DEFERRED.set(codes)
    try:
        yield codes
    finally:
        _DEFERRED.reset(token)
    expire_villages(codes, as_of=as_of)


def expire_villages(codes: Iterable[str], *, as_of: dt.date) -> None:
    """These villages' figures no longer hold on `as_of` (a village without a row gets one, expired)."""
    wanted = sorted(set(codes))
    if not wanted:
        return
    _placeholders(wanted, as_of)
    ComplianceFigure.unscoped.filter(division_code__in=wanted, valid_until__gte=as_of).update(
        valid_until=as_of - DAY
    )


def refresh_expired(rows: QuerySet[ComplianceFigure], *, as_of: dt.date) -> Refreshed:
    """Recompute the villages among `rows` (a page's, an import's area) whose figures do not hold
    on `as_of`."""
    expired = rows.exclude(as_of__lte=as_of, valid_until__gte=as_of).values_list("division_code", flat=True)
    return refresh_villages(list(expired), as_of=as_of, only_expired=True)


def refresh_villages(codes: Iterable[str], *, as_of: dt.date, only_expired: bool = False) -> Refreshed:
    """Recompute these villages' figures for `as_of`, a chunk per transaction.

    A village that still counts a child filed elsewhere now (a transfer), or that holds a child
    another village still counts, is recomputed with them. `only_expired`: skip the villages whose
    rows are already valid for `as_of` once locked (a page racing the daily job, or another page).
    Inside `deferred()`, the villages are only marked for expiry.
    """
    if (waiting := _DEFERRED.get()) is not None:
        waiting.update(codes)
        return Refreshed(0, 0)
    pending = sorted(set(codes))
    done: set[str] = set()
    villages = children = 0
    while pending:
        first = _take(pending)
        chunk = (first | _moved(first)) - done
        with transaction.atomic():
            rows = _lock(chunk, as_of)
            if only_expired:
                rows = {code: row for code, row in rows.items() if not is_valid(row, as_of)}
            counted, moved_from = _refresh(rows, as_of)
        villages += len(rows)
        children += counted
        done |= chunk
        pending = sorted((set(pending) | moved_from) - done)
    return Refreshed(villages, children)


def _take(pending: list[str]) -> set[str]:
    """The next villages to recompute together: up to CHUNK villages and about CHUNK_CHILDREN
    children (at least one village, however large), so a chunk's memory stays bounded however
    densely the villages are filed."""
    window = pending[:CHUNK]
    sizes = dict(
        Child.unscoped.filter(bulk.AnyOf(F("division_code"), window))
        .values("division_code")
        .annotate(n=Count("id"))
        .values_list("division_code", "n")
    )
    taken: set[str] = set()
    total = 0
    for code in window:
        total += sizes.get(code, 0)
        if taken and total > CHUNK_CHILDREN:
            break
        taken.add(code)
    return taken


def refresh_children(children: Iterable[Child], *, as_of: dt.date) -> Refreshed:
    """After a write of these files or of their facts: recompute their villages."""
    return refresh_villages({c.division_code for c in children}, as_of=as_of)


def expire_province(province_code: str, *, from_day: dt.date) -> int:
    """New frequencies apply from `from_day`: no figure of the province holds on or after it."""
    return ComplianceFigure.unscoped.filter(
        division_code__startswith=province_code, valid_until__gte=from_day
    ).update(valid_until=from_day - DAY)


def due_villages(as_of: dt.date, *, everything: bool = False) -> list[str]:
    """Villages to recompute on `as_of`: figures no longer valid (or all), and villages never computed."""
    rows = ComplianceFigure.unscoped.all()
    if not everything:
        rows = rows.filter(Q(valid_until__lt=as_of) | Q(as_of__gt=as_of))
    codes = set(rows.values_list("division_code", flat=True))
    never = (
        Child.unscoped.exclude(status=FileStatus.MERGED)
        .exclude(division_code__in=ComplianceFigure.unscoped.values("division_code"))
        .values_list("division_code", flat=True)
        .distinct()
    )
    return sorted(codes | set(never))


def _moved(codes: set[str]) -> set[str]:
    """Other villages involved with these: where their children are now counted, or were filed."""
    out = ComplianceChild.unscoped.filter(division_code__in=codes).exclude(child__division_code__in=codes)
    into = ComplianceChild.unscoped.filter(child__division_code__in=codes).exclude(division_code__in=codes)
    return set(out.values_list("child__division_code", flat=True)) | set(
        into.values_list("division_code", flat=True)
    )


def _lock(codes: set[str], as_of: dt.date) -> dict[str, ComplianceFigure]:
    """Each village's row, locked in code order (a new village gets an expired placeholder first)."""
    ordered = sorted(codes)
    _placeholders(ordered, as_of)
    rows = ComplianceFigure.unscoped.select_for_update().filter(division_code__in=ordered)
    return {r.division_code: r for r in rows.order_by("division_code")}


def _placeholders(codes: list[str], as_of: dt.date) -> None:
    """An expired row for each of these villages that has none yet."""
    ComplianceFigure.unscoped.bulk_create(
        [ComplianceFigure(division_code=c, as_of=as_of, valid_until=as_of - DAY) for c in codes],
        ignore_conflicts=True,
    )


class _Policies:
    """Each province's frequencies on `as_of` and the day the next version starts (one query each)."""

    def __init__(self, as_of: dt.date) -> None:
        self.as_of = as_of
        self._known: dict[str, tuple[VisitPolicy, dt.date | None]] = {}

    def get(self, code: str) -> tuple[VisitPolicy, dt.date | None]:
        province = code[:2]
        if province not in self._known:
            versions = facts.policies_of(province)
            self._known[province] = (
                dated.in_force(versions, self.as_of),
                dated.next_change(versions, self.as_of),
            )
        return self._known[province]


def _refresh(rows: dict[str, ComplianceFigure], as_of: dt.date) -> tuple[int, set[str]]:
    """Recompute locked rows; return the children counted and the villages that counted one of them."""
    if not rows:
        return 0, set()
    villages = {code: _Village() for code in rows}
    members = _compute(villages, as_of)
    for code, row in rows.items():
        _fill(row, villages[code], as_of)
    bulk.update_rows(
        ComplianceFigure,
        "division_code",
        FIGURE_FIELDS,
        [(code, *(getattr(row, f) for f in FIGURE_FIELDS)) for code, row in rows.items()],
    )
    return len(members), _write_members(set(rows), members)


def _compute(villages: dict[str, _Village], as_of: dt.date) -> dict[int, tuple[str, dt.date | None]]:
    """Tally each village's children on the schedule; return child -> (village, waiting since)."""
    kids = list(
        Child.unscoped.filter(division_code__in=sorted(villages))
        .filter(facts.on_schedule_q(as_of))
        .values_list(
            "id",
            "division_code",
            "risk_level",
            "created_at",
            facts.DETERMINED,
            "pairing_name",
            "determination__next_recheck",
        )
    )
    ids = [k[0] for k in kids]
    spans, contacts = facts.histories(RiskChange.unscoped.all(), Visit.unscoped.all(), ids, as_of)
    # A day in the past: a contact recorded after it changes the figures on its date.
    later = Visit.unscoped.filter(bulk.AnyOf(F("child_id"), ids), visited_on__gt=as_of).aggregate(
        day=Min("visited_on")
    )
    policies = _Policies(as_of)
    members: dict[int, tuple[str, dt.date | None]] = {}
    for pk, code, level, created_at, categories, pairing, recheck in kids:
        policy, next_policy = policies.get(code)
        s = facts.child_schedule(
            risk_level=level,
            filed_on=created_at.date(),
            spans=spans.get(pk),
            contacts=contacts[pk],
            as_of=as_of,
            policy=policy,
        )
        village = villages[code]
        _count(village, s, facts.in_difficulty(categories), bool(pairing))
        # The day a child's categories can change, it may join or leave the duty and the pairing count.
        village.changes |= {d for d in (s.next_change, next_policy, later["day"]) if d is not None}
        if recheck is not None and recheck > as_of:
            village.changes.add(recheck)
        waiting = as_of - dt.timedelta(days=s.days_without_home_visit or 0) if s.alarm else None
        members[pk] = (code, waiting)
    # A child on no roll yet joins the duty on the day its categories can next change.
    joining = (
        Child.unscoped.filter(division_code__in=sorted(villages), determination__next_recheck__gt=as_of)
        .exclude(facts.on_roll_q())
        .values("division_code")
        .annotate(day=Min("determination__next_recheck"))
        .values_list("division_code", "day")
    )
    for code, day in joining:
        villages[code].changes.add(day)
    return members


def _count(village: _Village, s: ChildSchedule, hard: bool, paired: bool) -> None:
    schedule.count(village.tiers, s)
    if hard:
        village.in_difficulty += 1
        village.paired += paired


def _fill(row: ComplianceFigure, village: _Village, as_of: dt.date) -> None:
    for level, t in village.tiers.items():
        for name in TIER_FIGURES:
            setattr(row, f"{level}_{name}", getattr(t, name))
    row.in_difficulty, row.paired = village.in_difficulty, village.paired
    # Children turn 18 (leave the schedule) on the 1st of a month: no row outlives its month.
    row.as_of = as_of
    row.valid_until = min(village.changes | {month_start(as_of, 1)}) - DAY


def _write_members(codes: set[str], members: dict[int, tuple[str, dt.date | None]]) -> set[str]:
    """Bring the villages' ComplianceChild rows in line; return other villages that counted a child."""
    existing = {
        pk: (code, since)
        for pk, code, since in ComplianceChild.unscoped.filter(
            Q(division_code__in=codes) | Q(bulk.AnyOf(F("child_id"), list(members)))
        ).values_list("child_id", "division_code", "waiting_since")
    }
    gone = [pk for pk in existing if pk not in members]
    if gone:
        ComplianceChild.unscoped.filter(bulk.AnyOf(F("child_id"), gone)).delete()
    bulk.create(
        ComplianceChild,
        [
            bulk.new(ComplianceChild, child_id=pk, division_code=c, waiting_since=w)
            for pk, (c, w) in members.items()
            if pk not in existing
        ],
    )
    changed = [pk for pk, value in members.items() if pk in existing and existing[pk] != value]
    bulk.update_rows(
        ComplianceChild,
        "child_id",
        ["division_code", "waiting_since"],
        [(pk, *members[pk]) for pk in changed],
    )
    return {existing[pk][0] for pk in changed} - codes


def recode_figures(moves: dict[str, str], *, counts: dict[str, int], dry_run: bool, as_of: dt.date) -> None:
    """A division code change (docs/rules/workflow.md#dm-2): the figures of each old village follow
    its children. A village moved alone onto a new code with no figures of its own, in the same
    province (same visit frequencies), keeps its figures under the new code, one UPDATE for all; the
    others (villages merged into one, or into a village that has figures) are recomputed whole."""
    olds = sorted(moves)
    held = set(
        ComplianceFigure.unscoped.filter(bulk.AnyOf(F("division_code"), olds)).values_list(
            "division_code", flat=True
        )
    )
    if dry_run:
        counts["visits.compliancefigure"] = len(held)
        return
    targets = [moves[o] for o in olds]
    taken = set(
        ComplianceFigure.unscoped.filter(bulk.AnyOf(F("division_code"), targets)).values_list(
            "division_code", flat=True
        )
    )
    sources: dict[str, int] = {}
    for new in targets:
        sources[new] = sources.get(new, 0) + 1
    rename = {
        old: new
        for old, new in moves.items()
        if old in held and new not in taken and sources[new] == 1 and old[:2] == new[:2]
    }
    bulk.recode(ComplianceFigure, ["division_code"], rename)
    rest = {o for o in held if o not in rename} | {moves[o] for o in held if o not in rename}
    refresh_villages(rest, as_of=as_of)
    counts["visits.compliancefigure"] = len(held)

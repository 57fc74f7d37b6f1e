"""Reads: schedules, the worklist, compliance by risk tier, pairing coverage, a child's visit page.

Schedules are computed by the pure `schedule` module from three queries per list: the children in
scope, their risk history, and their contacts in the window the rules can look at (plus each
child's last home visit, for the 30-day alarm). Compliance pages read the pre-aggregated village
figures of `summary.py` instead; `compliance_live` is the same page computed from the children, the
reference the figures are tested against.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import QuerySet, Sum
from django.db.models.functions import Substr
from django.http import Http404
from django.utils.translation import gettext as _

from seedling.access import Actor, Purpose, capabilities, get_for_actor, visible_to
from seedling.audit.services import file_viewed, lists_people
from seedling.core import division_codes as codes
from seedling.core.reasons import Reason
from seedling.people.enums import FileStatus
from seedling.people.models import Child
from seedling.regions import selectors as region_selectors
from seedling.regions.models import Division
from seedling.visits import facts, risk, schedule, summary
from seedling.visits.models import (
    TIER_FIGURES,
    CareNeed,
    ComplianceChild,
    ComplianceFigure,
    RiskChange,
    UrgentReport,
    Visit,
)
from seedling.visits.schedule import ChildSchedule, Level, Status, TierFigures
from seedling.visits.services import risk_facts

LIST_LIMIT = 100  # names listed under a compliance page (alarms, unpaired); the units table has the rest


@dataclass(frozen=True)
class Province:
    code: str  # two digits
    name: str


def province_in_area(*, actor: Actor, province_code: str) -> Province:
    """A province the actor works in (some division of it is in their area), or the usual 404.

    Staff below the province see their province's rules without seeing the province's other areas.
    """
    if not (len(province_code) == 2 and province_code.isdigit()):
        raise Http404(_("Not found, or outside your area."))
    inside = (
        visible_to(actor, Division).filter(code__startswith=province_code).order_by("level", "code").first()
    )
    if inside is None:
        raise Http404(_("Not found, or outside your area."))
    top = codes.code_from_prefix(province_code)
    crumbs = region_selectors.division_breadcrumbs(actor=actor, division=inside)
    return Province(province_code, next((c.name for c in crumbs if c.code == top), province_code))


def provinces_of(*, actor: Actor) -> list[str]:
    """The provinces the actor holds a role in (every one of them for a national grant)."""
    if "" in actor.scope(Purpose.AREA):
        return [d.code[:2] for d in region_selectors.division_roots(actor=actor)]
    return sorted({p[:2] for p in actor.scope(Purpose.AREA)})


def children_on_schedule(*, actor: Actor, prefix: str = "", as_of: dt.date) -> QuerySet[Child]:
    """Living, unmerged children under 18 in the actor's area (and under `prefix`)."""
    qs = visible_to(actor, Child).filter(facts.on_schedule_q(as_of))
    if prefix:
        qs = qs.filter(division_code__startswith=prefix)
    return qs


@dataclass(frozen=True)
class Row:
    child: Child
    schedule: ChildSchedule


def schedules(*, actor: Actor, children: Iterable[Child], as_of: dt.date) -> list[Row]:
    kids = list(children)
    spans, contacts = facts.histories(
        visible_to(actor, RiskChange), visible_to(actor, Visit), [c.pk for c in kids], as_of
    )
    policies: dict[str, schedule.VisitPolicy] = {}
    rows = []
    for child in kids:
        province = child.division_code[:2]
        if province not in policies:
            policies[province] = facts.policy_for(code=province, as_of=as_of)
        s = facts.child_schedule(
            risk_level=child.risk_level,
            filed_on=child.created_at.date(),
            spans=spans.get(child.pk),
            contacts=contacts[child.pk],
            as_of=as_of,
            policy=policies[province],
        )
        rows.append(Row(child, s))
    return rows


_FIELDS = ("id", "name", "risk_level", "division_code", "division__name", "created_at", "birth_date", "sex")


def _load(qs: QuerySet[Child]) -> QuerySet[Child]:
    return qs.select_related("division").only(*_FIELDS)


@lists_people("worklist", lambda rows: [r.child for r in rows])
def worklist(*, actor: Actor, as_of: dt.date, prefix: str = "") -> list[Row]:
    """我的待走访: children due or overdue (or in alarm), most urgent first."""
    rows = schedules(
        actor=actor,
        children=_load(children_on_schedule(actor=actor, prefix=prefix, as_of=as_of)),
        as_of=as_of,
    )
    wanted = [r for r in rows if r.schedule.status is not Status.MET or r.schedule.alarm]
    return sorted(wanted, key=lambda r: (r.schedule.urgency(), r.child.division_code, r.child.pk))


def overdue(*, actor: Actor, as_of: dt.date, prefix: str = "") -> list[Row]:
    return [
        r for r in worklist(actor=actor, as_of=as_of, prefix=prefix) if r.schedule.status is Status.OVERDUE
    ]


@dataclass
class UnitFigures:
    code: str
    name: str
    tiers: dict[Level, TierFigures]
    in_difficulty: int = 0
    paired: int = 0

    @property
    def children(self) -> int:
        return sum(t.children for t in self.tiers.values())

    @property
    def overdue(self) -> int:
        return sum(t.overdue for t in self.tiers.values())

    @property
    def alarms(self) -> int:
        return sum(t.alarms for t in self.tiers.values())

    @property
    def pairing_pct(self) -> float | None:
        return round(100 * self.paired / self.in_difficulty, 1) if self.in_difficulty else None


@dataclass(frozen=True)
class Alarm:
    """A high-risk child with no home visit for `alarm_days` (docs/rules/workflow.md#the-30-day-alarm),
    flagged at every level above."""

    child: Child
    days_without_home_visit: int


@dataclass
class Compliance:
    division: Division
    total: UnitFigures
    units: list[UnitFigures]
    # The first `limit` of each list: the longest waits first; the unpaired in village order.
    alarms: list[Alarm] = field(default_factory=list)
    unpaired: list[Child] = field(default_factory=list)

    @property
    def alarms_more(self) -> int:
        return self.total.alarms - len(self.alarms)

    @property
    def unpaired_more(self) -> int:
        return self.total.in_difficulty - self.total.paired - len(self.unpaired)


def division_for(*, actor: Actor, code: str) -> Division:
    return get_for_actor(actor, Division, code=code)


def _blank_units(actor: Actor, division: Division) -> dict[str, UnitFigures]:
    """The units one level down, in code order (none below a village)."""
    if codes.level_of(division.code) >= codes.VILLAGE:
        return {}
    return {
        d.code: UnitFigures(d.code, d.name, schedule.tally([]))
        for d in visible_to(actor, Division).filter(parent=division).order_by("code")
    }


def _unit_code(child_code: str, level: int) -> str:
    """The code of the unit one level below `level` that holds `child_code`."""
    end = codes.PREFIX_LENGTH[level + 1]
    return codes.code_from_prefix(child_code[:end])


def _unpaired(actor: Actor, prefix: str, as_of: dt.date, limit: int) -> list[Child]:
    """Children in difficulty without a pairing helper, in village order (an index walk, `limit` rows)."""
    qs = children_on_schedule(actor=actor, prefix=prefix, as_of=as_of).filter(
        facts.in_difficulty_q(), pairing_name=""
    )
    return list(_load(qs).order_by("division_code", "id")[:limit])


def compliance(*, actor: Actor, division: Division, as_of: dt.date, limit: int = LIST_LIMIT) -> Compliance:
    """Visit compliance by risk tier and pairing coverage, for a division and each unit one level down.

    Compliant = every obligation of the current period met (V-9); overdue = a whole period missed.
    Read from the villages' pre-aggregated figures (`summary.py`), summed with one GROUP BY on the
    unit's code prefix; a village whose figures no longer hold on `as_of` (the daily job has not run
    yet) is recomputed first, so the page is exact either way.
    """
    prefix = codes.prefix_of(division.code)
    level = codes.level_of(division.code)
    rows = visible_to(actor, ComplianceFigure).filter(division_code__startswith=prefix)
    summary.refresh_expired(rows, as_of=as_of)
    units = _blank_units(actor, division)
    total = UnitFigures(division.code, division.name, schedule.tally([]))
    end = codes.PREFIX_LENGTH[level + 1] if level < codes.VILLAGE else len(division.code)
    sums = {f"sum_{name}": Sum(name) for name in summary.COUNT_FIELDS}
    for group in rows.annotate(unit=Substr("division_code", 1, end)).values("unit").annotate(**sums):
        _add_sums(total, group)
        unit = units.get(codes.code_from_prefix(group["unit"])) if level < codes.VILLAGE else None
        if unit is not None:
            _add_sums(unit, group)
    waiting = (
        visible_to(actor, ComplianceChild)
        .filter(division_code__startswith=prefix, waiting_since__isnull=False)
        .order_by("waiting_since", "division_code", "child_id")
        .values_list("child_id", "waiting_since")[:limit]
    )
    since: dict[int, dt.date] = {pk: day for pk, day in waiting if day is not None}
    kids = _load(visible_to(actor, Child).filter(pk__in=list(since))).in_bulk()
    alarms = [Alarm(kids[pk], (as_of - day).days) for pk, day in since.items() if pk in kids]
    return Compliance(division, total, list(units.values()), alarms, _unpaired(actor, prefix, as_of, limit))


def _add_sums(figures: UnitFigures, group: dict[str, int]) -> None:
    for level, t in figures.tiers.items():
        for name in TIER_FIGURES:
            setattr(t, name, getattr(t, name) + (group[f"sum_{level}_{name}"] or 0))
    figures.in_difficulty += group["sum_in_difficulty"] or 0
    figures.paired += group["sum_paired"] or 0


def _add(figures: UnitFigures, row: Row, in_difficulty: bool) -> None:
    schedule.count(figures.tiers, row.schedule)
    if in_difficulty:
        figures.in_difficulty += 1
        figures.paired += bool(row.child.pairing_name)


def compliance_live(
    *, actor: Actor, division: Division, as_of: dt.date, limit: int = LIST_LIMIT
) -> Compliance:
    """`compliance` computed from every child in scope (3 queries + 1 per province, a schedule each).

    What the page did before the figures were pre-aggregated: too slow above a township at a million
    children, kept as the reference the figures are tested against (and the benchmark's "before").
    """
    prefix = codes.prefix_of(division.code)
    level = codes.level_of(division.code)
    base = children_on_schedule(actor=actor, prefix=prefix, as_of=as_of)
    kids = list(_load(base).only(*_FIELDS, "pairing_name"))
    difficulty = set(base.filter(facts.in_difficulty_q()).values_list("pk", flat=True))
    rows = schedules(actor=actor, children=kids, as_of=as_of)
    units = _blank_units(actor, division)
    total = UnitFigures(division.code, division.name, schedule.tally([]))
    for row in rows:
        hard = row.child.pk in difficulty
        _add(total, row, hard)
        unit = units.get(_unit_code(row.child.division_code, level)) if level < codes.VILLAGE else None
        if unit is not None:
            _add(unit, row, hard)
    alarms = sorted(
        (r for r in rows if r.schedule.alarm),
        key=lambda r: (-(r.schedule.days_without_home_visit or 0), r.child.division_code, r.child.pk),
    )
    return Compliance(
        division,
        total,
        list(units.values()),
        [Alarm(r.child, r.schedule.days_without_home_visit or 0) for r in alarms[:limit]],
        _unpaired(actor, prefix, as_of, limit),
    )


def compliance_roots(*, actor: Actor) -> list[Division]:
    return list(visible_to(actor, Division).filter(code__in=capabilities.divisions(actor)).order_by("code"))


@dataclass
class ChildPage:
    child: Child
    schedule: ChildSchedule
    suggestion: risk.Suggestion
    visits: list[Visit]
    risk_history: list[RiskChange]
    needs: list[CareNeed]
    reports: list[UrgentReport]
    # Why the child has no visit duty (on no roll, 18, closed), or None: docs/rules/workflow.md#v-duty.
    no_duty: Reason | None = None


def child_page(*, actor: Actor, child_id: int, as_of: dt.date, audit: bool = True) -> ChildPage:
    """A child's visits, risk history, needs and reports: a read of the personal file (audited)."""
    child = get_for_actor(actor, visible_to(actor, Child).select_related("division"), pk=child_id)
    if audit:
        file_viewed(actor=actor, subject=child, subject_type="child", detail={"page": "visits"})
    row = schedules(actor=actor, children=[child], as_of=as_of)[0]
    on_roll = visible_to(actor, Child).filter(facts.on_roll_q(), pk=child.pk).exists()
    no_duty = facts.no_duty(
        died=child.died_on is not None and child.died_on <= as_of,
        merged=child.status == FileStatus.MERGED,
        born=child.birth_date,
        on_roll=on_roll,
        as_of=as_of,
    )
    scoped_visits = visible_to(actor, Visit).filter(child_id=child.pk).select_related("visitor")
    return ChildPage(
        child=child,
        schedule=row.schedule,
        suggestion=risk.suggest(risk_facts(child), as_of=as_of),
        visits=list(scoped_visits[:50]),
        risk_history=list(
            visible_to(actor, RiskChange)
            .filter(child_id=child.pk)
            .select_related("by")
            .order_by("-at", "-id")
        ),
        needs=list(visible_to(actor, CareNeed).filter(child_id=child.pk).prefetch_related("services")),
        reports=list(visible_to(actor, UrgentReport).filter(child_id=child.pk).order_by("-raised_at")),
        no_duty=no_duty,
    )


def child_for_visit(*, actor: Actor, child_id: int) -> Child:
    return get_for_actor(actor, visible_to(actor, Child).exclude(status=FileStatus.MERGED), pk=child_id)


def visit_list(
    *, actor: Actor, child_id: int | None = None, since: dt.date | None = None, limit: int = 100
) -> list[Visit]:
    qs = visible_to(actor, Visit).select_related("child")
    if child_id is not None:
        qs = qs.filter(child_id=child_id)
    if since is not None:
        qs = qs.filter(visited_on__gte=since)
    return list(qs[:limit])


def need_get(*, actor: Actor, need_id: int) -> CareNeed:
    return get_for_actor(actor, CareNeed, pk=need_id)

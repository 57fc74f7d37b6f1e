"""Reads: schedules, the worklist, compliance by risk tier, pairing coverage, a child's visit page.

Schedules are computed by the pure `schedule` module from three queries per list: the children in
scope, their risk history, and their contacts in the window the rules can look at (plus each
child's last home visit, for the 30-day alarm).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Max, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from seedling.access import Actor, Purpose, get_for_actor, visible_to
from seedling.audit.enums import Action
from seedling.audit.services import audit_record
from seedling.people.enums import DeclaredCategory, FileStatus
from seedling.people.models import Child
from seedling.regions import codes
from seedling.regions import selectors as region_selectors
from seedling.regions.models import Division
from seedling.visits import risk, schedule
from seedling.visits.enums import VisitMode
from seedling.visits.models import CareNeed, RiskChange, UrgentReport, Visit, VisitPolicySetting
from seedling.visits.schedule import ChildSchedule, Contact, Level, Mode, RiskSpan, Status, TierFigures
from seedling.visits.services import risk_facts

# Children in difficulty (困境儿童 in the wide sense of seed 002: every category but left-behind alone).
IN_DIFFICULTY = (
    DeclaredCategory.IN_DIFFICULTY,
    DeclaredCategory.DE_FACTO_UNSUPPORTED,
    DeclaredCategory.IMPROPER_GUARDIANSHIP,
    DeclaredCategory.ORPHAN,
    DeclaredCategory.HIV_INFECTED,
)
WINDOW_DAYS = 800  # two calendar years: the current and the previous period of any allowed length


def visit_policy(row: VisitPolicySetting | None) -> schedule.VisitPolicy:
    """A stored version as the schedule's parameters; no version: seed 002's defaults."""
    if row is None:
        return schedule.DEFAULT_POLICY
    return schedule.VisitPolicy(
        contact_months={Level.LOW: row.low_contact_months, Level.MEDIUM: None, Level.HIGH: None},
        home_visit_months={
            Level.LOW: row.low_visit_months,
            Level.MEDIUM: row.medium_visit_months,
            Level.HIGH: row.high_visit_months,
        },
        alarm_days=row.alarm_days,
        effective_from=row.effective_from,
    )


def policy_for(*, code: str, as_of: dt.date) -> schedule.VisitPolicy:
    """The province's visit frequencies in force on `as_of` (a published rule: no scope to apply)."""
    row = (
        VisitPolicySetting.objects.filter(province_code=code[:2], effective_from__lte=as_of)
        .order_by("-effective_from")
        .first()
    )
    return visit_policy(row)


@dataclass(frozen=True)
class PolicyVersion:
    row: VisitPolicySetting
    in_force: bool  # the version that applies today
    future: bool


def visit_policy_versions(*, province_code: str, as_of: dt.date) -> list[PolicyVersion]:
    """Every dated version of a province, newest first, marking the one in force on `as_of`."""
    rows = list(
        VisitPolicySetting.objects.filter(province_code=province_code)
        .select_related("changed_by")
        .order_by("-effective_from")
    )
    current = next((r.pk for r in rows if r.effective_from <= as_of), None)
    return [PolicyVersion(r, r.pk == current, r.effective_from > as_of) for r in rows]


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
    adult_born = dt.date(as_of.year - 18, as_of.month, 1)
    qs = (
        visible_to(actor, Child)
        .exclude(status=FileStatus.MERGED)
        .filter(died_on__isnull=True, birth_date__gt=adult_born)
    )
    if prefix:
        qs = qs.filter(division_code__startswith=prefix)
    return qs


@dataclass(frozen=True)
class Row:
    child: Child
    schedule: ChildSchedule


def schedules(*, actor: Actor, children: Iterable[Child], as_of: dt.date) -> list[Row]:
    kids = list(children)
    ids = [c.pk for c in kids]
    spans: dict[int, list[RiskSpan]] = defaultdict(list)
    for child_id, level, on in (
        visible_to(actor, RiskChange)
        .filter(child_id__in=ids)
        .order_by("at", "id")
        .values_list("child_id", "level", "effective_on")
    ):
        spans[child_id].append(RiskSpan(level, on))
    since = as_of - dt.timedelta(days=WINDOW_DAYS)
    contacts: dict[int, list[Contact]] = defaultdict(list)
    for child_id, on, mode in (
        visible_to(actor, Visit)
        .filter(child_id__in=ids, visited_on__gte=since, visited_on__lte=as_of)
        .values_list("child_id", "visited_on", "mode")
    ):
        contacts[child_id].append(Contact(on, Mode(mode)))
    older = (
        visible_to(actor, Visit)
        .filter(child_id__in=ids, mode=VisitMode.HOME, visited_on__lt=since)
        .values("child_id")
        .annotate(last=Max("visited_on"))
    )
    for row in older:
        contacts[row["child_id"]].append(Contact(row["last"], Mode.HOME))
    policies: dict[str, schedule.VisitPolicy] = {}
    rows = []
    for child in kids:
        province = child.division_code[:2]
        if province not in policies:
            policies[province] = policy_for(code=province, as_of=as_of)
        # A file without history (filed before this app): its current level since it was filed.
        own = spans.get(child.pk) or [RiskSpan(child.risk_level, child.created_at.date())]
        rows.append(
            Row(child, schedule.schedule(own, contacts[child.pk], as_of=as_of, policy=policies[province]))
        )
    return rows


_FIELDS = ("id", "name", "risk_level", "division_code", "division__name", "created_at", "birth_date", "sex")


def _load(qs: QuerySet[Child]) -> QuerySet[Child]:
    return qs.select_related("division").only(*_FIELDS)


def worklist(*, actor: Actor, as_of: dt.date, prefix: str = "") -> list[Row]:
    """我的待走访: children due or overdue (or in alarm), most urgent first (issue 6 §4)."""
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


@dataclass
class Compliance:
    division: Division
    total: UnitFigures
    units: list[UnitFigures]
    alarms: list[Row] = field(default_factory=list)
    unpaired: list[Child] = field(default_factory=list)


def in_difficulty_q() -> Q:
    q = Q()
    for category in IN_DIFFICULTY:
        q |= Q(declared_categories__contains=f",{category},")
    return q


def division_for(*, actor: Actor, code: str) -> Division:
    return get_for_actor(actor, Division, code=code)


def _add(figures: UnitFigures, row: Row, in_difficulty: bool) -> None:
    s = row.schedule
    if s.level is not None:
        t = figures.tiers[s.level]
        t.children += 1
        t.compliant += s.status is Status.MET
        t.due += s.status is Status.DUE
        t.overdue += s.status is Status.OVERDUE
        t.alarms += s.alarm
    if in_difficulty:
        figures.in_difficulty += 1
        figures.paired += bool(row.child.pairing_name)


def _unit_code(child_code: str, level: int) -> str:
    """The code of the unit one level below `level` that holds `child_code`."""
    end = codes.PREFIX_LENGTH[level + 1]
    return codes.code_from_prefix(child_code[:end])


def compliance(*, actor: Actor, division: Division, as_of: dt.date) -> Compliance:
    """Visit compliance by risk tier and pairing coverage, for a division and each unit one level down.

    Compliant = every obligation of the current period met (V-9); overdue = a whole period missed.
    """
    prefix = codes.prefix_of(division.code)
    level = codes.level_of(division.code)
    base = children_on_schedule(actor=actor, prefix=prefix, as_of=as_of)
    kids = list(_load(base).only(*_FIELDS, "declared_categories", "pairing_name"))
    difficulty = set(base.filter(in_difficulty_q()).values_list("pk", flat=True))
    rows = schedules(actor=actor, children=kids, as_of=as_of)
    units: dict[str, UnitFigures] = {}
    if level < codes.VILLAGE:
        for d in visible_to(actor, Division).filter(parent=division).order_by("code"):
            units[d.code] = UnitFigures(d.code, d.name, schedule.tally([]))
    total = UnitFigures(division.code, division.name, schedule.tally([]))
    unpaired = []
    for row in rows:
        hard = row.child.pk in difficulty
        _add(total, row, hard)
        if level < codes.VILLAGE:
            unit = units.get(_unit_code(row.child.division_code, level))
            if unit is not None:
                _add(unit, row, hard)
        if hard and not row.child.pairing_name:
            unpaired.append(row.child)
    alarms = sorted((r for r in rows if r.schedule.alarm), key=lambda r: r.schedule.urgency())
    return Compliance(division, total, list(units.values()), alarms, unpaired)


def compliance_roots(*, actor: Actor) -> list[Division]:
    codes_ = sorted({g.division_code for g in actor.grants if g.division_code})
    return list(visible_to(actor, Division).filter(code__in=codes_).order_by("code"))


@dataclass
class ChildPage:
    child: Child
    schedule: ChildSchedule
    suggestion: risk.Suggestion
    visits: list[Visit]
    risk_history: list[RiskChange]
    needs: list[CareNeed]
    reports: list[UrgentReport]


def child_page(*, actor: Actor, child_id: int, as_of: dt.date, audit: bool = True) -> ChildPage:
    """A child's visits, risk history, needs and reports: a read of the personal file (audited)."""
    child = get_for_actor(actor, visible_to(actor, Child).select_related("division"), pk=child_id)
    if audit:
        audit_record(
            actor=actor,
            action=Action.FILE_VIEWED,
            division_code=child.division_code,
            subject_type="child",
            subject_id=child.pk,
            subject_label=child.name,
            detail={"page": "visits"},
        )
    row = schedules(actor=actor, children=[child], as_of=as_of)[0]
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

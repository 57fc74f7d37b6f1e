"""What contact and home visits each child is due, by family-guardianship risk. Pure Python, no Django.

晋政民〔2024〕46号 二（二）: children at 低 risk are contacted at least once a month and
visited at least once a quarter; children at 高 and 中 risk are visited at least once a month.
docs/rules/workflow.md#visit-frequency-by-risk, docs/rules/file.md#v-9. The frequencies are provincial
parameters (`VisitPolicy`); the defaults are those of 晋政民〔2024〕46号.

Periods are calendar periods of n months counted from January (n = 1 month, 3 a quarter, ...).

- The level in force on a day decides the obligations of the period holding that day. A risk change
  takes effect on the day it is made: the period holding that day is judged by the new level, and
  any qualifying contact in that period (even one before the change) meets it.
- An obligation of the current period is `met` by a qualifying contact between the period's start
  and `as_of`; otherwise it is `due` by the period's end. It is `overdue` when it is unmet now and the
  previous period also ended without it (V-9: a whole period has passed without the contact).
  A previous period counts only if the child was on the schedule from its first day: a child filed on
  the 30th is `due`, not overdue, on the 1st.
- A contact is any of the modes (入户 / 电话 / 微信); a home visit is 入户 only.
- A file without an assessed risk level gets the low-risk minimum (every registered child is
  contacted monthly and visited quarterly), with a reason saying so.
- A province's new frequencies apply from the day they come into force; a previous period that
  began before that day does not count as missed under them.
- Alarm: a high-risk child with no home visit for `alarm_days` (30) days, counted from the last home
  visit or, when there is none since, from the day the child came onto the schedule
(docs/rules/workflow.md#the-30-day-alarm).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from seedling.core.dates import month_start
from seedling.core.reasons import Reason, register

S002 = "晋政民〔2024〕46号 二（二）"
# An obligation's reason (seedling.core.reasons): {0} "未评定风险等级，按最低要求：" or "", {1} the
# level, {2} the period (每月, 每季度, ...).
_RULE = {"CONTACT": "{0}{1}儿童{2}至少联系一次", "HOME_VISIT": "{0}{1}儿童{2}至少入户走访一次"}
_DID = {"CONTACT": "联系", "HOME_VISIT": "入户走访"}
CATALOGUE = {
    **{f"VISIT.{k}.MET": (f"本期已{_DID[k]}（{rule}）", S002) for k, rule in _RULE.items()},
    **{f"VISIT.{k}.DUE": (f"本期尚未{_DID[k]}（{rule}）", S002) for k, rule in _RULE.items()},
    **{
        f"VISIT.{k}.OVERDUE": (f"上期未{_DID[k]}，本期仍未{_DID[k]}（{rule}）", S002)
        for k, rule in _RULE.items()
    },
}
# No visit duty, and why (docs/rules/workflow.md#v-duty): the directors visit "农村留守儿童和困境儿童"
# (晋政民〔2024〕46号 二（二）), the children on a roll; no notice keeps a duty after a child leaves.
S002_WHO = S002 + "（“儿童督导员、儿童主任对农村留守儿童和困境儿童…”）"
CATALOGUE |= {
    "VISIT.NO_DUTY.NO_ROLL": (
        "无走访义务：规则未认定其属于任何儿童类别，定期走访只针对名册上的儿童",
        S002_WHO,
    ),
    "VISIT.NO_DUTY.ADULT": ("无走访义务：已满18周岁", S002_WHO),
    "VISIT.NO_DUTY.CLOSED": ("无走访义务：档案已因死亡或合并注销", S002_WHO),
}
register(CATALOGUE)


class Level(enum.StrEnum):
    LOW = "low"  # 低风险
    MEDIUM = "medium"  # 中风险
    HIGH = "high"  # 高风险


class Mode(enum.StrEnum):
    HOME = "home"  # 入户
    PHONE = "phone"  # 电话
    WECHAT = "wechat"  # 微信


class Kind(enum.StrEnum):
    CONTACT = "contact"  # 联系: any mode
    HOME_VISIT = "home_visit"  # 走访: 入户 only


class Status(enum.StrEnum):
    MET = "met"
    DUE = "due"
    OVERDUE = "overdue"


LEVEL_RANK = {Level.HIGH: 0, Level.MEDIUM: 1, Level.LOW: 2}
STATUS_RANK = {Status.OVERDUE: 0, Status.DUE: 1, Status.MET: 2}
PERIODS = frozenset({1, 2, 3, 4, 6, 12})  # lengths that tile the calendar year


@dataclass(frozen=True)
class VisitPolicy:
    """Provincial parameters: the period (months) of each obligation by level; None = no such duty."""

    contact_months: Mapping[Level, int | None] = field(
        default_factory=lambda: {Level.LOW: 1, Level.MEDIUM: None, Level.HIGH: None}
    )
    home_visit_months: Mapping[Level, int | None] = field(
        default_factory=lambda: {Level.LOW: 3, Level.MEDIUM: 1, Level.HIGH: 1}
    )
    alarm_days: int = 30
    # The day this province's version came into force (date.min: always). A previous period that
    # began before it was judged by the old frequencies, so it cannot make the child overdue under these.
    effective_from: dt.date = dt.date.min

    def __post_init__(self) -> None:
        for table in (self.contact_months, self.home_visit_months):
            for level in Level:
                months = table.get(level)
                if months is not None and months not in PERIODS:
                    raise ValueError(f"a period must be one of {sorted(PERIODS)} months, not {months}")
        if self.alarm_days < 1:
            raise ValueError("alarm_days must be positive")

    def months(self, kind: Kind, level: Level) -> int | None:
        table = self.contact_months if kind is Kind.CONTACT else self.home_visit_months
        return table.get(level)


DEFAULT_POLICY = VisitPolicy()


@dataclass(frozen=True)
class RiskSpan:
    """A level set on `since` (a risk change takes effect the day it is made). "" = not assessed."""

    level: str
    since: dt.date


@dataclass(frozen=True)
class Contact:
    on: dt.date
    mode: Mode


@dataclass(frozen=True)
class Obligation:
    kind: Kind
    level: Level
    months: int
    period_start: dt.date
    period_end: dt.date
    status: Status
    met_on: dt.date | None
    overdue_since: dt.date | None  # first day after the missed period
    reason: Reason


@dataclass(frozen=True)
class ChildSchedule:
    level: Level | None  # the level that applies (low for an unassessed file); None: not on the schedule
    assessed: bool
    obligations: tuple[Obligation, ...]
    last_home_visit: dt.date | None
    last_contact: dt.date | None
    alarm: bool
    days_without_home_visit: int | None
    next_change: dt.date | None  # the next day the answer can change without new facts

    @property
    def status(self) -> Status:
        if not self.obligations:
            return Status.MET
        return min((o.status for o in self.obligations), key=STATUS_RANK.__getitem__)

    @property
    def compliant(self) -> bool:
        return self.status is Status.MET

    def urgency(self) -> tuple[int, int, int, int]:
        """Sort key, most urgent first: alarm, overdue, due; then risk; then the longest wait."""
        rank = LEVEL_RANK[self.level] if self.level is not None else 3
        waited = self.days_without_home_visit if self.days_without_home_visit is not None else 0
        return (0 if self.alarm else 1, STATUS_RANK[self.status], rank, -waited)


def period_of(day: dt.date, months: int) -> tuple[dt.date, dt.date]:
    """The calendar period of `months` months (counted from January) holding `day`."""
    start = dt.date(day.year, (day.month - 1) // months * months + 1, 1)
    return start, month_start(start, months) - dt.timedelta(days=1)


def _sorted(spans: Iterable[RiskSpan]) -> list[RiskSpan]:
    return sorted(spans, key=lambda s: s.since)


def span_on(spans: list[RiskSpan], day: dt.date) -> RiskSpan | None:
    """The span in force on `day` (the last one set on or before it; several on one day: the last)."""
    found = None
    for span in spans:
        if span.since <= day:
            found = span
    return found


def _applied(level: str) -> Level:
    return Level(level) if level else Level.LOW


def _qualifies(contact: Contact, kind: Kind) -> bool:
    return kind is Kind.CONTACT or contact.mode is Mode.HOME


def _latest(contacts: list[Contact], kind: Kind, start: dt.date, end: dt.date) -> dt.date | None:
    days = [c.on for c in contacts if start <= c.on <= end and _qualifies(c, kind)]
    return max(days) if days else None


_NAMES = {Level.LOW: "低风险", Level.MEDIUM: "中风险", Level.HIGH: "高风险"}
_PERIOD = {1: "每月", 2: "每两个月", 3: "每季度", 4: "每四个月", 6: "每半年", 12: "每年"}
_UNASSESSED = "未评定风险等级，按最低要求："


def _reason(kind: Kind, level: Level, months: int, status: Status, assessed: bool) -> Reason:
    return Reason(
        f"VISIT.{kind.name}.{status.name}", ("" if assessed else _UNASSESSED, _NAMES[level], _PERIOD[months])
    )


def _obligation(
    kind: Kind, spans: list[RiskSpan], contacts: list[Contact], as_of: dt.date, policy: VisitPolicy
) -> Obligation | None:
    span = span_on(spans, as_of)
    assert span is not None  # the caller checked that the child is on the schedule
    level = _applied(span.level)
    months = policy.months(kind, level)
    if months is None:
        return None
    start, end = period_of(as_of, months)
    met_on = _latest(contacts, kind, start, as_of)
    if met_on is not None:
        status, since = Status.MET, None
    else:
        status, since = Status.DUE, None
        prev_day = start - dt.timedelta(days=1)
        prev_span = span_on(spans, prev_day)
        if prev_span is not None:
            prev_months = policy.months(kind, _applied(prev_span.level))
            if prev_months is not None:
                prev_start, prev_end = period_of(prev_day, prev_months)
                # The previous period counts only if the child was on the schedule, under these
                # frequencies, from its first day.
                on_from_start = spans[0].since <= prev_start
                same_rules = policy.effective_from <= prev_start
                if on_from_start and same_rules and _latest(contacts, kind, prev_start, prev_end) is None:
                    status, since = Status.OVERDUE, start
    return Obligation(
        kind=kind,
        level=level,
        months=months,
        period_start=start,
        period_end=end,
        status=status,
        met_on=met_on,
        overdue_since=since,
        reason=_reason(kind, level, months, status, bool(span.level)),
    )


def schedule(
    spans: Iterable[RiskSpan],
    contacts: Iterable[Contact],
    *,
    as_of: dt.date,
    policy: VisitPolicy = DEFAULT_POLICY,
) -> ChildSchedule:
    """What the child is due on `as_of`. Contacts after `as_of` are ignored (the answer is as of then)."""
    ordered = _sorted(spans)
    seen = [c for c in contacts if c.on <= as_of]
    span = span_on(ordered, as_of)
    if span is None:
        return ChildSchedule(None, False, (), None, None, False, None, ordered[0].since if ordered else None)
    level = _applied(span.level)
    obligations = tuple(
        o
        for kind in (Kind.HOME_VISIT, Kind.CONTACT)
        if (o := _obligation(kind, ordered, seen, as_of, policy))
    )
    homes = [c.on for c in seen if c.mode is Mode.HOME]
    last_home = max(homes) if homes else None
    last_contact = max((c.on for c in seen), default=None)
    # Counted from the last home visit, or from the day the child came onto the schedule.
    watched_from = max(last_home, ordered[0].since) if last_home else ordered[0].since
    days_without = (as_of - watched_from).days
    alarm = level is Level.HIGH and days_without >= policy.alarm_days
    # The answer changes at the end of the current periods, when the alarm starts, or at the next change.
    changes = [o.period_end + dt.timedelta(days=1) for o in obligations]
    if level is Level.HIGH and not alarm:
        changes.append(watched_from + dt.timedelta(days=policy.alarm_days))
    changes += [s.since for s in ordered if s.since > as_of]
    return ChildSchedule(
        level=level,
        assessed=bool(span.level),
        obligations=obligations,
        last_home_visit=last_home,
        last_contact=last_contact,
        alarm=alarm,
        days_without_home_visit=days_without,
        next_change=min(changes) if changes else None,
    )


@dataclass
class TierFigures:
    children: int = 0
    compliant: int = 0
    due: int = 0
    overdue: int = 0
    alarms: int = 0

    @property
    def compliance_pct(self) -> float | None:
        return round(100 * self.compliant / self.children, 1) if self.children else None


def tally(schedules: Iterable[ChildSchedule]) -> dict[Level, TierFigures]:
    """Compliance by risk tier (docs/rules/coverage.md#kpis): children, compliant now, due, overdue,
    alarms."""
    tiers = {level: TierFigures() for level in Level}
    for s in schedules:
        count(tiers, s)
    return tiers


def count(tiers: dict[Level, TierFigures], s: ChildSchedule) -> None:
    """Add one child's schedule to its tier's figures (a child off the schedule counts nowhere)."""
    if s.level is None:
        return
    t = tiers[s.level]
    t.children += 1
    t.compliant += s.status is Status.MET
    t.due += s.status is Status.DUE
    t.overdue += s.status is Status.OVERDUE
    t.alarms += s.alarm

"""Table tests of the visit schedule (晋政民〔2024〕46号; docs/rules/workflow.md#visit-frequency-by-risk,
docs/rules/file.md#v-9). Pure: no database."""

from __future__ import annotations

import datetime as dt

import pytest

from seedling.visits.schedule import (
    Contact,
    Kind,
    Level,
    Mode,
    RiskSpan,
    Status,
    VisitPolicy,
    period_of,
    schedule,
    tally,
)

D = dt.date
HOME, PHONE, WECHAT = Mode.HOME, Mode.PHONE, Mode.WECHAT
EARLY = D(2024, 1, 1)  # on the schedule long before every as_of below


def c(on: str, mode: Mode = HOME) -> Contact:
    return Contact(D.fromisoformat(on), mode)


def status_of(level: str, contacts: list[Contact], as_of: str, spans: list[RiskSpan] | None = None):
    s = schedule(spans or [RiskSpan(level, EARLY)], contacts, as_of=D.fromisoformat(as_of))
    return {o.kind: o.status for o in s.obligations}


M, DU, OV = Status.MET, Status.DUE, Status.OVERDUE
H, C = Kind.HOME_VISIT, Kind.CONTACT


@pytest.mark.parametrize(
    ("level", "contacts", "as_of", "expected"),
    [
        # high and medium: a home visit every calendar month
        ("high", [c("2025-03-05")], "2025-03-31", {H: M}),
        ("high", [c("2025-03-05")], "2025-04-01", {H: DU}),  # month boundary: met last month, due now
        ("high", [c("2025-02-27")], "2025-04-01", {H: OV}),  # March missed
        ("high", [c("2025-03-31")], "2025-04-30", {H: DU}),
        ("high", [c("2025-03-31"), c("2025-04-30")], "2025-04-30", {H: M}),
        ("high", [c("2025-04-02", PHONE)], "2025-04-10", {H: OV}),  # a call is not a home visit
        ("medium", [c("2025-04-02", WECHAT), c("2025-03-02")], "2025-04-10", {H: DU}),
        ("medium", [], "2025-04-10", {H: OV}),
        ("medium", [c("2024-12-31")], "2025-01-01", {H: DU}),  # year boundary
        ("medium", [c("2024-11-30")], "2025-01-01", {H: OV}),
        ("high", [c("2025-05-01")], "2025-04-30", {H: OV}),  # a later contact does not count as of then
        # low: a contact every month and a home visit every quarter
        ("low", [c("2025-01-15")], "2025-03-31", {H: M, C: OV}),
        (
            "low",
            [c("2025-01-15"), c("2025-02-10", PHONE), c("2025-03-01", WECHAT)],
            "2025-03-31",
            {H: M, C: M},
        ),
        ("low", [c("2025-01-15"), c("2025-03-01", WECHAT)], "2025-04-01", {H: DU, C: DU}),  # quarter boundary
        ("low", [c("2024-12-20")], "2025-04-01", {H: OV, C: OV}),  # Q1 without a visit, March without contact
        ("low", [c("2025-02-20"), c("2025-04-03", PHONE)], "2025-04-05", {H: DU, C: M}),
        ("low", [c("2025-02-20"), c("2025-04-03", PHONE)], "2025-05-05", {H: DU, C: DU}),
        ("low", [c("2025-02-20"), c("2025-04-03", PHONE)], "2025-06-05", {H: DU, C: OV}),
        ("low", [c("2025-02-20"), c("2025-06-03", PHONE)], "2025-07-02", {H: OV, C: DU}),  # Q2 missed
        ("low", [c("2025-04-01")], "2025-06-30", {H: M, C: OV}),
        # not assessed: the low-risk minimum
        ("", [c("2025-01-15")], "2025-02-10", {H: M, C: DU}),
        ("", [], "2025-02-10", {H: OV, C: OV}),
    ],
)
def test_schedule_by_level_across_month_and_quarter_boundaries(level, contacts, as_of, expected) -> None:
    assert status_of(level, contacts, as_of) == expected


@pytest.mark.parametrize(
    ("spans", "contacts", "as_of", "expected"),
    [
        # raised to high on 20 April: April is judged monthly from that day; a visit earlier in April counts
        ([("low", "2025-01-01"), ("high", "2025-04-20")], [c("2025-04-02")], "2025-04-25", {H: M}),
        ([("low", "2025-01-01"), ("high", "2025-04-20")], [c("2025-03-02")], "2025-04-25", {H: DU}),
        # ... and an April without a home visit is missed in May
        ([("low", "2025-01-01"), ("high", "2025-04-20")], [c("2025-03-02")], "2025-05-02", {H: OV}),
        # the day before the change the low rules still hold
        ([("low", "2025-01-01"), ("high", "2025-04-20")], [c("2025-03-02")], "2025-04-19", {H: DU, C: DU}),
        # lowered to low on 10 May: May is judged by the quarter (Q2) and the monthly contact
        ([("high", "2025-01-01"), ("low", "2025-05-10")], [c("2025-04-15")], "2025-05-12", {H: M, C: DU}),
        ([("high", "2025-01-01"), ("low", "2025-05-10")], [c("2025-03-15")], "2025-05-12", {H: DU, C: DU}),
        # previous period under high (April): missed without an April visit, even though low now
        ([("high", "2025-01-01"), ("low", "2025-05-10")], [c("2025-03-15")], "2025-07-01", {H: OV, C: OV}),
        # previous period had no contact duty (medium): the contact is only due
        ([("medium", "2025-01-01"), ("low", "2025-05-10")], [c("2025-04-15")], "2025-05-12", {H: M, C: DU}),
        # filed in the middle of a period: that period is never counted as missed
        ([("high", "2025-03-30")], [], "2025-04-01", {H: DU}),
        ([("high", "2025-03-01")], [], "2025-04-01", {H: OV}),
        ([("low", "2025-02-01")], [], "2025-04-01", {H: DU, C: OV}),
        # two changes on one day: the last wins
        (
            [("low", "2025-01-01"), ("medium", "2025-04-20"), ("high", "2025-04-20")],
            [c("2025-02-01")],
            "2025-04-21",
            {H: DU},
        ),
        # filed this month, nothing yet: due
        ([("high", "2025-04-05")], [], "2025-04-10", {H: DU}),
    ],
)
def test_risk_changes_take_effect_the_day_they_are_made(spans, contacts, as_of, expected) -> None:
    risk = [RiskSpan(level, D.fromisoformat(on)) for level, on in spans]
    assert status_of("", contacts, as_of, risk) == expected


def test_not_on_the_schedule_before_the_first_level() -> None:
    s = schedule([RiskSpan("high", D(2025, 5, 1))], [], as_of=D(2025, 4, 30))
    assert (s.level, s.obligations, s.status, s.compliant, s.alarm) == (None, (), Status.MET, True, False)
    assert s.next_change == D(2025, 5, 1)
    assert s.urgency() == (1, 2, 3, 0)
    empty = schedule([], [], as_of=D(2025, 4, 30))
    assert (empty.level, empty.next_change) == (None, None)


def test_alarm_for_high_risk_without_a_home_visit_for_30_days() -> None:
    spans = [RiskSpan("high", D(2025, 1, 1))]
    at_29 = schedule(spans, [c("2025-03-01")], as_of=D(2025, 3, 30))
    at_30 = schedule(spans, [c("2025-03-01")], as_of=D(2025, 3, 31))
    assert (at_29.alarm, at_29.days_without_home_visit, at_29.next_change) == (False, 29, D(2025, 3, 31))
    assert (at_30.alarm, at_30.days_without_home_visit, at_30.next_change) == (True, 30, D(2025, 4, 1))
    # a phone call does not stop the clock
    called = schedule(spans, [c("2025-03-01"), c("2025-03-20", PHONE)], as_of=D(2025, 3, 31))
    assert (called.alarm, called.last_contact, called.last_home_visit) == (
        True,
        D(2025, 3, 20),
        D(2025, 3, 1),
    )
    # never visited: counted from the day the child came onto the schedule
    new = schedule([RiskSpan("high", D(2025, 3, 10))], [], as_of=D(2025, 4, 9))
    assert (new.alarm, new.days_without_home_visit) == (True, 30)
    # a visit before the child came onto the schedule does not count back further than that day
    old = schedule([RiskSpan("high", D(2025, 3, 10))], [c("2025-01-05")], as_of=D(2025, 4, 8))
    assert (old.alarm, old.days_without_home_visit) == (False, 29)
    # medium is never in alarm
    assert schedule([RiskSpan("medium", D(2025, 1, 1))], [], as_of=D(2025, 6, 1)).alarm is False


def test_urgency_orders_alarm_overdue_due_then_risk_then_wait() -> None:
    day = D(2025, 6, 15)
    early = [RiskSpan("", D(2024, 1, 1))]

    def at(level: str, contacts: list[Contact]):
        return schedule([RiskSpan(level, D(2024, 1, 1))], contacts, as_of=day)

    alarm = at("high", [c("2025-05-01")])
    overdue_medium = at("medium", [c("2025-04-20")])
    overdue_low = at("low", [c("2025-01-20")])
    due_medium = at("medium", [c("2025-05-20")])
    met_high = at("high", [c("2025-06-14")])
    unassessed = schedule(early, [c("2025-06-01")], as_of=day)
    order = sorted([met_high, due_medium, overdue_low, overdue_medium, alarm], key=lambda s: s.urgency())
    assert order == [alarm, overdue_medium, overdue_low, due_medium, met_high]
    assert (unassessed.level, unassessed.assessed) == (Level.LOW, False)
    assert "未评定风险等级" in unassessed.obligations[0].reason.message


def test_reasons_cite_seed_002() -> None:
    s = schedule([RiskSpan("low", EARLY)], [c("2025-01-15")], as_of=D(2025, 2, 10))
    home, contact = s.obligations
    assert (home.reason.code, home.reason.message) == (
        "VISIT.HOME_VISIT.MET",
        "本期已入户走访（低风险儿童每季度至少入户走访一次）",
    )
    assert (contact.reason.code, contact.reason.message) == (
        "VISIT.CONTACT.DUE",
        "本期尚未联系（低风险儿童每月至少联系一次）",
    )
    assert home.reason.citation == "晋政民〔2024〕46号 二（二）"
    over = schedule([RiskSpan("high", EARLY)], [], as_of=D(2025, 2, 10)).obligations[0]
    assert over.reason.message == "上期未入户走访，本期仍未入户走访（高风险儿童每月至少入户走访一次）"
    assert (over.overdue_since, over.period_start, over.period_end) == (
        D(2025, 2, 1),
        D(2025, 2, 1),
        D(2025, 2, 28),
    )


@pytest.mark.parametrize(
    ("day", "months", "start", "end"),
    [
        ("2025-02-14", 1, "2025-02-01", "2025-02-28"),
        ("2024-02-14", 1, "2024-02-01", "2024-02-29"),
        ("2025-12-31", 1, "2025-12-01", "2025-12-31"),
        ("2025-05-01", 3, "2025-04-01", "2025-06-30"),
        ("2025-12-01", 3, "2025-10-01", "2025-12-31"),
        ("2025-07-01", 6, "2025-07-01", "2025-12-31"),
        ("2025-03-03", 12, "2025-01-01", "2025-12-31"),
        ("2025-03-03", 2, "2025-03-01", "2025-04-30"),
    ],
)
def test_calendar_periods(day, months, start, end) -> None:
    assert period_of(D.fromisoformat(day), months) == (D.fromisoformat(start), D.fromisoformat(end))


def test_provincial_parameters() -> None:
    # A province visiting medium-risk children every two months and contacting them monthly.
    policy = VisitPolicy(
        contact_months={Level.LOW: 1, Level.MEDIUM: 1, Level.HIGH: None},
        home_visit_months={Level.LOW: 3, Level.MEDIUM: 2, Level.HIGH: 1},
        alarm_days=14,
    )
    spans = [RiskSpan("medium", EARLY)]
    s = schedule(spans, [c("2025-03-10"), c("2025-04-02", PHONE)], as_of=D(2025, 4, 20), policy=policy)
    assert {o.kind: (o.status, o.months) for o in s.obligations} == {H: (M, 2), C: (M, 1)}
    high = schedule([RiskSpan("high", EARLY)], [c("2025-05-02")], as_of=D(2025, 5, 16), policy=policy)
    assert high.alarm is True
    # a level without any duty in this province
    none = VisitPolicy(home_visit_months={Level.LOW: None, Level.MEDIUM: 1, Level.HIGH: 1})
    assert schedule([RiskSpan("low", EARLY)], [], as_of=D(2025, 5, 20), policy=none).obligations[0].kind is C


def test_new_frequencies_do_not_judge_a_period_that_began_before_them() -> None:
    # From 1 July a province visits low-risk children monthly; the quarter before was the old rule.
    monthly = VisitPolicy(home_visit_months={Level.LOW: 1, Level.MEDIUM: 1, Level.HIGH: 1})
    dated = VisitPolicy(home_visit_months=monthly.home_visit_months, effective_from=D(2025, 7, 1))
    spans, seen = [RiskSpan("low", EARLY)], [c("2025-05-10"), c("2025-07-03", PHONE), c("2025-08-01", PHONE)]
    home = {"2025-07-10": DU, "2025-08-10": OV}  # June is not held against the child; July is
    for day, expected in home.items():
        s = schedule(spans, seen, as_of=D.fromisoformat(day), policy=dated)
        assert {o.kind: o.status for o in s.obligations}[H] == expected
    # Undated (always in force), the same frequencies make June a missed month.
    undated = schedule(spans, seen, as_of=D(2025, 7, 10), policy=monthly)
    assert {o.kind: o.status for o in undated.obligations}[H] == OV


@pytest.mark.parametrize(
    "bad",
    [
        {"home_visit_months": {Level.LOW: 5, Level.MEDIUM: 1, Level.HIGH: 1}},
        {"contact_months": {Level.LOW: 0}},
        {"alarm_days": 0},
    ],
)
def test_policy_rejects_periods_that_do_not_tile_the_year(bad) -> None:
    with pytest.raises(ValueError):
        VisitPolicy(**bad)


def test_tally_by_tier() -> None:
    day = D(2025, 6, 15)
    rows = [
        schedule([RiskSpan("high", EARLY)], [c("2025-06-01")], as_of=day),  # met
        schedule([RiskSpan("high", EARLY)], [c("2025-04-01")], as_of=day),  # overdue + alarm
        schedule([RiskSpan("medium", EARLY)], [c("2025-05-10")], as_of=day),  # due
        schedule([RiskSpan("low", EARLY)], [c("2025-06-01")], as_of=day),  # met
        schedule([RiskSpan("high", D(2026, 1, 1))], [], as_of=day),  # not yet on the schedule
    ]
    t = tally(rows)
    assert (t[Level.HIGH].children, t[Level.HIGH].compliant, t[Level.HIGH].overdue, t[Level.HIGH].alarms) == (
        2,
        1,
        1,
        1,
    )
    assert (t[Level.MEDIUM].children, t[Level.MEDIUM].due, t[Level.MEDIUM].compliance_pct) == (1, 1, 0.0)
    assert (t[Level.LOW].compliance_pct, t[Level.HIGH].compliance_pct) == (100.0, 50.0)
    assert tally([])[Level.LOW].compliance_pct is None

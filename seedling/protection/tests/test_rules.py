"""The protection rules, table-driven with the notices' words (no database)."""

from __future__ import annotations

import datetime as dt

import pytest

from seedling.core.workdays import add_workdays
from seedling.protection import rules
from seedling.protection.rules import AppFacts, CaseFacts, Step, Trigger, Urgency

D = dt.date

# (trigger, urgency, police at once, first safety check due, from a report on Friday 2026-09-25)
TRIGGER_TABLE = [
    # 民函〔2018〕4号 监护落实①: 脱离监护单独居住生活、失踪、监护人丧失监护能力或不履行监护责任、
    # 疑似遭受家庭暴力 → "应当在第一时间向公安机关报告".
    (Trigger.ALONE, Urgency.IMMEDIATE, True, D(2026, 9, 25)),
    (Trigger.MISSING, Urgency.IMMEDIATE, True, D(2026, 9, 25)),
    (Trigger.GUARDIAN_FAILING, Urgency.IMMEDIATE, True, D(2026, 9, 25)),
    (Trigger.DOMESTIC_VIOLENCE, Urgency.IMMEDIATE, True, D(2026, 9, 25)),
    # 未成年人保护法第11条 "立即向公安、民政、教育等部门报告"; the 2020 opinion art. 4.
    (Trigger.HARM, Urgency.IMMEDIATE, True, D(2026, 9, 25)),
    (Trigger.SEXUAL_HARM, Urgency.IMMEDIATE, True, D(2026, 9, 25)),
    # 吉民发〔2018〕41号: 儿童主任 "及时发现……向乡镇人民政府、县级未成年人保护机构报告": no police.
    (Trigger.POOR_GUARDIANSHIP, Urgency.URGENT, False, D(2026, 9, 28)),  # next working day (Monday)
    # 3 working days from 9-25: 9-28, 9-29, 9-30 (国庆 begins 10-01).
    (Trigger.OUT_OF_SCHOOL, Urgency.ROUTINE, False, D(2026, 9, 30)),
    (Trigger.NO_HUKOU, Urgency.ROUTINE, False, D(2026, 9, 30)),
    (Trigger.ILL_OR_DISABLED, Urgency.ROUTINE, False, D(2026, 9, 30)),
]


def test_every_trigger_is_in_the_table() -> None:
    assert {row[0] for row in TRIGGER_TABLE} == set(Trigger)


@pytest.mark.parametrize(("trigger", "urgency", "police", "emergency_due"), TRIGGER_TABLE)
def test_trigger_urgency_and_clock(
    trigger: Trigger, urgency: Urgency, police: bool, emergency_due: D
) -> None:
    got, reason = rules.urgency(trigger)
    assert got is urgency
    assert reason.citation  # every urgency cites its notice
    case = CaseFacts(trigger=trigger, reported_on=D(2026, 9, 25), done={})
    owed = rules.clocks(case, as_of=D(2026, 9, 25))
    police_clock = [c for c in owed if c.step is Step.POLICE]
    emergency = next(c for c in owed if c.step is Step.EMERGENCY)
    # A trigger that obliges a police report is overdue at once until the report is recorded.
    assert [(c.due_on, c.overdue) for c in police_clock] == ([(None, True)] if police else [])
    assert emergency.due_on == emergency_due
    assert not emergency.overdue
    assert rules.clocks(case, as_of=emergency_due + dt.timedelta(days=1))[-1].overdue


def test_police_step_recorded_stops_the_clock_and_assessment_follows() -> None:
    done = {Step.POLICE: D(2026, 9, 25), Step.EMERGENCY: D(2026, 9, 25)}
    owed = rules.clocks(CaseFacts("alone", D(2026, 9, 25), done), as_of=D(2026, 9, 28))
    # 10 working days after 9-25 across 国庆: 9-28, 9-29, 9-30, 10-08, 10-09, 10-10 (调休上班), 10-12 … 10-15.
    assert [(c.step, c.due_on, c.overdue) for c in owed] == [(Step.ASSESSMENT, D(2026, 10, 15), False)]


def test_escalation_one_level_up_while_overdue() -> None:
    late = rules.clocks(CaseFacts("out_of_school", D(2026, 9, 25), {}), as_of=D(2026, 10, 8))
    fine = rules.clocks(CaseFacts("out_of_school", D(2026, 9, 25), {}), as_of=D(2026, 9, 28))
    assert rules.escalated_level(4, late) == 3  # the township's overdue case goes to the county
    assert rules.escalated_level(3, late) == 2  # the county's to the city
    assert rules.escalated_level(4, fine) == 4
    assert rules.clocks(CaseFacts("alone", D(2026, 9, 25), {}, closed=True), as_of=D(2027, 1, 1)) == []


def test_open_referral_overdue_after_its_due_day() -> None:
    owed = rules.clocks(
        CaseFacts(
            "alone",
            D(2026, 9, 1),
            {Step.POLICE: D(2026, 9, 1), Step.EMERGENCY: D(2026, 9, 1), Step.ASSESSMENT: D(2026, 9, 2)},
            (D(2026, 9, 15),),
        ),
        as_of=D(2026, 9, 16),
    )
    assert [(c.step, c.overdue) for c in owed] == [(Step.REFERRAL, True)]


# --- the application ---------------------------------------------------------------------------------

APP_TABLE = [
    # (case, facts, verify_due, confirm_due): local limits 10 and 5 working days.
    # Materials complete on Tuesday 2026-09-29, just before 国庆 (10-01..10-07 off, Saturday 10-10 worked):
    # 9-30, 10-08, 10-09, 10-10, 10-12, 10-13, 10-14, 10-15, 10-16, 10-19; confirmation from Friday 10-09:
    # 10-10 (调休上班), 10-12, 10-13, 10-14, 10-15.
    ("before 国庆", D(2026, 9, 29), D(2026, 10, 9), D(2026, 10, 19), D(2026, 10, 15)),
    # Materials complete on Thursday 2026-02-12, just before 春节 (02-15..02-23 off, Saturdays 02-14 and
    # 02-28 worked): 02-13, 02-14, 02-24, 02-25, 02-26, 02-27, 02-28, 03-02, 03-03, 03-04; confirmation
    # from Friday 02-13: 02-14, 02-24, 02-25, 02-26, 02-27.
    ("before 春节", D(2026, 2, 12), D(2026, 2, 13), D(2026, 3, 4), D(2026, 2, 27)),
]


@pytest.mark.parametrize(("name", "complete", "verified", "verify_due", "confirm_due"), APP_TABLE)
def test_application_limits_in_working_days(
    name: str, complete: D, verified: D, verify_due: D, confirm_due: D
) -> None:
    facts = AppFacts("360313001000", False, complete, None, verified, None, None)
    due = rules.deadlines(facts)
    assert (due.verify_due, due.confirm_due, due.forward_due, due.estimated) == (
        verify_due,
        confirm_due,
        None,
        False,
    )


def test_make_up_working_day_counts() -> None:
    # Saturday 2026-10-10 is an official make-up working day: Friday 10-09 + 1 working day is that Saturday.
    assert add_workdays(D(2026, 10, 9), 1).on == D(2026, 10, 10)
    assert add_workdays(D(2026, 10, 10), 1).on == D(2026, 10, 12)


def test_cross_province_limits() -> None:
    facts = AppFacts("360313001000", True, D(2026, 9, 29), D(2026, 9, 30), None, None, None)
    due = rules.deadlines(facts)
    # 3 working days to forward (9-30, 10-08, 10-09); 15 to verify from the forward.
    assert due.forward_due == D(2026, 10, 9)
    assert due.verify_due == D(2026, 10, 27)  # 10-08 … 10-27, the 10th a worked Saturday


def test_year_without_a_published_calendar_is_estimated() -> None:
    due = rules.deadlines(AppFacts("360313001000", False, D(2026, 12, 28), None, None, None, None))
    assert due.estimated and due.verify_due == D(2027, 1, 11)
    assert "APP.ESTIMATED" in [r.code for r in due.reasons]


@pytest.mark.parametrize(
    ("decided", "changed", "benefit_from", "benefit_to"),
    [
        (D(2026, 10, 19), None, D(2026, 11, 1), None),  # 次月
        (D(2026, 10, 31), None, D(2026, 11, 1), None),
        (D(2026, 10, 19), D(2027, 3, 5), D(2026, 11, 1), D(2027, 3, 1)),  # stops from April: last March
        (D(2026, 10, 19), D(2026, 10, 25), D(2026, 11, 1), None),  # changed before the first month: none paid
    ],
)
def test_allowance_months(decided: D, changed: D | None, benefit_from: D, benefit_to: D | None) -> None:
    facts = AppFacts("360313001000", False, D(2026, 9, 29), None, D(2026, 10, 9), decided, True, changed)
    due = rules.deadlines(facts)
    assert (due.benefit_from, due.benefit_to) == (benefit_from, benefit_to)


def test_months_paid() -> None:
    assert rules.months_paid(D(2026, 11, 1), D(2027, 1, 1), as_of=D(2027, 6, 1)) == [
        "2026-11",
        "2026-12",
        "2027-01",
    ]
    assert rules.months_paid(D(2026, 11, 1), None, as_of=D(2026, 12, 3)) == ["2026-11", "2026-12"]
    assert rules.months_paid(None, None, as_of=D(2026, 12, 3)) == []


def test_refused_application_has_no_allowance() -> None:
    facts = AppFacts("360313001000", False, D(2026, 9, 29), None, D(2026, 10, 9), D(2026, 10, 12), False)
    assert rules.deadlines(facts).benefit_from is None

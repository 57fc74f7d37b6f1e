"""Pure workforce rules: yearly training, masking decisions, the default duty lists."""

from __future__ import annotations

from datetime import date

from seedling.workforce import duties, rules


def test_trained_within_the_year_is_ok_until_the_anniversary() -> None:
    status = rules.training_status(
        in_post_since=date(2020, 3, 1), last_trained_on=date(2024, 6, 30), as_of=date(2025, 6, 30)
    )
    assert (status.state, status.due_on, status.reason.code) == ("ok", date(2025, 6, 30), "TRAINING.OK")
    assert status.reason.message == "最近一次培训是2024年6月30日，下次应于2025年6月30日前参加"
    assert "吉民发〔2018〕41号" in status.reason.citation


def test_overdue_the_day_after_the_due_date() -> None:
    status = rules.training_status(
        in_post_since=date(2020, 3, 1), last_trained_on=date(2024, 6, 29), as_of=date(2025, 6, 30)
    )
    assert (status.state, status.due_on, status.reason.code) == (
        "overdue",
        date(2025, 6, 29),
        "TRAINING.OVERDUE",
    )
    assert status.overdue


def test_never_trained_gets_the_first_training_allowance() -> None:
    due = rules.training_status(in_post_since=date(2024, 7, 1), last_trained_on=None, as_of=date(2025, 6, 30))
    assert (due.state, due.due_on, due.reason.code) == ("ok", date(2025, 7, 1), "TRAINING.NEVER_DUE")
    late = rules.training_status(
        in_post_since=date(2024, 6, 1), last_trained_on=None, as_of=date(2025, 6, 30)
    )
    assert (late.state, late.due_on, late.reason.code) == (
        "overdue",
        date(2025, 6, 1),
        "TRAINING.NEVER_OVERDUE",
    )
    assert late.reason.message == "2024年6月1日上岗以来未参加培训，应于2025年6月1日前参加，已逾期"


def test_a_province_can_ask_for_the_first_training_within_a_month() -> None:
    policy = rules.TrainingPolicy(first_within_months=1)
    status = rules.training_status(
        in_post_since=date(2025, 5, 1), last_trained_on=None, as_of=date(2025, 6, 30), policy=policy
    )
    assert (status.state, status.due_on) == ("overdue", date(2025, 6, 1))


def test_reappointment_after_a_break_restarts_the_allowance() -> None:
    # Trained in 2021, left, re-appointed 2025-03-01: due a year after re-appointment, not overdue.
    status = rules.training_status(
        in_post_since=date(2025, 3, 1), last_trained_on=date(2021, 5, 1), as_of=date(2025, 6, 30)
    )
    assert (status.state, status.due_on) == ("ok", date(2026, 3, 1))


def test_not_in_post() -> None:
    assert rules.training_status(in_post_since=None, last_trained_on=None, as_of=date(2025, 6, 30)).state == (
        "not_in_post"
    )
    future = rules.training_status(
        in_post_since=date(2025, 7, 1), last_trained_on=None, as_of=date(2025, 6, 30)
    )
    assert (future.state, future.due_on) == ("not_in_post", None)


def test_default_duty_lists_are_cited_and_codes_unique() -> None:
    codes = [d.code for d in duties.DEFAULT_DUTIES]
    assert len(codes) == len(set(codes)) == 11
    assert {d.list for d in duties.DEFAULT_DUTIES} == {duties.RESPONSIBILITY, duties.SERVICE}
    assert all(
        d.citation.startswith(("吉民发〔2018〕41号", "晋政民〔2024〕46号")) for d in duties.DEFAULT_DUTIES
    )

"""Counting conventions of docs/rules/README.md#counting-conventions: 周岁, 29 February, calendar months; date
words."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from seedling.core.dates import (
    add_months,
    age_on,
    birthday_of_age,
    birthday_on,
    cn_date,
    days_in_month,
    is_leap,
    month_start,
    months_reached,
    years_ago,
)

DAY = timedelta(days=1)
dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2150, 12, 31))


@pytest.mark.parametrize(
    ("year", "leap"), [(2023, False), (2024, True), (1900, False), (2000, True), (2100, False)]
)
def test_is_leap(year: int, leap: bool) -> None:
    assert is_leap(year) is leap


@pytest.mark.parametrize(
    ("year", "month", "days"), [(2024, 2, 29), (2023, 2, 28), (2024, 1, 31), (2024, 4, 30), (2024, 12, 31)]
)
def test_days_in_month(year: int, month: int, days: int) -> None:
    assert days_in_month(year, month) == days


@pytest.mark.parametrize(
    ("dob", "on", "age"),
    [
        # "满16周岁" on the 16th birthday, not the day after (docs/rules/README.md#age-in-completed-years).
        (date(2008, 6, 15), date(2024, 6, 14), 15),
        (date(2008, 6, 15), date(2024, 6, 15), 16),
        (date(2008, 6, 15), date(2024, 6, 16), 16),
        # 29 February: birthday on 1 March in common years, on 29 February in leap years.
        (date(2008, 2, 29), date(2024, 2, 28), 15),
        (date(2008, 2, 29), date(2024, 2, 29), 16),
        (date(2008, 2, 29), date(2025, 2, 28), 16),
        (date(2008, 2, 29), date(2025, 3, 1), 17),
        (date(2008, 3, 1), date(2025, 2, 28), 16),
        (date(2008, 3, 1), date(2025, 3, 1), 17),
        (date(2008, 6, 15), date(2008, 6, 15), 0),
        (date(2008, 6, 15), date(2008, 6, 14), -1),
        (date(2008, 12, 31), date(2009, 1, 1), 0),
        (date(2008, 2, 29), date(2026, 2, 28), 17),
        (date(2008, 2, 29), date(2026, 3, 1), 18),
        (date(2010, 11, 23), date(2026, 11, 23), 16),
        (date(2010, 11, 24), date(2026, 11, 23), 15),
        (date(2012, 6, 1), date(2028, 5, 31), 15),
        (date(2012, 6, 1), date(2028, 6, 1), 16),
    ],
)
def test_age_on(dob: date, on: date, age: int) -> None:
    assert age_on(dob, on) == age


@pytest.mark.parametrize(
    ("dob", "year", "birthday"),
    [
        (date(2008, 2, 29), 2024, date(2024, 2, 29)),
        (date(2008, 2, 29), 2026, date(2026, 3, 1)),
        (date(2008, 2, 28), 2026, date(2026, 2, 28)),
        (date(2008, 12, 31), 2026, date(2026, 12, 31)),
    ],
)
def test_birthday_on(dob: date, year: int, birthday: date) -> None:
    assert birthday_on(dob, year) == birthday


def test_birthday_of_age() -> None:
    assert birthday_of_age(date(2008, 2, 29), 16) == date(2024, 2, 29)
    assert birthday_of_age(date(2008, 2, 29), 18) == date(2026, 3, 1)
    assert birthday_of_age(date(1965, 7, 1), 60) == date(2025, 7, 1)


@pytest.mark.parametrize(
    ("start", "months", "result"),
    [
        (date(2024, 1, 5), 6, date(2024, 7, 5)),
        (date(2024, 1, 5), 3, date(2024, 4, 5)),
        (date(2024, 8, 31), 6, date(2025, 2, 28)),  # no 31 February: month end (民法典 art. 201)
        (date(2023, 8, 31), 6, date(2024, 2, 29)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2024, 3, 31), 1, date(2024, 4, 30)),
        (date(2024, 7, 15), 6, date(2025, 1, 15)),
        (date(2024, 12, 1), 12, date(2025, 12, 1)),
        (date(2024, 12, 1), 0, date(2024, 12, 1)),
        (date(2024, 3, 31), -1, date(2024, 2, 29)),
        (date(2023, 1, 31), 1, date(2023, 2, 28)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 11, 15), 3, date(2025, 2, 15)),
        (date(2024, 5, 10), 0, date(2024, 5, 10)),
    ],
)
def test_add_months(start: date, months: int, result: date) -> None:
    assert add_months(start, months) == result


@pytest.mark.parametrize(
    ("since", "months", "on", "reached"),
    [
        # "6个月以上" = at least 6 months: reached on the corresponding day
        # (docs/rules/README.md#month-durations).
        (date(2024, 1, 5), 6, date(2024, 7, 4), False),
        (date(2024, 1, 5), 6, date(2024, 7, 5), True),
        (date(2024, 1, 5), 6, date(2024, 7, 6), True),
        (date(2024, 8, 31), 6, date(2025, 2, 27), False),
        (date(2024, 8, 31), 6, date(2025, 2, 28), True),
        (date(2024, 1, 5), 6, date(2024, 6, 30), False),
        (date(2024, 1, 5), 6, date(2024, 8, 1), True),
        (date(2024, 1, 5), 3, date(2023, 12, 1), False),
    ],
)
def test_months_reached(since: date, months: int, on: date, reached: bool) -> None:
    assert months_reached(since, months, on) is reached


@given(dates, st.integers(min_value=1, max_value=120), dates)
def test_months_reached_agrees_with_add_months(since: date, months: int, on: date) -> None:
    assert months_reached(since, months, on) is (add_months(since, months) <= on)


@given(dates, st.integers(min_value=0, max_value=61))
def test_age_changes_exactly_on_the_birthday(dob: date, years: int) -> None:
    birthday = birthday_of_age(dob, years)
    assert age_on(dob, birthday) == years
    assert age_on(dob, birthday + DAY) == years
    if years > 0 or birthday > dob:
        assert age_on(dob, birthday - DAY) == years - 1


@given(dates, dates)
def test_age_is_the_number_of_birthdays_passed(dob: date, on: date) -> None:
    age = age_on(dob, on)
    if age >= 0:
        assert birthday_of_age(dob, age) <= on < birthday_of_age(dob, age + 1)
    else:
        assert on < dob


@given(dates, st.integers(min_value=0, max_value=600))
def test_add_months_lands_in_the_right_month_and_never_overshoots(start: date, months: int) -> None:
    result = add_months(start, months)
    assert (result.year * 12 + result.month) - (start.year * 12 + start.month) == months
    assert result.day == min(start.day, days_in_month(result.year, result.month))


@pytest.mark.parametrize(
    ("day", "years", "latest"),
    [
        (date(2026, 11, 23), 6, date(2020, 11, 23)),
        (date(2026, 11, 23), 0, date(2026, 11, 23)),
        (date(2024, 2, 29), 4, date(2020, 2, 29)),
        (date(2024, 2, 29), 1, date(2023, 2, 28)),  # born 2023-03-01: not yet 1 on 2024-02-29
        (date(2025, 3, 1), 1, date(2024, 3, 1)),
    ],
)
def test_years_ago(day: date, years: int, latest: date) -> None:
    assert years_ago(day, years) == latest


@given(dates, dates, st.integers(min_value=0, max_value=60))
def test_years_ago_is_the_age_filter(dob: date, on: date, years: int) -> None:
    assert (age_on(dob, on) >= years) is (dob <= years_ago(on, years))


@pytest.mark.parametrize(
    ("day", "months", "first"),
    [
        (date(2024, 3, 17), 0, date(2024, 3, 1)),
        (date(2024, 12, 31), 1, date(2025, 1, 1)),
        (date(2024, 1, 31), 1, date(2024, 2, 1)),
        (date(2024, 1, 15), -1, date(2023, 12, 1)),
        (date(2024, 10, 2), 3, date(2025, 1, 1)),
    ],
)
def test_month_start(day: date, months: int, first: date) -> None:
    assert month_start(day, months) == first


def test_cn_date() -> None:
    assert [cn_date(date(2012, 3, 5)), cn_date(date(2024, 12, 31))] == ["2012年3月5日", "2024年12月31日"]

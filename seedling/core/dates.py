"""Calendar arithmetic, one place for every app (pure Python): ages, birthdays, months.

The counting conventions are those of docs/rules/README.md#counting-conventions:

- Age is counted in completed years (周岁); a person "满N周岁" *on* the Nth birthday, so
  "不满16周岁" is ``age_on(dob, d) < 16`` (民法典 art. 1259: 不满 excludes the number).
- A 29 February birthday falls on 1 March in common years (docs/rules/README.md#age-in-completed-years,
docs/rules/eligibility.md#q21-birthdays-and-29-february: Seedling's reading).
- "N个月以上" since ``t0`` holds on ``d`` iff ``add_months(t0, N) <= d`` (以上 includes the number).
  A start day missing from the target month is clamped to that month's last day: 民法典 art. 201 makes
  the month end the last day of the period when the month has no corresponding day.

The two end-of-month rules differ on purpose: the birthday rule is Seedling's reading for
ages, the clamp is the Civil Code's rule for periods. Both are documented in
docs/subsystems/eligibility.md. "Today" is never read here (seedling.core.clock is the one place).
"""

from __future__ import annotations

from datetime import date

_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def days_in_month(year: int, month: int) -> int:
    if month == 2 and is_leap(year):
        return 29
    return _DAYS_IN_MONTH[month - 1]


def birthday_on(dob: date, year: int) -> date:
    """The date in ``year`` on which a person born on ``dob`` has a birthday."""
    if dob.month == 2 and dob.day == 29 and not is_leap(year):
        return date(year, 3, 1)
    return date(year, dob.month, dob.day)


def birthday_of_age(dob: date, years: int) -> date:
    """The date on which a person born on ``dob`` attains ``years`` 周岁."""
    return birthday_on(dob, dob.year + years)


def age_on(dob: date, d: date) -> int:
    """Completed years (周岁) on ``d``; negative before birth."""
    age = d.year - dob.year
    # A 29 February child's birthday is 1 March in a common year.
    leapling = dob.month == 2 and dob.day == 29 and not is_leap(d.year)
    key = 3 * 32 + 1 if leapling else dob.month * 32 + dob.day
    if d.month * 32 + d.day < key:
        age -= 1
    return age


def years_ago(d: date, years: int) -> date:
    """The latest birth date of a person who is at least ``years`` 周岁 on ``d``:
    ``age_on(dob, d) >= years`` iff ``dob <= years_ago(d, years)`` (a filter on stored birth dates).
    On 29 February, ``years`` back in a common year is 28 February: one born on 1 March is not yet
    that old."""
    year = d.year - years
    if d.month == 2 and d.day == 29 and not is_leap(year):
        return date(year, 2, 28)
    return date(year, d.month, d.day)


def add_months(d: date, months: int) -> date:
    """``d`` plus ``months`` calendar months, clamped to the month end (民法典 art. 201)."""
    y, m0 = divmod(d.year * 12 + d.month - 1 + months, 12)
    dim = days_in_month(y, m0 + 1)
    return date(y, m0 + 1, d.day if d.day <= dim else dim)


def months_reached(since: date, months: int, d: date) -> bool:
    """``add_months(since, months) <= d`` without building a date (hot path)."""
    elapsed = (d.year - since.year) * 12 + d.month - since.month
    if elapsed != months:
        return elapsed > months
    dim = days_in_month(d.year, d.month)
    return d.day >= (since.day if since.day <= dim else dim)


def month_start(d: date, months: int = 0) -> date:
    """The first day of the month ``months`` after ``d``'s month (0: of ``d``'s own month)."""
    y, m0 = divmod(d.year * 12 + d.month - 1 + months, 12)
    return date(y, m0 + 1, 1)


def cn_date(d: date) -> str:
    """A date as Chinese messages write it: 2012年3月5日."""
    return f"{d.year}年{d.month}月{d.day}日"

"""Working days (工作日) by China's official calendar: the one place that counts them. Pure Python.

A time limit "N个工作日" counts calendar days except weekends and statutory holidays, and counts the
official make-up working days (调休上班的周末), as the State Council publishes them each year
(docs/rules/README.md#working-days). The calendar is the maintained ``chinese-calendar`` library,
never a hand-written list. For a year the library does not know yet (the State Council publishes the
next year's holidays in November or December), the count falls back to Monday–Friday and says so
(``Due.estimated``), so a page can show the date as provisional instead of failing.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

import chinese_calendar


class Due(NamedTuple):
    on: dt.date
    estimated: bool  # some day counted lies in a year the holiday calendar does not cover yet


def is_workday(d: dt.date) -> tuple[bool, bool]:
    """(is it a working day, is the answer estimated from the weekday only)."""
    try:
        return bool(chinese_calendar.is_workday(d)), False
    except NotImplementedError:
        return d.weekday() < 5, True


def add_workdays(start: dt.date, n: int) -> Due:
    """The n-th working day after `start`: the day a limit of n working days counted from `start` ends.

    The first day is not counted (民法典第201条: 按照年、月、日计算期间的，开始的当日不计入), so a
    limit of 3 working days from a Friday ends on the Wednesday after (no holiday between)."""
    if n < 0:
        raise ValueError("n must be >= 0")
    d, left, estimated = start, n, False
    while left:
        d += dt.timedelta(days=1)
        work, guess = is_workday(d)
        estimated = estimated or guess
        if work:
            left -= 1
    return Due(d, estimated)

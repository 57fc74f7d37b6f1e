"""The facts a schedule is computed from, read the same way by the pages and by the summary job.

The live pages pass querysets already narrowed by `access.visible_to`; the summary (`summary.py`)
passes raw ones for whole villages. Both then run the pure `schedule` module over the same facts,
so the pre-aggregated figures are the live figures by construction (and a test checks it).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import F, Max, Q, QuerySet

from seedling.core import bulk, dated
from seedling.core.dates import month_start
from seedling.core.reasons import Reason
from seedling.people.enums import DeclaredCategory, FileStatus
from seedling.policies import selectors as policy_selectors
from seedling.visits import schedule
from seedling.visits.enums import VisitMode
from seedling.visits.frequencies import FREQUENCIES
from seedling.visits.models import RiskChange, Visit
from seedling.visits.schedule import ChildSchedule, Contact, Mode, RiskSpan

# Children in difficulty (困境儿童 in the wide sense of 晋政民〔2024〕46号: every category but left-behind
# alone), read from the categories the rules DETERMINED (the file's registry determination,
# ",a,b," of the same codes), not from what the village declared: docs/rules/workflow.md#v-duty.
IN_DIFFICULTY = (
    DeclaredCategory.IN_DIFFICULTY,
    DeclaredCategory.DE_FACTO_UNSUPPORTED,
    DeclaredCategory.IMPROPER_GUARDIANSHIP,
    DeclaredCategory.ORPHAN,
    DeclaredCategory.HIV_INFECTED,
)
WINDOW_DAYS = 800  # two calendar years: the current and the previous period of any allowed length


# The file's determined categories, through the relation registries keeps on the file (a column read:
# visits imports nothing of registries, which it stands beside).
DETERMINED = "determination__categories"


def in_difficulty_q() -> Q:
    q = Q()
    for category in IN_DIFFICULTY:
        q |= Q(**{f"{DETERMINED}__contains": f",{category},"})
    return q


def in_difficulty(determined_categories: str | None) -> bool:
    """The same test as `in_difficulty_q`, on a file's determined ",a,b," list (None: not evaluated)."""
    return bool(determined_categories) and any(
        f",{category}," in (determined_categories or "") for category in IN_DIFFICULTY
    )


def on_roll_q() -> Q:
    """On at least one roll the rules determined (晋政民〔2024〕46号 二（二）: the directors visit
    "农村留守儿童和困境儿童"); no notice keeps a duty after a child leaves every roll."""
    return Q(**{f"{DETERMINED}__gt": ""})


def adult_born(as_of: dt.date) -> dt.date:
    """Born on or before this day: 18 by the month of `as_of`, off the schedule (it changes on the 1st)."""
    return month_start(as_of, -18 * 12)


def on_schedule_q(as_of: dt.date) -> Q:
    """Living, unmerged children under 18 on a roll: those with a visit duty
    (docs/rules/workflow.md#v-duty)."""
    return (
        ~Q(status=FileStatus.MERGED) & Q(died_on__isnull=True, birth_date__gt=adult_born(as_of)) & on_roll_q()
    )


def no_duty(*, died: bool, merged: bool, born: dt.date, on_roll: bool, as_of: dt.date) -> Reason | None:
    """Why a file has no visit duty on `as_of` (the test of `on_schedule_q`), or None when it has one."""
    if died or merged:
        return Reason("VISIT.NO_DUTY.CLOSED")
    if born <= adult_born(as_of):
        return Reason("VISIT.NO_DUTY.ADULT")
    return None if on_roll else Reason("VISIT.NO_DUTY.NO_ROLL")


def policies_of(code: str) -> tuple[schedule.VisitPolicy, ...]:
    """The province's versions of the visit frequencies, in date order, the defaults first
    (published rules: no scope to apply)."""
    return policy_selectors.versions(kind=FREQUENCIES, province_code=code[:2])


def policy_for(*, code: str, as_of: dt.date) -> schedule.VisitPolicy:
    """The province's visit frequencies in force on `as_of`."""
    return dated.in_force(policies_of(code), as_of)


def histories(
    risk_changes: QuerySet[RiskChange], visits: QuerySet[Visit], ids: list[int], as_of: dt.date
) -> tuple[dict[int, list[RiskSpan]], dict[int, list[Contact]]]:
    """Each child's risk history and the contacts the rules can look at (three queries).

    Contacts: those in the window up to `as_of`, plus the last home visit before the window (the
    30-day alarm counts from it).
    """
    ids_q = bulk.AnyOf(F("child_id"), ids)  # thousands of keys: one array parameter
    spans: dict[int, list[RiskSpan]] = defaultdict(list)
    for child_id, level, on in (
        risk_changes.filter(ids_q).order_by("at", "id").values_list("child_id", "level", "effective_on")
    ):
        spans[child_id].append(RiskSpan(level, on))
    since = as_of - dt.timedelta(days=WINDOW_DAYS)
    contacts: dict[int, list[Contact]] = defaultdict(list)
    for child_id, on, mode in visits.filter(ids_q, visited_on__gte=since, visited_on__lte=as_of).values_list(
        "child_id", "visited_on", "mode"
    ):
        contacts[child_id].append(Contact(on, Mode(mode)))
    older = (
        visits.filter(ids_q, mode=VisitMode.HOME, visited_on__lt=since)
        .values("child_id")
        .annotate(last=Max("visited_on"))
    )
    for row in older:
        contacts[row["child_id"]].append(Contact(row["last"], Mode.HOME))
    return spans, contacts


def child_schedule(
    *,
    risk_level: str,
    filed_on: dt.date,
    spans: list[RiskSpan] | None,
    contacts: Iterable[Contact],
    as_of: dt.date,
    policy: schedule.VisitPolicy,
) -> ChildSchedule:
    # A file without history (filed before this app): its current level since it was filed.
    own = spans or [RiskSpan(risk_level, filed_on)]
    return schedule.schedule(own, contacts, as_of=as_of, policy=policy)

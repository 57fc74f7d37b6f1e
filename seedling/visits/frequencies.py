"""Provincial visit frequencies, a kind of dated provincial parameters (policies.ProvincePolicy).

How often children are contacted and visited at each risk level, and after how many days without a
home visit a high-risk child raises the alarm, is the province's to set
(docs/rules/workflow.md#visit-frequency-by-risk, #the-30-day-alarm); 晋政民〔2024〕46号 二（二） gives
the defaults (`schedule.DEFAULT_POLICY`). Stored as the four periods in months and the alarm's days;
a key left out takes the default.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from seedling.audit.enums import Action
from seedling.core.errors import ValidationFailed
from seedling.policies.enums import PolicyKind
from seedling.policies.kinds import Kind
from seedling.visits.schedule import DEFAULT_POLICY, PERIODS, Level, VisitPolicy

MONTH_KEYS = ("low_contact_months", "low_visit_months", "medium_visit_months", "high_visit_months")
KEYS = (*MONTH_KEYS, "alarm_days")
ALARM_DAYS = (1, 90)  # the alarm must fire within a quarter, or it no longer protects anyone


def params_of(policy: VisitPolicy) -> dict[str, Any]:
    """A version's parameters in their stored form."""
    return {
        "low_contact_months": policy.contact_months.get(Level.LOW),
        "low_visit_months": policy.home_visit_months.get(Level.LOW),
        "medium_visit_months": policy.home_visit_months.get(Level.MEDIUM),
        "high_visit_months": policy.home_visit_months.get(Level.HIGH),
        "alarm_days": policy.alarm_days,
    }


DEFAULTS = params_of(DEFAULT_POLICY)


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def problems(params: Mapping[str, Any]) -> list[ValidationFailed]:
    """Every bad value, each at its parameter; empty when the parameters are valid."""
    found = []
    unknown = set(params) - set(KEYS)
    if unknown:
        found.append(
            ValidationFailed(
                _("Unknown policy parameters: %(keys)s") % {"keys": ", ".join(sorted(unknown))},
                code="visit_policy.invalid",
                field="params",
            )
        )
    values = {**DEFAULTS, **params}
    for key in MONTH_KEYS:
        if not _whole(values[key]) or values[key] not in PERIODS:
            found.append(
                ValidationFailed(
                    _("Choose 1, 2, 3, 4, 6 or 12 months: periods divide the calendar year from January."),
                    code="visit_policy.period",
                    field=key,
                )
            )
    periods_valid = not {p.field for p in found} & set(MONTH_KEYS)
    # 晋政民〔2024〕46号 二（二）: higher risk is visited more often ("要加大走访频次"), never less.
    if periods_valid and values["medium_visit_months"] > values["low_visit_months"]:
        found.append(
            ValidationFailed(
                _("Medium-risk children cannot be visited less often than low-risk children."),
                code="visit_policy.order",
                field="medium_visit_months",
            )
        )
    if periods_valid and values["high_visit_months"] > values["medium_visit_months"]:
        found.append(
            ValidationFailed(
                _("High-risk children cannot be visited less often than medium-risk children."),
                code="visit_policy.order",
                field="high_visit_months",
            )
        )
    low, high = ALARM_DAYS
    if not _whole(values["alarm_days"]) or not low <= values["alarm_days"] <= high:
        found.append(
            ValidationFailed(
                _("The alarm comes after 1 to 90 days without a home visit."),
                code="visit_policy.alarm",
                field="alarm_days",
            )
        )
    return found


def version(effective_from: dt.date, params: Mapping[str, Any]) -> VisitPolicy:
    """One stored version as the schedule's parameters. Raises ValidationFailed on a bad value."""
    found = problems(params)
    if found:
        raise found[0]
    v = {**DEFAULTS, **params}
    return VisitPolicy(
        contact_months={Level.LOW: v["low_contact_months"], Level.MEDIUM: None, Level.HIGH: None},
        home_visit_months={
            Level.LOW: v["low_visit_months"],
            Level.MEDIUM: v["medium_visit_months"],
            Level.HIGH: v["high_visit_months"],
        },
        alarm_days=v["alarm_days"],
        effective_from=effective_from,
    )


FREQUENCIES: Kind[VisitPolicy] = Kind(
    code=PolicyKind.VISIT_FREQUENCIES,
    problems=problems,
    version=version,
    defaults=(DEFAULT_POLICY,),
    action=Action.VISIT_POLICY_CHANGED,
    from_today=True,
)

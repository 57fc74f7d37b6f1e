"""Spot-check ratios, a kind of dated provincial parameters (policies.ProvincePolicy).

How many of its counties a city draws, of its cities a province, how many files in each drawn unit
and how long the county has to correct a disagreement: 川民政厅 2020 专项行动实施方案 三（四）gives the
minimums (50 %, 50 %); the rest is Seedling's default (docs/rules/workflow.md#spot-checks). A province
may raise the ratios, never below the notice's 50 %.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from seedling.audit.enums import Action
from seedling.core import dated
from seedling.core.errors import ValidationFailed
from seedling.policies import selectors as policy_selectors
from seedling.policies.enums import PolicyKind
from seedling.policies.kinds import Kind
from seedling.verification.ratios import DEFAULT_POLICY, SpotCheckPolicy

KEYS = ("city_percent", "province_percent", "files_per_unit", "correction_days")
DEFAULTS: dict[str, int] = {k: getattr(DEFAULT_POLICY, k) for k in KEYS}
_RANGES = {
    "city_percent": (50, 100),
    "province_percent": (50, 100),
    "files_per_unit": (1, 1000),
    "correction_days": (1, 365),
}


def problems(params: Mapping[str, Any]) -> list[ValidationFailed]:
    found = []
    unknown = set(params) - set(KEYS)
    if unknown:
        found.append(
            ValidationFailed(
                _("Unknown policy parameters: %(keys)s") % {"keys": ", ".join(sorted(unknown))},
                code="spot_check_policy.invalid",
                field="params",
            )
        )
    values = {**DEFAULTS, **params}
    for key, (low, high) in _RANGES.items():
        v = values[key]
        if not isinstance(v, int) or isinstance(v, bool) or not low <= v <= high:
            found.append(
                ValidationFailed(
                    _("Enter a whole number from %(low)s to %(high)s.") % {"low": low, "high": high},
                    code="spot_check_policy.range",
                    field=key,
                )
            )
    return found


def version(effective_from: dt.date, params: Mapping[str, Any]) -> SpotCheckPolicy:
    found = problems(params)
    if found:
        raise found[0]
    return SpotCheckPolicy(effective_from=effective_from, **{**DEFAULTS, **params})


RATIOS: Kind[SpotCheckPolicy] = Kind(
    code=PolicyKind.VERIFICATION,
    problems=problems,
    version=version,
    defaults=(DEFAULT_POLICY,),
    action=Action.VERIFICATION_POLICY_CHANGED,
)


def in_force(province_code: str, day: dt.date) -> SpotCheckPolicy:
    """The province's spot-check parameters on `day`."""
    return dated.in_force(policy_selectors.versions(kind=RATIOS, province_code=province_code), day)

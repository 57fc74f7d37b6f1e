"""Provincial eligibility parameters, a kind of dated provincial parameters (policies.ProvincePolicy).

The notices leave these to provinces (docs/architecture.md#rule-4-policy-is-pure-python-with-explicit-time):
the away-for-work minimum (川民政厅 2020 专项行动实施方案:
"可按连续外出务工3个月以上把握"; default 6), whether 被遣送出境 counts in the both-parents clause,
which 民发〔2020〕125号 additions are in force from when, the local serious-illness list, and the
orphan / FDU continuation after 18 while in school. They are stored with people enum codes for
situations and school levels; a key left out takes the national default. Before a province's first
stored version the national defaults apply (eligibility.DEFAULT_POLICY), so a province without
settings is still covered.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from seedling import eligibility as el
from seedling.audit.enums import Action
from seedling.core.errors import ValidationFailed
from seedling.eligibility.policy import ADDITIONS_2020, PROVINCE_UNNAMED_BASIS
from seedling.policies.enums import PolicyKind
from seedling.policies.kinds import Kind
from seedling.registries.facts import SCHOOLING, SITUATION

INT_KEYS = (
    "lb_away_min_months",
    "custody_min_term_months",
    "lost_contact_min_months",
    "continuation_reverify_months",
)
KEYS = frozenset(
    {
        *INT_KEYS,
        "deported_in_both_clause",
        "fdu_additions",
        "serious_illnesses",
        "orphan_continuation_levels",
        "fdu_continuation_levels",
    }
)


def _invalid(message: str, key: str) -> ValidationFailed:
    return ValidationFailed(message, code="policy.invalid", field=key)


def _value(key: str, raw: Any) -> Any:
    """One stored parameter as the engine's PolicyVersion field. Raises ValidationFailed at `key`."""
    if key in INT_KEYS:
        if not isinstance(raw, int) or isinstance(raw, bool) or not 1 <= raw <= 120:
            raise _invalid(_("%(key)s must be a whole number of months from 1 to 120.") % {"key": key}, key)
        return raw
    if key == "deported_in_both_clause":
        if not isinstance(raw, bool):
            raise _invalid(_("deported_in_both_clause must be true or false."), key)
        return raw
    if key == "fdu_additions":
        kinds = {SITUATION.get(k) for k in raw} if isinstance(raw, list) else {None}
        if not kinds <= ADDITIONS_2020:
            raise _invalid(_("fdu_additions may list only guardianship_revoked and deported."), key)
        return frozenset(k for k in kinds if k is not None)
    if key == "serious_illnesses":
        names = isinstance(raw, list) and all(isinstance(i, str) and i.strip() for i in raw)
        if raw is not None and not names:
            raise _invalid(_("serious_illnesses must be a list of disease names, or null for no list."), key)
        return None if raw is None else frozenset(i.strip() for i in raw)
    # orphan_continuation_levels, fdu_continuation_levels
    if not isinstance(raw, list) or any(v not in SCHOOLING for v in raw):
        raise _invalid(_("%(key)s must list schooling codes.") % {"key": key}, key)
    return frozenset(SCHOOLING[v] for v in raw)


def problems(params: Mapping[str, Any]) -> list[ValidationFailed]:
    """Every bad value, each at its parameter; empty when the parameters are valid."""
    found = []
    unknown = set(params) - KEYS
    if unknown:
        found.append(
            ValidationFailed(
                _("Unknown policy parameters: %(keys)s") % {"keys": ", ".join(sorted(unknown))},
                code="policy.invalid",
                field="params",
            )
        )
    for key in sorted(KEYS & set(params)):
        try:
            _value(key, params[key])
        except ValidationFailed as exc:
            found.append(exc)
    return found


def version(effective_from: date, params: Mapping[str, Any]) -> el.PolicyVersion:
    """One stored version as the engine's PolicyVersion. Raises ValidationFailed on a bad value."""
    found = problems(params)
    if found:
        raise found[0]
    values = {k: _value(k, v) for k, v in params.items()}
    return el.PolicyVersion(effective_from=effective_from, basis=PROVINCE_UNNAMED_BASIS, **values)


def with_basis(v: el.PolicyVersion, note: str) -> el.PolicyVersion:
    """The version quoting `note`, the document its staff named (docs/rules/eligibility.md#lb-4)."""
    return dataclasses.replace(v, basis=note)


ELIGIBILITY: Kind[el.PolicyVersion] = Kind(
    code=PolicyKind.ELIGIBILITY,
    problems=problems,
    version=version,
    defaults=el.DEFAULT_POLICY.versions,
    action=Action.POLICY_CHANGED,
    with_basis=with_basis,
)

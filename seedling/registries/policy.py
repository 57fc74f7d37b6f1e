"""Provincial policy parameters, stored dated (PolicySetting) -> the engine's ``Policy``.

The notices leave these to provinces (architecture rule 4): the away-for-work minimum (seed 000:
"可按连续外出务工3个月以上把握"; default 6), whether 被遣送出境 counts in the both-parents clause,
which 民发〔2020〕125号 additions are in force from when, the local serious-illness list, and the
orphan / FDU continuation after 18 while in school. Before a province's first stored version the
national defaults apply (eligibility.DEFAULT_POLICY), so a province without settings is still covered.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from seedling import eligibility as el
from seedling.core.errors import ValidationFailed
from seedling.eligibility.policy import ADDITIONS_2020
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


def _invalid(message: str) -> ValidationFailed:
    return ValidationFailed(message, code="policy.invalid", field="params")


def version(effective_from: date, params: dict[str, Any]) -> el.PolicyVersion:
    """One stored version as the engine's PolicyVersion. Raises ValidationFailed on a bad value."""
    unknown = set(params) - KEYS
    if unknown:
        raise _invalid(_("Unknown policy parameters: %(keys)s") % {"keys": ", ".join(sorted(unknown))})
    kwargs: dict[str, Any] = {"effective_from": effective_from}
    for key in INT_KEYS:
        if key in params:
            value = params[key]
            if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 120:
                raise _invalid(_("%(key)s must be a whole number of months from 1 to 120.") % {"key": key})
            kwargs[key] = value
    if "deported_in_both_clause" in params:
        if not isinstance(params["deported_in_both_clause"], bool):
            raise _invalid(_("deported_in_both_clause must be true or false."))
        kwargs["deported_in_both_clause"] = params["deported_in_both_clause"]
    if "fdu_additions" in params:
        kinds = {SITUATION.get(k) for k in params["fdu_additions"]}
        if not kinds <= ADDITIONS_2020:
            raise _invalid(_("fdu_additions may list only guardianship_revoked and deported."))
        kwargs["fdu_additions"] = frozenset(k for k in kinds if k is not None)
    if "serious_illnesses" in params:
        illnesses = params["serious_illnesses"]
        if illnesses is not None and (
            not isinstance(illnesses, list) or not all(isinstance(i, str) and i.strip() for i in illnesses)
        ):
            raise _invalid(_("serious_illnesses must be a list of disease names, or null for no list."))
        kwargs["serious_illnesses"] = None if illnesses is None else frozenset(i.strip() for i in illnesses)
    for key in ("orphan_continuation_levels", "fdu_continuation_levels"):
        if key in params:
            levels = params[key]
            if not isinstance(levels, list) or any(v not in SCHOOLING for v in levels):
                raise _invalid(_("%(key)s must list schooling codes.") % {"key": key})
            kwargs[key] = frozenset(SCHOOLING[v] for v in levels)
    return el.PolicyVersion(**kwargs)


def build(province_code: str, rows: list[tuple[date, dict[str, Any]]]) -> el.Policy:
    """The province's policy: national defaults before its first version, then its own versions."""
    if not rows:
        return el.DEFAULT_POLICY
    rows = sorted(rows, key=lambda r: r[0])
    first = rows[0][0]
    versions = [v for v in el.DEFAULT_POLICY.versions if v.effective_from < first]
    versions += [version(d, p) for d, p in rows]
    return el.Policy(name=province_code, versions=tuple(versions))

"""农村留守妇女 — rule family LBW (docs/rules/eligibility.md#lbw-rural-left-behind-women).

川民政厅 2020 专项行动实施方案 §二:
"丈夫连续外出务工、经商等半年以上、本人留在农村居住生活、不满六十周岁的妇女".
半年以上 = at least 6 calendar months (docs/rules/README.md#month-durations); the notice fixes it, so it is
not a provincial parameter.
"""

from __future__ import annotations

from datetime import date

from seedling.core.dates import age_on, birthday_of_age
from seedling.eligibility.context import after, sooner
from seedling.eligibility.determination import Category, Determination
from seedling.eligibility.facts import WomanFacts
from seedling.eligibility.policy import PolicyVersion
from seedling.eligibility.reasons import Reason
from seedling.eligibility.situations import assess

LBW_AWAY_MONTHS = 6
HUSBAND = "丈夫"

_UNDER_60 = tuple(Reason("LBW.AGE_UNDER_60", (a,)) for a in range(60))
_RURAL = Reason("LBW.RURAL")
_NOT_RURAL = Reason("LBW.NOT_RURAL")
_RESIDENCE_UNKNOWN = Reason("LBW.RESIDENCE_UNKNOWN")
_NOT_AWAY = Reason("LBW.HUSBAND_NOT_AWAY")
_CATEGORY = Category.LEFT_BEHIND_WOMAN


def determine(woman: WomanFacts, as_of: date, params: PolicyVersion) -> Determination:
    died_on = woman.died_on
    if died_on is not None and died_on <= as_of:
        return Determination(_CATEGORY, False, (Reason("PERSON.DIED", (died_on,)),), None)
    age = age_on(woman.dob, as_of)
    if age >= 60:
        return Determination(
            _CATEGORY, False, (Reason("LBW.AGE_60_OR_OVER", (birthday_of_age(woman.dob, 60),)),), None
        )
    if woman.resides_rural is None:
        return Determination(_CATEGORY, False, (_RESIDENCE_UNKNOWN,), None)
    if not woman.resides_rural:
        return Determination(_CATEGORY, False, (_NOT_RURAL,), None)
    husband = assess(woman.husband, HUSBAND, as_of, params, LBW_AWAY_MONTHS)
    next_change = sooner(husband.next_away, after(died_on, as_of))
    away = husband.away
    if away is None:
        return Determination(_CATEGORY, False, (_NOT_AWAY, *husband.notes_away), next_change)
    return Determination(
        _CATEGORY,
        True,
        (_UNDER_60[age], _RURAL, Reason("LBW.HUSBAND_AWAY", (LBW_AWAY_MONTHS, away.since))),
        sooner(birthday_of_age(woman.dob, 60), next_change),
    )

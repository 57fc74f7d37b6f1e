"""A suggested family-guardianship risk level from the facts of the file. Pure Python, no Django.

晋政民〔2024〕46号 rates families 高 / 中 / 低 without criteria; the mapping used here is
docs/rules/workflow.md#q9-risk-level. The worker confirms the suggestion or overrides it with a reason
(visits.services.risk_set);
the suggestion never changes the level by itself.

High when any of (each a reason with its citation):
- a left-behind child with no entrusted caregiver (无委托照护; V-5 already requires 高 for it);
- a child under 16 living alone (脱离监护单独居住生活, a mandatory-reporting trigger);
- improper guardianship (监护不到位, or declared 监护不当儿童);
- a de facto unsupported child (declared 事实无人抚养儿童).
Otherwise the ledger's 监护情况: 一般 → 中, 良好 → 低; unknown → no suggestion.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from seedling.core.dates import age_on
from seedling.core.reasons import Reason, register
from seedling.visits.schedule import Level

_Q9 = "晋政民〔2024〕46号二（二）（高、中、低风险等级）；民发〔2016〕42号登记表监护情况评估（较好、一般、差）"
_V5 = "晋政民〔2024〕46号附件台账（无委托照护）；吉民发〔2018〕41号三（三）"
_ALONE = (
    "民函〔2018〕4号附件1 全国示范县指导标准·监护落实①（强制报告：脱离监护单独居住生活）；"
    "未成年人保护法第21条"
)
_FDU = "民发〔2019〕62号"
# Every reason code of this module (seedling.core.reasons), registered below.
CATALOGUE = {
    "RISK.NO_CAREGIVER": ("农村留守儿童无委托照护人", _V5),
    "RISK.ALONE_UNDER_16": ("未满16周岁儿童单独居住生活", _ALONE),
    "RISK.IMPROPER_GUARDIANSHIP": ("监护不到位或监护不当", _Q9),
    "RISK.DE_FACTO_UNSUPPORTED": ("事实无人抚养儿童", _FDU),
    "RISK.GUARDIANSHIP_FAIR": ("监护情况一般", _Q9),
    "RISK.GUARDIANSHIP_GOOD": ("监护情况良好", _Q9),
    "RISK.UNKNOWN": ("监护情况未填写，无法给出建议等级", _Q9),
}
register(CATALOGUE)


@dataclass(frozen=True)
class RiskFacts:
    birth_date: dt.date
    caregiver_kind: str = ""  # people.enums.CaregiverKind value
    lives_alone: bool = False
    guardianship_status: str = ""  # good / fair / inadequate
    declared_categories: Collection[str] = ()


@dataclass(frozen=True)
class Suggestion:
    level: Level | None
    reasons: tuple[Reason, ...]


def suggest(facts: RiskFacts, *, as_of: dt.date) -> Suggestion:
    high: list[Reason] = []
    categories = set(facts.declared_categories)
    if "left_behind" in categories and facts.caregiver_kind == "none":
        high.append(Reason("RISK.NO_CAREGIVER"))
    if facts.lives_alone and age_on(facts.birth_date, as_of) < 16:
        high.append(Reason("RISK.ALONE_UNDER_16"))
    if facts.guardianship_status == "inadequate" or "improper_guardianship" in categories:
        high.append(Reason("RISK.IMPROPER_GUARDIANSHIP"))
    if "de_facto_unsupported" in categories:
        high.append(Reason("RISK.DE_FACTO_UNSUPPORTED"))
    if high:
        return Suggestion(Level.HIGH, tuple(high))
    if facts.guardianship_status == "fair":
        return Suggestion(Level.MEDIUM, (Reason("RISK.GUARDIANSHIP_FAIR"),))
    if facts.guardianship_status == "good":
        return Suggestion(Level.LOW, (Reason("RISK.GUARDIANSHIP_GOOD"),))
    return Suggestion(None, (Reason("RISK.UNKNOWN"),))

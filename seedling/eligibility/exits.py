"""Exit (减员) reasons: why a category that applied no longer does (docs/rules/workflow.md#roll-management,
docs/rules/eligibility.md#fdu-x1).

The decisive reason of the new determination names most exits (age, death, adoption, moving,
reclassification). When the parent pattern failed, the facts say which recorded situation ended:
the most recent end on or before ``as_of`` (and after ``previous_as_of`` when given) among the
situations the category reads. The codes follow the national removal form's reasons (父母刑满释放,
戒毒成功, 找回父母, 儿童死亡, 其他) plus the ones the rules imply.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from seedling.core.dates import add_months
from seedling.eligibility.determination import Category, Determination
from seedling.eligibility.facts import ChildFacts, RelativeFacts, SituationKind, WomanFacts
from seedling.eligibility.policy import ADDITIONS_2020, Q62
from seedling.eligibility.situations import ABSENT_KINDS, CUSTODY_KINDS

K = SituationKind


class ExitReason(StrEnum):
    AGED_OUT = "aged_out"
    DIED = "died"
    ADOPTED = "adopted"
    PARENT_RETURNED = "parent_returned"
    PARENT_RELEASED = "parent_released"
    FOUND = "found"
    MOVED = "moved"
    RECLASSIFIED = "reclassified"
    OTHER = "other"

    @property
    def label_zh(self) -> str:
        return _LABELS[self]


_LABELS = {
    ExitReason.AGED_OUT: "年龄超出（含在校延续保障结束）",
    ExitReason.DIED: "死亡",
    ExitReason.ADOPTED: "被收养",
    ExitReason.PARENT_RETURNED: "外出人员返回",
    ExitReason.PARENT_RELEASED: "父母刑满释放、戒毒期满或解除限制人身自由措施",
    ExitReason.FOUND: "找回父母或恢复联系",
    ExitReason.MOVED: "迁出或随父母共同生活",
    ExitReason.RECLASSIFIED: "转为其他类别",
    ExitReason.OTHER: "其他",
}

_BY_CODE = {
    "PERSON.DIED": ExitReason.DIED,
    "CHILD.ADOPTED": ExitReason.ADOPTED,
    "LB.AGE_16_OR_OVER": ExitReason.AGED_OUT,
    "ORP.AGE_18_OR_OVER": ExitReason.AGED_OUT,
    "FDU.AGE_18_OR_OVER": ExitReason.AGED_OUT,
    "DC.AGE_18_OR_OVER": ExitReason.AGED_OUT,
    "HIV.AGE_18_OR_OVER": ExitReason.AGED_OUT,
    "LBW.AGE_60_OR_OVER": ExitReason.AGED_OUT,
    "FDU.ORPHAN_PRECEDENCE": ExitReason.RECLASSIFIED,
    "LB.RECLASSIFIED": ExitReason.RECLASSIFIED,
    "LB.JOINED_PARENT": ExitReason.MOVED,
    "LB.HUKOU_NOT_RURAL": ExitReason.MOVED,
    "LBW.NOT_RURAL": ExitReason.MOVED,
}

_FDU_KINDS = Q62 | ADDITIONS_2020 | {K.DEAD, K.MISSING}
# Which situations each category reads when its parent pattern fails.
_PATTERN_KINDS: dict[str, frozenset[SituationKind]] = {
    "ORP.NOT_BOTH_LOST": ABSENT_KINDS,
    "FDU.NO_PATTERN": _FDU_KINDS,
    "DC.NONE": _FDU_KINDS,
    "LB.NO_PATTERN": _FDU_KINDS | ABSENT_KINDS | {K.AWAY_WORK},
    "LBW.HUSBAND_NOT_AWAY": frozenset({K.AWAY_WORK}),
}

_BY_KIND = {
    K.AWAY_WORK: ExitReason.PARENT_RETURNED,
    K.DEPORTED: ExitReason.PARENT_RETURNED,
    K.IMPRISONED: ExitReason.PARENT_RELEASED,
    K.COMPULSORY_DETOX: ExitReason.PARENT_RELEASED,
    K.OTHER_RESTRICTION: ExitReason.PARENT_RELEASED,
    K.LOST_CONTACT: ExitReason.FOUND,
    K.MISSING: ExitReason.FOUND,
    K.UNKNOWN: ExitReason.FOUND,
    K.DEAD: ExitReason.FOUND,  # a declaration of death revoked
}


def _relatives(facts: ChildFacts | WomanFacts) -> tuple[RelativeFacts, ...]:
    if isinstance(facts, WomanFacts):
        return (facts.husband,)
    return (facts.father, facts.mother)


def _last_ended(
    relatives: tuple[RelativeFacts, ...],
    kinds: frozenset[SituationKind],
    as_of: date,
    previous_as_of: date | None,
) -> SituationKind | None:
    best: tuple[date, SituationKind] | None = None
    for rel in relatives:
        for s in rel.situations:
            if s.kind not in kinds:
                continue
            end = s.until
            if end is None and s.kind in CUSTODY_KINDS and s.since is not None and s.term_months is not None:
                end = add_months(s.since, s.term_months)
            if end is None or end > as_of or (previous_as_of is not None and end <= previous_as_of):
                continue
            if best is None or end > best[0]:
                best = (end, s.kind)
    return None if best is None else best[1]


def exit_reason(
    previous: Determination,
    current: Determination,
    facts: ChildFacts | WomanFacts,
    as_of: date,
    previous_as_of: date | None = None,
) -> ExitReason | None:
    """The exit reason when ``previous`` applied and ``current`` (on ``as_of``) does not; else None."""
    if previous.category is not current.category:
        raise ValueError("previous and current determinations are for different categories")
    if not previous.applies or current.applies:
        return None
    code = current.reasons[0].code
    by_code = _BY_CODE.get(code)
    if by_code is not None:
        return by_code
    kinds = _PATTERN_KINDS.get(code)
    if kinds is None or (current.category is Category.DIFFICULTY and "DC.GUARD.FDU" not in previous.codes):
        return ExitReason.OTHER
    kind = _last_ended(_relatives(facts), kinds, as_of, previous_as_of)
    if kind is None:
        return ExitReason.OTHER
    return _BY_KIND.get(kind, ExitReason.OTHER)

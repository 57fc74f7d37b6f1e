"""事实无人抚养儿童 — rule family FDU (docs/rules/eligibility.md#fdu-de-facto-unsupported-children).

川民政厅 2020 专项行动实施方案 §二 (after 民发〔2019〕62号): both parents are each in one of the qualifying
situations, or
one parent is dead or missing and the other is in one. 民发〔2020〕125号 added 被撤销监护资格 and
被遣送（驱逐）出境, in force per province (policy). Under 18, unless enrolled after 18 (policy).
An orphan is not also de facto unsupported (FDU-3).
"""

from __future__ import annotations

from seedling.eligibility.context import ChildContext, sooner
from seedling.eligibility.determination import Category, Determination
from seedling.eligibility.facts import Situation, SituationKind
from seedling.eligibility.policy import ADDITIONS_2020, Q62, PolicyVersion
from seedling.eligibility.reasons import Reason
from seedling.eligibility.situations import CUSTODY_KINDS, RelativeState

# Enum members as module constants: a class attribute lookup on an Enum is slow in the hot path.
_FDU = Category.UNSUPPORTED
_LOST_CONTACT = SituationKind.LOST_CONTACT
_UNDER_18 = tuple(Reason("FDU.AGE_UNDER_18", (a,)) for a in range(18))
_BOTH = Reason("FDU.BOTH")
_ONE = Reason("FDU.ONE")
_NO_PATTERN = Reason("FDU.NO_PATTERN")
_ORPHAN = Reason("FDU.ORPHAN_PRECEDENCE")
_NO_PATTERN_DET = Determination(_FDU, False, (_NO_PATTERN,), None)
_BOTH_CODE = {kind: f"FDU.BOTH.{kind.name}" for kind in Q62 | ADDITIONS_2020}
_ONE_CODE = {kind: f"FDU.ONE.{kind.name}" for kind in Q62 | ADDITIONS_2020}
_DM_CODE = {SituationKind.DEAD: "FDU.ONE.DEAD", SituationKind.MISSING: "FDU.ONE.MISSING"}


def _threshold(s: Situation, params: PolicyVersion) -> int | None:
    if s.kind in CUSTODY_KINDS:
        return params.custody_min_term_months
    if s.kind is _LOST_CONTACT:
        return params.lost_contact_min_months
    return None


def _qual(codes: dict[SituationKind, str], who: str, s: Situation, params: PolicyVersion) -> Reason:
    return Reason(codes[s.kind], (who, s, _threshold(s, params)))


def _pattern(f: RelativeState, m: RelativeState, params: PolicyVersion) -> tuple[Reason, ...] | None:
    if f.qual_both is not None and m.qual_both is not None:
        return (
            _BOTH,
            _qual(_BOTH_CODE, f.who, f.qual_both, params),
            _qual(_BOTH_CODE, m.who, m.qual_both, params),
        )
    for dead, other in ((f, m), (m, f)):
        if dead.dm is not None and other.qual_one is not None:
            return (
                _ONE,
                Reason(_DM_CODE[dead.dm.kind], (dead.who, dead.dm)),
                _qual(_ONE_CODE, other.who, other.qual_one, params),
            )
    return None


def determine(ctx: ChildContext, orphan: Determination) -> Determination:
    blocked = ctx.blocked
    if blocked is not None:
        return Determination(_FDU, False, (blocked,), None)
    params = ctx.params
    adult = ctx.age >= 18
    if adult and not ctx.continues(params.fdu_continuation_levels):
        return Determination(_FDU, False, (Reason("FDU.AGE_18_OR_OVER", (ctx.birthday(18),)),), None)
    if orphan.applies:
        # The answer can change only when the orphan answer does (a parent found, FDU-X4 reversed).
        return Determination(_FDU, False, (_ORPHAN,), orphan.next_recheck)
    f, m = ctx.father, ctx.mother
    parents_next = ctx.next_fdu
    pattern = _pattern(f, m, params)
    if pattern is not None:
        if adult:
            age_reason = Reason("FDU.CONTINUED_IN_SCHOOL", (ctx.child.schooling,))
            age_next = ctx.continuation_next()
        else:
            age_reason = _UNDER_18[ctx.age]
            age_next = ctx.birthday(18)
        return Determination(_FDU, True, (age_reason, *pattern), sooner(age_next, parents_next), True)
    if parents_next is None and not (f.notes_fdu or m.notes_fdu or f.qual_one or m.qual_one):
        return _NO_PATTERN_DET
    reasons: tuple[Reason, ...] = (_NO_PATTERN,)
    for st in (f, m):
        if st.qual_one is not None and st.qual_both is None:  # only 被遣送出境, and the switch is off
            reasons = (*reasons, Reason("FDU.DEPORTED_NOT_IN_BOTH", (st.who,)))
        reasons += st.notes_fdu
    return Determination(_FDU, False, reasons, parents_next)

"""孤儿 — rule family ORP (docs/rules/eligibility.md#orp-orphans).

川民政厅 2020 专项行动实施方案 §二: "孤儿：是指失去父母、查找不到生父母的未成年人". A parent is lost when dead
(natural or
declared), declared missing, or cannot be found; the child is an orphan when both are lost. The
spec lists the combinations dead+dead, dead+missing, missing+missing and "birth parents cannot be
found"; mixing 查找不到 with a dead or missing parent is our reading of 失去父母、查找不到生父母
(documented in docs/subsystems/eligibility.md).
"""

from __future__ import annotations

from seedling.eligibility.context import ChildContext, sooner
from seedling.eligibility.determination import Category, Determination
from seedling.eligibility.facts import SituationKind
from seedling.eligibility.reasons import Reason
from seedling.eligibility.situations import RelativeState

# Enum members as module constants: a class attribute lookup on an Enum is slow in the hot path.
_ORP = Category.ORPHAN
_UNDER_18 = tuple(Reason("ORP.AGE_UNDER_18", (a,)) for a in range(18))
_NOT_BOTH = Reason("ORP.NOT_BOTH_LOST")
_NOT_BOTH_DET = Determination(_ORP, False, (_NOT_BOTH,), None)
_LOST_CODE = {
    SituationKind.DEAD: "ORP.PARENT_DEAD",
    SituationKind.MISSING: "ORP.PARENT_MISSING",
    SituationKind.UNKNOWN: "ORP.PARENT_UNKNOWN",
}


def _lost(st: RelativeState) -> Reason:
    s = st.absent
    assert s is not None
    return Reason(_LOST_CODE[s.kind], (st.who, s))


def determine(ctx: ChildContext) -> Determination:
    blocked = ctx.blocked
    if blocked is not None:
        return Determination(_ORP, False, (blocked,), None)
    f, m = ctx.father, ctx.mother
    parents_next = ctx.next_absent
    if ctx.age >= 18:
        if not ctx.continues(ctx.params.orphan_continuation_levels):
            return Determination(_ORP, False, (Reason("ORP.AGE_18_OR_OVER", (ctx.birthday(18),)),), None)
        if f.absent is not None and m.absent is not None:
            return Determination(
                _ORP,
                True,
                (Reason("ORP.CONTINUED_IN_SCHOOL", (ctx.child.schooling,)), _lost(f), _lost(m)),
                sooner(ctx.continuation_next(), parents_next),
                True,
            )
    elif f.absent is not None and m.absent is not None:
        return Determination(
            _ORP,
            True,
            (_UNDER_18[ctx.age], _lost(f), _lost(m)),
            sooner(ctx.birthday(18), parents_next),
            True,
        )
    if parents_next is None and f.absent is None and m.absent is None and not f.notes_absent + m.notes_absent:
        return _NOT_BOTH_DET
    reasons: tuple[Reason, ...] = (_NOT_BOTH,)
    for st in (f, m):
        if st.absent is not None:
            reasons = (*reasons, _lost(st))
        reasons += st.notes_absent
    return Determination(_ORP, False, reasons, parents_next)

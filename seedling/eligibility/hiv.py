"""艾滋病病毒感染儿童 — docs/rules/eligibility.md#hiv-infected-children.

川民政厅 2020 专项行动实施方案 §二: "携带艾滋病病毒及患有艾滋病的儿童". Under 18. Adoption does not end it:
the category
counts infected children, whoever their parents are. The status is among the most sensitive data
(docs/rules/privacy.md#health-hiv-and-mental-health-data); who may see this determination is decided outside
this package.
"""

from __future__ import annotations

from seedling.eligibility.context import ChildContext, after, sooner
from seedling.eligibility.determination import Category, Determination
from seedling.eligibility.reasons import Reason

# Enum members as module constants: a class attribute lookup on an Enum is slow in the hot path.
_HIV = Category.HIV
_UNDER_18 = tuple(Reason("HIV.AGE_UNDER_18", (a,)) for a in range(18))
_POSITIVE = Reason("HIV.POSITIVE")
_NOT_POSITIVE = Reason("HIV.NOT_POSITIVE")
_NOT_POSITIVE_DET = Determination(_HIV, False, (_NOT_POSITIVE,), None)


def determine(ctx: ChildContext) -> Determination:
    if ctx.died is not None:
        return Determination(_HIV, False, (ctx.died,), None)
    if ctx.age >= 18:
        return Determination(_HIV, False, (Reason("HIV.AGE_18_OR_OVER", (ctx.birthday(18),)),), None)
    death_next = after(ctx.child.died_on, ctx.as_of)
    if not ctx.child.hiv:
        return (
            _NOT_POSITIVE_DET
            if death_next is None
            else Determination(_HIV, False, (_NOT_POSITIVE,), death_next)
        )
    return Determination(_HIV, True, (_UNDER_18[ctx.age], _POSITIVE), sooner(ctx.birthday(18), death_next))

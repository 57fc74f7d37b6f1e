"""困境儿童 — rule family DC (docs/rules/eligibility.md#dc-children-in-difficulty, #improper-guardianship),
with its sub-type 监护不当儿童.

川民政厅 2020 专项行动实施方案 §二 names three kinds: family poverty (mainly 低保 families and 特困 support),
own
disability (mainly holders of a 残疾证), and absent or improper guardianship (mainly de facto
unsupported children, and children whose safety is threatened or harmed by abuse, abandonment,
accidental injury or unlawful harm because of improper guardianship). Under 18.

川民政厅 2020 专项行动实施方案 五（四） asks Sichuan to key in only the de facto unsupported and
improper-guardianship
children and to count poverty and disability from other ledgers; that is a data-entry rule, not an
eligibility rule, so all sub-types are determined here (Q4).
"""

from __future__ import annotations

from datetime import date

from seedling.eligibility.context import ChildContext, sooner
from seedling.eligibility.determination import Category, Determination, DifficultySubtype
from seedling.eligibility.reasons import Reason

# Enum members as module constants: a class attribute lookup on an Enum is slow in the hot path.
_IG = Category.IMPROPER_GUARDIANSHIP
_DC = Category.DIFFICULTY
_POVERTY = DifficultySubtype.POVERTY
_DISABILITY = DifficultySubtype.DISABILITY
_UNSUPPORTED = DifficultySubtype.UNSUPPORTED
_IMPROPER = DifficultySubtype.IMPROPER_GUARDIANSHIP
_UNDER_18 = tuple(Reason("DC.AGE_UNDER_18", (a,)) for a in range(18))
_DIBAO = Reason("DC.POVERTY.DIBAO")
_TEKUN = Reason("DC.POVERTY.TEKUN")
_GUARD_FDU = Reason("DC.GUARD.FDU")
_NONE = Reason("DC.NONE")
_NO_HARM = Reason("IG.NO_HARM")
_NO_HARM_DET = Determination(_IG, False, (_NO_HARM,), None)
_NONE_DET = Determination(_DC, False, (_NONE,), None)


def _blocked(ctx: ChildContext, category: Category) -> Determination:
    """Death, adoption or age 18 (checked by the caller first: this is the rare path)."""
    blocked = ctx.blocked
    if blocked is not None:
        return Determination(category, False, (blocked,), None)
    return Determination(category, False, (Reason("DC.AGE_18_OR_OVER", (ctx.birthday(18),)),), None)


def determine_improper(ctx: ChildContext) -> Determination:
    """监护不当儿童: a recorded harm event that has not been assessed as resolved."""
    category = _IG
    if ctx.blocked is not None or ctx.age >= 18:
        return _blocked(ctx, category)
    if not ctx.child.harm and ctx.next_life is None:
        return _NO_HARM_DET
    as_of = ctx.as_of
    harms: tuple[Reason, ...] = ()
    resolved: tuple[Reason, ...] = ()
    next_change: date | None = ctx.next_life
    for event in ctx.child.harm:
        if event.on is not None and event.on > as_of:  # recorded ahead of time
            next_change = sooner(next_change, event.on)
        elif event.resolved_on is None or event.resolved_on > as_of:
            harms = (*harms, Reason("DC.GUARD.IMPROPER", (event.kind, event.on)))
            next_change = sooner(next_change, event.resolved_on)
        else:
            resolved = (*resolved, Reason("IG.HARM_RESOLVED", (event.kind, event.on, event.resolved_on)))
    if harms:
        return Determination(
            category, True, (_UNDER_18[ctx.age], *harms), sooner(ctx.birthday(18), next_change)
        )
    return Determination(category, False, (_NO_HARM, *resolved), next_change)


def determine(ctx: ChildContext, fdu: Determination, improper: Determination) -> Determination:
    category = _DC
    if ctx.blocked is not None or ctx.age >= 18:
        return _blocked(ctx, category)
    child = ctx.child
    reasons: tuple[Reason, ...] = ()
    subtypes: tuple[DifficultySubtype, ...] = ()
    household = child.household
    if household.dibao or household.tekun:
        subtypes = (_POVERTY,)
        if household.dibao:
            reasons = (_DIBAO,)
        if household.tekun:
            reasons = (*reasons, _TEKUN)
    if child.disability is not None:
        subtypes = (*subtypes, _DISABILITY)
        reasons = (*reasons, Reason("DC.DISABILITY", (child.disability,)))
    if fdu.applies:
        subtypes = (*subtypes, _UNSUPPORTED)
        reasons = (*reasons, _GUARD_FDU)
    if improper.applies:
        subtypes = (*subtypes, _IMPROPER)
        reasons = reasons + improper.reasons[1:]  # without the age reason
    # Poverty and disability are snapshots; only the guardianship sub-types change on dates.
    guard_next = sooner(fdu.next_recheck, improper.next_recheck)
    if reasons:
        return Determination(
            category,
            True,
            (_UNDER_18[ctx.age], *reasons),
            sooner(ctx.birthday(18), guard_next),
            subtypes=subtypes,
        )
    return _NONE_DET if guard_next is None else Determination(category, False, (_NONE,), guard_next)

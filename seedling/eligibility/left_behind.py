"""农村留守儿童 — rule family LB (docs/rules/eligibility.md#lb-rural-left-behind-children).

川民政厅 2020 专项行动实施方案 §二:
"因父母双方外出务工或一方外出务工另一方无监护能力,无法与父母正常共同生活的不满十六周岁
农村户籍未成年人。无监护能力是指留守在家的父亲或母亲因重病、重残等原因丧失监护能力。对农村留守儿童
父母务工时限，各地可按连续外出务工3个月以上把握。"

- The away minimum is the province's parameter (LB-4, Q1): default 6 months, Sichuan 3.
- "无监护能力" is read through the de facto unsupported situations (with their thresholds) plus
  death, declared disappearance and 查找不到 (LB-3a and the Q2 recommendation).
- A child who is also an orphan or de facto unsupported stays on this roll too: the notice defines
  each category on its own and excludes none from this one (LB-X4, category interplay).
"""

from __future__ import annotations

from seedling.eligibility.context import ChildContext, sooner
from seedling.eligibility.determination import Category, Determination
from seedling.eligibility.facts import CaregiverKind, HukouType, SituationKind
from seedling.eligibility.reasons import Reason
from seedling.eligibility.situations import RelativeState

# Enum members as module constants: a class attribute lookup on an Enum is slow in the hot path.
_LB = Category.LEFT_BEHIND
_NO_CAREGIVER = CaregiverKind.NONE
_RURAL_HUKOU = HukouType.RURAL
_UNDER_16 = tuple(Reason("LB.AGE_UNDER_16", (a,)) for a in range(16))
_RURAL = Reason("LB.RURAL_HUKOU")
_HUKOU_UNKNOWN = Reason("LB.HUKOU_UNKNOWN")
_BOTH_AWAY = Reason("LB.BOTH_AWAY")
_ONE_AWAY = Reason("LB.ONE_AWAY_OTHER_INCAPABLE")
_NO_PATTERN = Reason("LB.NO_PATTERN")
# Determinations stored before reasons quoted the threshold's document carry "LB.AWAY" (who, months,
# since); it stays registered so that they display until the file is next evaluated.
# "LB.RECLASSIFIED" was answered when an orphan or de facto unsupported child was dropped from this roll.
LEGACY_CODES = ("LB.AWAY", "LB.RECLASSIFIED")
_NO_PATTERN_DET = Determination(_LB, False, (_NO_PATTERN,), None)
_HUKOU_UNKNOWN_DET = Determination(_LB, False, (_HUKOU_UNKNOWN,), None)
_URBAN_DET = Determination(_LB, False, (Reason("LB.HUKOU_NOT_RURAL", (HukouType.URBAN,)),), None)
_CAREGIVER_MISSING = Reason("LB.V1.CAREGIVER_MISSING")
_UNSUPERVISED = Reason("LB.V2.UNSUPERVISED")
# 川民政厅 2020 专项行动实施方案 names 重病 and 重残; the rest are the reading of "等" in
# docs/rules/eligibility.md#q2-one-parent-away-the-other-gone.
_SEED_INCAPACITY = frozenset({SituationKind.SERIOUS_ILLNESS, SituationKind.SEVERE_DISABILITY})


def _away(st: RelativeState, months: int, basis: str) -> Reason:
    """The parent's work away, quoting the minimum applied and the document that set it (LB-4)."""
    s = st.away
    assert s is not None
    return Reason("LB.AWAY_MIN", (st.who, months, s.since, basis))


def _incapable(st: RelativeState) -> Reason | None:
    s = st.absent or st.qual_one
    if s is None:
        return None
    code = "LB.INCAPABLE" if s.kind in _SEED_INCAPACITY else "LB.INCAPABLE_OTHER"
    return Reason(code, (st.who, s))


def _pattern(f: RelativeState, m: RelativeState, months: int, basis: str) -> tuple[Reason, ...] | None:
    if f.away is not None and m.away is not None:
        return (_BOTH_AWAY, _away(f, months, basis), _away(m, months, basis))
    for away, home in ((f, m), (m, f)):
        if away.away is not None:
            incapable = _incapable(home)
            if incapable is not None:
                return (_ONE_AWAY, _away(away, months, basis), incapable)
    return None


def _alerts(ctx: ChildContext) -> tuple[Reason, ...]:
    """LB-V1 / LB-V2: data and safety warnings for a left-behind child."""
    child = ctx.child
    caregiver = child.caregiver
    if caregiver is not None:
        if caregiver.kind is _NO_CAREGIVER:
            return (_UNSUPERVISED,)
        if caregiver.contact_complete and not child.lives_alone:
            return ()
    alerts: tuple[Reason, ...] = ()
    if caregiver is None or not caregiver.contact_complete:
        alerts = (_CAREGIVER_MISSING,)
    if child.lives_alone:
        alerts = (*alerts, _UNSUPERVISED)
    return alerts


def determine(ctx: ChildContext) -> Determination:
    blocked = ctx.blocked
    if blocked is not None:
        return Determination(_LB, False, (blocked,), None)
    child = ctx.child
    if ctx.age >= 16:
        return Determination(_LB, False, (Reason("LB.AGE_16_OR_OVER", (ctx.birthday(16),)),), None)
    if child.hukou is not _RURAL_HUKOU:
        return _HUKOU_UNKNOWN_DET if child.hukou is None else _URBAN_DET
    joined = child.joined_parent_on
    if joined is not None and joined <= ctx.as_of:
        return Determination(_LB, False, (Reason("LB.JOINED_PARENT", (joined,)),), None)
    f, m = ctx.father, ctx.mother
    months = ctx.params.lb_away_min_months
    # A move recorded ahead of ``as_of`` (an earlier one returned above) is a re-check date too.
    inputs_next = ctx.next_any if joined is None else sooner(ctx.next_any, joined)
    pattern = _pattern(f, m, months, ctx.params.basis)
    if pattern is None:
        if inputs_next is None and not f.notes_any and not m.notes_any:
            return _NO_PATTERN_DET
        reasons = (_NO_PATTERN, *f.notes_any, *m.notes_any)
        return Determination(_LB, False, reasons, inputs_next)
    return Determination(
        _LB,
        True,
        (_UNDER_16[ctx.age], _RURAL, *pattern),
        sooner(ctx.birthday(16), inputs_next),
        False,
        _alerts(ctx),
    )

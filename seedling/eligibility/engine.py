"""``evaluate(facts, as_of, policy)``: every category's determination on one date.

Exit reasons for a category that stopped applying are derived by ``exit_reason`` (``exits.py``),
re-exported here.
"""

from __future__ import annotations

from datetime import date

from seedling.eligibility import difficulty, hiv, left_behind, left_behind_woman, orphan, unsupported
from seedling.eligibility.context import ChildContext
from seedling.eligibility.determination import Category, Determination, Evaluation
from seedling.eligibility.exits import ExitReason, exit_reason
from seedling.eligibility.facts import ChildFacts, WomanFacts
from seedling.eligibility.policy import DEFAULT_POLICY, Policy
from seedling.eligibility.reasons import Reason

__all__ = ["CHILD_CATEGORIES", "WOMAN_CATEGORIES", "ExitReason", "evaluate", "exit_reason"]

CHILD_CATEGORIES = (
    Category.ORPHAN,
    Category.UNSUPPORTED,
    Category.IMPROPER_GUARDIANSHIP,
    Category.DIFFICULTY,
    Category.LEFT_BEHIND,
    Category.HIV,
)
WOMAN_CATEGORIES = (Category.LEFT_BEHIND_WOMAN,)


def _not_born(categories: tuple[Category, ...], dob: date) -> tuple[Determination, ...]:
    reasons = (Reason("PERSON.NOT_BORN", (dob,)),)
    return tuple(Determination(c, False, reasons, dob) for c in categories)


def evaluate(facts: ChildFacts | WomanFacts, as_of: date, policy: Policy = DEFAULT_POLICY) -> Evaluation:
    """Determine every category for ``facts`` on ``as_of`` under the policy version in force then.

    The evaluation's ``next_recheck`` is the soonest of the determinations' and of the next
    policy version's effective date, since a new version can change any answer.
    """
    params, next_recheck = policy.resolve(as_of)
    dets: tuple[Determination, ...]
    if isinstance(facts, WomanFacts):
        if as_of < facts.dob:
            dets = _not_born(WOMAN_CATEGORIES, facts.dob)
        else:
            dets = (left_behind_woman.determine(facts, as_of, params),)
    elif as_of < facts.dob:
        dets = _not_born(CHILD_CATEGORIES, facts.dob)
    else:
        ctx = ChildContext(facts, as_of, params)
        orp = orphan.determine(ctx)
        fdu = unsupported.determine(ctx, orp)
        improper = difficulty.determine_improper(ctx)
        dets = (
            orp,
            fdu,
            improper,
            difficulty.determine(ctx, fdu, improper),
            left_behind.determine(ctx),
            hiv.determine(ctx),
        )
    for det in dets:
        d = det.next_recheck
        if d is not None and (next_recheck is None or d < next_recheck):
            next_recheck = d
    return Evaluation(as_of, dets, next_recheck)

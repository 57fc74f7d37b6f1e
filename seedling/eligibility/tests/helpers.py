"""Small builders for synthetic facts (no real people)."""

from __future__ import annotations

from datetime import date
from typing import Any

from seedling.eligibility import (
    DEFAULT_POLICY,
    Category,
    ChildFacts,
    Determination,
    Disability,
    DisabilityCategory,
    HukouType,
    Policy,
    RelativeFacts,
    Situation,
    SituationKind,
    evaluate,
)

K = SituationKind
D = date
# A child born mid-year: 16 on 2028-06-15, 18 on 2030-06-15.
DOB = date(2012, 6, 15)
AS_OF = date(2025, 3, 10)


def away(since: date | None, until: date | None = None) -> Situation:
    return Situation(K.AWAY_WORK, since=since, until=until)


def custody(
    since: date | None, term: int | None, until: date | None = None, kind: SituationKind = K.IMPRISONED
) -> Situation:
    return Situation(kind, since=since, until=until, term_months=term)


def sit(kind: SituationKind, since: date | None = None, until: date | None = None, **kw: Any) -> Situation:
    return Situation(kind, since, until, **kw)


def disabled(category: DisabilityCategory, grade: int, since: date | None = None) -> Situation:
    return Situation(K.SEVERE_DISABILITY, since=since, disability=Disability(category, grade))


def rel(*situations: Situation) -> RelativeFacts:
    return RelativeFacts(tuple(situations))


def child(
    father: tuple[Situation, ...] = (),
    mother: tuple[Situation, ...] = (),
    dob: date = DOB,
    hukou: HukouType | None = HukouType.RURAL,
    **kw: Any,
) -> ChildFacts:
    return ChildFacts(dob=dob, hukou=hukou, father=RelativeFacts(father), mother=RelativeFacts(mother), **kw)


def det(
    facts: ChildFacts, category: Category, as_of: date = AS_OF, policy: Policy = DEFAULT_POLICY
) -> Determination:
    return evaluate(facts, as_of, policy).get(category)

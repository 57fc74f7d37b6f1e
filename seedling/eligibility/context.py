"""What every child rule needs, computed once per evaluation: age, the parents' counted
situations, death and adoption."""

from __future__ import annotations

from datetime import date

from seedling.core.dates import add_months, age_on, birthday_on
from seedling.eligibility.facts import ChildFacts, Schooling
from seedling.eligibility.policy import PolicyVersion
from seedling.eligibility.reasons import Reason
from seedling.eligibility.situations import RelativeState, assess

FATHER = "父亲"
MOTHER = "母亲"


def sooner(a: date | None, b: date | None) -> date | None:
    """The earlier of two optional dates; None means "never"."""
    if a is None:
        return b
    if b is None:
        return a
    return a if a < b else b


def after(d: date | None, as_of: date) -> date | None:
    """``d`` if it is a later date than ``as_of``, else None."""
    return d if d is not None and d > as_of else None


class ChildContext:
    __slots__ = (
        "adopted",
        "age",
        "as_of",
        "blocked",
        "child",
        "died",
        "father",
        "mother",
        "next_absent",
        "next_any",
        "next_fdu",
        "next_life",
        "params",
    )

    def __init__(self, child: ChildFacts, as_of: date, params: PolicyVersion) -> None:
        self.child = child
        self.as_of = as_of
        self.params = params
        self.age = age_on(child.dob, as_of)
        months = params.lb_away_min_months
        basis = params.basis
        self.father: RelativeState = assess(child.father, FATHER, as_of, params, months, basis)
        self.mother: RelativeState = assess(child.mother, MOTHER, as_of, params, months, basis)
        died_on, adopted_on = child.died_on, child.adopted_on
        life: date | None = None
        if died_on is None and adopted_on is None:
            self.died = self.adopted = self.blocked = None
        else:
            self.died = None if died_on is None or died_on > as_of else Reason("PERSON.DIED", (died_on,))
            self.adopted = (
                None if adopted_on is None or adopted_on > as_of else Reason("CHILD.ADOPTED", (adopted_on,))
            )
            # Death first: it is the final exit.
            self.blocked = self.died if self.died is not None else self.adopted
            # A death or adoption recorded ahead of the evaluation date changes every answer then.
            life = sooner(after(died_on, as_of), after(adopted_on, as_of))
        self.next_life = life
        # Earliest change of the parents' situations read by the orphan rule (absent), the FDU rule
        # (qualifying + absent) and the left-behind rule (all), or of death/adoption.
        f, m = self.father, self.mother
        if life is None and f.next_any is None and m.next_any is None:
            self.next_absent = self.next_fdu = self.next_any = None
        else:
            self.next_absent = sooner(sooner(f.next_absent, m.next_absent), life)
            self.next_fdu = sooner(sooner(f.next_fdu, m.next_fdu), life)
            self.next_any = sooner(sooner(f.next_any, m.next_any), life)

    def birthday(self, years: int) -> date:
        """The date the child attains ``years`` 周岁 (``dates.birthday_of_age``)."""
        dob = self.child.dob
        return birthday_on(dob, dob.year + years)

    def continues(self, levels: frozenset[Schooling]) -> bool:
        """Post-18 continuation while enrolled at one of ``levels`` (ORP-X1, FDU-X2)."""
        child = self.child
        if child.schooling is None or child.schooling not in levels:
            return False
        return child.schooling_until is None or self.as_of < child.schooling_until

    def continuation_next(self) -> date | None:
        """End of study, or the next half-yearly re-verification counted from the 18th birthday
        (Q5), whichever is sooner."""
        step = self.params.continuation_reverify_months
        start = self.birthday(18)
        as_of = self.as_of
        k = ((as_of.year - start.year) * 12 + as_of.month - start.month) // step
        due = add_months(start, k * step)
        while due <= as_of:
            k += 1
            due = add_months(start, k * step)
        return sooner(due, after(self.child.schooling_until, as_of))

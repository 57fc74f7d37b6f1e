"""Exit (减员) reasons derived from the old and new determination and the facts."""

from __future__ import annotations

from datetime import date

import pytest

from seedling.eligibility import (
    Category,
    ChildFacts,
    ExitReason,
    HarmEvent,
    HarmKind,
    Household,
    HukouType,
    Schooling,
    WomanFacts,
    evaluate,
    exit_reason,
)
from seedling.eligibility.tests.helpers import K, away, child, custody, rel, sit

BEFORE = date(2025, 1, 1)
AFTER = date(2025, 6, 1)
LONG = date(2023, 1, 1)
DEAD = sit(K.DEAD, date(2020, 1, 1))
PRISON = custody(date(2023, 1, 1), 60)

C = Category
CASES = [
    # (id, facts, category, exit)
    (
        "aged 16",
        child((away(LONG),), (away(LONG),), dob=date(2009, 3, 1)),
        C.LEFT_BEHIND,
        ExitReason.AGED_OUT,
    ),
    ("aged 18", child((DEAD,), (DEAD,), dob=date(2007, 3, 1)), C.ORPHAN, ExitReason.AGED_OUT),
    (
        "continuation ended with the studies",
        child(
            (PRISON,),
            (PRISON,),
            dob=date(2006, 3, 1),
            schooling=Schooling.HIGHER,
            schooling_until=date(2025, 5, 1),
        ),
        C.UNSUPPORTED,
        ExitReason.AGED_OUT,
    ),
    ("died", child(hiv=True, died_on=date(2025, 3, 1)), C.HIV, ExitReason.DIED),
    ("adopted", child((DEAD,), (DEAD,), adopted_on=date(2025, 3, 1)), C.ORPHAN, ExitReason.ADOPTED),
    (
        "father came home",
        child((away(LONG, until=date(2025, 4, 1)),), (away(LONG),)),
        C.LEFT_BEHIND,
        ExitReason.PARENT_RETURNED,
    ),
    (
        "mother released at the end of her term",
        child((PRISON,), (custody(date(2024, 4, 1), 12),)),
        C.UNSUPPORTED,
        ExitReason.PARENT_RELEASED,
    ),
    (
        "mother's detox ended early",
        child((PRISON,), (custody(date(2024, 4, 1), 24, until=date(2025, 2, 1), kind=K.COMPULSORY_DETOX),)),
        C.UNSUPPORTED,
        ExitReason.PARENT_RELEASED,
    ),
    (
        "stay-home mother released: she can care for the child again",
        child((away(LONG),), (custody(date(2024, 4, 1), 12),)),
        C.LEFT_BEHIND,
        ExitReason.PARENT_RELEASED,
    ),
    (
        "lost parent found",
        child((sit(K.LOST_CONTACT, LONG, date(2025, 5, 1)),), (PRISON,)),
        C.UNSUPPORTED,
        ExitReason.FOUND,
    ),
    (
        "missing parent found",
        child((DEAD,), (sit(K.MISSING, LONG, date(2025, 5, 1)),)),
        C.ORPHAN,
        ExitReason.FOUND,
    ),
    (
        "deported parent came back",
        child((sit(K.DEPORTED, LONG, date(2025, 5, 1)),), (PRISON,)),
        C.UNSUPPORTED,
        ExitReason.PARENT_RETURNED,
    ),
    (
        "parent recovered",
        child((sit(K.SERIOUS_ILLNESS, LONG, date(2025, 5, 1)),), (PRISON,)),
        C.UNSUPPORTED,
        ExitReason.OTHER,
    ),
    (
        "moved to the parents' work place",
        child((away(LONG),), (away(LONG),), joined_parent_on=date(2025, 3, 1)),
        C.LEFT_BEHIND,
        ExitReason.MOVED,
    ),
    (
        "became an orphan (FDU-X4)",
        child((DEAD,), (sit(K.LOST_CONTACT, LONG), sit(K.DEAD, date(2025, 3, 1)))),
        C.UNSUPPORTED,
        ExitReason.RECLASSIFIED,
    ),
    (
        "difficulty via FDU ends with the release",
        child((PRISON,), (custody(date(2024, 4, 1), 12),)),
        C.DIFFICULTY,
        ExitReason.PARENT_RELEASED,
    ),
    (
        "harm resolved",
        child(harm=(HarmEvent(HarmKind.ABUSE, date(2024, 12, 1), date(2025, 3, 1)),)),
        C.IMPROPER_GUARDIANSHIP,
        ExitReason.OTHER,
    ),
    (
        "still applies: no exit",
        child((PRISON,), (sit(K.SERIOUS_ILLNESS, LONG, illness="甲"),)),
        C.UNSUPPORTED,
        None,
    ),
]


@pytest.mark.parametrize(("facts", "category", "exit"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_exit_reason(facts: ChildFacts, category: Category, exit: ExitReason | None) -> None:
    previous = evaluate(facts, BEFORE).get(category)
    current = evaluate(facts, AFTER).get(category)
    if exit is None:
        assert previous.applies and current.applies
    else:
        assert previous.applies and not current.applies
    assert exit_reason(previous, current, facts, AFTER) is exit


def _pair(facts_before: ChildFacts, facts_after: ChildFacts, category: Category) -> ExitReason | None:
    previous = evaluate(facts_before, BEFORE).get(category)
    current = evaluate(facts_after, AFTER).get(category)
    return exit_reason(previous, current, facts_after, AFTER, previous_as_of=BEFORE)


def test_exits_from_changed_facts() -> None:
    both = (away(LONG),)
    assert (
        _pair(child(both, both), child(both, both, hukou=HukouType.URBAN), C.LEFT_BEHIND) is ExitReason.MOVED
    )
    poor = child(household=Household(dibao=True))
    assert _pair(poor, child(), C.DIFFICULTY) is ExitReason.OTHER
    infected = child(hiv=True)
    assert _pair(infected, child(), C.HIV) is ExitReason.OTHER
    assert _pair(child(both, both), child(both, both, hukou=None), C.LEFT_BEHIND) is ExitReason.OTHER
    # An illness is removed from the record: nothing ended, so the reason is 其他.
    ill = child((PRISON,), (sit(K.SERIOUS_ILLNESS, LONG),))
    assert _pair(ill, child((PRISON,)), C.UNSUPPORTED) is ExitReason.OTHER


def test_only_ends_since_the_previous_evaluation_count() -> None:
    # The father's return in 2022 is old news; the mother's release after BEFORE is the cause.
    facts_before = child((away(LONG),), (custody(date(2024, 1, 1), 24),))
    facts_after = child(
        (away(date(2021, 1, 1), until=date(2022, 1, 1)), away(LONG)), (custody(date(2024, 1, 1), 14),)
    )
    previous = evaluate(facts_before, BEFORE).get(C.LEFT_BEHIND)
    current = evaluate(facts_after, AFTER).get(C.LEFT_BEHIND)
    assert (
        exit_reason(previous, current, facts_after, AFTER, previous_as_of=BEFORE)
        is ExitReason.PARENT_RELEASED
    )
    # Without the window, the most recent end still wins.
    assert exit_reason(previous, current, facts_after, AFTER) is ExitReason.PARENT_RELEASED
    # An end before the window does not count.
    old_only = child((away(date(2021, 1, 1), until=date(2022, 1, 1)),), (away(LONG),))
    current = evaluate(old_only, AFTER).get(C.LEFT_BEHIND)
    assert exit_reason(previous, current, old_only, AFTER, previous_as_of=BEFORE) is ExitReason.OTHER


def test_left_behind_woman_exits() -> None:
    def woman(*husband: object, **kw: object) -> WomanFacts:
        return WomanFacts(date(1980, 1, 1), husband=rel(*husband), **kw)  # type: ignore[arg-type]

    away_facts = woman(away(LONG))
    returned = woman(away(LONG, until=date(2025, 4, 1)))
    moved = woman(away(LONG), resides_rural=False)
    previous = evaluate(away_facts, BEFORE).get(C.LEFT_BEHIND_WOMAN)
    for facts, expected in ((returned, ExitReason.PARENT_RETURNED), (moved, ExitReason.MOVED)):
        current = evaluate(facts, AFTER).get(C.LEFT_BEHIND_WOMAN)
        assert exit_reason(previous, current, facts, AFTER) is expected
    old = WomanFacts(date(1965, 3, 1), husband=rel(away(LONG)))
    assert (
        exit_reason(
            evaluate(old, BEFORE).get(C.LEFT_BEHIND_WOMAN),
            evaluate(old, AFTER).get(C.LEFT_BEHIND_WOMAN),
            old,
            AFTER,
        )
        is ExitReason.AGED_OUT
    )


def test_no_exit_when_it_never_applied_or_still_applies() -> None:
    facts = child()
    d = evaluate(facts, AFTER).get(C.ORPHAN)
    assert exit_reason(d, d, facts, AFTER) is None


def test_categories_must_match() -> None:
    evaluation = evaluate(child(), AFTER)
    with pytest.raises(ValueError, match="different categories"):
        exit_reason(evaluation.get(C.ORPHAN), evaluation.get(C.HIV), child(), AFTER)


def test_labels() -> None:
    assert ExitReason.PARENT_RELEASED.label_zh == "父母刑满释放、戒毒期满或解除限制人身自由措施"
    assert {r.value for r in ExitReason} == {
        "aged_out",
        "died",
        "adopted",
        "parent_returned",
        "parent_released",
        "found",
        "moved",
        "reclassified",
        "other",
    }
    assert all(r.label_zh for r in ExitReason)


def test_the_latest_relevant_end_names_the_exit() -> None:
    # The father came home from work in March (not read by the orphan rule); his declaration of
    # disappearance was revoked in April, after an older 查找不到 record was closed in February.
    father = (
        away(LONG, until=date(2025, 3, 1)),
        sit(K.MISSING, LONG, date(2025, 4, 1)),
        sit(K.UNKNOWN, LONG, date(2025, 2, 1)),
    )
    mother = (custody(date(2024, 1, 1), 12), DEAD)
    facts_before = child((sit(K.MISSING, LONG),), (DEAD,))
    facts_after = child(father, mother)
    previous = evaluate(facts_before, BEFORE).get(C.ORPHAN)
    current = evaluate(facts_after, AFTER).get(C.ORPHAN)
    assert exit_reason(previous, current, facts_after, AFTER) is ExitReason.FOUND

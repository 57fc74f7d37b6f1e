"""Property tests: date edges of every threshold, and the meaning of ``next_recheck``.

``next_recheck`` promises that no answer changes before it: evaluating on any date from
``as_of`` up to the day before gives the same answers (and, when it is None, on every later date).
"""

from __future__ import annotations

import json
from datetime import date, timedelta

from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from seedling.core.dates import add_months, birthday_of_age
from seedling.eligibility import (
    DEFAULT_POLICY,
    SICHUAN,
    Caregiver,
    CaregiverKind,
    Category,
    ChildFacts,
    Disability,
    DisabilityCategory,
    Evaluation,
    ExitReason,
    HarmEvent,
    HarmKind,
    Household,
    HukouType,
    Policy,
    PolicyVersion,
    RelativeFacts,
    Schooling,
    Situation,
    SituationKind,
    WomanFacts,
    evaluate,
    exit_reason,
)
from seedling.eligibility.policy import SICHUAN_FROM
from seedling.eligibility.reasons import CATALOGUE, shown
from seedling.eligibility.tests.helpers import K, away, child, custody, rel, sit

DAY = timedelta(days=1)
C = Category
GUANGDONG_LISTED = Policy(
    "粤（病种目录）",
    (
        PolicyVersion(
            effective_from=date.min,
            deported_in_both_clause=False,
            serious_illnesses=frozenset({"尿毒症"}),
            fdu_continuation_levels=frozenset({Schooling.JUNIOR_SECONDARY, Schooling.SENIOR_SECONDARY}),
        ),
    ),
)
SHIFTING = Policy(
    "逐年调整",
    (
        PolicyVersion(effective_from=date.min, fdu_additions=frozenset()),
        PolicyVersion(effective_from=date(2018, 3, 1), lb_away_min_months=3),
        PolicyVersion(effective_from=date(2022, 7, 1), lb_away_min_months=6, deported_in_both_clause=False),
    ),
)
POLICIES = [DEFAULT_POLICY, SICHUAN, GUANGDONG_LISTED, SHIFTING]

dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2045, 12, 31))
maybe_dates = st.none() | dates
situations = st.builds(
    Situation,
    kind=st.sampled_from(list(SituationKind)),
    since=maybe_dates,
    until=st.none() | st.none() | dates,
    term_months=st.none() | st.integers(min_value=1, max_value=48),
    disability=st.none()
    | st.builds(Disability, st.sampled_from(list(DisabilityCategory)), st.integers(1, 4)),
    illness=st.none() | st.sampled_from(["尿毒症", "白血病"]),
    fulfils_duties=st.booleans(),
)
relatives = st.builds(RelativeFacts, st.lists(situations, max_size=3).map(tuple))
children = st.builds(
    ChildFacts,
    dob=dates,
    hukou=st.sampled_from([HukouType.RURAL, HukouType.RURAL, HukouType.URBAN, None]),
    father=relatives,
    mother=relatives,
    caregiver=st.none() | st.builds(Caregiver, st.sampled_from(list(CaregiverKind)), st.booleans()),
    lives_alone=st.booleans(),
    household=st.builds(Household, st.booleans(), st.booleans()),
    disability=st.none()
    | st.builds(Disability, st.sampled_from(list(DisabilityCategory)), st.integers(1, 4)),
    hiv=st.booleans(),
    harm=st.lists(st.builds(HarmEvent, st.sampled_from(list(HarmKind)), dates, maybe_dates), max_size=2).map(
        tuple
    ),
    schooling=st.none() | st.sampled_from(list(Schooling)),
    schooling_until=maybe_dates,
    joined_parent_on=st.none() | st.none() | dates,
    died_on=st.none() | st.none() | st.none() | dates,
    adopted_on=st.none() | st.none() | st.none() | dates,
)
women = st.builds(
    WomanFacts,
    dob=st.dates(min_value=date(1960, 1, 1), max_value=date(2010, 12, 31)),
    resides_rural=st.booleans(),
    husband=relatives,
    died_on=st.none() | st.none() | dates,
)
facts_strategy = children | women


def _answers(e: Evaluation) -> tuple[bool, ...]:
    return tuple(d.applies for d in e.determinations)


HORIZON = 40 * 366  # days probed when nothing can change


@settings(max_examples=250, deadline=None)
@given(facts_strategy, dates, st.sampled_from(POLICIES), st.integers(0, 10**6))
def test_no_answer_changes_before_next_recheck(
    facts: ChildFacts | WomanFacts, as_of: date, policy: Policy, k: int
) -> None:
    e = evaluate(facts, as_of, policy)
    nxt = e.next_recheck
    assert nxt is None or nxt > as_of
    days = HORIZON if nxt is None else (nxt - as_of).days
    for d in (as_of + DAY * (k % days), as_of + DAY * (days - 1)):
        assert _answers(evaluate(facts, d, policy)) == _answers(e), d


@settings(max_examples=200, deadline=None)
@given(
    children,
    st.dates(min_value=date(2021, 1, 1), max_value=date(2045, 12, 31)),
    st.sampled_from([DEFAULT_POLICY, SICHUAN, GUANGDONG_LISTED]),
    st.integers(0, 10**6),
)
def test_each_determination_keeps_its_answer_until_its_own_recheck(
    facts: ChildFacts, as_of: date, policy: Policy, k: int
) -> None:
    # No version of these policies starts after 2021, so each date is the rule's own.
    for det in evaluate(facts, as_of, policy).determinations:
        days = HORIZON if det.next_recheck is None else (det.next_recheck - as_of).days
        for d in (as_of + DAY * (k % days), as_of + DAY * (days - 1)):
            assert evaluate(facts, d, policy).get(det.category).applies is det.applies


@settings(max_examples=200, deadline=None)
@given(facts_strategy, dates, st.sampled_from(POLICIES))
def test_invariants(facts: ChildFacts | WomanFacts, as_of: date, policy: Policy) -> None:
    e = evaluate(facts, as_of, policy)
    for det in e.determinations:
        for reason in (*det.reasons, *det.alerts):
            assert reason.code in CATALOGUE
            assert reason.message_zh and reason.citation
            # As stored (JSON) and shown again: the same text, whatever the arguments' types.
            assert shown(json.loads(json.dumps(reason.stored()))).message_zh == reason.message_zh
        assert det.reasons
        assert det.needs_confirmation is (det.applies and det.category in (C.ORPHAN, C.UNSUPPORTED))
        assert det.alerts == () or (det.applies and det.category is C.LEFT_BEHIND)
    applying = set(e.categories)
    minor = as_of < birthday_of_age(facts.dob, 18)
    assert not {C.ORPHAN, C.UNSUPPORTED} <= applying  # FDU-3
    assert C.IMPROPER_GUARDIANSHIP not in applying or C.DIFFICULTY in applying
    assert C.UNSUPPORTED not in applying or not minor or C.DIFFICULTY in applying


@settings(max_examples=200, deadline=None)
@given(facts_strategy, dates, st.integers(1, 3000), st.sampled_from(POLICIES))
def test_every_exit_gets_a_reason(
    facts: ChildFacts | WomanFacts, as_of: date, days: int, policy: Policy
) -> None:
    later = as_of + DAY * days
    before, after = evaluate(facts, as_of, policy), evaluate(facts, later, policy)
    for previous, current in zip(before.determinations, after.determinations, strict=True):
        reason = exit_reason(previous, current, facts, later, previous_as_of=as_of)
        assert (reason is not None) is (previous.applies and not current.applies)
        assert reason is None or isinstance(reason, ExitReason)


# --- the day before, of and after each threshold ---------------------------------------------

dobs = st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31))
LEAP_DOB = date(2008, 2, 29)


def _edge(
    facts: ChildFacts | WomanFacts, category: Category, threshold: date, policy: Policy = DEFAULT_POLICY
) -> tuple[bool, bool, bool]:
    return tuple(  # type: ignore[return-value]
        evaluate(facts, d, policy).get(category).applies
        for d in (threshold - DAY, threshold, threshold + DAY)
    )


@given(dobs)
@example(LEAP_DOB)
def test_left_behind_until_the_16th_birthday(dob: date) -> None:
    facts = child((away(dob),), (away(dob),), dob=dob)
    assert _edge(facts, C.LEFT_BEHIND, birthday_of_age(dob, 16)) == (True, False, False)


@given(dobs)
@example(LEAP_DOB)
def test_under_18_categories_until_the_18th_birthday(dob: date) -> None:
    bday = birthday_of_age(dob, 18)
    dead = sit(K.DEAD, dob)
    assert _edge(child((dead,), (dead,), dob=dob), C.ORPHAN, bday) == (True, False, False)
    prison = custody(dob, 30 * 12)
    assert _edge(child((prison,), (prison,), dob=dob), C.UNSUPPORTED, bday) == (True, False, False)
    assert _edge(child(dob=dob, household=Household(dibao=True)), C.DIFFICULTY, bday) == (True, False, False)
    assert _edge(child(dob=dob, hiv=True), C.HIV, bday) == (True, False, False)
    harm = (HarmEvent(HarmKind.ABUSE, dob),)
    assert _edge(child(dob=dob, harm=harm), C.IMPROPER_GUARDIANSHIP, bday) == (True, False, False)


@given(dobs, st.sampled_from([Schooling.SENIOR_SECONDARY, Schooling.HIGHER]))
@example(LEAP_DOB, Schooling.HIGHER)
def test_continuation_after_18_until_the_end_of_study(dob: date, level: Schooling) -> None:
    bday = birthday_of_age(dob, 18)
    until = bday + DAY * 400
    dead = sit(K.DEAD, dob)
    facts = child((dead,), (dead,), dob=dob, schooling=level, schooling_until=until)
    assert _edge(facts, C.ORPHAN, bday) == (True, True, True)
    assert _edge(facts, C.ORPHAN, until) == (True, False, False)


@given(st.dates(min_value=date(1940, 1, 1), max_value=date(1990, 12, 31)))
@example(date(1964, 2, 29))
def test_left_behind_woman_until_60(dob: date) -> None:
    facts = WomanFacts(dob, husband=rel(away(dob)))
    assert _edge(facts, C.LEFT_BEHIND_WOMAN, birthday_of_age(dob, 60)) == (True, False, False)


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)),
    st.sampled_from([DEFAULT_POLICY, SICHUAN]),
)
@example(date(2024, 8, 31), DEFAULT_POLICY)
@example(date(2024, 11, 30), SICHUAN)
def test_away_threshold(since: date, policy: Policy) -> None:
    # Sichuan's 3 months start with its notice: a period straddling that day meets two thresholds.
    assume(policy is not SICHUAN or since >= SICHUAN_FROM)
    months = policy.for_date(since).lb_away_min_months
    reached = add_months(since, months)
    facts = child((away(date(1999, 1, 1)),), (away(since),), dob=since - DAY * 365 * 5)
    assert _edge(facts, C.LEFT_BEHIND, reached, policy) == (False, True, True)
    woman = WomanFacts(since - DAY * 365 * 30, husband=rel(away(since)))
    assert _edge(woman, C.LEFT_BEHIND_WOMAN, add_months(since, 6), policy) == (False, True, True)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)))
@example(date(2024, 8, 31))
def test_lost_contact_threshold(since: date) -> None:
    facts = child((sit(K.LOST_CONTACT, since),), (sit(K.DEAD, date(1999, 1, 1)),), dob=since - DAY * 365 * 5)
    assert _edge(facts, C.UNSUPPORTED, add_months(since, 6)) == (False, True, True)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)), st.integers(5, 7))
@example(date(2024, 8, 31), 6)
def test_custody_term_and_release(since: date, term: int) -> None:
    dead = sit(K.DEAD, date(1999, 1, 1))
    facts = child((custody(since, term),), (dead,), dob=since - DAY * 365 * 5)
    counts = term >= 6  # "6个月以上" includes 6
    assert _edge(facts, C.UNSUPPORTED, since) == (False, counts, counts)
    release = add_months(since, term)
    assert _edge(facts, C.UNSUPPORTED, release) == (counts, False, False)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)))
def test_parent_return_ends_left_behind_on_the_day(returned: date) -> None:
    facts = child(
        (away(date(1999, 1, 1), until=returned),), (away(date(1999, 1, 1)),), dob=returned - DAY * 365 * 5
    )
    assert _edge(facts, C.LEFT_BEHIND, returned) == (True, False, False)

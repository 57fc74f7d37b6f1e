"""The figures equal a direct count of the files at every level, through every kind of write."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from contextlib import suppress
from dataclasses import replace
from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from seedling.core import clock
from seedling.people import enums, rules
from seedling.people import services as people_services
from seedling.people.models import Child
from seedling.people.records import ParentRecord, SituationRecord
from seedling.people.services import (
    child_merge,
    child_record,
    child_update,
    transfer_decide,
    transfer_request,
)
from seedling.people.tests.factories import ANYUAN_VILLAGE, XINGQUN, XINJIE, id_number, left_behind
from seedling.registries.enums import MembershipStatus
from seedling.registries.models import Membership
from seedling.registries.tasks import recheck_due
from seedling.statistics import selectors, services
from seedling.statistics.models import Figure, FigureChild

pytestmark = pytest.mark.django_db

PREFIXES = ["", "36", "3603", "360313", "360313001", XINJIE, "360302", ANYUAN_VILLAGE]


def at(day: dt.date) -> Any:
    return clock.freeze(dt.datetime(day.year, day.month, day.day, 10, 0, tzinfo=clock.SEEDLING_TZ))


def direct(prefix: str) -> tuple[int, dict[str, int]]:
    """Children in a roll (open, active episodes) filed under `prefix`: total and per category."""
    rows = Membership.unscoped.filter(
        child__isnull=False,
        end__isnull=True,
        status=MembershipStatus.ACTIVE,
        child__division_code__startswith=prefix,
    ).exclude(child__status=enums.FileStatus.MERGED)
    per = Counter(rows.values_list("category", flat=True))
    return len(set(rows.values_list("child_id", flat=True))), dict(per)


def stored(prefix: str) -> tuple[int, dict[str, int]]:
    level = {0: 0, 2: 1, 4: 2, 6: 3, 9: 4, 12: 5}[len(prefix)]
    counts = selectors.Counts()
    for cats, n in Figure.unscoped.filter(level=level, code=prefix).values_list("categories", "children"):
        counts.add(selectors.keys.split(cats), n)
    return counts.total, {k: v for k, v in counts.by_category.items() if v}


def assert_exact() -> None:
    for prefix in PREFIXES:
        assert stored(prefix) == direct(prefix), prefix


def disabled(**overrides: Any) -> Any:
    """Left-behind (parents away) and in difficulty (a first-grade disability): two categories."""
    return left_behind(
        health=[enums.Health.DISABLED],
        disability_category=enums.DisabilityCategory.PHYSICAL,
        disability_grade=1,
        **overrides,
    )


def test_a_child_in_two_categories_counts_once_in_the_total_and_once_in_each(actor_of: Any) -> None:
    county = actor_of("demo-county")
    with at(dt.date(2025, 6, 30)):
        people_services.child_create(actor=county, record=disabled())
        people_services.child_create(
            actor=county, record=left_behind(id_number=id_number(dt.date(2016, 5, 20)))
        )
    total, per = stored("360313")
    assert total == 2
    assert per == {"left_behind": 2, "in_difficulty": 1}
    assert_exact()


def test_rebuild_gives_the_same_figures_as_the_deltas(actor_of: Any) -> None:
    county = actor_of("demo-county")
    with at(dt.date(2025, 6, 30)):
        for village in (XINJIE, XINGQUN):
            people_services.child_create(actor=county, record=disabled(division_code=village))
        before = sorted(
            Figure.unscoped.filter(children__gt=0).values_list("level", "code", "categories", "children")
        )
        services.rebuild(as_of=clock.today())
    after = sorted(
        Figure.unscoped.filter(children__gt=0).values_list("level", "code", "categories", "children")
    )
    assert before == after
    assert FigureChild.unscoped.count() == Child.unscoped.count() == 2


# --- random edits (hypothesis): after any sequence of writes the figures equal a direct count ------


VILLAGES = [XINJIE, XINGQUN, "360313101003"]
EDITS = ["schooling", "guardianship", "mother_dead", "parents_home", "disabled", "father_prison"]


def _edited(record: Any, edit: str) -> Any:
    if edit == "schooling":
        return replace(record, schooling=enums.Schooling.JUNIOR_SECONDARY)
    if edit == "guardianship":
        return replace(record, guardianship_status=enums.GuardianshipStatus.INADEQUATE)
    if edit == "mother_dead":
        dead = SituationRecord(kind=enums.SituationKind.DEAD, since=dt.date(2024, 1, 1))
        return replace(record, mother=ParentRecord(role="mother", name="王秀英", situations=[dead]))
    if edit == "parents_home":
        return replace(
            record,
            father=ParentRecord(role="father", name="林建国"),
            mother=ParentRecord(role="mother", name="王秀英"),
            declared_categories=[],
            caregiver_kind="",
            caregiver_name="",
            caregiver_phone="",
            caregiver_reason="",
        )
    if edit == "disabled":
        return replace(
            record,
            health=[enums.Health.DISABLED],
            disability_category=enums.DisabilityCategory.PHYSICAL,
            disability_grade=1,
        )
    prison = SituationRecord(kind=enums.SituationKind.IMPRISONED, since=dt.date(2024, 1, 1), term_months=60)
    return replace(record, father=ParentRecord(role="father", name="林建国", situations=[prison]))


ops = st.lists(
    st.one_of(
        st.tuples(st.just("create"), st.sampled_from(VILLAGES), st.sampled_from([2010, 2013, 2016, 2022])),
        st.tuples(st.just("edit"), st.integers(0, 20), st.sampled_from(EDITS)),
        st.tuples(st.just("transfer"), st.integers(0, 20), st.just(0)),
        st.tuples(st.just("merge"), st.integers(0, 20), st.integers(0, 20)),
        st.tuples(st.just("days"), st.sampled_from([1, 40, 400]), st.just(0)),
    ),
    min_size=1,
    max_size=8,
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=ops)
@example(steps=[("days", 400, 0), ("create", XINJIE, 2010)])  # a refused file changes nothing
@example(steps=[("create", XINJIE, 2016), ("edit", 0, "mother_dead"), ("transfer", 0, 0), ("days", 40, 0)])
def test_figures_equal_a_direct_count_after_random_writes(actor_of: Any, steps: list[Any]) -> None:

    county, county_b = actor_of("demo-county"), actor_of("demo-county-b")
    day = dt.date(2025, 6, 30)
    with transaction.atomic():
        kids: list[Child] = []
        for op, a, b in steps:
            with at(day):
                live = [c for c in kids if Child.unscoped.get(pk=c.pk).status != enums.FileStatus.MERGED]
                if op == "create":
                    born = dt.date(b, 3, 1)
                    rec = left_behind(division_code=a, birth_date=born, id_number=id_number(born))
                    # A refused file (a left-behind child of 16 and over) writes nothing.
                    with suppress(people_services.InvalidFile):
                        kids.append(people_services.child_create(actor=county, record=rec).child)
                elif op == "edit" and live:
                    child = Child.unscoped.get(pk=live[a % len(live)].pk)
                    actor = county if child.division_code.startswith("360313") else county_b
                    with suppress(people_services.InvalidFile):
                        child_update(actor=actor, child=child, record=_edited(child_record(child), b))
                elif op == "transfer" and live:
                    child = Child.unscoped.get(pk=live[a % len(live)].pk)
                    if child.division_code.startswith("360313"):
                        t = transfer_request(
                            actor=county_b, id_number=child.id_number, to_code=ANYUAN_VILLAGE
                        )
                        transfer_decide(actor=county, transfer=t, approve=True)
                elif op == "merge" and len(live) > 1:
                    keep, drop = live[a % len(live)], live[b % len(live)]
                    keep, drop = Child.unscoped.get(pk=keep.pk), Child.unscoped.get(pk=drop.pk)
                    same = keep.division_code[:6] == drop.division_code[:6] == "360313"
                    if keep.pk != drop.pk and same:
                        child_merge(actor=county, keep=keep, drop=drop)
                elif op == "days":
                    day += dt.timedelta(days=a)
                    with at(day):
                        recheck_due(as_of=day)
                        services.daily(as_of=day)
            assert_exact()
            assert not Figure.unscoped.filter(children__lt=0).exists()
        # Every dimension, not only the categories: the deltas leave what a recount from the files gives.
        cells = Figure.unscoped.filter(children__gt=0).order_by(
            "level", "code", "categories", "sex", "age_band", "schooling", "guardianship", "parents"
        )
        fields = (
            "level",
            "code",
            "categories",
            "sex",
            "age_band",
            "schooling",
            "guardianship",
            "parents",
            "children",
        )
        before = list(cells.values_list(*fields))
        services.rebuild(as_of=day)
        assert list(cells.values_list(*fields)) == before
        transaction.set_rollback(True)


def test_a_ledger_import_batch_moves_the_figures_once_per_batch(actor_of: Any) -> None:
    county = actor_of("demo-county")
    with at(dt.date(2025, 6, 30)):
        records = [
            disabled(division_code=village, id_number=id_number(dt.date(2016, 5, 20)))
            for village in (XINJIE, XINGQUN, XINJIE)
        ]
        for record in records:  # the import validates (and normalises) every row before the batch
            assert not rules.errors(rules.check_child(record, as_of=clock.today()))
        people_services.child_create_bulk(actor=county, records=records)
    assert stored("360313") == (3, {"left_behind": 3, "in_difficulty": 3})
    assert_exact()

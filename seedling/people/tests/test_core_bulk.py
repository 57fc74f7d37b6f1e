"""core.bulk, the helpers the batch writers lean on, tried on people's models against what Django does."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.db.models import F

from seedling.core import bulk
from seedling.people import services
from seedling.people.models import Child
from seedling.people.tests.factories import left_behind


def test_blank_instances_hold_the_model_defaults_and_their_own_lists() -> None:
    make = bulk.blank(Child)
    a, b, reference = make(), make(), Child()
    for f in Child._meta.concrete_fields:
        assert getattr(a, f.attname) == getattr(reference, f.attname), f.attname
    assert a._state.adding and a._state.db is None
    a.health.append("chronic")  # a default list is the instance's own, not shared
    assert b.health == [] and make().health == []


def test_new_is_the_model_with_these_values() -> None:
    a = bulk.new(Child, name="林小雨", division_code="360313001001", division_id="360313001001")
    reference = Child(name="林小雨", division_code="360313001001", division_id="360313001001")
    for f in Child._meta.concrete_fields:
        assert getattr(a, f.attname) == getattr(reference, f.attname), f.attname
    assert bulk.new(Child).name == "" and bulk.new(Child).health is not bulk.new(Child).health


def test_a_record_copy_is_shallow_and_of_its_own_type() -> None:
    import copy

    from seedling.people.records import ChildRecord, ParentRecord, SituationRecord

    father = ParentRecord(role="father", name="林建国", situations=[SituationRecord(kind="away_work")])
    twin = copy.copy(father)
    assert type(twin) is ParentRecord and twin == father and twin is not father
    assert twin.situations is father.situations  # shallow, as the default copy
    twin.name = "林建华"
    assert father.name == "林建国"
    child = ChildRecord(division_code="360313001001", name="林小雨", father=father)
    assert copy.copy(child) == child and copy.copy(child).father is father


@pytest.mark.parametrize(
    "values, literal",
    [
        ([1, 22, None], "{1,22,NULL}"),
        ([True, False], "{t,f}"),
        ([date(2024, 2, 29)], '{"2024-02-29"}'),
        (['a"b', "c\\d", "NULL", "", "张,三"], '{"a\\"b","c\\\\d","NULL","","张,三"}'),
        ([], "{}"),
    ],
)
def test_array_literal(values: list[object], literal: str) -> None:
    assert bulk.array_literal(values) == literal


@pytest.mark.django_db
def test_array_literal_round_trips_through_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL array syntax")
    values = ['a"b', "c\\d", "NULL", "", "张,三", "{x}", " lead"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s::text[]", [bulk.array_literal(values)])
        assert cursor.fetchone()[0] == values
        cursor.execute("SELECT %s::bigint[]", [bulk.array_literal([3, None, 1])])
        assert cursor.fetchone()[0] == [3, None, 1]


def test_any_of_finds_the_same_rows_as_in(actor_of) -> None:  # type: ignore[no-untyped-def]
    actor = actor_of("demo-village")
    for i in range(5):
        record = left_behind(name=f"测试{i}")
        services.child_create(actor=actor, record=record)
    ids = list(Child.unscoped.order_by("id").values_list("id", flat=True))
    wanted = [*ids[::2], -1]
    found = Child.unscoped.filter(bulk.AnyOf(F("id"), wanted)).values_list("id", flat=True)
    assert sorted(found) == sorted(Child.unscoped.filter(id__in=wanted).values_list("id", flat=True))
    assert sorted(found) == ids[::2]
    numbers = list(Child.unscoped.exclude(id_number=None).values_list("id_number", flat=True)[:2])
    by_number = Child.unscoped.filter(bulk.AnyOf(F("id_number"), [*numbers, "X"]))
    assert sorted(c.id_number for c in by_number) == sorted(numbers)
    assert not Child.unscoped.filter(bulk.AnyOf(F("id"), []))


def test_update_rows_sets_the_columns_of_each_row_found_by_its_key(actor_of) -> None:  # type: ignore[no-untyped-def]
    actor = actor_of("demo-village")
    a, b, untouched = (
        services.child_create(actor=actor, record=left_behind(name=f"测试{i}")).child for i in range(3)
    )
    bulk.update_rows(
        Child,
        "id",
        ["name", "birth_date", "health", "filed_on"],
        [
            (a.pk, "甲", date(2015, 1, 2), ["chronic"], None),
            (b.pk, 'b"\\', date(2016, 3, 4), bulk.JsonText('["disabled"]'), date(2024, 2, 29)),
        ],
    )
    got = {
        c.pk: (c.name, c.birth_date, c.health, c.filed_on)
        for c in Child.unscoped.filter(pk__in=[a.pk, b.pk, untouched.pk])
    }
    assert got == {
        a.pk: ("甲", date(2015, 1, 2), ["chronic"], None),
        b.pk: ('b"\\', date(2016, 3, 4), ["disabled"], date(2024, 2, 29)),
        untouched.pk: ("测试2", untouched.birth_date, untouched.health, untouched.filed_on),
    }
    # Any unique column may be the key (the compliance figures are found by their village).
    bulk.update_rows(Child, "id_number", ["name"], [(b.id_number, "乙")])
    assert Child.unscoped.get(pk=b.pk).name == "乙"
    bulk.update_rows(Child, "id", ["name"], [])  # nothing to do: no statement

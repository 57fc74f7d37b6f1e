"""visible_to / get_for_actor on real divisions of 萍乡市."""

from __future__ import annotations

import pytest
from django.http import Http404

from seedling.access import Purpose, get_for_actor, visible_to
from seedling.accounts.models import RoleAssignment
from seedling.regions.models import Division

pytestmark = pytest.mark.django_db


def test_village_director_sees_only_the_village(actor_of) -> None:
    actor = actor_of("demo-village")
    codes = list(visible_to(actor, Division).values_list("code", flat=True))
    assert codes == ["360313001001"]


def test_county_sees_its_subtree(actor_of) -> None:
    actor = actor_of("demo-county")
    visible = visible_to(actor, Division)
    assert visible.count() == Division.unscoped.filter(code__startswith="360313").count()
    assert not visible.filter(code__startswith="360302").exists()


def test_missing_and_out_of_scope_answer_the_same(actor_of) -> None:
    actor = actor_of("demo-county-b")
    with pytest.raises(Http404) as outside:
        get_for_actor(actor, Division, code="360313001001")
    with pytest.raises(Http404) as missing:
        get_for_actor(actor, Division, code="360302999999")
    assert str(outside.value) == str(missing.value)
    assert get_for_actor(actor, Division, code="360302000000").name == "安源区"


def test_queryset_input_keeps_its_filters(actor_of) -> None:
    actor = actor_of("demo-city")
    counties = visible_to(actor, Division.unscoped.filter(level=3))
    assert sorted(counties.values_list("code", flat=True)) == sorted(
        Division.unscoped.filter(level=3, code__startswith="3603").values_list("code", flat=True)
    )


def test_auditor_has_no_casework_or_accounts_scope(actor_of) -> None:
    actor = actor_of("demo-auditor")
    assert not visible_to(actor, RoleAssignment).exists()  # accounts purpose by default
    assert visible_to(actor, RoleAssignment, purpose=Purpose.AREA).exists()


def test_a_national_grant_sees_everything_and_no_grant_nothing() -> None:
    from seedling.access.actor import Actor, grant_for
    from seedling.access.roles import Role

    national = Actor(user_id=1, username="n", grants=(grant_for(Role.NATIONAL_ADMIN, ""),))
    assert visible_to(national, Division).count() == Division.unscoped.count()
    nobody = Actor(user_id=2, username="x")
    assert visible_to(nobody, Division).count() == 0


def test_a_scope_path_through_a_to_many_relation_lists_each_row_once(actor_of) -> None:
    # Users are scoped through their role assignments (a user may hold several in the area).
    from seedling.accounts.models import User

    user = User.objects.get(username="demo-village")
    village = Division.unscoped.get(code="360313001003")
    RoleAssignment.unscoped.create(
        user=user, role="village_director", division=village, division_code=village.code
    )
    users = list(visible_to(actor_of("demo-county"), User).filter(pk=user.pk))
    assert users == [user]


def test_a_scope_path_through_a_foreign_key_needs_no_distinct(actor_of) -> None:
    from seedling.people import services
    from seedling.people.models import Parent
    from seedling.people.tests.factories import left_behind

    child = services.child_create(actor=actor_of("demo-village"), record=left_behind()).child
    parents = visible_to(actor_of("demo-township"), Parent).filter(child=child)
    assert not parents.query.distinct and sorted(p.role for p in parents) == ["father", "mother"]
    assert not visible_to(actor_of("demo-county-b"), Parent).filter(child=child).exists()

"""Actor scope: prefixes per purpose, minimal sets, home division."""

from __future__ import annotations

import pytest

from seedling.access.actor import Actor, Purpose, anonymous_actor, grant_for, role_level
from seedling.access.roles import Role


def make(*grants: tuple[str, str]) -> Actor:
    return Actor(user_id=1, username="u", grants=tuple(grant_for(r, c) for r, c in grants))


def test_prefix_per_level() -> None:
    actor = make(
        (Role.VILLAGE_DIRECTOR, "360313001001"),
        (Role.TOWNSHIP_SUPERVISOR, "360313001000"),
        (Role.COUNTY_STAFF, "360313000000"),
        (Role.CITY_STAFF, "360300000000"),
        (Role.PROVINCE_STAFF, "360000000000"),
    )
    assert [g.prefix for g in actor.grants] == ["360313001001", "360313001", "360313", "3603", "36"]
    # 36 covers every other prefix.
    assert actor.scope(Purpose.CASEWORK) == frozenset({"36"})


def test_purposes_take_prefixes_from_their_roles() -> None:
    actor = make((Role.VILLAGE_DIRECTOR, "360313001001"), (Role.AUDITOR, "360302000000"))
    assert actor.scope(Purpose.CASEWORK) == frozenset({"360313001001"})
    assert actor.scope(Purpose.AUDIT) == frozenset({"360302"})
    assert actor.scope(Purpose.ACCOUNTS) == frozenset()
    assert actor.scope(Purpose.AREA) == frozenset({"360313001001", "360302"})


def test_national_admin_sees_everything() -> None:
    actor = make((Role.NATIONAL_ADMIN, ""))
    assert actor.scope(Purpose.CASEWORK) == frozenset({""})
    assert actor.home_code == ""
    assert actor.grants[0].level == 0


def test_two_sibling_villages_stay_two_prefixes() -> None:
    actor = make((Role.VILLAGE_DIRECTOR, "360313001001"), (Role.VILLAGE_DIRECTOR, "360313001003"))
    assert actor.scope(Purpose.CASEWORK) == frozenset({"360313001001", "360313001003"})


def test_home_code_is_the_highest_division() -> None:
    actor = make((Role.VILLAGE_DIRECTOR, "360313001001"), (Role.COUNTY_STAFF, "360313000000"))
    assert actor.home_code == "360313000000"


def test_anonymous_actor_sees_nothing() -> None:
    actor = anonymous_actor(ip="127.0.0.1")
    assert not actor.is_authenticated
    assert all(actor.scope(p) == frozenset() for p in Purpose)
    assert actor.home_code == ""


def test_dongguan_township_prefix() -> None:
    # 东莞: townships directly under the prefecture keep a 9-digit prefix.
    actor = make((Role.TOWNSHIP_SUPERVISOR, "441900003000"))
    assert actor.scope(Purpose.CASEWORK) == frozenset({"441900003"})


@pytest.mark.parametrize(
    ("role", "code", "level"),
    [
        (Role.NATIONAL_ADMIN, "", 0),
        (Role.PROVINCE_STAFF, "360000000000", 1),
        (Role.COUNTY_STAFF, "360313000000", 3),
        (Role.AUDITOR, "360313001000", 4),
        (Role.VILLAGE_DIRECTOR, "360313001001", 5),
    ],
)
def test_role_level(role: str, code: str, level: int) -> None:
    assert role_level(role, code) == level

"""The capability catalogue: who may do what, where."""

from __future__ import annotations

import pytest

from seedling.access import capabilities
from seedling.access.actor import Actor, grant_for
from seedling.access.capabilities import CATALOGUE, Capability
from seedling.access.roles import Role
from seedling.core.errors import PermissionDenied


def actor(*grants: tuple[str, str]) -> Actor:
    return Actor(user_id=1, username="u", grants=tuple(grant_for(r, c) for r, c in grants))


COUNTY = actor((Role.COUNTY_STAFF, "360313000000"))
PROVINCE = actor((Role.PROVINCE_STAFF, "360000000000"))
NATIONAL = actor((Role.NATIONAL_ADMIN, ""))
DIRECTOR = actor((Role.VILLAGE_DIRECTOR, "360313001001"))


@pytest.mark.parametrize(
    ("who", "cap", "code", "expected"),
    [
        (COUNTY, Capability.DETERMINATION_CONFIRM, "360313001001", True),
        (COUNTY, Capability.DETERMINATION_CONFIRM, "360302001001", False),  # another county
        (PROVINCE, Capability.DETERMINATION_CONFIRM, "360313001001", False),  # the county's work
        (PROVINCE, Capability.POLICY_SET, "36", True),
        (PROVINCE, Capability.POLICY_SET, "3603", False),  # its own province only, not a part of it
        (PROVINCE, Capability.POLICY_SET, "51", False),
        (NATIONAL, Capability.POLICY_SET, "51", False),  # each province sets its own
        (DIRECTOR, Capability.WORKFORCE_REGISTER, "360313001001", False),
        (DIRECTOR, Capability.HOME_LOG, "360313001001", True),
        (DIRECTOR, Capability.HOME_LOG, "360313001002", False),
        (COUNTY, Capability.ACCOUNTS_MANAGE, None, True),
        (DIRECTOR, Capability.ACCOUNTS_MANAGE, None, False),
        (actor((Role.AUDITOR, "360313000000")), Capability.AUDIT_READ, "360313", True),
    ],
)
def test_may(who: Actor, cap: Capability, code: str | None, expected: bool) -> None:
    assert capabilities.may(who, cap, code) is expected


def test_require_raises_with_the_entrys_stable_code() -> None:
    with pytest.raises(PermissionDenied) as refused:
        capabilities.require(PROVINCE, Capability.DETERMINATION_CONFIRM, "360313001001")
    assert refused.value.code == "registry.not_county"
    with pytest.raises(PermissionDenied) as refused:
        capabilities.require(DIRECTOR, Capability.WORKFORCE_REGISTER, "360313001001")
    assert refused.value.code == "workforce.not_allowed"
    capabilities.require(COUNTY, Capability.WORKFORCE_REGISTER, "360313001001")


def test_prefixes_divisions_and_levels() -> None:
    both = actor((Role.COUNTY_STAFF, "360313000000"), (Role.VILLAGE_DIRECTOR, "360302001001"))
    assert capabilities.prefixes(both, Capability.DETERMINATION_CONFIRM) == frozenset({"360313"})
    assert capabilities.divisions(both) == ["360302001001", "360313000000"]
    assert capabilities.divisions(both, Capability.DETERMINATION_CONFIRM) == ["360313000000"]
    assert capabilities.top_level(both, Capability.FILE_WORK) == 3
    assert capabilities.top_level(both, Capability.FILE_WORK, "360302001001") == 5
    assert capabilities.top_level(DIRECTOR, Capability.ACCOUNTS_MANAGE) is None


def test_every_capability_is_catalogued_with_a_reason() -> None:
    assert set(CATALOGUE) == set(Capability)
    assert all(entry.roles and entry.why for entry in CATALOGUE.values())

"""The Actor: who is asking, and the code prefixes they may see for each purpose."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

from seedling.access.roles import ACCOUNT_MANAGERS, CASEWORK_ROLES, ROLE_LEVEL, Role
from seedling.core import division_codes as codes


class Purpose(enum.StrEnum):
    """Why a row is read. Each purpose takes its prefixes from a different set of roles."""

    AREA = "area"  # divisions and the area's shape: any role
    CASEWORK = "casework"  # children's and women's files: the casework roles
    ACCOUNTS = "accounts"  # accounts and role assignments: county staff and above
    AUDIT = "audit"  # the audit log: auditors only


@dataclass(frozen=True, slots=True)
class Grant:
    role: str
    prefix: str  # "" = the whole country (national administrator)
    division_code: str
    hiv: bool = False  # explicitly granted sight of HIV status in this area

    @property
    def level(self) -> int:
        """Rank of the grant: 0 national, 1 province … 5 village (lower is higher up)."""
        if self.role == Role.NATIONAL_ADMIN:
            return 0
        return codes.level_of(self.division_code)


@dataclass(frozen=True, slots=True)
class Actor:
    user_id: int | None
    username: str
    grants: tuple[Grant, ...] = ()
    ip: str = ""
    user_agent: str = ""
    _cache: dict[Purpose, frozenset[str]] = field(default_factory=dict, compare=False, repr=False)
    # visibility.sight's answers for this actor: (kind, division code, output) -> Sight.
    _sight: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    def scope(self, purpose: Purpose) -> frozenset[str]:
        """Minimal set of prefixes for a purpose ("" in it means everything)."""
        if purpose not in self._cache:
            self._cache[purpose] = _minimal(g.prefix for g in self.grants if g.role in _ROLES_FOR[purpose])
        return self._cache[purpose]

    @property
    def home_code(self) -> str:
        """The division a user thinks of as theirs: the highest one they hold (audit rows carry it)."""
        if not self.grants:
            return ""
        top = min(self.grants, key=lambda g: (g.level, g.division_code))
        return top.division_code


_ALL_ROLES = frozenset(Role.values)
_ROLES_FOR: dict[Purpose, frozenset[str]] = {
    Purpose.AREA: _ALL_ROLES,
    Purpose.CASEWORK: frozenset(CASEWORK_ROLES),
    Purpose.ACCOUNTS: frozenset(ACCOUNT_MANAGERS),
    Purpose.AUDIT: frozenset({Role.AUDITOR}),
}


def _minimal(prefixes: object) -> frozenset[str]:
    """Drop prefixes covered by a shorter one (3603 covers 360313)."""
    result: list[str] = []
    for p in sorted(set(prefixes), key=len):  # type: ignore[call-overload]
        if not any(p.startswith(q) for q in result):
            result.append(p)
    return frozenset(result)


def grant_for(role: str, division_code: str, *, hiv: bool = False) -> Grant:
    if role == Role.NATIONAL_ADMIN or not division_code:
        return Grant(role=role, prefix="", division_code="", hiv=hiv)
    return Grant(role=role, prefix=codes.prefix_of(division_code), division_code=division_code, hiv=hiv)


def anonymous_actor(*, ip: str = "", user_agent: str = "") -> Actor:
    return Actor(user_id=None, username="", ip=ip, user_agent=user_agent)


def role_level(role: str, division_code: str) -> int:
    """Rank of a role held at a division (0 national … 5 village)."""
    expected = ROLE_LEVEL.get(role)
    if role == Role.NATIONAL_ADMIN:
        return 0
    return expected if expected is not None else codes.level_of(division_code)

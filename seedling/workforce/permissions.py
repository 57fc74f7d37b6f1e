"""Who may write what in the workforce and institutions registries.

Reads are scoped by `seedling.access` (casework purpose). Writes also need a role, held over the
division the row is filed at:
- the roster, training, certificates and the institutions registry: county staff and above (seed 004
  一（三）: 县级民政部门 appoints, trains and certifies; seed 000: counties verify the data);
- director evaluations and the township's lists: the township supervisor and above (seed 002 is
  addressed to the towns: 各镇（街道）…定期组织评价并录入信息系统);
- mismatch explanations: county and city staff (seed 000 四（二））; the city forwards them;
- a children's home's activity log and checklist: everyone who works on files there, the village
  director included (seed 004 一（二）: 儿童主任 manages the village children's home).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from django.utils.translation import gettext as _

from seedling.access import Actor
from seedling.accounts.enums import ACCOUNT_MANAGERS, CASEWORK_ROLES, Role
from seedling.core.errors import PermissionDenied

REGISTRARS: Final = frozenset(ACCOUNT_MANAGERS)  # county staff and above
EVALUATORS: Final = frozenset({Role.TOWNSHIP_SUPERVISOR, *ACCOUNT_MANAGERS})
EXPLAINERS: Final = frozenset({Role.COUNTY_STAFF, Role.CITY_STAFF, Role.NATIONAL_ADMIN})
FORWARDERS: Final = frozenset({Role.CITY_STAFF, Role.NATIONAL_ADMIN})
FIELD_WORKERS: Final = frozenset(CASEWORK_ROLES)


def holds(actor: Actor, roles: Iterable[str], code: str) -> bool:
    """Does the actor hold one of `roles` at a division whose area contains `code`?"""
    wanted = frozenset(roles)
    return any(g.role in wanted and code.startswith(g.prefix) for g in actor.grants)


def require(actor: Actor, roles: Iterable[str], code: str) -> None:
    if not holds(actor, roles, code):
        raise PermissionDenied(_("Your role does not allow this change here."), code="workforce.not_allowed")

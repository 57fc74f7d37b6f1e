"""The actor of a signed-in user: their active role assignments, as seedling.access reads them."""

from __future__ import annotations

from seedling.access.actor import Actor, anonymous_actor, grant_for
from seedling.accounts.models import RoleAssignment, User


def actor_for_user(user: User | None, *, ip: str = "", user_agent: str = "") -> Actor:
    """Build the actor for a signed-in user from their active role assignments."""
    if user is None or not user.is_authenticated or not user.is_active:
        return anonymous_actor(ip=ip, user_agent=user_agent)
    rows = RoleAssignment.unscoped.filter(user_id=user.pk, revoked_at__isnull=True).values_list(
        "role", "division_code", "hiv_access"
    )
    grants = tuple(
        sorted((grant_for(role, code, hiv=hiv) for role, code, hiv in rows), key=lambda g: (g.level, g.role))
    )
    return Actor(user_id=user.pk, username=user.get_username(), grants=grants, ip=ip, user_agent=user_agent)

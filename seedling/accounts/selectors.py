"""Reading accounts: those holding a role inside the actor's area (county staff and above)."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from seedling.access import Actor, Purpose, get_for_actor, visible_to
from seedling.accounts.models import RoleAssignment, User


def _users(actor: Actor) -> QuerySet[User]:
    return visible_to(actor, User)


def account_list(*, actor: Actor, query: str = "", division_prefix: str = "") -> QuerySet[User]:
    qs = _users(actor)
    if division_prefix:
        qs = qs.filter(
            assignments__division_code__startswith=division_prefix, assignments__revoked_at__isnull=True
        )
    if query:
        from django.db.models import Q

        qs = qs.filter(Q(username__icontains=query) | Q(full_name__icontains=query))
    active = RoleAssignment.unscoped.filter(revoked_at__isnull=True).select_related("division")
    return qs.order_by("username").prefetch_related(Prefetch("assignments", queryset=active))


def account_get(*, actor: Actor, user_id: int) -> User:
    return get_for_actor(actor, _users(actor), pk=user_id)


def account_count(*, actor: Actor, prefix: str) -> int:
    """Active accounts with a role inside `prefix` (home page figures)."""
    assignments = visible_to(actor, RoleAssignment, purpose=Purpose.AREA).filter(
        division_code__startswith=prefix, revoked_at__isnull=True, user__is_active=True
    )
    return assignments.values("user_id").distinct().count()


def my_assignments(*, actor: Actor) -> list[RoleAssignment]:
    """The actor's own active roles (everyone may see their own)."""
    return list(
        RoleAssignment.unscoped.filter(user_id=actor.user_id or 0, revoked_at__isnull=True)
        .select_related("division")
        .order_by("division_code")
    )


def account_assignments(*, actor: Actor, user: User) -> list[RoleAssignment]:
    """All roles of a user fetched through account_get (so already in the actor's reach), revoked last."""
    return list(
        RoleAssignment.unscoped.filter(user=user)
        .select_related("division")
        .order_by("revoked_at", "division_code")
    )


def user_by_username(username: str) -> User | None:
    """The active account a management command runs as (`--user`); the command builds its actor."""
    return User.objects.filter(username=username, is_active=True).first()

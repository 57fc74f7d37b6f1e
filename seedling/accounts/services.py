"""Account writes. County staff and above manage accounts inside their own area, at or below their level.

Every write is one transaction with its audit event.
"""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from seedling.access import Actor, Purpose, capabilities, is_within
from seedling.access.actor import role_level
from seedling.access.capabilities import Capability
from seedling.access.roles import ROLE_LEVEL, Role
from seedling.accounts.models import RoleAssignment, User
from seedling.audit.enums import Action
from seedling.audit.services import audit_record
from seedling.core import clock
from seedling.core import division_codes as codes
from seedling.core.errors import PermissionDenied, ValidationFailed
from seedling.regions.models import Division


def check_may_manage(*, actor: Actor, role: str, division_code: str) -> None:
    """Raise unless the actor may create or change an assignment of `role` at `division_code`."""
    if role not in Role.values:
        raise ValidationFailed(_("Unknown role."), code="account.role_unknown", field="role")
    if not is_within(actor, division_code, purpose=Purpose.ACCOUNTS):
        raise PermissionDenied(
            _("You can only manage accounts inside your own area."), code="account.outside_area"
        )
    mine = capabilities.top_level(actor, Capability.ACCOUNTS_MANAGE, division_code)
    if mine is None or role_level(role, division_code) < mine:
        raise PermissionDenied(
            _("You can only manage accounts at or below your own level."), code="account.above_level"
        )


def _check_division(role: str, division: Division | None) -> str:
    expected = ROLE_LEVEL.get(role)
    if role == Role.NATIONAL_ADMIN:
        return ""
    if division is None:
        if role == Role.AUDITOR:
            return ""
        raise ValidationFailed(
            _("Choose a division for this role."), code="account.division_required", field="division"
        )
    if not division.is_active:
        raise ValidationFailed(
            _("This division has been retired."), code="account.division_retired", field="division"
        )
    if expected is not None and division.level != expected:
        raise ValidationFailed(
            _("This role is held at the %(level)s level.") % {"level": codes_level_label(expected)},
            code="account.division_level",
            field="division",
        )
    return division.code


def codes_level_label(level: int) -> str:
    from seedling.regions.models import Level

    return str(Level(level).label)


@transaction.atomic
def account_create(
    *,
    actor: Actor,
    username: str,
    password: str,
    full_name: str,
    role: str,
    division: Division | None,
    phone: str = "",
) -> User:
    code = _check_division(role, division)
    check_may_manage(actor=actor, role=role, division_code=code)
    username = username.strip()
    if not username:
        raise ValidationFailed(_("Enter a user name."), code="account.username_required", field="username")
    # Allowlisted raw read: user names are unique across the country, whatever the area.
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationFailed(_("This user name is taken."), code="account.username_taken", field="username")
    user = User(
        username=username, full_name=full_name.strip(), phone=phone.strip(), created_by_id=actor.user_id
    )
    try:
        validate_password(password, user)
    except DjangoValidationError as exc:
        raise ValidationFailed(
            " ".join(exc.messages), code="account.password_weak", field="password"
        ) from exc
    user.set_password(password)
    user.save()
    RoleAssignment.unscoped.create(
        user=user, role=role, division=division, division_code=code, granted_by_id=actor.user_id
    )
    audit_record(
        actor=actor,
        action=Action.ACCOUNT_CREATED,
        subject=user,
        division_code=code,
        detail={"role": role},
    )
    return user


def _assignments_in_reach(actor: Actor, user: User) -> list[RoleAssignment]:
    active = list(RoleAssignment.unscoped.filter(user=user, revoked_at__isnull=True))
    for a in active:
        check_may_manage(actor=actor, role=a.role, division_code=a.division_code)
    return active


@transaction.atomic
def account_set_active(*, actor: Actor, user: User, active: bool) -> User:
    """Disable or enable an account. Every role it holds must be within the actor's reach."""
    if user.pk == actor.user_id:
        raise PermissionDenied(_("You cannot disable your own account."), code="account.self")
    assignments = _assignments_in_reach(actor, user)
    if not assignments and "" not in actor.scope(Purpose.ACCOUNTS):
        raise PermissionDenied(
            _("You can only manage accounts inside your own area."), code="account.outside_area"
        )
    user.is_active = active
    user.save(update_fields=["is_active"])
    home = min((a.division_code for a in assignments), key=len, default="")
    audit_record(
        actor=actor,
        action=Action.ACCOUNT_ENABLED if active else Action.ACCOUNT_DISABLED,
        subject=user,
        division_code=home,
    )
    return user


@transaction.atomic
def role_grant(*, actor: Actor, user: User, role: str, division: Division | None) -> RoleAssignment:
    code = _check_division(role, division)
    check_may_manage(actor=actor, role=role, division_code=code)
    existing = RoleAssignment.unscoped.filter(
        user=user, role=role, division_code=code, revoked_at__isnull=True
    ).first()
    if existing is not None:
        return existing
    assignment = RoleAssignment.unscoped.create(
        user=user, role=role, division=division, division_code=code, granted_by_id=actor.user_id
    )
    audit_record(
        actor=actor,
        action=Action.ROLE_GRANTED,
        subject=user,
        division_code=code,
        detail={"role": role},
    )
    return assignment


@transaction.atomic
def role_revoke(*, actor: Actor, assignment: RoleAssignment) -> RoleAssignment:
    check_may_manage(actor=actor, role=assignment.role, division_code=assignment.division_code)
    if assignment.revoked_at is None:
        assignment.revoked_at = clock.now()
        assignment.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor,
            action=Action.ROLE_REVOKED,
            subject=assignment.user,
            division_code=assignment.division_code,
            detail={"role": assignment.role},
        )
    return assignment


def manageable_roles(actor: Actor) -> list[tuple[str, str]]:
    """Roles this actor may hand out somewhere (for the form's choices)."""
    top = capabilities.top_level(actor, Capability.ACCOUNTS_MANAGE)
    if top is None:
        return []
    out = []
    for value, label in Role.choices:
        level = ROLE_LEVEL.get(value)
        rank = 0 if value == Role.NATIONAL_ADMIN else (level if level is not None else codes.VILLAGE)
        if rank >= top:
            out.append((value, str(label)))
    return out

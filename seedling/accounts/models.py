"""Users and their role assignments. Data and constraints only."""

from __future__ import annotations

from typing import ClassVar

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from seedling.access.actor import Purpose
from seedling.access.models import Scoped
from seedling.access.roles import Role


class User(AbstractUser):
    """A person who signs in. What they may see comes only from their role assignments."""

    full_name = models.CharField(_("full name"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    created_by = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    # Users are scoped through the divisions of their role assignments. Not a `Scoped` model: Django's
    # auth needs `objects` (tools/checks/scoped_managers.py bans it outside its allowlist instead).
    scope_field: ClassVar[str] = "assignments__division_code"
    scope_purpose: ClassVar[Purpose] = Purpose.ACCOUNTS

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username


class RoleAssignment(Scoped):
    """A user holds a role at a division. The division's code prefix is that role's scope."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="assignments")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    # Null only for the national administrator, whose scope is the whole country.
    division = models.ForeignKey(
        "regions.Division", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Indexed copy of the division code: scope filters by prefix without a join.
    division_code = models.CharField(max_length=12, blank=True, db_index=True)
    # HIV status is health data shown only to roles explicitly granted it
    # (docs/rules/privacy.md#health-hiv-and-mental-health-data); off by default.
    hiv_access = models.BooleanField(_("may see HIV status"), default=False)
    granted_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    granted_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    scope_field = "division_code"
    scope_purpose = Purpose.ACCOUNTS

    class Meta(Scoped.Meta):
        verbose_name = _("role assignment")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "division_code"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_active_assignment_per_role_and_division",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.role} {self.division_code}"


class ApiToken(models.Model):
    """A bearer token for the API. Only its SHA-256 is stored; the token itself is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"token of {self.user_id}"

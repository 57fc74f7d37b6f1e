"""The audit event. Append-only: the database itself refuses UPDATE and DELETE (migration 0002)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from seedling.access.actor import Purpose
from seedling.access.models import Scoped
from seedling.audit.enums import Action


class AuditEvent(Scoped):
    at = models.DateTimeField(_("time"), db_index=True)
    # Kept as text too: the event must still say who, after an account is renamed or removed.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_username = models.CharField(_("user"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=30, choices=Action.choices, db_index=True)
    # Scope of the event: the division of the subject (or of the actor for sign-ins).
    division_code = models.CharField(_("division"), max_length=12, blank=True, db_index=True)
    subject_type = models.CharField(max_length=50, blank=True)
    subject_id = models.CharField(max_length=64, blank=True)
    subject_label = models.CharField(max_length=200, blank=True)
    ip = models.CharField(_("from"), max_length=45, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    scope_field = "division_code"
    scope_purpose = Purpose.AUDIT

    class Meta(Scoped.Meta):
        verbose_name = _("audit event")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_username} {self.action}"

"""Registry episodes, the per-file determination cache, dated provincial policy, and notices.

Data and constraints only. Every row carries an indexed copy of the division code it is scoped by
(ADR 0002); a membership's and a determination's copy follow the child's file on a transfer.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from seedling.people.enums import DeclaredCategory
from seedling.registries import enums


class Membership(models.Model):
    """One episode [start, end) of a child in a category's registry (增员 ... 减员)."""

    child = models.ForeignKey("people.Child", on_delete=models.CASCADE, related_name="memberships")
    category = models.CharField(_("category"), max_length=25, choices=DeclaredCategory.choices)
    start = models.DateField(_("entered on"))
    end = models.DateField(_("exited on"), null=True, blank=True)  # first day it no longer applied
    entry_reason = models.CharField(_("entry reason"), max_length=20, choices=enums.EntryReason.choices)
    exit_reason = models.CharField(
        _("exit reason"), max_length=20, choices=enums.ExitReason.choices, blank=True
    )
    # Snapshot of the determination's reasons when the episode opened ({code, message_zh, citation}).
    reasons = models.JSONField(default=list)
    exit_reasons = models.JSONField(default=list)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=enums.MembershipStatus.choices,
        default=enums.MembershipStatus.ACTIVE,
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    division_code = models.CharField(max_length=12, db_index=True)

    scope_field = "division_code"
    scope_purpose = "casework"
    unscoped = models.Manager()

    class Meta:
        default_manager_name = "unscoped"
        base_manager_name = "unscoped"
        ordering = ["start", "id"]
        constraints = [
            # One open episode per child and category: re-evaluation compares against it.
            models.UniqueConstraint(
                fields=["child", "category"], condition=models.Q(end__isnull=True), name="one_open_membership"
            ),
        ]
        indexes = [
            models.Index(fields=["category", "status", "division_code"], name="membership_roll"),
            models.Index(fields=["start"], name="membership_start"),
            models.Index(fields=["end"], name="membership_end"),
        ]

    def __str__(self) -> str:
        return f"{self.child_id} {self.category} {self.start}..{self.end or ''}"


class Determination(models.Model):
    """The latest evaluation of one file: what the lists, the file page and the export read."""

    child = models.OneToOneField("people.Child", on_delete=models.CASCADE, related_name="determination")
    # ",a,b," of DeclaredCategory codes (as Child.declared_categories), so one LIKE filters a category.
    categories = models.CharField(max_length=200, blank=True)
    # Every category's determination: category, applies, needs_confirmation, reasons, alerts, next_recheck.
    details = models.JSONField(default=list)
    next_recheck = models.DateField(null=True, blank=True, db_index=True)
    evaluated_on = models.DateField()
    # Declared (儿童类别（填报）) differs from determined, HIV left out of the comparison (health data).
    discrepancy = models.BooleanField(default=False)
    division_code = models.CharField(max_length=12, db_index=True)

    scope_field = "division_code"
    scope_purpose = "casework"
    unscoped = models.Manager()

    class Meta:
        default_manager_name = "unscoped"
        base_manager_name = "unscoped"

    def __str__(self) -> str:
        return f"{self.child_id} {self.categories}"


class PolicySetting(models.Model):
    """One dated version of a province's parameters (eligibility.PolicyVersion), edited by its staff."""

    province_code = models.CharField(max_length=2)
    effective_from = models.DateField(_("effective from"))
    params = models.JSONField(default=dict)  # PolicyVersion fields, people enum codes for kinds and levels
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(auto_now=True)

    scope_field = "province_code"
    scope_purpose = "casework"
    unscoped = models.Manager()

    class Meta:
        default_manager_name = "unscoped"
        base_manager_name = "unscoped"
        ordering = ["province_code", "effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["province_code", "effective_from"], name="one_policy_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.province_code} {self.effective_from}"


class Notice(models.Model):
    """A registry change the daily re-check found, for the village's child director."""

    child = models.ForeignKey("people.Child", on_delete=models.CASCADE, related_name="+")
    category = models.CharField(max_length=25, choices=DeclaredCategory.choices)
    kind = models.CharField(max_length=10, choices=enums.NoticeKind.choices)
    reason = models.CharField(max_length=20, choices=enums.ExitReason.choices, blank=True)  # exits only
    created_on = models.DateField()
    division_code = models.CharField(max_length=12, db_index=True)

    scope_field = "division_code"
    scope_purpose = "casework"
    unscoped = models.Manager()

    class Meta:
        default_manager_name = "unscoped"
        base_manager_name = "unscoped"
        ordering = ["-created_on", "-id"]

    def __str__(self) -> str:
        return f"{self.child_id} {self.kind} {self.category}"

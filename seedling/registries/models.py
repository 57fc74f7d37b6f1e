"""Registry episodes, the per-file determination cache, dated provincial policy, and notices.

Data and constraints only. Every row carries an indexed copy of the division code it is scoped by
(ADR 0002); a membership's and a determination's copy follow the child's file on a transfer.
Episodes, determinations and notices belong to a child's file or to a left-behind woman's file
(留守妇女台账): exactly one of ``child`` and ``woman`` is set, so the rolls, counts and monthly
lists read one table whichever kind of person a category registers.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from seedling.access.models import CaseworkScoped
from seedling.registries import enums


def _one_subject(name: str) -> models.CheckConstraint:
    """Exactly one of child and woman: every row is about one person's file."""
    child, woman = models.Q(child__isnull=False), models.Q(woman__isnull=False)
    return models.CheckConstraint(condition=(child & ~woman) | (~child & woman), name=name)


class Membership(CaseworkScoped):
    """One episode [start, end) of a child or a woman in a category's registry (增员 ... 减员)."""

    child = models.ForeignKey(
        "people.Child", null=True, blank=True, on_delete=models.CASCADE, related_name="memberships"
    )
    woman = models.ForeignKey(
        "people.Woman", null=True, blank=True, on_delete=models.CASCADE, related_name="memberships"
    )
    category = models.CharField(_("category"), max_length=25, choices=enums.CATEGORY_CHOICES)
    start = models.DateField(_("entered on"))
    end = models.DateField(_("exited on"), null=True, blank=True)  # first day it no longer applied
    entry_reason = models.CharField(_("entry reason"), max_length=20, choices=enums.EntryReason.choices)
    exit_reason = models.CharField(
        _("exit reason"), max_length=20, choices=enums.ExitReason.choices, blank=True
    )
    # Snapshot of the determination's reasons when the episode opened, as codes and arguments
    # (eligibility.Reason.stored; displayed with eligibility.shown).
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

    class Meta(CaseworkScoped.Meta):
        ordering = ["start", "id"]
        constraints = [
            # One open episode per person and category: re-evaluation compares against it.
            models.UniqueConstraint(
                fields=["child", "category"], condition=models.Q(end__isnull=True), name="one_open_membership"
            ),
            models.UniqueConstraint(
                fields=["woman", "category"],
                condition=models.Q(end__isnull=True),
                name="one_open_woman_membership",
            ),
            _one_subject("membership_one_subject"),
        ]
        indexes = [
            models.Index(fields=["category", "status", "division_code"], name="membership_roll"),
            models.Index(fields=["start"], name="membership_start"),
            models.Index(fields=["end"], name="membership_end"),
        ]

    def __str__(self) -> str:
        return f"{self.child_id or f'w{self.woman_id}'} {self.category} {self.start}..{self.end or ''}"


class Determination(CaseworkScoped):
    """The latest evaluation of one file: what the lists, the file page and the export read."""

    child = models.OneToOneField(
        "people.Child", null=True, blank=True, on_delete=models.CASCADE, related_name="determination"
    )
    woman = models.OneToOneField(
        "people.Woman", null=True, blank=True, on_delete=models.CASCADE, related_name="determination"
    )
    # ",a,b," of DeclaredCategory codes (as Child.declared_categories), so one LIKE filters a category.
    categories = models.CharField(max_length=200, blank=True)
    # Every category's determination: category, applies, needs_confirmation, reasons, alerts, next_recheck
    # (reasons and alerts as codes and arguments: eligibility.Reason.stored, shown by eligibility.shown).
    details = models.JSONField(default=list)
    # Fingerprint of ``details`` as re-evaluation rendered it: a re-check compares keys and reads
    # the JSON only when they differ. Written only with ``details``, by registries.services.
    details_key = models.CharField(max_length=32, blank=True, editable=False)
    next_recheck = models.DateField(null=True, blank=True, db_index=True)
    evaluated_on = models.DateField()
    # Declared (儿童类别（填报）) differs from determined, HIV left out of the comparison (health data).
    # Always false for a woman: her ledger declares no category.
    discrepancy = models.BooleanField(default=False)
    division_code = models.CharField(max_length=12, db_index=True)

    class Meta(CaseworkScoped.Meta):
        constraints = [_one_subject("determination_one_subject")]

    def __str__(self) -> str:
        return f"{self.child_id or f'w{self.woman_id}'} {self.categories}"


class Notice(CaseworkScoped):
    """A registry change the daily re-check found, for the village's child director."""

    child = models.ForeignKey(
        "people.Child", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    woman = models.ForeignKey(
        "people.Woman", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    category = models.CharField(max_length=25, choices=enums.CATEGORY_CHOICES)
    kind = models.CharField(max_length=10, choices=enums.NoticeKind.choices)
    reason = models.CharField(max_length=20, choices=enums.ExitReason.choices, blank=True)  # exits only
    created_on = models.DateField()
    division_code = models.CharField(max_length=12, db_index=True)

    class Meta(CaseworkScoped.Meta):
        ordering = ["-created_on", "-id"]
        constraints = [_one_subject("notice_one_subject")]

    def __str__(self) -> str:
        return f"{self.child_id or f'w{self.woman_id}'} {self.kind} {self.category}"

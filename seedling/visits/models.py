"""Visits, the risk history, urgent reports and care needs of a child's file. Data and constraints only.

Every row carries an indexed copy of its child's village code (`division_code`), the scope path
(docs/architecture.md#rule-3-scope-is-never-optional); the services copy it from the child.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from seedling.access.models import CaseworkScoped
from seedling.core.sensitivity import Sensitivity
from seedling.people.enums import RiskLevel
from seedling.visits.enums import NeedArea, UrgentTrigger, VisitMode


class ScopedByChild(CaseworkScoped):
    """A row of a child's file: the child and the indexed copy of its village code used for scope."""

    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="+")
    division_code = models.CharField(_("division code"), max_length=12)

    class Meta(CaseworkScoped.Meta):
        abstract = True


class Visit(ScopedByChild):
    """One contact or home visit (晋政民〔2024〕46号: 联系 / 走访; ledger E1-E4 normalised,
    docs/rules/file.md#e1-e4)."""

    visited_on = models.DateField(_("date"))
    mode = models.CharField(_("mode"), max_length=6, choices=VisitMode.choices)
    visitor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Who went, as a ledger's 走访记录 sheet names them; empty when the visitor recorded it themselves.
    visitor_name = models.CharField(_("visited by"), max_length=50, blank=True)
    risk_at_visit = models.CharField(max_length=6, choices=RiskLevel.choices, blank=True)
    found = models.TextField(_("what was found"), blank=True)
    measures = models.TextField(_("measures taken"), blank=True)
    anomaly = models.BooleanField(_("psychological or behavioural anomaly"), default=False)
    anomaly_note = models.TextField(_("anomaly and intervention"), blank=True)
    needs_note = models.TextField(_("care needs updated"), blank=True)
    follow_up_on = models.DateField(_("follow-up date"), null=True, blank=True)
    # Generated when the form is rendered: a double submit or a resubmit after a dropped connection
    # carries the same token, and the unique constraint turns it into the first visit.
    client_token = models.UUIDField(unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    # A psychological or behavioural anomaly is health data: who may read it, seedling.access.visibility.
    sensitive = {"anomaly_note": Sensitivity.HEALTH}

    class Meta(ScopedByChild.Meta):
        ordering = ["-visited_on", "-id"]
        indexes = [
            models.Index(fields=["child", "visited_on"], name="visit_child_day"),
            models.Index(fields=["division_code", "visited_on"], name="visit_scope_day"),
        ]

    def __str__(self) -> str:
        return f"{self.visited_on} {self.mode}"


class RiskChange(ScopedByChild):
    """One setting of the family-guardianship risk level: the level's history (who, when, why)."""

    level = models.CharField(_("risk level"), max_length=6, choices=RiskLevel.choices, blank=True)
    suggested = models.CharField(_("suggested level"), max_length=6, choices=RiskLevel.choices, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField()
    effective_on = models.DateField()  # the day it was made, in Beijing time: it takes effect that day

    class Meta(ScopedByChild.Meta):
        ordering = ["child", "at", "id"]
        indexes = [
            models.Index(fields=["child", "at"], name="riskchange_child_at"),
            models.Index(fields=["division_code", "id"], name="riskchange_scope"),
        ]

    def __str__(self) -> str:
        return f"{self.effective_on} {self.level}"


class UrgentReport(ScopedByChild):
    """A protection concern a visit raised on the file (docs/rules/workflow.md#mandatory-reporting); the
    protection app opens a case for it (core.hooks.urgent_flagged, docs/rules/protection.md#r-5)."""

    trigger = models.CharField(_("trigger"), max_length=20, choices=UrgentTrigger.choices)
    visit = models.ForeignKey(Visit, null=True, blank=True, on_delete=models.PROTECT, related_name="reports")
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta(ScopedByChild.Meta):
        indexes = [models.Index(fields=["division_code", "closed_at"], name="urgent_scope_open")]

    def __str__(self) -> str:
        return self.trigger


class CareNeed(ScopedByChild):
    """One line of the child's care-needs checklist (关爱服务需求清单, 晋政民〔2024〕46号 二（三）)."""

    area = models.CharField(_("area"), max_length=12, choices=NeedArea.choices)
    detail = models.CharField(_("need"), max_length=200)
    noted_on = models.DateField(_("noted on"))
    met_on = models.DateField(_("met on"), null=True, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta(ScopedByChild.Meta):
        ordering = ["met_on", "area", "id"]
        indexes = [models.Index(fields=["division_code", "id"], name="careneed_scope")]

    def __str__(self) -> str:
        return self.detail


class CareService(ScopedByChild):
    """A service delivered against a need."""

    need = models.ForeignKey(CareNeed, on_delete=models.PROTECT, related_name="services")
    delivered_on = models.DateField(_("delivered on"))
    description = models.CharField(_("service"), max_length=200)
    provider = models.CharField(_("provided by"), max_length=100, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta(ScopedByChild.Meta):
        ordering = ["delivered_on", "id"]
        indexes = [models.Index(fields=["division_code", "id"], name="careservice_scope")]

    def __str__(self) -> str:
        return self.description


# --- pre-aggregated compliance (docs/adr/0010-pre-aggregated-figures.md) ---------------------------

TIER_FIGURES = ("children", "compliant", "due", "overdue", "alarms")


class ComplianceFigure(CaseworkScoped):
    """One village's compliance figures by risk tier, exact for every day from `as_of` to `valid_until`.

    Written only by `summary.refresh_villages` (each write of a visit, a risk level or a file, and the
    daily job), with the pure schedule over the village's children. `valid_until` is the day before
    the first on which a figure can change without new facts (a period ends, an alarm starts, a child
    turns 18, a province's new frequencies come into force): until then no job needs to touch the row.
    The row is also the village's lock while it is recomputed. Pages above a village sum these rows.
    """

    division_code = models.CharField(_("division code"), max_length=12)  # a village's
    as_of = models.DateField()
    valid_until = models.DateField()
    high_children = models.PositiveIntegerField(default=0)
    high_compliant = models.PositiveIntegerField(default=0)
    high_due = models.PositiveIntegerField(default=0)
    high_overdue = models.PositiveIntegerField(default=0)
    high_alarms = models.PositiveIntegerField(default=0)
    medium_children = models.PositiveIntegerField(default=0)
    medium_compliant = models.PositiveIntegerField(default=0)
    medium_due = models.PositiveIntegerField(default=0)
    medium_overdue = models.PositiveIntegerField(default=0)
    medium_alarms = models.PositiveIntegerField(default=0)
    low_children = models.PositiveIntegerField(default=0)
    low_compliant = models.PositiveIntegerField(default=0)
    low_due = models.PositiveIntegerField(default=0)
    low_overdue = models.PositiveIntegerField(default=0)
    low_alarms = models.PositiveIntegerField(default=0)
    # Children in difficulty and those with a pairing helper, on the schedule or not yet.
    in_difficulty = models.PositiveIntegerField(default=0)
    paired = models.PositiveIntegerField(default=0)

    class Meta(CaseworkScoped.Meta):
        constraints = [models.UniqueConstraint(fields=["division_code"], name="compliance_one_per_village")]
        indexes = [models.Index(fields=["valid_until"], name="compliance_valid_until")]

    def __str__(self) -> str:
        return f"{self.division_code} {self.as_of}"


class ComplianceChild(CaseworkScoped):
    """The village whose figures count a child, and the child's 30-day alarm
    (docs/rules/workflow.md#the-30-day-alarm).

    Kept with `ComplianceFigure`: it tells a refresh which village still counts a child that moved,
    and lets every page above list the alarms without computing any schedule.
    """

    child = models.OneToOneField("people.Child", primary_key=True, on_delete=models.CASCADE, related_name="+")
    division_code = models.CharField(_("division code"), max_length=12)
    # Set while the child is in the alarm: the day the wait without a home visit is counted from.
    waiting_since = models.DateField(null=True, blank=True)

    class Meta(CaseworkScoped.Meta):
        indexes = [
            models.Index(fields=["division_code"], name="compliance_child_village"),
            # The alarm list, longest wait first: read in index order until a page's worth is in scope.
            models.Index(
                fields=["waiting_since", "division_code", "child"],
                name="compliance_alarm",
                condition=models.Q(waiting_since__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.child_id} {self.division_code}"

"""The personal file (一人一档, 晋政民〔2024〕46号) of a child and of a rural left-behind woman.

Data and constraints only.

Every field of the ledger contract (docs/ledger.md) is a column here; multi-valued ledger
cells are JSON lists of enumeration values. Each row carries its village and an indexed copy of the
village code (the scope path). History of every change is kept by django-simple-history (ADR 0005).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from seedling.access.models import CaseworkScoped
from seedling.core.sensitivity import Sensitivity
from seedling.people import enums
from seedling.people.records import (
    CHILD_SENSITIVE,
    PARENT_SENSITIVE,
    WOMAN_SENSITIVE,
    situation_sensitivity,
)


class ScopedByDivision(CaseworkScoped):
    """A row filed at a village: its division and the indexed copy of the code used for scope."""

    division = models.ForeignKey(
        "regions.Division", on_delete=models.PROTECT, related_name="+", verbose_name=_("village")
    )
    division_code = models.CharField(_("division code"), max_length=12)

    class Meta(CaseworkScoped.Meta):
        abstract = True


class Child(ScopedByDivision):
    # A. 儿童基本信息 [晋政民〔2024〕46号]
    name = models.CharField(_("name"), max_length=50)
    # Toneless, fuzzy pinyin of the name: finds 张/章 and n/l slips among likely duplicates.
    name_key = models.CharField(max_length=200, blank=True, db_index=True, editable=False)
    sex = models.CharField(_("sex"), max_length=6, choices=enums.Sex.choices)
    birth_date = models.DateField(_("birth date"))
    ethnicity = models.CharField(_("ethnicity"), max_length=20, blank=True)
    id_number = models.CharField(_("ID number"), max_length=18, null=True, blank=True)
    no_hukou = models.BooleanField(_("no household registration"), default=False)  # V-7: raises an alert
    hukou_type = models.CharField(_("hukou type"), max_length=5, choices=enums.HukouType.choices)
    home_address = models.CharField(_("home address"), max_length=200, blank=True)
    schooling = models.CharField(_("schooling"), max_length=20, choices=enums.Schooling.choices, blank=True)
    out_of_school_reason = models.CharField(_("reason for being out of school"), max_length=200, blank=True)
    schooling_until = models.DateField(_("expected end of study"), null=True, blank=True)
    boarding = models.CharField(_("boarding"), max_length=7, choices=enums.Boarding.choices, blank=True)
    health = models.JSONField(_("health"), default=list, blank=True)  # list of enums.Health
    illness = models.CharField(_("illness"), max_length=200, blank=True)
    disability_category = models.CharField(
        _("disability category"), max_length=12, choices=enums.DisabilityCategory.choices, blank=True
    )
    disability_grade = models.PositiveSmallIntegerField(
        _("disability grade"), null=True, blank=True, choices=enums.DisabilityGrade.choices
    )
    # Sensitive health data (PIPL art. 28): visible only to explicitly granted roles, never in lists.
    hiv = models.BooleanField(_("HIV infected"), null=True, blank=True)
    psych_behaviour = models.TextField(_("daily psychological and behavioural condition"), blank=True)
    single_parent = models.CharField(
        _("single-parent family"), max_length=6, choices=enums.SingleParent.choices, blank=True
    )
    guardianship_status = models.CharField(
        _("guardianship"), max_length=10, choices=enums.GuardianshipStatus.choices, blank=True
    )
    guardianship_problem = models.CharField(_("guardianship problem"), max_length=200, blank=True)
    lives_alone = models.BooleanField(_("lives alone"), default=False)
    # C. 留守儿童委托照护人情况 [晋政民〔2024〕46号]
    caregiver_kind = models.CharField(
        _("entrusted caregiver"), max_length=20, choices=enums.CaregiverKind.choices, blank=True
    )
    caregiver_name = models.CharField(_("caregiver name"), max_length=50, blank=True)
    caregiver_phone = models.CharField(_("caregiver phone"), max_length=20, blank=True)
    caregiver_id_number = models.CharField(_("caregiver ID number"), max_length=18, blank=True)
    caregiver_reason = models.CharField(
        _("reason for entrusted care"), max_length=30, choices=enums.CaregiverReason.choices, blank=True
    )
    risk_level = models.CharField(
        _("family guardianship risk"), max_length=6, choices=enums.RiskLevel.choices, blank=True
    )
    # B7-B9 household; A15-A18 assistance. Amounts are yuan per month (per year for income, Q12).
    income_per_capita = models.DecimalField(
        _("per-capita income (yuan/year)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    household_benefits = models.JSONField(_("household benefits"), default=list, blank=True)
    child_assistance = models.JSONField(_("assistance received"), default=list, blank=True)
    education_assistance = models.CharField(_("education assistance"), max_length=200, blank=True)
    medical_assistance = models.CharField(_("medical assistance"), max_length=200, blank=True)
    other_assistance = models.CharField(_("other assistance"), max_length=200, blank=True)
    social_support = models.CharField(_("support from social organisations"), max_length=200, blank=True)
    # Ledger 儿童类别（填报）, stored ",a,b," so that a category filters with one LIKE on both databases.
    declared_categories = models.CharField(_("declared categories"), max_length=200, blank=True)
    # D. 结对信息 [晋政民〔2024〕46号]
    director_name = models.CharField(_("child director"), max_length=50, blank=True)
    pairing_name = models.CharField(_("pairing helper"), max_length=50, blank=True)
    pairing_phone = models.CharField(_("pairing helper phone"), max_length=20, blank=True)
    pairing_org = models.CharField(_("pairing helper unit"), max_length=100, blank=True)
    # F. 其他 [晋政民〔2024〕46号]
    care_needs = models.TextField(_("care needs"), blank=True)
    remarks = models.TextField(_("remarks"), blank=True)
    filed_by_name = models.CharField(_("filed by"), max_length=50, blank=True)
    filed_on = models.DateField(_("filed on"), null=True, blank=True)
    # Dated facts that end a category (docs/rules/workflow.md#roll-management).
    joined_parent_on = models.DateField(_("moved to live with a parent on"), null=True, blank=True)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    died_on = models.DateField(_("died on"), null=True, blank=True)
    # Bookkeeping
    status = models.CharField(
        _("status"), max_length=10, choices=enums.FileStatus.choices, default=enums.FileStatus.DRAFT
    )
    missing_fields = models.PositiveSmallIntegerField(default=0, editable=False)  # data completeness
    # The details still to complete (people.rules.missing_details: stored reasons, code and arguments);
    # a file with any is on the incomplete list and the township's review list (file.md#v-detail).
    missing_details = models.JSONField(default=list, blank=True, editable=False)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_from"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Raised by every save; an edit carries the version it was loaded at (people.services.locked).
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(
        excluded_fields=["name_key", "missing_fields", "missing_details", "updated_at"]
    )
    # Who may see these: seedling.access.visibility.
    sensitive = CHILD_SENSITIVE

    class Meta(ScopedByDivision.Meta):
        verbose_name = _("child")
        verbose_name_plural = _("children")
        constraints = [
            # One ID number = one person in the whole country (川民政厅 2020 专项行动实施方案: 不漏一人, no
            # duplicates).
            # Numbers are stored normalised (upper-case X) by core.identity, so a plain unique index serves.
            models.UniqueConstraint(fields=["id_number"], name="child_id_number_unique"),
            models.CheckConstraint(
                condition=models.Q(id_number__isnull=False) | models.Q(no_hukou=True),
                name="child_id_number_or_no_hukou",
            ),
        ]
        indexes = [
            # Keyset pages within a scope: WHERE division_code LIKE 'p%' ORDER BY division_code, id LIMIT n.
            # On PostgreSQL the column is collated "C" (migration 0002), so this plain index serves the
            # LIKE prefix, the keyset condition and the order at once: a page reads n rows, not the
            # scope (a varchar_pattern_ops index serves LIKE but never ORDER BY). bench/children_list.py
            models.Index(fields=["division_code", "id"], name="child_scope_keyset"),
            models.Index(fields=["birth_date", "name_key"], name="child_dup_lookup"),
        ]

    def __str__(self) -> str:
        return self.name


class Parent(CaseworkScoped):
    """Father or mother of a child (ledger section B), with dated special situations."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="parents")
    role = models.CharField(_("role"), max_length=6, choices=enums.ParentRole.choices)
    name = models.CharField(_("name"), max_length=50, blank=True)
    id_number = models.CharField(_("ID number"), max_length=18, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    address = models.CharField(_("current address"), max_length=200, blank=True)
    health = models.CharField(_("health"), max_length=9, choices=enums.ParentHealth.choices, blank=True)
    work_place = models.CharField(_("place of work"), max_length=100, blank=True)
    disability_category = models.CharField(
        _("disability category"), max_length=12, choices=enums.DisabilityCategory.choices, blank=True
    )
    disability_grade = models.PositiveSmallIntegerField(
        _("disability grade"), null=True, blank=True, choices=enums.DisabilityGrade.choices
    )

    scope_field = "child__division_code"
    history = HistoricalRecords()
    sensitive = PARENT_SENSITIVE

    class Meta(CaseworkScoped.Meta):
        constraints = [models.UniqueConstraint(fields=["child", "role"], name="one_parent_per_role")]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.name}"


class ParentSituation(CaseworkScoped):
    """One dated situation of a parent (docs/rules/eligibility.md#parent-situations): what the eligibility
    rules read."""

    parent = models.ForeignKey(Parent, on_delete=models.CASCADE, related_name="situations")
    kind = models.CharField(_("situation"), max_length=25, choices=enums.SituationKind.choices)
    since = models.DateField(_("since"), null=True, blank=True)
    until = models.DateField(_("until"), null=True, blank=True)  # first day it no longer holds
    term_months = models.PositiveSmallIntegerField(_("term (months)"), null=True, blank=True)
    illness = models.CharField(_("illness"), max_length=100, blank=True)
    # 失联 / 被遣送出境 count only while the parent does not perform support (民发〔2020〕125号).
    fulfils_duties = models.BooleanField(_("still performs support"), default=False)
    note = models.CharField(_("note"), max_length=200, blank=True)

    scope_field = "parent__child__division_code"
    history = HistoricalRecords()

    class Meta(CaseworkScoped.Meta):
        ordering = ["since", "id"]

    def __str__(self) -> str:
        return self.get_kind_display()

    def sensitivity(self) -> Sensitivity | None:
        return situation_sensitivity(self.kind)


class HarmEvent(CaseworkScoped):
    """Abuse, abandonment, accidental injury or unlawful harm (川民政厅 2020 专项行动实施方案: improper
    guardianship facts)."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="harm_events")
    kind = models.CharField(_("harm"), max_length=20, choices=enums.HarmKind.choices)
    # Empty when not known yet: the harm is filed and the date flagged as a missing detail (file.md#v-detail).
    occurred_on = models.DateField(_("occurred on"), null=True, blank=True)
    resolved_on = models.DateField(_("assessed safe on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    scope_field = "child__division_code"
    history = HistoricalRecords()

    class Meta(CaseworkScoped.Meta):
        ordering = ["occurred_on", "id"]

    def __str__(self) -> str:
        return self.get_kind_display()

    def sensitivity(self) -> Sensitivity:
        return Sensitivity.HARM


class Woman(ScopedByDivision):
    """A rural left-behind woman (川民政厅 2020 专项行动实施方案 二 农村留守妇女; ledger sheet
    留守妇女台账)."""

    name = models.CharField(_("name"), max_length=50)
    id_number = models.CharField(_("ID number"), max_length=18)
    birth_date = models.DateField(_("birth date"))
    hukou_type = models.CharField(_("hukou type"), max_length=5, choices=enums.HukouType.choices)
    # 本人留在农村居住生活: where she lives, not her hukou; empty = not recorded (the rule cannot decide).
    residence = models.CharField(_("residence"), max_length=5, choices=enums.Residence.choices, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    husband_name = models.CharField(_("husband's name"), max_length=50, blank=True)
    husband_id_number = models.CharField(_("husband's ID number"), max_length=18, blank=True)
    husband_away_since = models.DateField(_("husband away for work since"))
    husband_returned_on = models.DateField(_("husband returned on"), null=True, blank=True)
    husband_work_place = models.CharField(_("husband's place of work"), max_length=100, blank=True)
    health = models.CharField(_("health"), max_length=100, blank=True)
    needs = models.TextField(_("employment or service needs"), blank=True)
    remarks = models.TextField(_("remarks"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=enums.FileStatus.choices, default=enums.FileStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)  # as on Child

    history = HistoricalRecords(excluded_fields=["updated_at"])
    sensitive = WOMAN_SENSITIVE

    class Meta(ScopedByDivision.Meta):
        verbose_name = _("left-behind woman")
        verbose_name_plural = _("left-behind women")
        constraints = [models.UniqueConstraint(fields=["id_number"], name="woman_id_number_unique")]
        # As for children (people 0002, 0003): a plain index on a "C"-collated column on PostgreSQL.
        indexes = [models.Index(fields=["division_code", "id"], name="woman_scope_keyset")]

    def __str__(self) -> str:
        return self.name


class FileStep(CaseworkScoped):
    """One transition of a child's file status: who, when, from what to what, and why
    (docs/rules/workflow.md#record-workflow). Append-only; the file's history page lists them."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="steps")
    division_code = models.CharField(max_length=12)  # the file's village when the step was taken
    action = models.CharField(max_length=20, choices=enums.StepAction.choices)
    from_status = models.CharField(max_length=10, choices=enums.FileStatus.choices)
    to_status = models.CharField(max_length=10, choices=enums.FileStatus.choices)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    fields = models.JSONField(default=list, blank=True)  # the fields a return names
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField()

    class Meta(CaseworkScoped.Meta):
        indexes = [models.Index(fields=["child", "at"], name="filestep_child_at")]


class Transfer(CaseworkScoped):
    """A child moves: the receiving area requests, the holding area approves; the whole file follows."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="transfers")
    from_code = models.CharField(max_length=12, db_index=True)
    to_division = models.ForeignKey("regions.Division", on_delete=models.PROTECT, related_name="+")
    to_code = models.CharField(max_length=12, db_index=True)
    status = models.CharField(
        max_length=10, choices=enums.TransferStatus.choices, default=enums.TransferStatus.PENDING
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(max_length=200, blank=True)

    # Both ends see the request: the holding area (from) and the receiving area (to).
    scope_field = ("from_code", "to_code")

    class Meta(CaseworkScoped.Meta):
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["child"], condition=models.Q(status="pending"), name="one_pending_transfer_per_child"
            )
        ]

    def __str__(self) -> str:
        return f"{self.child_id} {self.from_code}->{self.to_code}"


class Merge(CaseworkScoped):
    """A likely duplicate folded into another file. Both histories stay; the merged file keeps its rows."""

    kept = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="+")
    merged = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="+")
    division_code = models.CharField(max_length=12, db_index=True)
    filled_fields = models.JSONField(default=list)  # fields of `kept` filled from `merged`
    merged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    merged_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.merged_id}->{self.kept_id}"

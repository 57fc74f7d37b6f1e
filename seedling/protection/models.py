"""Protection reports and cases, their steps, and orphan / de facto unsupported applications.
Data and constraints only (docs/subsystems/protection.md).

A report is the opening of a case (个案): one row, numbered, with its trigger, its urgency and the
police step's fields; the steps after it are `CaseStep` rows, the case's timeline. Every row carries
the indexed division code it is scoped by (ADR 0002): the village of the child, or the township or
county where a child not yet filed was found.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from seedling.access.models import CaseworkScoped
from seedling.core.sensitivity import Sensitivity
from seedling.protection import enums


class Case(CaseworkScoped):
    """A report and the case it opens (强制报告 / 发现报告 → 个案)."""

    number = models.CharField(_("number"), max_length=24, unique=True)
    division_code = models.CharField(_("division code"), max_length=12)
    child = models.ForeignKey(
        "people.Child", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # A child not filed yet, as the reporter describes them (name if known, age, looks).
    child_described = models.CharField(_("child described"), max_length=200, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=enums.Source.choices)
    trigger = models.CharField(_("trigger"), max_length=20, choices=enums.Trigger.choices)
    urgency = models.CharField(_("urgency"), max_length=10, choices=enums.Urgency.choices)
    seen = models.TextField(_("what was seen"), blank=True)
    seen_at = models.DateTimeField(_("when"))
    place = models.CharField(_("where"), max_length=200, blank=True)
    # Hotline calls: the caller, a number to call back; an anonymous caller gives neither.
    caller_name = models.CharField(_("caller"), max_length=50, blank=True)
    callback_phone = models.CharField(_("callback number"), max_length=20, blank=True)
    anonymous = models.BooleanField(_("anonymous"), default=False)
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reported_at = models.DateTimeField()
    # The visit flag this report routes (visits.UrgentReport), at most one report per flag.
    flag = models.OneToOneField(
        "visits.UrgentReport", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # 报告公安: time, station, 接处警 number (民函〔2018〕4号 全国示范县指导标准·强制报告②).
    police_at = models.DateTimeField(_("reported to the police at"), null=True, blank=True)
    police_station = models.CharField(_("police station"), max_length=100, blank=True)
    police_record = models.CharField(_("接处警 record number"), max_length=50, blank=True)
    # The level working it: 4 township station, 3 county minor-protection centre.
    level = models.PositiveSmallIntegerField(default=4)
    risk = models.CharField(max_length=6, choices=enums.RiskConclusion.choices, blank=True)
    status = models.CharField(max_length=6, choices=enums.CaseStatus.choices, default=enums.CaseStatus.OPEN)
    outcome = models.CharField(_("outcome"), max_length=200, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # The edit version: a step saved from a page loaded before another step is refused.
    version = models.PositiveIntegerField(default=1)
    client_token = models.UUIDField(unique=True)

    sensitive = {
        "seen": Sensitivity.CASE,
        "child_described": Sensitivity.CASE,
        "callback_phone": Sensitivity.CONTACT,
    }

    class Meta(CaseworkScoped.Meta):
        ordering = ["-reported_at", "-id"]
        indexes = [
            models.Index(fields=["division_code", "status"], name="case_scope_open"),
            models.Index(fields=["status", "level"], name="case_open_level"),
        ]

    def __str__(self) -> str:
        return self.number


class CaseStep(CaseworkScoped):
    """One step of a case's timeline: who did what, when, and (sealed) the details."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="steps")
    division_code = models.CharField(max_length=12)
    kind = models.CharField(_("step"), max_length=12, choices=enums.Step.choices)
    done_on = models.DateField(_("date"))
    at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # What lists and the timeline may show to every reader: the step's kind and a short, non-sensitive
    # label (a placement type, a referral body, a risk level).
    label = models.CharField(max_length=100, blank=True)
    # The step's fields (an assessment's five areas, a placement's where and by whom) and its narrative.
    detail = models.JSONField(default=dict)
    narrative = models.TextField(_("details"), blank=True)
    # Referrals: what was asked of whom, by when, and the reply.
    body = models.CharField(max_length=12, choices=enums.Body.choices, blank=True)
    due_on = models.DateField(null=True, blank=True)
    replied_on = models.DateField(null=True, blank=True)
    reply = models.TextField(blank=True)

    sensitive = {"detail": Sensitivity.CASE, "narrative": Sensitivity.CASE, "reply": Sensitivity.CASE}

    class Meta(CaseworkScoped.Meta):
        ordering = ["case", "at", "id"]
        indexes = [models.Index(fields=["division_code", "kind"], name="casestep_scope_kind")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind}"


class Application(CaseworkScoped):
    """An application for orphan or de facto unsupported status and its allowance (认定申请).

    Filed at the child's household-registration township (`division_code`, the hukou place decides);
    a cross-province application is also seen by the township that received it (`received_code`)."""

    scope_field = ("division_code", "received_code")

    division_code = models.CharField(_("household registration"), max_length=12)
    received_code = models.CharField(_("received at"), max_length=12)
    cross_province = models.BooleanField(default=False)
    child = models.ForeignKey(
        "people.Child", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    child_name = models.CharField(_("child's name"), max_length=50)
    category = models.CharField(_("category"), max_length=25, choices=enums.AppCategory.choices)
    applicant_kind = models.CharField(_("applicant"), max_length=10, choices=enums.Applicant.choices)
    applicant_name = models.CharField(_("applicant's name"), max_length=50)
    applicant_relation = models.CharField(_("relationship"), max_length=20, blank=True)
    applicant_phone = models.CharField(_("phone"), max_length=20, blank=True)
    status = models.CharField(max_length=10, choices=enums.AppStatus.choices)
    complete_on = models.DateField(_("materials complete on"))
    forwarded_on = models.DateField(null=True, blank=True)
    verified_on = models.DateField(null=True, blank=True)
    verify_materials = models.TextField(blank=True)
    verify_conclusion = models.TextField(blank=True)
    verify_passed = models.BooleanField(null=True)
    decided_on = models.DateField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)
    changed_on = models.DateField(null=True, blank=True)  # a change that stops the allowance
    change_note = models.CharField(max_length=200, blank=True)
    lodged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    lodged_at = models.DateTimeField()
    version = models.PositiveIntegerField(default=1)

    sensitive = {"applicant_phone": Sensitivity.CONTACT, "verify_conclusion": Sensitivity.CUSTODY}

    class Meta(CaseworkScoped.Meta):
        ordering = ["-lodged_at", "-id"]
        indexes = [
            models.Index(fields=["division_code", "status"], name="application_scope"),
            models.Index(fields=["received_code", "status"], name="application_received"),
        ]

    def __str__(self) -> str:
        return f"{self.child_name} {self.category}"


class CaseReveal(CaseworkScoped):
    """A reveal of a case's sealed details to a reader outside the case roles: why, by whom, until when
    (docs/rules/protection.md#r-7). The audit log records it too (value_revealed)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    division_code = models.CharField(max_length=12)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("reason"), max_length=200)
    at = models.DateTimeField()
    until = models.DateTimeField()

    class Meta(CaseworkScoped.Meta):
        indexes = [models.Index(fields=["case", "by", "until"], name="casereveal_active")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.by_id} {self.until}"

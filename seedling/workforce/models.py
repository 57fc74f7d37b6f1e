"""Supervisors and directors, their appointments, training, certificates and evaluations;
explanations of coverage mismatches. Data and constraints only.

Scope: every row carries the 12-digit code of the division it is filed at, indexed (`division_code`,
the `scope_field`); a worker's own rows (training, certificates, evaluations) carry the worker's
home code and move with it. An appointment carries the code of the township or village it is held
at, so a director covering several villages is visible in each of them, row by row.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from seedling.access.models import CaseworkScoped
from seedling.core.models import TimestampedModel
from seedling.core.sensitivity import Sensitivity
from seedling.workforce.enums import (
    DutyList,
    Employment,
    EvaluationGrade,
    MismatchKind,
    TrainingKind,
    WorkerRole,
)


class Worker(CaseworkScoped, TimestampedModel):
    """A child supervisor or child director, registered by real name (川民政厅 2020 专项行动实施方案 三（二）,
    吉民发〔2018〕41号 一（三））.

    Home division: where the person's file lives (the township or village of their first current
    appointment). It moves when that appointment ends and another is current.
    """

    name = models.CharField(_("name"), max_length=50)
    # 18 characters, validated and normalised by seedling.core.identity; one file per person.
    id_number = models.CharField(_("ID number"), max_length=18, unique=True)
    sex = models.CharField(_("sex"), max_length=1)  # from the ID number: 男 / 女
    birth_date = models.DateField(_("date of birth"))  # from the ID number
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="worker",
        verbose_name=_("account"),
    )
    division = models.ForeignKey("regions.Division", on_delete=models.PROTECT, related_name="+")
    division_code = models.CharField(max_length=12, db_index=True)
    note = models.TextField(_("note"), blank=True)

    # Who may see these: seedling.access.visibility (the worker always sees their own).
    sensitive = {"id_number": Sensitivity.STAFF_IDENTIFIER, "phone": Sensitivity.STAFF_CONTACT}
    owner_field = "user_id"

    class Meta(CaseworkScoped.Meta):
        verbose_name = _("worker")

    def __str__(self) -> str:
        return self.name


class Appointment(CaseworkScoped, TimestampedModel):
    """One post of one person at one township (supervisor) or village (director). Never deleted:
    an ended appointment keeps its dates (the history of appointments)."""

    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="appointments")
    role = models.CharField(_("post type"), max_length=20, choices=WorkerRole.choices)
    division = models.ForeignKey("regions.Division", on_delete=models.PROTECT, related_name="+")
    division_code = models.CharField(max_length=12, db_index=True)
    post = models.CharField(_("position"), max_length=50, blank=True)  # 职务, e.g. 妇女主任, 民政办干部
    employment = models.CharField(_("employment"), max_length=10, choices=Employment.choices)
    appointed_on = models.DateField(_("appointed on"))
    # The first day out of post; null while in post.
    left_on = models.DateField(_("left on"), null=True, blank=True)
    leave_reason = models.CharField(_("reason for leaving"), max_length=200, blank=True)

    class Meta(CaseworkScoped.Meta):
        verbose_name = _("appointment")
        constraints = [
            models.UniqueConstraint(
                fields=["worker", "role", "division_code"],
                condition=models.Q(left_on__isnull=True),
                name="workforce_one_open_appointment_per_unit",
            ),
            models.CheckConstraint(
                condition=models.Q(left_on__isnull=True) | models.Q(left_on__gte=models.F("appointed_on")),
                name="workforce_left_after_appointed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.worker} {self.role} {self.division_code}"


class TrainingEvent(CaseworkScoped, TimestampedModel):
    """A training of supervisors and directors (吉民发〔2018〕41号 一（三）; 云南 2018 实施方案 业务培训). Its
    level is the
    level of the organising division (county, city, ...)."""

    title = models.CharField(_("title"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=TrainingKind.choices)
    held_on = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1)
    content = models.TextField(_("content"), blank=True)
    division = models.ForeignKey("regions.Division", on_delete=models.PROTECT, related_name="+")
    division_code = models.CharField(max_length=12, db_index=True)

    class Meta(CaseworkScoped.Meta):
        verbose_name = _("training")

    def __str__(self) -> str:
        return f"{self.held_on} {self.title}"


class TrainingAttendance(CaseworkScoped, TimestampedModel):
    """A worker attended a training; `passed` is the assessment of an initial training."""

    event = models.ForeignKey(TrainingEvent, on_delete=models.PROTECT, related_name="attendances")
    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="attendances")
    passed = models.BooleanField(_("passed the assessment"), null=True, blank=True)
    division_code = models.CharField(max_length=12, db_index=True)  # the worker's home

    class Meta(CaseworkScoped.Meta):
        verbose_name = _("training attendance")
        constraints = [
            models.UniqueConstraint(fields=["event", "worker"], name="workforce_one_attendance_per_event")
        ]

    def __str__(self) -> str:
        return f"{self.worker} @ {self.event}"


class Certificate(CaseworkScoped, TimestampedModel):
    """《儿童督导员培训合格证》/《儿童主任培训合格证》, issued on passing the initial training
    (吉民发〔2018〕41号 一（三））."""

    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="certificates")
    role = models.CharField(_("certificate"), max_length=20, choices=WorkerRole.choices)
    number = models.CharField(_("certificate number"), max_length=40, unique=True)
    issued_on = models.DateField(_("issued on"))
    attendance = models.OneToOneField(
        TrainingAttendance, on_delete=models.PROTECT, related_name="certificate"
    )
    division_code = models.CharField(max_length=12, db_index=True)  # the worker's home

    class Meta(CaseworkScoped.Meta):
        verbose_name = _("training certificate")
        constraints = [
            models.UniqueConstraint(fields=["worker", "role"], name="workforce_one_certificate_per_role")
        ]

    def __str__(self) -> str:
        return self.number


class DutyItem(CaseworkScoped, TimestampedModel):
    """An item an area adds to the director's responsibility or service list (晋政民〔2024〕46号
    二（二））."""

    list = models.CharField(_("list"), max_length=20, choices=DutyList.choices)
    text = models.CharField(_("item"), max_length=300)
    division = models.ForeignKey("regions.Division", on_delete=models.PROTECT, related_name="+")
    division_code = models.CharField(max_length=12, db_index=True)
    retired_on = models.DateField(_("retired on"), null=True, blank=True)

    class Meta(CaseworkScoped.Meta):
        verbose_name = _("duty item")

    def __str__(self) -> str:
        return self.text


class DirectorEvaluation(CaseworkScoped, TimestampedModel):
    """A periodic evaluation of a child director (晋政民〔2024〕46号 二（二）: 定期组织评价并录入信息系统).

    `items` keeps the list items as scored: [{"code", "list", "text", "result", "note"}], so a later
    change of the lists does not rewrite past evaluations.
    """

    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="evaluations")
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    evaluated_on = models.DateField(_("evaluated on"))
    grade = models.CharField(_("grade"), max_length=20, choices=EvaluationGrade.choices)
    items = models.JSONField(default=list, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    division_code = models.CharField(max_length=12, db_index=True)  # the worker's home

    class Meta(CaseworkScoped.Meta):
        verbose_name = _("director evaluation")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="workforce_evaluation_period_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.worker} {self.period_start}–{self.period_end}"


class ExplanationSummary(CaseworkScoped, TimestampedModel):
    """A city's collection of mismatch explanations, sent to the province (川民政厅 2020 专项行动实施方案
    四（二）:
    由市级民政部门汇总后……报省厅)."""

    division = models.ForeignKey("regions.Division", on_delete=models.PROTECT, related_name="+")
    division_code = models.CharField(max_length=12, db_index=True)
    note = models.TextField(_("covering note"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"))

    class Meta(CaseworkScoped.Meta):
        verbose_name = _("explanation summary")

    def __str__(self) -> str:
        return f"{self.division_code} {self.submitted_at:%Y-%m-%d}"


class MismatchExplanation(CaseworkScoped, TimestampedModel):
    """The written explanation a county or city files where its supervisors or directors do not
    match its townships or villages (川民政厅 2020 专项行动实施方案 四（二））. The figures are those of the
    filing day."""

    division = models.ForeignKey("regions.Division", on_delete=models.PROTECT, related_name="+")
    division_code = models.CharField(max_length=12, db_index=True)
    kind = models.CharField(_("mismatch"), max_length=20, choices=MismatchKind.choices)
    as_of = models.DateField(_("figures of"))
    units = models.PositiveIntegerField(_("units"))
    people = models.PositiveIntegerField(_("people"))
    covered = models.PositiveIntegerField(_("units covered"))
    text = models.TextField(_("explanation"))
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    summary = models.ForeignKey(
        ExplanationSummary, null=True, blank=True, on_delete=models.PROTECT, related_name="explanations"
    )

    class Meta(CaseworkScoped.Meta):
        verbose_name = _("mismatch explanation")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.division_code} {self.kind} {self.as_of}"

    @property
    def figures(self) -> tuple[int, int, int]:
        return self.units, self.people, self.covered

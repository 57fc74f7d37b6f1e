"""Institutions, township stations and children's homes; the villages a home serves; its activity log.
Data and constraints only. Every row carries the code of its division (`division_code`, indexed)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from seedling.access.models import CaseworkScoped
from seedling.core.models import TimestampedModel
from seedling.institutions.enums import ActivityKind, InstitutionKind


class Institution(CaseworkScoped, TimestampedModel):
    """An institution or service point (川民政厅 2020 专项行动实施方案 二; 云南 2018 实施方案 三级服务网;
    吉民发〔2018〕41号 二). 川民政厅 2020 专项行动实施方案 asks
    that their staffing (编制), people, facilities, equipment and services be known."""

    kind = models.CharField(_("kind"), max_length=20, choices=InstitutionKind.choices)
    name = models.CharField(_("name"), max_length=100)
    division = models.ForeignKey("regions.Division", on_delete=models.PROTECT, related_name="+")
    division_code = models.CharField(max_length=12, db_index=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("office phone"), max_length=20, blank=True)
    staffing_quota = models.PositiveIntegerField(_("staffing quota"), null=True, blank=True)  # 编制
    actual_staff = models.PositiveIntegerField(_("staff in post"), default=0)  # 实有人员
    # 儿童社工 (云南 2018 实施方案)
    social_workers = models.PositiveIntegerField(_("child social workers"), default=0)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)  # 床位 / 容纳人数
    occupancy = models.PositiveIntegerField(_("occupancy"), null=True, blank=True)  # 在院 / 在站人数
    facilities = models.TextField(_("facilities"), blank=True)
    equipment = models.TextField(_("equipment"), blank=True)
    services = models.JSONField(_("services"), default=list, blank=True)  # Service values
    services_note = models.TextField(_("services, other"), blank=True)
    opened_on = models.DateField(_("opened on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    # The five haves of children's homes and township stations (吉民发〔2018〕41号 二（三））; the name is
    # checked.
    has_premises = models.BooleanField(_("fixed, safe premises"), default=False)
    has_equipment = models.BooleanField(_("necessary equipment"), default=False)
    has_rules = models.BooleanField(_("rules, activity plan and emergency plans"), default=False)
    manager = models.ForeignKey(
        "workforce.Worker",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("manager (from the roster)"),
    )
    manager_name = models.CharField(_("manager"), max_length=50, blank=True)
    open_hours = models.CharField(_("opening hours"), max_length=100, blank=True)

    class Meta(CaseworkScoped.Meta):
        verbose_name = _("institution")
        indexes = [models.Index(fields=["kind", "division_code"], name="institution_kind_code_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def has_manager(self) -> bool:
        return self.manager_id is not None or bool(self.manager_name.strip())


class HomeCoverage(CaseworkScoped):
    """A village a children's home serves: its own, and for a regional home the others (吉民发〔2018〕41号
    二（一）: 儿童数量在100个以下的村（社区）可联合建立区域性儿童之家). One row per village, filed there."""

    home = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="covered")
    division = models.ForeignKey("regions.Division", on_delete=models.PROTECT, related_name="+")
    division_code = models.CharField(max_length=12, db_index=True)

    class Meta(CaseworkScoped.Meta):
        verbose_name = _("village served")
        constraints = [
            models.UniqueConstraint(fields=["home", "division_code"], name="institutions_one_row_per_village")
        ]

    def __str__(self) -> str:
        return f"{self.home_id} → {self.division_code}"


class HomeActivity(CaseworkScoped, TimestampedModel):
    """One entry of a children's home's activity log (吉民发〔2018〕41号 二（二）; 云南 2018 实施方案
    儿童之家①②)."""

    home = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="activities")
    held_on = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=ActivityKind.choices)
    title = models.CharField(_("activity"), max_length=100)
    participants = models.PositiveIntegerField(_("participants"), default=0)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    division_code = models.CharField(max_length=12, db_index=True)  # the home's

    class Meta(CaseworkScoped.Meta):
        verbose_name = _("activity")

    def __str__(self) -> str:
        return f"{self.held_on} {self.title}"


class VillageChildCount(CaseworkScoped):
    """How many children live in a village or community in a year, as the county has it (统计年报,
    a census, the township's count). The children's-home rule H-1 applies to the latest figure
    (民函〔2018〕4号 全国示范县指导标准; 吉民发〔2018〕41号 二（一）: 儿童数量在100个以上的村（社区）
    应设立儿童之家); Seedling's files hold only the children who need care, so they cannot give it.
    One row per village and year; `version` counts saves (a stale edit is refused)."""

    division = models.ForeignKey("regions.Division", on_delete=models.PROTECT, related_name="+")
    division_code = models.CharField(max_length=12, db_index=True)
    year = models.PositiveSmallIntegerField(_("year"))
    children = models.PositiveIntegerField(_("number of children"))
    source = models.CharField(_("source"), max_length=100)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField(_("entered at"))
    version = models.PositiveIntegerField(default=1)

    class Meta(CaseworkScoped.Meta):
        verbose_name = _("village child population")
        constraints = [
            models.UniqueConstraint(fields=["division_code", "year"], name="institutions_one_count_per_year"),
            models.CheckConstraint(
                condition=models.Q(children__lte=100_000), name="institutions_child_count_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.division_code} {self.year}: {self.children}"

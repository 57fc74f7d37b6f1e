"""Divisions and their code changes. Data and constraints only."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from seedling.access.actor import Purpose
from seedling.access.models import Scoped
from seedling.core import division_codes as codes


class Level(models.IntegerChoices):
    # Levels of the NBS statistical division table (统计用区划代码), 川民政厅 2020 专项行动实施方案 三.
    PROVINCE = codes.PROVINCE, _("Province")  # 省级
    CITY = codes.CITY, _("City")  # 地级
    COUNTY = codes.COUNTY, _("County")  # 县级
    TOWNSHIP = codes.TOWNSHIP, _("Township")  # 乡级（乡镇、街道）
    VILLAGE = codes.VILLAGE, _("Village")  # 村级（村委会、居委会）


class Division(Scoped):
    """One unit of the division table. The 12-digit code is the key and the scope path.

    A code that disappears from a new edition is retired, never deleted: children's files and
    accounts keep pointing at it until they are moved (川民政厅 2020 专项行动实施方案, attachment 1: code
    change tables).
    """

    code = models.CharField(_("division code"), max_length=12, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", db_index=True
    )
    edition = models.CharField(_("edition"), max_length=10, help_text="NBS edition year, e.g. 2023")
    retired_on = models.DateField(_("retired on"), null=True, blank=True)

    scope_field = "code"
    scope_purpose = Purpose.AREA

    class Meta(Scoped.Meta):
        verbose_name = _("division")
        verbose_name_plural = _("divisions")
        ordering = ["code"]
        indexes = [models.Index(fields=["name"], name="division_name_idx")]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"

    @property
    def prefix(self) -> str:
        return codes.prefix_of(self.code)

    @property
    def is_active(self) -> bool:
        return self.retired_on is None


class DivisionChange(Scoped):
    """What a load of the division table changed: the record 川民政厅 2020 专项行动实施方案 asks counties to
    report."""

    class Kind(models.TextChoices):
        ADDED = "added", _("added")  # 新增
        RENAMED = "renamed", _("renamed")  # 更名
        MOVED = "moved", _("moved")  # 隶属关系变更
        RETIRED = "retired", _("retired")  # 撤销
        RESTORED = "restored", _("restored")  # 恢复

    code = models.CharField(max_length=12, db_index=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    edition = models.CharField(max_length=10)
    old_name = models.CharField(max_length=100, blank=True)
    new_name = models.CharField(max_length=100, blank=True)
    old_parent_code = models.CharField(max_length=12, blank=True)
    new_parent_code = models.CharField(max_length=12, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    scope_field = "code"
    scope_purpose = Purpose.AREA

    class Meta(Scoped.Meta):
        ordering = ["-recorded_at", "code"]

    def __str__(self) -> str:
        return f"{self.kind} {self.code}"

"""Enumerations of verification. Values are stored: never rename one."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RoundFileState(models.TextChoices):
    PENDING = "pending", _("待核实")
    VERIFIED = "verified", _("已核实")
    APPROVED = "approved", _("乡镇已审核")
    RETURNED = "returned", _("乡镇退回")


class SpotLevel(models.TextChoices):
    CITY = "city", _("市级抽查")
    PROVINCE = "province", _("省级抽查")


class SpotResult(models.TextChoices):
    PENDING = "pending", _("待抽查")
    AGREES = "agrees", _("一致")
    DISAGREES = "disagrees", _("不一致")


class Section(models.TextChoices):
    # The ledger's sections (晋政民〔2024〕46号 attachment 《个人信息台账》), one tap each door to door.
    BASIC = "basic", _("儿童基本信息")
    PARENTS = "parents", _("父母及家庭情况")
    CAREGIVER = "caregiver", _("委托照护人情况")
    PAIRING = "pairing", _("结对信息")
    ASSISTANCE = "assistance", _("救助帮扶情况")
    OTHER = "other", _("关爱需求及其他")


SECTIONS = tuple(Section.values)

"""Enumerations of visits, risk history, urgent reports and care needs. Values English, labels Chinese."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class VisitMode(models.TextChoices):
    # docs/rules/file.md#e1-e4: normalise visits with a mode (入户 / 电话 / 微信); 晋政民〔2024〕46号: 联系
    # and 走访.
    HOME = "home", _("入户")
    PHONE = "phone", _("电话")
    WECHAT = "wechat", _("微信")


class UrgentTrigger(models.TextChoices):
    # docs/rules/workflow.md#mandatory-reporting mandatory-reporting triggers found on a visit.
    ALONE_UNDER_16 = "alone_under_16", _("未满16周岁单独居住生活")
    MISSING = "missing", _("儿童失踪")
    VIOLENCE = "violence", _("疑似遭受暴力")


class NeedArea(models.TextChoices):
    # 晋政民〔2024〕46号 二（三）: 落实儿童关爱需求清单; 关爱服务需求 on the ledger (F).
    STUDY = "study", _("学业")
    PSYCHOLOGY = "psychology", _("心理")
    HEALTH = "health", _("健康")
    LIFE = "life", _("生活")
    SAFETY = "safety", _("安全")
    GUARDIANSHIP = "guardianship", _("监护")
    ASSISTANCE = "assistance", _("救助")
    OTHER = "other", _("其他")

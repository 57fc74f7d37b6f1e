"""Institutions code sets. Each value is stable (stored, exported, used by the API)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from seedling.audit.enums import Action
from seedling.core import division_codes as codes
from seedling.institutions import rules


class InstitutionKind(models.TextChoices):
    # 儿童福利机构: 儿童福利院、设有儿童部的社会福利院等 (川民政厅 2020 专项行动实施方案 二).
    CHILD_WELFARE = "child_welfare", _("Child welfare institution")
    # 未成年人救助保护机构: 未成年人（救助）保护中心、设有未成年人救助保护科（室）的救助管理站等
    # (川民政厅 2020 专项行动实施方案 二).
    PROTECTION_CENTRE = "protection_centre", _("Minor protection centre")
    # 县级儿童福利服务指导中心 (云南 2018 实施方案 二（二）、（三）: 1–2 staff).
    GUIDANCE_CENTRE = "guidance_centre", _("County child-welfare guidance centre")
    # 乡镇（街道）儿童活动中心（未成年人保护工作站）(吉民发〔2018〕41号 二), 儿童福利服务工作站 (云南 2018
    # 实施方案 二（二）).
    TOWNSHIP_STATION = rules.TOWNSHIP_STATION, _("Township children's centre or protection station")
    # 村（社区）儿童之家 (云南 2018 实施方案 二（二）, 吉民发〔2018〕41号 二).
    CHILDRENS_HOME = rules.CHILDRENS_HOME, _("Children's home")


# The division levels each kind sits at.
KIND_LEVELS: dict[str, frozenset[int]] = {
    InstitutionKind.CHILD_WELFARE: frozenset({codes.PROVINCE, codes.CITY, codes.COUNTY}),
    InstitutionKind.PROTECTION_CENTRE: frozenset({codes.PROVINCE, codes.CITY, codes.COUNTY}),
    InstitutionKind.GUIDANCE_CENTRE: frozenset({codes.COUNTY}),
    InstitutionKind.TOWNSHIP_STATION: frozenset({codes.TOWNSHIP}),
    InstitutionKind.CHILDRENS_HOME: frozenset({codes.VILLAGE}),
}
# Service points whose children's-home checklist (five haves) applies (吉民发〔2018〕41号 二（三））.
PLATFORMS = frozenset({InstitutionKind.TOWNSHIP_STATION, InstitutionKind.CHILDRENS_HOME})


class Service(models.TextChoices):
    # Functions of 儿童之家（儿童活动中心）, 吉民发〔2018〕41号 二（二） 1–6.
    FILES = "files", _("Children's files")  # 建立儿童档案
    REFERRAL = "referral", _("Referral to specialised agencies")  # 转介
    HEALTH_SAFETY = "health_safety", _("Health, guardianship and safety education")  # 宣传教育和技能指导
    LAW_AND_COUNSEL = "law_and_counsel", _("Legal and moral education, psychological guidance")
    PREVENTION = "prevention", _("Prevention of bad behaviour")  # 不良行为预防和矫治
    ACTIVITIES = "activities", _("Recreation, sport, culture, reading and social practice")
    # 儿童之家② (云南 2018 实施方案): 台账、走访、监护评估指导、心理疏导；家庭教育指导培训每年不少于四次.
    VISITS = "visits", _("Visits and guardianship guidance")
    FAMILY_EDUCATION = "family_education", _("Family education")
    # Institutions and centres (云南 2018 实施方案 能力建设·工作机构; 川民政厅 2020 专项行动实施方案 二).
    TEMPORARY_CARE = "temporary_care", _("Temporary guardianship care")  # 临时监护照料
    LONG_TERM_CARE = "long_term_care", _("Long-term upbringing")  # 长期养育
    REHABILITATION = "rehabilitation", _("Rehabilitation")  # 康复
    SPECIAL_EDUCATION = "special_education", _("Special education")  # 特殊教育
    CASE_ASSESSMENT = "case_assessment", _("Case assessment and assistance")  # 个案评估帮扶
    HOTLINE = "hotline", _("Child protection hotline")  # 未成年人保护热线
    GUIDANCE = "guidance", _("Policy support, technical guidance and training")  # 政策支持、技术指导、培训


class ActivityKind(models.TextChoices):
    # 吉民发〔2018〕41号 二（二）6: 娱乐、体育、文化、艺术、阅读、社会实践等活动.
    RECREATION = "recreation", _("Recreation, sport or culture")
    READING = "reading", _("Reading")
    # 吉民发〔2018〕41号 二（二）3–4: 宣传教育、法治教育、心理健康指导.
    EDUCATION = "education", _("Safety, health or legal education")
    COUNSELLING = "counselling", _("Psychological guidance")
    # 云南 2018 实施方案 儿童之家②: 家庭教育指导培训，每年不少于四次.
    FAMILY_EDUCATION = "family_education", _("Family education session")
    OTHER = "other", _("Other")


class AuditAction:
    """Audit actions of the institutions registry: members of audit.enums.Action."""

    CREATED = Action.INSTITUTION_CREATED
    UPDATED = Action.INSTITUTION_UPDATED
    CLOSED = Action.INSTITUTION_CLOSED
    COVERAGE_CHANGED = Action.HOME_COVERAGE_CHANGED
    ACTIVITY_RECORDED = Action.HOME_ACTIVITY_RECORDED
    CHILD_COUNT_SET = Action.CHILD_COUNT_SET

"""Labels of the protection enumerations. Values are the rules' (seedling.protection.rules)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Trigger(models.TextChoices):
    # docs/rules/protection.md#r-1.
    ALONE = "alone", _("脱离监护单独居住生活")
    MISSING = "missing", _("儿童失踪")
    GUARDIAN_FAILING = "guardian_failing", _("监护人丧失监护能力或不履行监护责任")
    DOMESTIC_VIOLENCE = "domestic_violence", _("疑似遭受家庭暴力")
    HARM = "harm", _("遭受或疑似遭受不法侵害、面临危险")
    SEXUAL_HARM = "sexual_harm", _("疑似遭受性侵害")
    POOR_GUARDIANSHIP = "poor_guardianship", _("无人监护或监护情况较差")
    OUT_OF_SCHOOL = "out_of_school", _("失辍学")
    NO_HUKOU = "no_hukou", _("无户籍")
    ILL_OR_DISABLED = "ill_or_disabled", _("患病或残疾")


class Urgency(models.TextChoices):
    IMMEDIATE = "immediate", _("立即")
    URGENT = "urgent", _("紧急")
    ROUTINE = "routine", _("一般")


class Source(models.TextChoices):
    VILLAGE = "village", _("儿童主任报告")
    WORKER = "worker", _("乡镇、县级工作人员发现")
    HOTLINE = "hotline", _("未成年人保护热线")
    VISIT = "visit", _("走访发现")


class Step(models.TextChoices):
    POLICE = "police", _("报告公安")
    ASSIGN = "assign", _("指派")
    EMERGENCY = "emergency", _("应急处置")
    PLACEMENT = "placement", _("临时照料安置")
    ASSESSMENT = "assessment", _("调查评估")
    PLAN = "plan", _("帮扶方案")
    REFERRAL = "referral", _("转介")
    INTERVENTION = "intervention", _("监护干预")
    FOLLOW_UP = "follow_up", _("回访")
    CLOSURE = "closure", _("结案")


class Body(models.TextChoices):
    # Bodies a case is referred to (云南 2018 实施方案: 民政、公安、教育、卫计、司法、妇联、残联).
    EDUCATION = "education", _("教育部门")
    HEALTH = "health", _("卫生健康部门")
    POLICE = "police", _("公安机关")
    COURT = "court", _("人民法院")
    WOMEN = "women", _("妇联")
    DISABLED = "disabled", _("残联")
    OTHER = "other", _("其他")


class Placement(models.TextChoices):
    # 未成年人保护法第93条: kinship care, foster care, a rescue / welfare institution.
    KIN = "kin", _("亲属照料")
    FOSTER = "foster", _("家庭寄养")
    INSTITUTION = "institution", _("未成年人救助保护机构或儿童福利机构")


class Intervention(models.TextChoices):
    # 云南 2018 实施方案 监护干预; 未成年人保护法第92、94条 (state guardianship,
    # docs/rules/protection.md#r-3).
    EDUCATION = "education", _("批评教育、督促监护")
    WARNING = "warning", _("书面告诫、训诫")
    REVOKE = "revoke", _("申请撤销监护资格")
    TEMPORARY = "temporary", _("民政部门临时监护")
    LONG_TERM = "long_term", _("民政部门长期监护")


class RiskConclusion(models.TextChoices):
    HIGH = "high", _("高")
    MEDIUM = "medium", _("中")
    LOW = "low", _("低")


class CaseStatus(models.TextChoices):
    OPEN = "open", _("办理中")
    CLOSED = "closed", _("已结案")


class Applicant(models.TextChoices):
    GUARDIAN = "guardian", _("监护人")
    RELATIVE = "relative", _("受监护人委托的近亲属")
    VILLAGE = "village", _("村（居）民委员会")


class AppCategory(models.TextChoices):
    ORPHAN = "orphan", _("孤儿")
    UNSUPPORTED = "de_facto_unsupported", _("事实无人抚养儿童")


class AppStatus(models.TextChoices):
    RECEIVED = "received", _("已受理，待推送户籍地")  # cross-province, at the receiving township
    VERIFYING = "verifying", _("待乡镇查验")
    VERIFIED = "verified", _("待县级确认")
    CONFIRMED = "confirmed", _("已确认")
    REFUSED = "refused", _("不予确认")
    ENDED = "ended", _("已停发")

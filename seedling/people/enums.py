"""Enumerations of the personal file. Values are English identifiers; labels are the ledger's Chinese.

Each cites its source, the notice or standard in brackets (docs/rules/README.md#the-notices; the code sets
in docs/rules/file.md#code-sets).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from seedling.core import sensitivity


class Sex(models.TextChoices):
    MALE = "male", _("男")  # GB/T 2261.1 code 1; odd 17th ID digit
    FEMALE = "female", _("女")  # GB/T 2261.1 code 2; even 17th ID digit


class Residence(models.TextChoices):
    # Where a left-behind woman lives (川民政厅 2020 专项行动实施方案 二: "本人留在农村居住生活"), which is
    # not her 户籍: docs/rules/eligibility.md#lbw-rural-left-behind-women.
    RURAL = "rural", _("农村")
    URBAN = "urban", _("城镇")


class HukouType(models.TextChoices):
    # [晋政民〔2024〕46号] A7 户籍类别; also accepted on import: 农业/非农业, 农村/城镇.
    RURAL = "rural", _("农村户")
    URBAN = "urban", _("城市户")


class Schooling(models.TextChoices):
    # [晋政民〔2024〕46号] A10 就学情况, codes from the 2016 census form (docs/rules/file.md#code-sets).
    NOT_IN_KINDERGARTEN = "not_in_kindergarten", _("未入园")
    KINDERGARTEN = "kindergarten", _("幼儿园")
    PRIMARY = "primary", _("小学")
    JUNIOR_SECONDARY = "junior_secondary", _("初中")
    SENIOR_SECONDARY = "senior_secondary", _("高中")
    VOCATIONAL = "vocational", _("中职")
    HIGHER = "higher", _("高等教育")
    SPECIAL = "special", _("特殊教育")
    DROPPED_OUT = "dropped_out", _("辍学")  # [吉民发〔2018〕41号]: needs an explanation
    NOT_IN_SCHOOL = "not_in_school", _("不在学")  # [吉民发〔2018〕41号]: needs an explanation
    SUSPENDED = "suspended", _("休学")
    OTHER = "other", _("其他")


OUT_OF_SCHOOL = frozenset({Schooling.DROPPED_OUT, Schooling.NOT_IN_SCHOOL})


class Boarding(models.TextChoices):
    BOARDER = "boarder", _("寄宿生")  # [晋政民〔2024〕46号] A11
    DAY = "day", _("非寄宿生")


class Health(models.TextChoices):
    # [晋政民〔2024〕46号] A13 健康情况 (multi-select).
    HEALTHY = "healthy", _("健康")
    WEAK = "weak", _("一般或较弱")
    SERIOUS_ILLNESS = "serious_illness", _("重病")
    CHRONIC = "chronic", _("慢性病")
    DISABLED = "disabled", _("残疾")
    OTHER = "other", _("其他")


class DisabilityCategory(models.TextChoices):
    # GB/T 26341-2010 categories on the 残疾人证.
    VISUAL = "visual", _("视力")
    HEARING = "hearing", _("听力")
    SPEECH = "speech", _("言语")
    PHYSICAL = "physical", _("肢体")
    INTELLECTUAL = "intellectual", _("智力")
    MENTAL = "mental", _("精神")
    MULTIPLE = "multiple", _("多重")


class DisabilityGrade(models.IntegerChoices):
    GRADE_1 = 1, _("一级")  # most severe
    GRADE_2 = 2, _("二级")
    GRADE_3 = 3, _("三级")
    GRADE_4 = 4, _("四级")


class SingleParent(models.TextChoices):
    # [晋政民〔2024〕46号] A9 是否单亲家庭.
    NO = "no", _("否")
    MOTHER = "mother", _("单亲母亲家庭")
    FATHER = "father", _("单亲父亲家庭")


class GuardianshipStatus(models.TextChoices):
    # [晋政民〔2024〕46号] A12 监护情况; 监护不到位 asks for the situation (监护不到位情形).
    GOOD = "good", _("监护情况良好")
    FAIR = "fair", _("监护情况一般")
    INADEQUATE = "inadequate", _("监护不到位")


class HarmKind(models.TextChoices):
    # [川民政厅 2020 专项行动实施方案] 困境儿童 third kind: harm from absent or improper guardianship.
    ABUSE = "abuse", _("虐待")
    ABANDONMENT = "abandonment", _("遗弃")
    ACCIDENTAL_INJURY = "accidental_injury", _("意外伤害")
    UNLAWFUL_HARM = "unlawful_harm", _("不法侵害")


class ParentRole(models.TextChoices):
    FATHER = "father", _("父亲")
    MOTHER = "mother", _("母亲")


class ParentHealth(models.TextChoices):
    HEALTHY = "healthy", _("健康")  # [晋政民〔2024〕46号] B5
    UNHEALTHY = "unhealthy", _("不健康")


class SituationKind(models.TextChoices):
    # [晋政民〔2024〕46号] B6 特殊情况, plus 外出务工 and the two 民发〔2020〕125号 additions
    # (docs/rules/eligibility.md#parent-situations).
    AWAY_WORK = "away_work", _("外出务工")
    DEAD = "dead", _("死亡")
    MISSING = "missing", _("失踪")
    SERIOUS_ILLNESS = "serious_illness", _("重病")
    SEVERE_DISABILITY = "severe_disability", _("重残")
    LOST_CONTACT = "lost_contact", _("失联")
    IMPRISONED = "imprisoned", _("服刑在押")
    COMPULSORY_DETOX = "compulsory_detox", _("强制隔离戒毒")
    OTHER_RESTRICTION = "other_restriction", _("被执行其他限制人身自由的措施")
    GUARDIANSHIP_REVOKED = "guardianship_revoked", _("被撤销监护资格")
    DEPORTED = "deported", _("被遣送（驱逐）出境")
    UNKNOWN = "unknown", _("查找不到")  # [川民政厅 2020 专项行动实施方案] 孤儿: birth parents cannot be found
    OTHER = "other", _("其他")


TERM_SITUATIONS = frozenset(
    {SituationKind.IMPRISONED, SituationKind.COMPULSORY_DETOX, SituationKind.OTHER_RESTRICTION}
)


class CaregiverKind(models.TextChoices):
    # [晋政民〔2024〕46号] C1 委托照护人类型.
    GRANDPARENTS = "grandparents", _("祖父母、外祖父母")
    RELATIVES_FRIENDS = "relatives_friends", _("亲戚朋友")
    NONE = "none", _("无委托照护")


class CaregiverReason(models.TextChoices):
    # [晋政民〔2024〕46号] C3 委托照料原因.
    BOTH_AWAY = "both_away", _("父母双方同时外出")
    ONE_AWAY_OTHER_INCAPABLE = "one_away_other_incapable", _("父母一方外出，另一方无监护能力")
    BOTH_INCAPABLE = "both_incapable", _("父母双方无监护能力")


class RiskLevel(models.TextChoices):
    # [晋政民〔2024〕46号] C4 家庭监护风险等级; drives visit frequency
    # (docs/rules/workflow.md#visit-frequency-by-risk).
    LOW = "low", _("低风险")
    MEDIUM = "medium", _("中风险")
    HIGH = "high", _("高风险")


class Benefit(models.TextChoices):
    # [晋政民〔2024〕46号] A15 享受救助情况 / B8 家庭享受补助情况, each with a monthly amount.
    ORPHAN = "orphan", _("孤儿")
    DE_FACTO_UNSUPPORTED = "de_facto_unsupported", _("事实无人抚养儿童")
    DIBAO = "dibao", _("低保")
    TEKUN = "tekun", _("特困")
    DISABILITY = "disability", _("残疾")
    TEMPORARY = "temporary", _("临时")
    OTHER = "other", _("其他")
    NONE = "none", _("无")  # excludes every other option (V-3)


class DeclaredCategory(models.TextChoices):
    # Ledger 儿童类别（填报）: what the village declared; compared with the rules' determination.
    LEFT_BEHIND = "left_behind", _("农村留守儿童")
    IN_DIFFICULTY = "in_difficulty", _("困境儿童")
    DE_FACTO_UNSUPPORTED = "de_facto_unsupported", _("事实无人抚养儿童")
    IMPROPER_GUARDIANSHIP = "improper_guardianship", _("监护不当儿童")
    ORPHAN = "orphan", _("孤儿")
    HIV_INFECTED = "hiv_infected", _("艾滋病病毒感染儿童")


# Categories that name a sensitive condition (declaring a child HIV-infected discloses HIV status):
# they follow that condition's visibility (core.sensitivity.CATEGORY; access.visibility).
HEALTH_CATEGORIES = frozenset(c for c in DeclaredCategory if sensitivity.of_category(c) is not None)
LISTABLE_CATEGORIES = [(v, label) for v, label in DeclaredCategory.choices if v not in HEALTH_CATEGORIES]


class FileStatus(models.TextChoices):
    # Ledger 数据状态 (docs/ledger.md#export-columns).
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交")
    REVIEWED = "reviewed", _("已审核")
    RETURNED = "returned", _("已退回")
    MERGED = "merged", _("已合并")  # a duplicate folded into another file; kept for its history


class StepAction(models.TextChoices):
    # One transition of the file's status (docs/rules/workflow.md#record-workflow).
    SUBMITTED = "submitted", _("提交审核")
    RESUBMITTED = "resubmitted", _("重新提交")
    APPROVED = "approved", _("审核通过")
    RETURNED = "returned", _("退回")
    REOPENED = "reopened", _("修改后待重新提交")
    IMPORTED_REVIEWED = "imported_reviewed", _("县级导入，记为已审核")


class TransferStatus(models.TextChoices):
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已同意")
    REJECTED = "rejected", _("已拒绝")
    CANCELLED = "cancelled", _("已撤回")

"""Immutable facts the rules read. Enum values are the Chinese labels of the ledger workbook
(docs/ledger.md), so an importer can map a cell straight to a member.

Facts are a snapshot as recorded; only the parents' situations, harm events, schooling, death,
adoption and moving carry dates, because those are what make an answer change over time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class SituationKind(StrEnum):
    """A parent's (or husband's) special situation: ledger 父亲特殊情况 plus
    docs/rules/eligibility.md#parent-situations."""

    AWAY_WORK = "外出务工"  # includes 经商 (business away), docs/rules/eligibility.md#parent-situations
    DEAD = "死亡"  # natural death or court declaration of death
    MISSING = "失踪"  # court declaration of disappearance
    SERIOUS_ILLNESS = "重病"  # on the local disease list (policy)
    SEVERE_DISABILITY = "重残"  # see Disability.is_severe
    LOST_CONTACT = "失联"  # ``since`` = date 公安 accepted the missing-person report (Q8)
    IMPRISONED = "服刑在押"
    COMPULSORY_DETOX = "强制隔离戒毒"
    OTHER_RESTRICTION = "被执行其他限制人身自由的措施"
    GUARDIANSHIP_REVOKED = "被撤销监护资格"  # 民发〔2020〕125号 addition
    DEPORTED = "被遣送（驱逐）出境"  # 民发〔2020〕125号 addition
    # birth parent cannot be found (川民政厅 2020 专项行动实施方案 孤儿); not a ledger option
    UNKNOWN = "查找不到"
    OTHER = "其他"  # free text; never qualifies automatically


class DisabilityCategory(StrEnum):
    """GB/T 26341-2010 categories as printed on the 残疾人证."""

    VISUAL = "视力"
    HEARING = "听力"
    SPEECH = "言语"
    PHYSICAL = "肢体"
    INTELLECTUAL = "智力"
    MENTAL = "精神"
    MULTIPLE = "多重"


class HukouType(StrEnum):
    RURAL = "农村户"
    URBAN = "城市户"


class CaregiverKind(StrEnum):
    """Ledger 委托照护人类型 (晋政民〔2024〕46号)."""

    GRANDPARENTS = "祖父母、外祖父母"
    RELATIVES_FRIENDS = "亲戚朋友"
    NONE = "无委托照护"


class HarmKind(StrEnum):
    """Harm caused by absent or improper guardianship (川民政厅 2020 专项行动实施方案 二, 困境儿童 third
    kind)."""

    ABUSE = "虐待"
    ABANDONMENT = "遗弃"
    ACCIDENTAL_INJURY = "意外伤害"
    UNLAWFUL_HARM = "不法侵害"


class Schooling(StrEnum):
    """Ledger 就学情况."""

    NOT_IN_KINDERGARTEN = "未入园"
    KINDERGARTEN = "幼儿园"
    PRIMARY = "小学"
    JUNIOR_SECONDARY = "初中"
    SENIOR_SECONDARY = "高中"
    VOCATIONAL_SECONDARY = "中职"
    HIGHER = "高等教育"
    SPECIAL = "特殊教育"
    DROPPED_OUT = "辍学"
    NOT_IN_SCHOOL = "不在学"
    SUSPENDED = "休学"
    OTHER = "其他"


_GRADE_ZH = ("", "一级", "二级", "三级", "四级")


@dataclass(frozen=True, slots=True)
class Disability:
    """A valid 残疾人证: category and grade 1 (most severe) to 4."""

    category: DisabilityCategory
    grade: int

    @property
    def is_severe(self) -> bool:
        # 民发〔2019〕62号 as restated by 粤民规字〔2019〕10号: 重残 = grade 1-2 of any category, or
        # grade 3-4 intellectual or mental disability.
        if self.grade <= 2:
            return True
        return self.category is DisabilityCategory.INTELLECTUAL or self.category is DisabilityCategory.MENTAL

    def __format__(self, spec: str) -> str:
        return f"{self.category}残疾{_GRADE_ZH[self.grade]}"


def _day(d: date | None) -> str:
    return "日期不详" if d is None else d.isoformat()


@dataclass(frozen=True, slots=True)
class Situation:
    """One dated situation of a parent or husband.

    ``since``: start (departure, custody start, death, report acceptance for 失联). ``until``: the
    first day it no longer holds (returned, released early, found, recovered); for custody without
    ``until`` the term end ``since + term_months`` is used. ``term_months``: the imposed term of
    服刑在押 / 强制隔离戒毒 / other restriction (Q8). ``fulfils_duties``: the parent still
    performs support (失联 and 被遣送出境 then do not count, 民发〔2020〕125号).
    """

    kind: SituationKind
    since: date | None = None
    until: date | None = None
    term_months: int | None = None
    disability: Disability | None = None
    illness: str | None = None
    fulfils_duties: bool = False

    def describe(self) -> str:
        """Plain Chinese description used in reason messages."""
        kind = self.kind
        if kind is SituationKind.SEVERE_DISABILITY:
            detail = "残疾类别等级未填写" if self.disability is None else format(self.disability)
            return f"{kind}（{detail}）"
        if kind is SituationKind.SERIOUS_ILLNESS:
            return f"{kind}（{self.illness or '病种未填写'}）"
        if kind is SituationKind.DEAD or kind is SituationKind.MISSING:
            return f"{kind}（{_day(self.since)}）"
        since, until = self.since, self.until
        if since is not None:
            span = (
                f"自{since.isoformat()}起" if until is None else f"{since.isoformat()}至{until.isoformat()}"
            )
        else:
            span = "" if until is None else f"至{until.isoformat()}"
        if self.term_months is not None:
            span = f"期限{self.term_months}个月，{span}" if span else f"期限{self.term_months}个月"
        return f"{kind}（{span}）" if span else str(kind)

    def __format__(self, spec: str) -> str:
        return self.describe()


@dataclass(frozen=True, slots=True)
class RelativeFacts:
    """A father, mother or husband, as far as the rules care: dated situations."""

    situations: tuple[Situation, ...] = ()


NO_SITUATIONS = RelativeFacts()


@dataclass(frozen=True, slots=True)
class Caregiver:
    """Entrusted caregiver of a left-behind child (ledger section C)."""

    kind: CaregiverKind
    # name and phone recorded (吉民发〔2018〕41号: missing entrusted-guardian info)
    contact_complete: bool = True


@dataclass(frozen=True, slots=True)
class Household:
    dibao: bool = False  # household in 最低生活保障
    tekun: bool = False  # child in 特困人员救助供养


NO_BENEFITS = Household()


@dataclass(frozen=True, slots=True)
class HarmEvent:
    """Abuse, abandonment, accidental injury or unlawful harm; ``resolved_on``: assessed safe."""

    kind: HarmKind
    on: date | None  # None: the date is not known yet (the harm still counts)
    resolved_on: date | None = None


@dataclass(frozen=True, slots=True)
class ChildFacts:
    dob: date
    hukou: HukouType | None = None
    father: RelativeFacts = NO_SITUATIONS
    mother: RelativeFacts = NO_SITUATIONS
    caregiver: Caregiver | None = None
    lives_alone: bool = False
    household: Household = NO_BENEFITS
    disability: Disability | None = None  # the child's own 残疾人证
    hiv: bool = False
    harm: tuple[HarmEvent, ...] = ()
    schooling: Schooling | None = None
    schooling_until: date | None = None  # expected end of the current study (post-18 continuation)
    joined_parent_on: date | None = None  # moved to live with a working-away parent (LB-X3)
    died_on: date | None = None
    adopted_on: date | None = None  # 收养登记 date


@dataclass(frozen=True, slots=True)
class WomanFacts:
    """A possible rural left-behind woman (川民政厅 2020 专项行动实施方案 二 农村留守妇女)."""

    dob: date
    resides_rural: bool | None = True  # 本人留在农村居住生活; None: where she lives is not recorded
    husband: RelativeFacts = NO_SITUATIONS
    died_on: date | None = None

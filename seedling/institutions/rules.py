"""Children's homes and township stations: the "five haves" and coverage, in pure Python (no Django).

- The five haves (五有, 吉民发〔2018〕41号 二（三））: a unified name ("XX村（社区）儿童之家",
  "XX乡镇（街道）儿童活动中心（未成年人保护工作站）") with no labelling words such as "留守儿童" or
  "困境儿童"; fixed, safe premises; the necessary equipment; a dedicated manager; basic rules, an
  activity plan and emergency plans.
- Coverage (H-1, 民函〔2018〕4号 全国示范县指导标准 儿童之家①, 吉民发〔2018〕41号 二（一））: a village or
community with
  100 or more children (儿童数量在100个以上, "以上" includes 100,
docs/rules/README.md#inclusive-and-exclusive-words and docs/rules/coverage.md#q14-exactly-100-children) must
have
  its own children's home; one with fewer may share a regional home or rely on a nearby one, as long
  as all its children are covered. The count is the village's child population (all its children, a
  dated figure the county keeps, `ChildFigure`), never the children filed in Seedling; a village
  without a figure is reported as "无儿童人口数据" and never passed, even when a regional home covers it.
- Shares (H-2/H-3, 云南 2018 实施方案): the percentage of villages (村) and of communities (社区) that have a
  home of their own (设有儿童之家), and of all units covered by some home.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Final

from seedling.core import division_codes as codes
from seedling.core.reasons import Reason, register
from seedling.workforce.coverage import Tree, Unit, pct
from seedling.workforce.rules import S003, S004

CHILDRENS_HOME: Final = "childrens_home"  # 儿童之家
TOWNSHIP_STATION: Final = "township_station"  # 儿童活动中心 / 未成年人保护工作站 / 儿童福利服务工作站
NAMED_PLATFORMS: Final = frozenset({CHILDRENS_HOME, TOWNSHIP_STATION})

# 吉民发〔2018〕41号 names two ("不得出现'留守儿童'、'困境儿童'等具有标签化的标识"); its "等" is read to cover
# the
# other registry categories, which label a child the same way. A province may pass its own list.
LABELLING_WORDS: Final = ("留守", "困境", "孤儿", "事实无人抚养", "贫困", "残疾", "艾滋")
# Unified names (吉民发〔2018〕41号 二（三））; 云南 2018 实施方案 calls the township node 儿童福利服务工作站.
UNIFIED_SUFFIXES: Final = {
    CHILDRENS_HOME: ("儿童之家",),
    TOWNSHIP_STATION: ("儿童活动中心", "未成年人保护工作站", "儿童福利服务工作站"),
}
_FIVE_HAVES = S004 + "二（三）“五有”"
_H1 = S003 + "附件2 全国示范县指导标准·儿童之家①；" + S004 + "二（一）（“100个以上”含100）"

# Every reason code of this module (seedling.core.reasons), registered below.
CATALOGUE: Final = {
    "NAME.LABELLING": (
        "名称中不得出现{0}等标签化字样，请统一命名为“{1}”。",
        _FIVE_HAVES + "：有统一名称，不得出现“留守儿童”“困境儿童”等具有标签化的标识",
    ),
    "NAME.UNIFIED": ("名称符合统一命名", _FIVE_HAVES),
    "NAME.NOT_UNIFIED": (
        "名称应为“所在村（社区）或乡镇（街道）名称 + {0}”的统一格式",
        _FIVE_HAVES
        + "：统一命名为“XX乡镇（街道）儿童活动中心（未成年人保护工作站）”和“XX村（社区）儿童之家”",
    ),
    "FIVE.PREMISES.MET": ("有固定场所，符合通风、采光和消防安全要求", _FIVE_HAVES),
    "FIVE.PREMISES.NOT_MET": ("尚无符合通风、采光和消防安全要求、无安全隐患的固定场所", _FIVE_HAVES),
    "FIVE.EQUIPMENT.MET": ("已配齐开展活动所需的基本设施设备", _FIVE_HAVES),
    "FIVE.EQUIPMENT.NOT_MET": (
        "尚未配齐桌椅、图书架、图书玩具、文体器材、电脑、档案柜等基本设施设备",
        _FIVE_HAVES,
    ),
    "FIVE.MANAGER.MET": ("已指定专人管理", _FIVE_HAVES),
    "FIVE.MANAGER.NOT_MET": ("尚未指定专人管理", _FIVE_HAVES),
    "FIVE.RULES.MET": ("已建立管理制度、活动计划和应对灾害、意外伤害等事件的预案", _FIVE_HAVES),
    "FIVE.RULES.NOT_MET": ("尚未建立管理制度、活动计划或应急预案", _FIVE_HAVES),
    "HOME.OWN_REQUIRED_MET": ("儿童{0}人（100人以上），已设立本村（社区）儿童之家", _H1),
    "HOME.NEEDS_OWN": ("儿童{0}人（100人以上），应设立本村（社区）儿童之家，{1}", _H1),
    "HOME.OWN": ("已设立本村（社区）儿童之家", _H1),
    "HOME.REGIONAL": ("由区域性儿童之家覆盖", _H1),
    "HOME.UNCOVERED_COUNT_UNKNOWN": ("没有儿童之家覆盖；无儿童人口数据，无法判断是否须单独设立", _H1),
    "HOME.REGIONAL_COUNT_UNKNOWN": (
        "由区域性儿童之家覆盖；无儿童人口数据，无法判断是否须单独设立本村（社区）儿童之家",
        _H1,
    ),
    "HOME.OWN_COUNT_UNKNOWN": ("已设立本村（社区）儿童之家；无儿童人口数据", _H1),
    "HOME.UNCOVERED": (
        "儿童{0}人（不足100人），可联合建立区域性儿童之家或就近依托，但须覆盖全部儿童",
        _H1,
    ),
}
register(CATALOGUE)


def labelling_words_in(name: str, words: Iterable[str] = LABELLING_WORDS) -> tuple[str, ...]:
    """The labelling words that occur in `name`, in list order."""
    compact = "".join(name.split())
    return tuple(w for w in words if w in compact)


def labelling_reason(name: str, kind: str, words: Iterable[str] = LABELLING_WORDS) -> Reason | None:
    """The reason a children's home or township station may not carry `name`, or None.

    Only the service platforms of 吉民发〔2018〕41号 are checked (儿童之家, 儿童活动中心 /
    未成年人保护工作站);
    institutions keep their registered names (儿童福利院 …).
    """
    if kind not in NAMED_PLATFORMS:
        return None
    found = labelling_words_in(name, words)
    if not found:
        return None
    example = (
        "XX村（社区）儿童之家"
        if kind == CHILDRENS_HOME
        else "XX乡镇（街道）儿童活动中心（未成年人保护工作站）"
    )
    quoted = "、".join(f"“{w}”" for w in found)
    return Reason("NAME.LABELLING", (quoted, example))


def unified_name(name: str, kind: str, words: Iterable[str] = LABELLING_WORDS) -> Reason:
    """Does the name meet "有统一名称"? (code NAME.UNIFIED when it does)."""
    labelling = labelling_reason(name, kind, words)
    if labelling is not None:
        return labelling
    suffixes = UNIFIED_SUFFIXES.get(kind, ())
    compact = "".join(name.split())
    if any(s in compact and not compact.startswith(s) for s in suffixes):
        return Reason("NAME.UNIFIED")
    return Reason("NAME.NOT_UNIFIED", ("、".join(f"“{s}”" for s in suffixes),))


@dataclass(frozen=True, slots=True)
class Have:
    key: str
    label: str  # Chinese, as the notice words it
    met: bool
    reason: Reason


def five_haves(
    *,
    name: str,
    kind: str,
    has_premises: bool,
    has_equipment: bool,
    has_manager: bool,
    has_rules: bool,
    words: Iterable[str] = LABELLING_WORDS,
) -> tuple[Have, ...]:
    """The five-haves checklist of a children's home or township station (吉民发〔2018〕41号 二（三））."""
    name_reason = unified_name(name, kind, words)

    def item(key: str, label: str, met: bool) -> Have:
        return Have(key, label, met, Reason(f"FIVE.{key.upper()}.{'MET' if met else 'NOT_MET'}"))

    return (
        Have("name", "有统一名称", name_reason.code == "NAME.UNIFIED", name_reason),
        item("premises", "有固定场所", has_premises),
        item("equipment", "有必要设施设备", has_equipment),
        item("manager", "有专人管理", has_manager),
        item("rules", "有基本制度", has_rules),
    )


# --- villages and communities --------------------------------------------------------------------

VILLAGE: Final = "village"  # 村（村民委员会）
COMMUNITY: Final = "community"  # 社区（居民委员会）
_COMMUNITY_MARKS: Final = ("居委会", "居民委员会", "社区")


def unit_kind(name: str) -> str:
    """Village (村委会) or community (居委会 / 社区) from the unit's name in the NBS table.

    The statistical table's names end in 村委会 / 村民委员会 or 居委会 / 社区居民委员会; a few villages
    carry 社区 in their name (农村社区), and are then counted as communities.
    """
    return COMMUNITY if any(m in name for m in _COMMUNITY_MARKS) else VILLAGE


# --- coverage of villages and communities by children's homes ------------------------------------

OWN_HOME_THRESHOLD: Final = 100  # 儿童数量在100个以上 (≥ 100)


@dataclass(frozen=True, slots=True)
class HomeFact:
    """One children's home: the village it stands in and the villages it serves (its own included)."""

    home_id: int
    village_code: str
    covers: frozenset[str]
    opened_on: date | None = None
    closed_on: date | None = None

    def open_on(self, as_of: date) -> bool:
        return (self.opened_on is None or self.opened_on <= as_of) and (
            self.closed_on is None or self.closed_on > as_of
        )


@dataclass(frozen=True, slots=True)
class ChildFigure:
    """A village's child population (all its children, not only those on a roll) for a year, with where
    the figure comes from ("2025年统计年报")."""

    children: int
    year: int | None = None
    source: str = ""


def latest_figures(rows: Iterable[tuple[str, int, int, str]], *, as_of: date) -> dict[str, ChildFigure]:
    """The latest figure per village from (village code, year, children, source) rows: the newest year
    not after `as_of`'s (a figure for a later year is not yet in force)."""
    out: dict[str, ChildFigure] = {}
    for code, year, children, source in rows:
        if year > as_of.year:
            continue
        have = out.get(code)
        if have is None or (have.year or 0) < year:
            out[code] = ChildFigure(children, year, source)
    return out


@dataclass(frozen=True, slots=True)
class VillageStatus:
    unit: Unit
    kind: str  # VILLAGE or COMMUNITY
    figure: ChildFigure | None  # None: no child population figure (无儿童人口数据)
    own_home: bool
    covered: bool
    reason: Reason

    @property
    def children(self) -> int | None:
        return None if self.figure is None else self.figure.children

    @property
    def count_unknown(self) -> bool:
        return self.figure is None

    @property
    def needs_own_home(self) -> bool:
        return self.reason.code == "HOME.NEEDS_OWN"


@dataclass(frozen=True, slots=True)
class HomeTally:
    code: str
    name: str
    level: int
    villages: int = 0
    villages_with_home: int = 0
    communities: int = 0
    communities_with_home: int = 0
    covered: int = 0  # units with their own home or served by a regional one
    large: int = 0  # units with ≥ 100 children
    large_with_home: int = 0
    count_unknown: int = 0  # units whose child count is not known

    @property
    def units(self) -> int:
        return self.villages + self.communities

    @property
    def village_pct(self) -> Decimal | None:
        return pct(self.villages_with_home, self.villages)

    @property
    def community_pct(self) -> Decimal | None:
        return pct(self.communities_with_home, self.communities)

    @property
    def unit_pct(self) -> Decimal | None:
        return pct(self.villages_with_home + self.communities_with_home, self.units)

    @property
    def covered_pct(self) -> Decimal | None:
        return pct(self.covered, self.units)

    @property
    def large_pct(self) -> Decimal | None:
        return pct(self.large_with_home, self.large)


@dataclass(frozen=True)
class HomeCoverage:
    as_of: date
    root: HomeTally
    children: tuple[HomeTally, ...]
    villages: tuple[VillageStatus, ...]  # every village-level unit of the area, by code

    @property
    def needing_own_home(self) -> tuple[VillageStatus, ...]:
        return tuple(v for v in self.villages if v.needs_own_home)

    @property
    def count_unknown(self) -> tuple[VillageStatus, ...]:
        """Villages without a child population figure: never passed as meeting H-1."""
        return tuple(v for v in self.villages if v.count_unknown)


def village_status(
    unit: Unit,
    *,
    children: ChildFigure | int | None,
    own_home: bool,
    covered: bool,
    threshold: int = OWN_HOME_THRESHOLD,
) -> VillageStatus:
    """H-1 for one village: ≥ `threshold` children needs its own home; fewer may share one. Without a
    figure the status says so (无儿童人口数据), even when a home covers the village."""
    kind = unit_kind(unit.name)
    figure = ChildFigure(children) if isinstance(children, int) else children
    if figure is not None and figure.children >= threshold:
        if own_home:
            reason = Reason("HOME.OWN_REQUIRED_MET", (figure.children,))
        else:
            now = "目前仅由区域性儿童之家覆盖" if covered else "目前没有儿童之家覆盖"
            reason = Reason("HOME.NEEDS_OWN", (figure.children, now))
    elif own_home:
        reason = Reason("HOME.OWN" if figure is not None else "HOME.OWN_COUNT_UNKNOWN")
    elif covered:
        reason = Reason("HOME.REGIONAL" if figure is not None else "HOME.REGIONAL_COUNT_UNKNOWN")
    elif figure is None:
        reason = Reason("HOME.UNCOVERED_COUNT_UNKNOWN")
    else:
        reason = Reason("HOME.UNCOVERED", (figure.children,))
    return VillageStatus(unit, kind, figure, own_home, covered, reason)


def home_coverage(
    root: Unit,
    units: Iterable[Unit],
    homes: Iterable[HomeFact],
    child_counts: Mapping[str, ChildFigure | int],
    *,
    as_of: date,
    threshold: int = OWN_HOME_THRESHOLD,
) -> HomeCoverage:
    """Children's-home coverage of `root`'s area on `as_of`, one tally per child of the root.

    `units`: the active divisions below the root; `homes`: the children's homes of the area;
    `child_counts`: village code -> its latest child population (`ChildFigure`, or a bare number); a
    village missing from it has no figure and is reported as such.
    """
    tree = Tree(root, units)
    own: set[str] = set()
    covered: set[str] = set()
    for home in homes:
        if not home.open_on(as_of):
            continue
        own.add(home.village_code)
        covered |= home.covers | {home.village_code}
    statuses: dict[str, VillageStatus] = {}
    members = tree.members()
    for unit in members:
        if unit.level == codes.VILLAGE:
            statuses[unit.code] = village_status(
                unit,
                children=child_counts.get(unit.code),
                own_home=unit.code in own,
                covered=unit.code in covered,
                threshold=threshold,
            )

    def tally(top: Unit, members: Iterable[Unit]) -> HomeTally:
        counts: dict[str, int] = defaultdict(int)
        for u in members:
            s = statuses.get(u.code)
            if s is None:
                continue
            counts[s.kind] += 1
            counts[s.kind + "_home"] += s.own_home
            counts["covered"] += s.covered
            counts["unknown"] += s.count_unknown
            if s.children is not None and s.children >= threshold:
                counts["large"] += 1
                counts["large_home"] += s.own_home
        return HomeTally(
            code=top.code,
            name=top.name,
            level=top.level,
            villages=counts[VILLAGE],
            villages_with_home=counts[VILLAGE + "_home"],
            communities=counts[COMMUNITY],
            communities_with_home=counts[COMMUNITY + "_home"],
            covered=counts["covered"],
            large=counts["large"],
            large_with_home=counts["large_home"],
            count_unknown=counts["unknown"],
        )

    groups = tree.groups()
    return HomeCoverage(
        as_of=as_of,
        root=tally(root, members),
        children=tuple(tally(c, groups.get(c.code, [])) for c in tree.children),
        villages=tuple(statuses[c] for c in sorted(statuses)),
    )

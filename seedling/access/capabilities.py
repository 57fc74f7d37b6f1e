"""Who may do what, and where: the one catalogue of capabilities.

Every write a role may or may not make, every page or button only some roles get, is a named
capability here with the roles that hold it and how the role's division must relate to the place
acted on. Interfaces ask ``may(actor, cap, code)`` to show a button or a menu entry; services call
``require(actor, cap, code)`` before they write. Nothing outside ``seedling.access`` reads an actor's
grants (``tools/checks/grants.py``).

Reads are scoped separately (``access.scope``, by purpose) and what a reader may see of a file is
``access.visibility``; this module is about acting.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Final

from django.utils.translation import gettext_lazy as _

from seedling.access.actor import Actor, Grant
from seedling.access.roles import ACCOUNT_MANAGERS, CASEWORK_ROLES, Role
from seedling.core.errors import PermissionDenied


class Capability(enum.StrEnum):
    # Files (一人一档) and the work on them.
    FILE_WORK = "file.work"  # file a child or a woman, edit a file, record visits, risk, pairing, needs
    FILE_EXPORT = "file.export"  # export or import the ledger of an area
    NOTICES_FOLLOW = "notices.follow"  # act on the registry's changes in the village (home page notices)
    DETERMINATION_CONFIRM = "determination.confirm"  # confirm or reject an orphan / FDU determination
    # Protecting a child in danger (docs/rules/protection.md) and the orphan / FDU application.
    PROTECTION_REPORT = "protection.report"  # raise a report (强制报告 / 发现报告)
    PROTECTION_CASE = "protection.case"  # work a case: police report, response, assessment, referral ...
    APPLICATION_LODGE = "application.lodge"  # lodge an application for a child (受理)
    APPLICATION_VERIFY = "application.verify"  # the township's verification (查验)
    # The file's workflow and verification (docs/rules/workflow.md#record-workflow, #verification-rounds).
    FILE_SUBMIT = "file.submit"  # submit a draft or returned file for review; a change reopens it
    FILE_REVIEW = "file.review"  # approve a submitted file, or return it with a reason naming fields
    FILE_IMPORT_REVIEWED = "file.import_reviewed"  # file an imported ledger as already reviewed
    ROUND_OPEN = "round.open"  # open a verification round over an area
    ROUND_CHECK = "round.check"  # confirm a file's ledger sections door to door
    ROUND_REVIEW = "round.review"  # approve or return a verified file of a round
    ROUND_SIGN_OFF = "round.sign_off"  # sign off a township of a round (100 %)
    SPOT_CHECK = "spot_check.draw"  # draw the units and files of a spot check, record the results
    CORRECTION_RESOLVE = "correction.resolve"  # mark a spot check's correction task done
    # Provincial policy (eligibility parameters, visit frequencies).
    POLICY_READ = "policy.read"
    POLICY_SET = "policy.set"
    # Workforce, children's homes and institutions.
    WORKFORCE_READ = "workforce.read"
    INSTITUTION_READ = "institution.read"
    WORKFORCE_REGISTER = "workforce.register"  # the roster, training, certificates; the roster workbook
    WORKFORCE_EVALUATE = "workforce.evaluate"  # director evaluations and the township's duty lists
    COVERAGE_EXPLAIN = "coverage.explain"  # explain a coverage mismatch
    COVERAGE_FORWARD = "coverage.forward"  # forward the counties' explanations upward
    HOME_LOG = "home.log"  # a children's home's activity log and checklist
    INSTITUTION_REGISTER = "institution.register"
    # Division code changes: move the files, posts and figures of an old code to its new code.
    DIVISION_RECODE = "division.recode"
    # Figures: dashboards, the monthly bulletin (docs/subsystems/statistics.md).
    STATISTICS_READ = "statistics.read"
    BULLETIN_ISSUE = "bulletin.issue"  # issue (freeze) an area's monthly bulletin
    CHILD_COUNT_ENTER = "child_count.enter"  # a village's child population (the children's-home rule)
    # Accounts and the audit log.
    ACCOUNTS_MANAGE = "accounts.manage"
    AUDIT_READ = "audit.read"


class Where(enum.Enum):
    WITHIN = "within"  # the place acted on lies inside the division the role is held at
    OWN = "own"  # the place acted on is that division itself (a province's own policy)


_NOT_HERE = _("Your role does not allow this change here.")


@dataclass(frozen=True)
class Entry:
    roles: frozenset[str]
    why: str  # the notice or rule that gives these roles this work
    where: Where = Where.WITHIN
    code: str = "forbidden"  # the refusal's stable code (API clients and import reports read it)
    refusal: Any = _NOT_HERE  # the refusal's message


_COUNTY_UP: Final = frozenset(ACCOUNT_MANAGERS)  # county, city, province staff and the national admin
_WORKFORCE: Final = "workforce.not_allowed"

CATALOGUE: Final[dict[Capability, Entry]] = {
    Capability.FILE_WORK: Entry(
        frozenset(CASEWORK_ROLES),
        "儿童主任建档、走访，乡镇督导员和县级民政核实（docs/rules/workflow.md）",
    ),
    Capability.FILE_EXPORT: Entry(frozenset(CASEWORK_ROLES), "台账的导入导出（docs/ledger.md）"),
    Capability.NOTICES_FOLLOW: Entry(
        frozenset({Role.VILLAGE_DIRECTOR, Role.TOWNSHIP_SUPERVISOR}),
        "儿童主任、督导员跟进本村名册的增减（docs/rules/workflow.md）",
    ),
    Capability.DETERMINATION_CONFIRM: Entry(
        frozenset({Role.COUNTY_STAFF}),
        "县级民政部门确认孤儿、事实无人抚养儿童（docs/rules/workflow.md#determination-procedure）",
        code="registry.not_county",
        refusal=_("Only the county civil-affairs bureau confirms this status."),
    ),
    Capability.PROTECTION_REPORT: Entry(
        frozenset(CASEWORK_ROLES),
        "村（居）委会、乡镇工作人员第一时间报告；儿童主任向乡镇和县级未成年人保护机构报告（docs/rules/protection.md#r-1）",
    ),
    Capability.PROTECTION_CASE: Entry(
        frozenset({Role.TOWNSHIP_SUPERVISOR, Role.COUNTY_STAFF}),
        "乡镇儿童督导员转介、处置报告事项；县级未成年人保护中心评估帮扶（docs/rules/protection.md#r-3）",
        code="protection.not_case_worker",
        refusal=_("Only the township station or the county minor-protection centre works a case."),
    ),
    Capability.APPLICATION_LODGE: Entry(
        frozenset({Role.VILLAGE_DIRECTOR, Role.TOWNSHIP_SUPERVISOR, Role.COUNTY_STAFF}),
        "向户籍地乡镇提出申请；村（居）委会特殊情况下代为申请（docs/rules/workflow.md#determination-procedure）",
    ),
    Capability.APPLICATION_VERIFY: Entry(
        frozenset({Role.TOWNSHIP_SUPERVISOR}),
        "户籍地乡镇人民政府（街道办事处）查验（docs/rules/workflow.md#determination-procedure）",
        code="application.not_township",
        refusal=_("Only the township of household registration verifies an application."),
    ),
    Capability.FILE_SUBMIT: Entry(
        frozenset({Role.VILLAGE_DIRECTOR}),
        "儿童主任录入的档案提交乡镇督导员审核（docs/rules/workflow.md#record-workflow）",
        code="workflow.not_director",
        refusal=_("Only the village child director submits a file for review."),
    ),
    Capability.FILE_REVIEW: Entry(
        frozenset({Role.TOWNSHIP_SUPERVISOR}),
        "督导员审核儿童主任录入的信息（docs/rules/workflow.md#record-workflow）",
        code="workflow.not_supervisor",
        refusal=_("Only the township child supervisor reviews files here."),
    ),
    Capability.FILE_IMPORT_REVIEWED: Entry(
        frozenset({Role.COUNTY_STAFF}),
        "县级民政部门导入的台账可直接记为已审核（docs/rules/workflow.md#record-workflow）",
        code="workflow.not_county",
        refusal=_("Only county staff may file an import as already reviewed."),
    ),
    Capability.ROUND_OPEN: Entry(
        _COUNTY_UP,
        "省、市、县组织核实（川民政厅 2020 专项行动实施方案 三（四）；"
        "docs/rules/workflow.md#verification-rounds）",
        code="round.not_allowed",
    ),
    Capability.ROUND_CHECK: Entry(
        frozenset({Role.VILLAGE_DIRECTOR}),
        "儿童主任逐户排查、逐项比对（川民政厅 2020 专项行动实施方案 三（三））",
        code="round.not_director",
        refusal=_("Only the village child director confirms a file door to door."),
    ),
    Capability.ROUND_REVIEW: Entry(
        frozenset({Role.TOWNSHIP_SUPERVISOR}),
        "乡镇审核儿童主任核实的档案（docs/rules/workflow.md#verification-rounds）",
        code="round.not_supervisor",
        refusal=_("Only the township child supervisor reviews the round's files here."),
    ),
    Capability.ROUND_SIGN_OFF: Entry(
        frozenset({Role.COUNTY_STAFF}),
        "县级对所有乡镇100%全面核实（川民政厅 2020 专项行动实施方案 三（四））",
        code="round.not_county",
        refusal=_("Only the county's own staff sign off its townships."),
    ),
    Capability.SPOT_CHECK: Entry(
        frozenset({Role.CITY_STAFF, Role.PROVINCE_STAFF}),
        "市抽查不少于50%的县，省抽查不少于50%的市（川民政厅 2020 专项行动实施方案 三（四））",
        code="spot_check.not_allowed",
        refusal=_("Only city and province staff spot-check their own area."),
    ),
    Capability.CORRECTION_RESOLVE: Entry(
        frozenset({Role.COUNTY_STAFF}),
        "抽查发现的问题由县级整改（docs/rules/workflow.md#spot-checks）",
        code="correction.not_county",
        refusal=_("Only the county's own staff close its correction tasks."),
    ),
    Capability.POLICY_READ: Entry(_COUNTY_UP, "省级参数对县级以上民政公开"),
    Capability.POLICY_SET: Entry(
        frozenset({Role.PROVINCE_STAFF}),
        "通知把这些参数留给各省确定，由本省民政厅设定（docs/rules/eligibility.md）",
        where=Where.OWN,
        code="policy.not_province",
        refusal=_("Only the province's own staff set its policy."),
    ),
    Capability.WORKFORCE_READ: Entry(frozenset(CASEWORK_ROLES), "工作队伍名册在辖区内可查", code=_WORKFORCE),
    Capability.INSTITUTION_READ: Entry(
        frozenset(CASEWORK_ROLES), "机构和儿童之家在辖区内可查", code=_WORKFORCE
    ),
    Capability.WORKFORCE_REGISTER: Entry(
        _COUNTY_UP, "县级民政部门选聘、培训、发证（docs/rules/coverage.md）", code=_WORKFORCE
    ),
    Capability.WORKFORCE_EVALUATE: Entry(
        frozenset({Role.TOWNSHIP_SUPERVISOR, *_COUNTY_UP}),
        "各镇（街道）定期组织评价儿童主任并录入（docs/rules/coverage.md）",
        code=_WORKFORCE,
    ),
    Capability.COVERAGE_EXPLAIN: Entry(
        frozenset({Role.COUNTY_STAFF, Role.CITY_STAFF, Role.NATIONAL_ADMIN}),
        "县、市说明名册与区划不一致的原因（docs/rules/coverage.md）",
        code=_WORKFORCE,
    ),
    Capability.COVERAGE_FORWARD: Entry(
        frozenset({Role.CITY_STAFF, Role.NATIONAL_ADMIN}),
        "市级汇总后报送（docs/rules/coverage.md）",
        code=_WORKFORCE,
    ),
    Capability.HOME_LOG: Entry(
        frozenset(CASEWORK_ROLES), "儿童主任管理村儿童之家（docs/rules/coverage.md）", code=_WORKFORCE
    ),
    Capability.INSTITUTION_REGISTER: Entry(_COUNTY_UP, "县级民政部门核实机构和儿童之家数据", code=_WORKFORCE),
    Capability.DIVISION_RECODE: Entry(
        _COUNTY_UP,
        "县级业务人员按新的行政区划代码进行归属调整；跨县由市级、跨市由省级办理"
        "（川民政厅 2020 专项行动实施方案 附件1；docs/rules/workflow.md#dm-2）",
        code="division.recode_not_allowed",
        refusal=_(
            "Only county, city or province staff holding both codes move files to a new division code."
        ),
    ),
    Capability.STATISTICS_READ: Entry(
        frozenset(CASEWORK_ROLES), "各级查看本辖区统计（川民政厅 2020 专项行动实施方案：数据分析、月度通报）"
    ),
    Capability.BULLETIN_ISSUE: Entry(
        _COUNTY_UP,
        "省厅每月通报进度，点名滞后单位并限期（川民政厅 2020 专项行动实施方案）",
        code="bulletin.not_allowed",
    ),
    Capability.CHILD_COUNT_ENTER: Entry(
        _COUNTY_UP,
        "县级民政部门录入或导入各村（社区）儿童人口数（统计年报等），用于儿童之家设置（docs/rules/coverage.md#h-1）",
        code="child_count.not_allowed",
        refusal=_("Only county civil-affairs staff and above enter a village's child population."),
    ),
    Capability.ACCOUNTS_MANAGE: Entry(_COUNTY_UP, "县级及以上管理本辖区、本级及以下账号"),
    Capability.AUDIT_READ: Entry(frozenset({Role.AUDITOR}), "审计员查阅本辖区审计日志"),
}


def _covers(entry: Entry, grant: Grant, code: str | None) -> bool:
    if grant.role not in entry.roles:
        return False
    if code is None or grant.prefix == "":  # anywhere; or the national administrator
        return True
    if entry.where is Where.OWN:
        return code == grant.prefix
    return code.startswith(grant.prefix)


def grants(actor: Actor, cap: Capability, code: str | None = None) -> Iterator[Grant]:
    """The actor's role assignments giving `cap` over `code` (a division code or prefix; None: anywhere)."""
    entry = CATALOGUE[cap]
    return (g for g in actor.grants if _covers(entry, g, code))


def may(actor: Actor, cap: Capability, code: str | None = None) -> bool:
    """May the actor do `cap` at `code` (anywhere at all when `code` is None: for a menu entry)?"""
    return any(True for _ in grants(actor, cap, code))


def require(actor: Actor, cap: Capability, code: str | None = None) -> None:
    """Raise PermissionDenied unless the actor may do `cap` at `code`."""
    if not may(actor, cap, code):
        entry = CATALOGUE[cap]
        raise PermissionDenied(str(entry.refusal), code=entry.code)


def prefixes(actor: Actor, cap: Capability) -> frozenset[str]:
    """The areas (code prefixes) where the actor may do `cap`: for a query of what awaits them."""
    return frozenset(g.prefix for g in grants(actor, cap))


def divisions(actor: Actor, cap: Capability | None = None) -> list[str]:
    """The division codes the actor's role assignments are held at (those giving `cap`, if named)."""
    held = actor.grants if cap is None else tuple(grants(actor, cap))
    return sorted({g.division_code for g in held if g.division_code})


def top_level(actor: Actor, cap: Capability, code: str | None = None) -> int | None:
    """The highest rank (0 national … 5 village) at which the actor holds `cap` over `code`."""
    return min((g.level for g in grants(actor, cap, code)), default=None)

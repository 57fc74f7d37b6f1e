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

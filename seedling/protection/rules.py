"""The protection rules: mandatory-reporting triggers, their urgency and clocks, the case's step
clocks and escalation, and the orphan / de facto unsupported application's time limits and allowance
months. Pure Python, explicit ``as_of``; every answer carries reasons with their citations.

Rules: docs/rules/protection.md (#r-1 … #r-9); the determination procedure is
docs/rules/workflow.md#determination-procedure.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from seedling.core.dates import month_start
from seedling.core.reasons import Reason, register
from seedling.core.workdays import Due, add_workdays

_S003 = "民函〔2018〕4号附件1 全国示范县指导标准·监护落实①、强制报告②（第一时间向公安机关报告；接处警记录）"
_ART11 = (
    "未成年人保护法第11条（遭受或者疑似遭受不法侵害以及面临不法侵害危险的，"
    "应当立即向公安、民政、教育等部门报告）"
)
_OPINION = "最高检等九部门《关于建立侵害未成年人案件强制报告制度的意见（试行）》（2020）第4条"
_S004 = (
    "吉民发〔2018〕41号一（二）（儿童主任及时发现……向乡镇人民政府（街道办事处）、县级未成年人保护机构报告）"
)
_FIVE = (
    "吉民发〔2018〕41号三（二）；"
    "云南 2018 实施方案 救助保护机制（监测预防、强制报告、应急处置、评估帮扶、监护干预）"
)
_SEEDLING = "护苗默认时限（通知未规定具体天数，见 docs/rules/protection.md#r-4）"
_62 = "民发〔2019〕62号；跨省通办：受理3个工作日、初审15个工作日、确认15个工作日、反馈3个工作日"
_LOCAL = (
    "区级实施细则：乡镇查验10个工作日、县级确认5个工作日"
    "（docs/rules/workflow.md#q7-determination-time-limits）"
)
_NEXT_MONTH = "民发〔2019〕62号（自确认的次月起发放；情况变化的次月起停发）"


class Trigger(enum.StrEnum):
    """What the reporter found (docs/rules/protection.md#r-1). Values stable; labels in enums.py."""

    ALONE = "alone"  # 脱离监护单独居住生活
    MISSING = "missing"  # 失踪
    GUARDIAN_FAILING = "guardian_failing"  # 监护人丧失监护能力或不履行监护责任
    DOMESTIC_VIOLENCE = "domestic_violence"  # 疑似遭受家庭暴力
    HARM = "harm"  # 遭受或疑似遭受不法侵害、面临不法侵害危险（虐待、遗弃、欺凌等）
    SEXUAL_HARM = "sexual_harm"  # 性侵害、隐私部位非正常损伤、不满14周岁女孩怀孕或流产
    POOR_GUARDIANSHIP = "poor_guardianship"  # 无人监护或监护情况较差（儿童主任报告）
    OUT_OF_SCHOOL = "out_of_school"  # 失辍学
    NO_HUKOU = "no_hukou"  # 无户籍
    ILL_OR_DISABLED = "ill_or_disabled"  # 患病、残疾


class Urgency(enum.StrEnum):
    IMMEDIATE = "immediate"  # report to the police at once; the case is overdue until it is recorded
    URGENT = "urgent"
    ROUTINE = "routine"


class Step(enum.StrEnum):
    """A case's steps, in the order of the five-in-one mechanism (docs/rules/protection.md#r-3)."""

    POLICE = "police"  # reported to 公安: time, station, 接处警 number
    ASSIGN = "assign"  # assigned to the township station or the county centre
    EMERGENCY = "emergency"  # the child's safety checked (应急处置)
    PLACEMENT = "placement"  # temporary care: where, by whom (临时监护照料)
    ASSESSMENT = "assessment"  # structured assessment with a risk conclusion (评估)
    PLAN = "plan"  # assistance plan (帮扶方案)
    REFERRAL = "referral"  # to education, health, police, court, women's federation, disabled persons'
    INTERVENTION = "intervention"  # guardianship intervention (监护干预)
    FOLLOW_UP = "follow_up"  # follow-up visit
    CLOSURE = "closure"  # closed with an outcome


@dataclass(frozen=True)
class TriggerRule:
    urgency: Urgency
    police: bool  # the report must go to the police at once
    # Working days to the first safety check, counted from the report (0: the same day).
    emergency_days: int
    citation: str


# docs/rules/protection.md#r-1 and #r-2.
TRIGGERS: dict[Trigger, TriggerRule] = {
    Trigger.ALONE: TriggerRule(Urgency.IMMEDIATE, True, 0, _S003),
    Trigger.MISSING: TriggerRule(Urgency.IMMEDIATE, True, 0, _S003),
    Trigger.GUARDIAN_FAILING: TriggerRule(Urgency.IMMEDIATE, True, 0, _S003),
    Trigger.DOMESTIC_VIOLENCE: TriggerRule(Urgency.IMMEDIATE, True, 0, _S003),
    Trigger.HARM: TriggerRule(Urgency.IMMEDIATE, True, 0, _ART11),
    Trigger.SEXUAL_HARM: TriggerRule(Urgency.IMMEDIATE, True, 0, _OPINION),
    Trigger.POOR_GUARDIANSHIP: TriggerRule(Urgency.URGENT, False, 1, _S004),
    Trigger.OUT_OF_SCHOOL: TriggerRule(Urgency.ROUTINE, False, 3, _S004),
    Trigger.NO_HUKOU: TriggerRule(Urgency.ROUTINE, False, 3, _S004),
    Trigger.ILL_OR_DISABLED: TriggerRule(Urgency.ROUTINE, False, 3, _S004),
}

# The visits app's flags (visits.enums.UrgentTrigger) as triggers: docs/rules/protection.md#r-5.
FROM_VISIT_FLAG = {
    "alone_under_16": Trigger.ALONE,
    "missing": Trigger.MISSING,
    "violence": Trigger.DOMESTIC_VIOLENCE,
}

# Seedling's step clocks after the first safety check, in working days (the notices say 及时 without a
# number: docs/rules/protection.md#r-4). Each counts from the step before it.
ASSESSMENT_DAYS = 10
REFERRAL_REPLY_DAYS = 10
FOLLOW_UP_DAYS = 20

CATALOGUE = {
    "PROT.POLICE_DUE": ("须第一时间向公安机关报告，并记录报告时间、派出所和接处警编号", _S003),
    "PROT.EMERGENCY_DUE": ("应急处置（核实儿童安全）应于{0}前完成", _FIVE),
    "PROT.ASSESSMENT_DUE": ("评估应于{0}前完成", _SEEDLING),
    "PROT.REFERRAL_DUE": ("转介答复应于{0}前收到", _SEEDLING),
    "PROT.FOLLOW_UP_DUE": ("回访应于{0}前完成", _SEEDLING),
    "PROT.ESCALATED": ("逾期未办，已提级至上一级督办", _SEEDLING),
    "APP.FORWARD_DUE": ("受理乡镇应于{0}前推送至户籍地乡镇", _62),
    "APP.VERIFY_DUE": ("户籍地乡镇应于{0}前完成查验", _LOCAL),
    "APP.CONFIRM_DUE": ("县级民政部门应于{0}前作出确认或不予确认的书面决定", _LOCAL),
    "APP.FEEDBACK_DUE": ("受理乡镇应于{0}前告知申请人", _62),
    "APP.ESTIMATED": ("节假日安排尚未公布，期限按周一至周五估算", ""),
    "APP.BENEFIT_FROM": ("自{0}起发放基本生活补贴", _NEXT_MONTH),
    "APP.BENEFIT_TO": ("末领年月{0}，自{1}起停发", _NEXT_MONTH),
}
_TRIGGER_TEXT = {
    Trigger.ALONE: "发现儿童脱离监护单独居住生活：立即报告公安机关",
    Trigger.MISSING: "儿童失踪：立即报告公安机关",
    Trigger.GUARDIAN_FAILING: "监护人丧失监护能力或不履行监护责任：立即报告公安机关",
    Trigger.DOMESTIC_VIOLENCE: "疑似遭受家庭暴力：立即报告公安机关",
    Trigger.HARM: "遭受或疑似遭受不法侵害、面临不法侵害危险：立即报告公安机关",
    Trigger.SEXUAL_HARM: "疑似遭受性侵害等情形：立即报告公安机关",
    Trigger.POOR_GUARDIANSHIP: "无人监护或监护情况较差：报告乡镇和县级未成年人保护机构，次一工作日内核实",
    Trigger.OUT_OF_SCHOOL: "失辍学：报告乡镇和县级未成年人保护机构",
    Trigger.NO_HUKOU: "无户籍：报告乡镇和县级未成年人保护机构",
    Trigger.ILL_OR_DISABLED: "患病、残疾：报告乡镇和县级未成年人保护机构",
}
CATALOGUE.update({f"PROT.T.{t.value}": (_TRIGGER_TEXT[t], r.citation) for t, r in TRIGGERS.items()})
register(CATALOGUE)


def trigger_rule(trigger: str) -> TriggerRule:
    """The rule of a trigger; ValueError for an unknown one (the services turn it into a message)."""
    return TRIGGERS[Trigger(trigger)]


def urgency(trigger: str) -> tuple[Urgency, Reason]:
    """A report's urgency from its trigger, with the reason and the notice that sets it (#r-1)."""
    t = Trigger(trigger)
    return TRIGGERS[t].urgency, Reason(f"PROT.T.{t.value}")


# --- case clocks ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Clock:
    step: Step
    due_on: dt.date | None  # None: at once (the police report)
    overdue: bool
    reason: Reason


@dataclass(frozen=True)
class CaseFacts:
    """What the clocks read of a case: its trigger, when it was reported, the steps done (step → day
    last done), the open referrals' due days and whether it is closed."""

    trigger: str
    reported_on: dt.date
    done: dict[str, dt.date]
    open_referrals: tuple[dt.date, ...] = ()
    closed: bool = False


def clocks(case: CaseFacts, *, as_of: dt.date) -> list[Clock]:
    """The steps still owed on a case and whether each is overdue on `as_of`
    (docs/rules/protection.md#r-2, #r-4). A closed case owes nothing."""
    if case.closed:
        return []
    rule = trigger_rule(case.trigger)
    done = case.done
    out: list[Clock] = []
    if rule.police and Step.POLICE not in done:
        # "第一时间": no grace, overdue from the moment of the report until the police step is recorded.
        out.append(Clock(Step.POLICE, None, True, Reason("PROT.POLICE_DUE")))
    if Step.EMERGENCY not in done:
        due = add_workdays(case.reported_on, rule.emergency_days).on
        out.append(Clock(Step.EMERGENCY, due, as_of > due, Reason("PROT.EMERGENCY_DUE", (due,))))
    elif Step.ASSESSMENT not in done:
        due = add_workdays(done[Step.EMERGENCY], ASSESSMENT_DAYS).on
        out.append(Clock(Step.ASSESSMENT, due, as_of > due, Reason("PROT.ASSESSMENT_DUE", (due,))))
    for due in case.open_referrals:
        out.append(Clock(Step.REFERRAL, due, as_of > due, Reason("PROT.REFERRAL_DUE", (due,))))
    return out


def referral_due(asked_on: dt.date) -> dt.date:
    return add_workdays(asked_on, REFERRAL_REPLY_DAYS).on


def escalated_level(assigned_level: int, owed: list[Clock]) -> int:
    """The division level whose to-do list holds the case: its assigned level (4 township, 3 county),
    one level up while any step is overdue (docs/rules/protection.md#r-6); never above the province."""
    if any(c.overdue for c in owed):
        return max(assigned_level - 1, 1)
    return assigned_level


# --- the application (docs/rules/workflow.md#determination-procedure) ------------------------------


@dataclass(frozen=True)
class Limits:
    """Working-day limits of the procedure in one jurisdiction from one day
    (docs/rules/workflow.md#q7-determination-time-limits)."""

    accept: int = 3  # cross-province: the receiving township forwards after the materials are complete
    verify: int = 10
    confirm: int = 5
    verify_cross: int = 15
    confirm_cross: int = 15
    feedback: int = 3


# (province or county code prefix, in force from, limits): the longest prefix in force applies. ""
# is the default every jurisdiction has until its own is entered.
LIMITS: list[tuple[str, dt.date, Limits]] = [("", dt.date(2019, 6, 18), Limits())]


def limits_for(code: str, as_of: dt.date) -> Limits:
    best: tuple[int, dt.date, Limits] | None = None
    for prefix, since, lim in LIMITS:
        if code.startswith(prefix) and since <= as_of:
            key = (len(prefix), since, lim)
            if best is None or key[:2] > best[:2]:
                best = key
    return best[2] if best is not None else Limits()


@dataclass(frozen=True)
class AppFacts:
    hukou_code: str
    cross_province: bool
    complete_on: dt.date | None  # materials complete (受理)
    forwarded_on: dt.date | None  # cross-province: pushed to the hukou township
    verified_on: dt.date | None
    decided_on: dt.date | None
    confirmed: bool | None  # None: not decided
    changed_on: dt.date | None = None  # a change reported after confirmation (终止)


@dataclass(frozen=True)
class AppDeadlines:
    forward_due: dt.date | None
    verify_due: dt.date | None
    confirm_due: dt.date | None
    feedback_due: dt.date | None
    benefit_from: dt.date | None  # first day of the first month paid
    benefit_to: dt.date | None  # first day of the last month paid (末领年月)
    estimated: bool
    reasons: list[Reason]


def deadlines(app: AppFacts) -> AppDeadlines:
    """The application's time limits and allowance months from its dates
    (docs/rules/protection.md#r-8, #r-9). Each limit counts from the step before it."""
    lim = limits_for(app.hukou_code, app.complete_on or dt.date.min)
    dues: list[Due] = []
    reasons: list[Reason] = []

    def add(start: dt.date | None, n: int, code: str) -> dt.date | None:
        if start is None:
            return None
        due = add_workdays(start, n)
        dues.append(due)
        reasons.append(Reason(code, (due.on,)))
        return due.on

    forward_due = add(app.complete_on, lim.accept, "APP.FORWARD_DUE") if app.cross_province else None
    verify_start = app.forwarded_on if app.cross_province else app.complete_on
    verify_due = add(verify_start, lim.verify_cross if app.cross_province else lim.verify, "APP.VERIFY_DUE")
    confirm_due = add(
        app.verified_on, lim.confirm_cross if app.cross_province else lim.confirm, "APP.CONFIRM_DUE"
    )
    feedback_due = add(app.decided_on, lim.feedback, "APP.FEEDBACK_DUE") if app.cross_province else None
    benefit_from = benefit_to = None
    if app.confirmed and app.decided_on is not None:
        benefit_from = month_start(app.decided_on, 1)  # 次月
        reasons.append(Reason("APP.BENEFIT_FROM", (f"{benefit_from:%Y年%m月}",)))
        if app.changed_on is not None:
            stop = max(month_start(app.changed_on, 1), benefit_from)
            benefit_to = month_start(stop, -1) if stop > benefit_from else None
            reasons.append(
                Reason(
                    "APP.BENEFIT_TO", (f"{benefit_to:%Y年%m月}" if benefit_to else "无", f"{stop:%Y年%m月}")
                )
            )
    estimated = any(d.estimated for d in dues)
    if estimated:
        reasons.append(Reason("APP.ESTIMATED"))
    return AppDeadlines(
        forward_due, verify_due, confirm_due, feedback_due, benefit_from, benefit_to, estimated, reasons
    )


def months_paid(benefit_from: dt.date | None, benefit_to: dt.date | None, *, as_of: dt.date) -> list[str]:
    """The months paid ("YYYY-MM") from the first month to the last (or to `as_of`'s month while open)."""
    if benefit_from is None:
        return []
    last = benefit_to or month_start(as_of)
    out, m = [], benefit_from
    while m <= last:
        out.append(f"{m:%Y-%m}")
        m = month_start(m, 1)
    return out

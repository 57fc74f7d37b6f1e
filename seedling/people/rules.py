"""Validation of one personal file: the single-file rules of docs/rules/file.md#cross-field-checks, with
Chinese messages.

One implementation for every way in (web form, API, Excel import). `check_child` normalises the
record in place (ID numbers, phones, derived birth date and sex) and returns the problems: errors block the
save, warnings are shown and kept (e.g. 无户籍 is accepted and flagged, V-7).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Final

from seedling.core import identity, phones
from seedling.core.dates import age_on
from seedling.core.reasons import Reason, register
from seedling.core.sensitivity import Sensitivity, of_situation
from seedling.people import enums
from seedling.people.records import Benefit, ChildRecord, ParentRecord, WomanRecord

ERROR, WARNING = "error", "warning"
# Each enumeration's values, built once: Django's `Choices.values` rebuilds its list on every call.
_VALUES = {
    e: frozenset(e.values)
    for e in (
        enums.Benefit,
        enums.CaregiverKind,
        enums.DeclaredCategory,
        enums.HarmKind,
        enums.HukouType,
        enums.Sex,
        enums.SituationKind,
    )
}
# The columns' own bounds (people.models): a value beyond them could not be stored faithfully.
MAX_TERM_MONTHS = 1200  # a hundred years: any real sentence or term, life included as entered
MAX_INCOME = Decimal("99999999.99")  # income_per_capita: 10 digits, 2 after the point

_SEX_ZH = {enums.Sex.MALE: "男", enums.Sex.FEMALE: "女"}
_SEX_FROM_ZH = {"男": enums.Sex.MALE, "女": enums.Sex.FEMALE}
# V-2: the age limit of each declared category (LB: 不满16周岁; the others: 不满18周岁).
_AGE_LIMIT = {
    enums.DeclaredCategory.LEFT_BEHIND: 16,
    enums.DeclaredCategory.IN_DIFFICULTY: 18,
    enums.DeclaredCategory.DE_FACTO_UNSUPPORTED: 18,
    enums.DeclaredCategory.IMPROPER_GUARDIANSHIP: 18,
    enums.DeclaredCategory.ORPHAN: 18,
    enums.DeclaredCategory.HIV_INFECTED: 18,
}
# Benefits paid monthly carry an amount (V-3); the two status entries and 无 do not.
_WITHOUT_AMOUNT = {enums.Benefit.ORPHAN, enums.Benefit.DE_FACTO_UNSUPPORTED, enums.Benefit.NONE}

# The rule each problem checks, cited by the notice it comes from (docs/rules/file.md#cross-field-checks):
# the file's fields and options are those of the ledger attached to 晋政民〔2024〕46号 (_V).
_V = "晋政民〔2024〕46号附件台账"
_V1 = "GB 11643-1999"  # docs/rules/file.md#v-1
_V2 = "川民政厅2020年“儿童福利信息动态管理精准化提升年”专项行动实施方案二"  # docs/rules/file.md#v-2
_V3 = _V + "（享受救助情况）"  # docs/rules/file.md#v-3
_V5 = "吉民发〔2018〕41号三（三）；晋政民〔2024〕46号二（二）"  # docs/rules/file.md#v-5
_V6 = "吉民发〔2018〕41号三（三）"  # docs/rules/file.md#v-6
_V7 = "民函〔2018〕4号 全国示范县指导标准·一票否决③；吉民发〔2018〕41号一（二）"  # docs/rules/file.md#v-7
# Refusals access.visibility words itself (translated; this module imports no Django): a problem
# carries its message as the argument of the code (`refusal`), with the rule it enforces
# (docs/rules/privacy.md). A test keeps these codes equal to those visibility writes.
REFUSED_BY_VISIBILITY: Final = {
    "visibility.hiv": "艾滋病防治条例第39条",
    "visibility.case": "个人信息保护法第28条",
    "identifier.masked": "个人信息保护法第51条（去标识化）",
}
# Every problem's code, message and the rule it checks (seedling.core.reasons), registered below.
CATALOGUE = {
    "name.required": ("请填写姓名。", _V),
    "name.too_long": ("姓名不能超过50个字。", _V),
    "hukou_type.required": ("请选择户籍类别：农村户或城市户。", _V),
    "id_number.with_no_hukou": ("选择了“无户籍”就不应有身份证号码。如已登记户口，请取消“无户籍”。", _V7),
    "hukou.missing": ("该儿童未登记户口，请协助其落户（示范县标准一票否决项）。", _V7),
    "birth_date.required": ("无户籍儿童请填写出生日期。", _V7),
    "id_number.required": ("请填写18位身份证号码；确实没有户口的，请选择“无户籍”。", _V1),
    # core.identity's own message ({1}), after the field's label ({0}: "身份证号码：" or nothing).
    **{code: ("{0}{1}", _V1) for code in identity.CODES},
    "sex.required": ("请选择性别。", _V),
    "birth_date.future": ("出生日期晚于今天，请核对。", _V),
    "category.unknown": ("“{0}”不是可选的儿童类别。", _V2),
    "category.age_limit": ("{0}应不满{1}周岁，该儿童已满{1}周岁。", _V2),
    "benefits.none_with_others": ("{0}选了“无”，就不能再选其他项目。", _V3),
    "benefits.repeated": ("{0}有重复的项目，请合并为一项。", _V3),
    "benefits.unknown": ("{0}中“{1}”不是可选的项目。", _V3),
    "benefits.amount": ("{0}中“{1}”的金额应大于0（元/月）。", _V3),
    "caregiver.required": ("留守儿童请填写委托照护人类型（没有的选“无委托照护”）。", _V5),
    "caregiver.none_needs_high_risk": ("留守儿童无委托照护时，家庭监护风险等级应评为高风险。", _V5),
    "caregiver.contact_missing": ("请填写委托照护人的姓名和联系电话。", _V5),
    "caregiver.unknown": ("委托照护人类型不是可选项。", _V),
    "schooling.reason_required": ("就学情况为“{0}”，请填写原因。", _V6),
    "guardianship.problem_required": ("监护情况为“监护不到位”，请填写具体情形。", _V),
    "disability.category_missing": ("填写了{0}残疾等级，请同时填写残疾类别。", _V),
    "disability.details_missing": ("健康情况选了“残疾”，请填写残疾类别和等级。", _V),
    "phone.format": ("{0}格式不正确：" + phones.RULE, _V),
    "date.future": ("{0}晚于今天，请核对。", _V),
    "harm.future": ("遭受侵害的日期晚于今天，请核对。", _V),
    "harm.unknown": ("遭受侵害情形“{0}”不在代码表中，请从列表中选择。", _V),
    "situation.term_range": ("{0}{1}的刑期或期限（月）应为1到{2}之间的整数。", _V),
    "income.range": ("家庭人均收入应为0到{0}元之间的数。", _V),
    "disability.grade_range": ("{0}残疾等级应为1到4级（一级最重）。", _V),
    "harm.date_missing": ("请补充遭受{0}的日期。", _V),
    "situation.unknown": ("{0}特殊情况“{1}”不是可选项。", _V),
    "situation.term_missing": ("{0}{1}：请填写开始日期和刑期或期限（月），系统据此判断是否满6个月。", _V),
    "situation.future": ("{0}{1}的开始日期晚于今天，请核对。", _V),
    "situation.until_before_since": ("{0}{1}的结束日期应晚于开始日期。", _V),
    "situation.away_since_missing": (
        "请填写{0}外出务工开始日期（可只填年月），系统据此判断是否满外出期限。",
        _V,
    ),
    "situation.disability_missing": ("{0}重残：请填写残疾类别和等级（残疾人证）。", _V),
    "woman.sex": ("身份证号码显示为男性，留守妇女台账只登记女性。", _V1),
    "husband_away_since.required": ("请填写丈夫外出务工开始日期。", _V),
    **{code: ("{0}", cited) for code, cited in REFUSED_BY_VISIBILITY.items()},
}
# The details still to complete are shown to whoever reads the file (access.visibility): one that names
# a harm, a disability or a parent's custody discloses it, as the field would.
_BY_LABEL: tuple[tuple[str, Sensitivity], ...] = tuple(
    (str(kind.label), level) for kind in enums.SituationKind if (level := of_situation(kind.name)) is not None
)


def sensitivity(code: str, message: str) -> Sensitivity | None:
    """What a displayed problem discloses, if anything."""
    if code.startswith("harm."):
        return Sensitivity.HARM
    if code.startswith("disability.") or code == "situation.disability_missing":
        return Sensitivity.HEALTH
    if code.startswith("situation."):
        return next((lv for label, lv in _BY_LABEL if label in message), None)
    return None


register(CATALOGUE, sensitivity=sensitivity)


@dataclass(frozen=True)
class Problem:
    """A value of the file to fix: a validation error (or a warning, shown and kept), not a rule's
    answer. Its code and message are a `Reason` of this module's catalogue; what it adds is what a
    reason has no use for: the field it concerns and whether it blocks the save."""

    reason: Reason
    field: str
    severity: str = ERROR

    @property
    def code(self) -> str:
        return self.reason.code

    @property
    def message(self) -> str:
        return self.reason.message


def _problem(code: str, field: str, *args: object, severity: str = ERROR) -> Problem:
    return Problem(Reason(code, args), field, severity)


def _detail(code: str, field: str, *args: object) -> Problem:
    """A detail still to complete: shown and flagged, never a reason to refuse the file."""
    return Problem(Reason(code, args), field, WARNING)


def refusal(code: str, field: str, message: str) -> Problem:
    """A refusal access.visibility worded (one of REFUSED_BY_VISIBILITY) as a problem of the file."""
    return _problem(code, field, message)


def _identity(exc: identity.InvalidIdNumber, field: str, label: str = "") -> Problem:
    """core.identity's refusal as a problem, its message after the field's label (if any)."""
    return _problem(exc.code, field, f"{label}：" if label else "", exc.message)


def _id(field: str, raw: str, as_of: date, problems: list[Problem], label: str) -> identity.IdNumber | None:
    if not raw:
        return None
    try:
        return identity.parse(raw, as_of=as_of)
    except identity.InvalidIdNumber as exc:
        problems.append(_identity(exc, field, label))
        return None


def _phone(field: str, value: str, problems: list[Problem], label: str) -> str:
    """The number in canonical form (core.phones); as written, with a problem, when it is not one."""
    if not value.strip():
        return ""
    normal = phones.normalize(value)
    if normal is None:
        problems.append(_problem("phone.format", field, label))
        return value
    return normal


def _benefits(field: str, items: list[Benefit], problems: list[Problem], label: str) -> None:
    kinds = [b.kind for b in items]
    if enums.Benefit.NONE in kinds and len(kinds) > 1:
        problems.append(_problem("benefits.none_with_others", field, label))
    if len(set(kinds)) != len(kinds):
        problems.append(_problem("benefits.repeated", field, label))
    for b in items:
        if b.kind not in _VALUES[enums.Benefit]:
            problems.append(_problem("benefits.unknown", field, label, b.kind))
        elif b.kind not in _WITHOUT_AMOUNT and b.monthly_yuan is not None and b.monthly_yuan <= 0:
            problems.append(_problem("benefits.amount", field, label, str(enums.Benefit(b.kind).label)))


def _parent(rec: ParentRecord, as_of: date, problems: list[Problem]) -> None:
    who = "父亲" if rec.role == enums.ParentRole.FATHER else "母亲"
    prefix = rec.role
    parsed = _id(f"{prefix}.id_number", rec.id_number, as_of, problems, f"{who}身份证号码")
    if parsed is not None:
        rec.id_number = parsed.number
    rec.phone = _phone(f"{prefix}.phone", rec.phone, problems, f"{who}联系电话")
    if rec.disability_grade is not None and not 1 <= rec.disability_grade <= 4:
        problems.append(_problem("disability.grade_range", f"{prefix}.disability_grade", who))
    for s in rec.situations:
        label = str(enums.SituationKind(s.kind).label) if s.kind in _VALUES[enums.SituationKind] else s.kind
        if s.kind not in _VALUES[enums.SituationKind]:
            problems.append(_problem("situation.unknown", f"{prefix}.situations", who, s.kind))
            continue
        if s.term_months is not None and not 0 < s.term_months <= MAX_TERM_MONTHS:
            problems.append(
                _problem("situation.term_range", f"{prefix}.situations", who, label, MAX_TERM_MONTHS)
            )
        if s.since and s.since > as_of:
            problems.append(_problem("situation.future", f"{prefix}.situations", who, label))
        if s.since and s.until and s.until <= s.since:
            problems.append(_problem("situation.until_before_since", f"{prefix}.situations", who, label))


def _parent_details(rec: ParentRecord, problems: list[Problem]) -> None:
    """A parent's details still to complete (docs/rules/file.md#v-detail): warnings, never refusals."""
    who = "父亲" if rec.role == enums.ParentRole.FATHER else "母亲"
    prefix = rec.role
    if rec.disability_grade is not None and not rec.disability_category:
        problems.append(_detail("disability.category_missing", f"{prefix}.disability_category", f"{who}的"))
    for s in rec.situations:
        if s.kind not in _VALUES[enums.SituationKind]:
            continue
        label = str(enums.SituationKind(s.kind).label)
        if s.kind in enums.TERM_SITUATIONS and (s.since is None or not s.term_months):
            problems.append(_detail("situation.term_missing", f"{prefix}.situations", who, label))
        if s.kind == enums.SituationKind.AWAY_WORK and s.since is None:
            problems.append(_detail("situation.away_since_missing", f"{prefix}.situations", who))
        if s.kind == enums.SituationKind.SEVERE_DISABILITY and not (
            rec.disability_category and rec.disability_grade
        ):
            problems.append(_detail("situation.disability_missing", f"{prefix}.disability_grade", who))


def _details(rec: ChildRecord) -> list[Problem]:
    """The details of a child's file still to complete, as warnings (docs/rules/file.md#v-detail): a
    child identified by a valid ID number in the area is filed whatever is missing; the file is flagged
    on the incomplete list, the file page and the township's review list. Refusals are kept for what
    makes the record wrong or impossible to place: identity, area, contradictions."""
    problems: list[Problem] = []
    # V-5: a left-behind child's entrusted caregiver (吉民发〔2018〕41号 三（三）: records "未填写受委托监护人
    # 信息" are to be completed, not left out).
    if enums.DeclaredCategory.LEFT_BEHIND in rec.declared_categories:
        if not rec.caregiver_kind:
            problems.append(_detail("caregiver.required", "caregiver_kind"))
        elif rec.caregiver_kind != enums.CaregiverKind.NONE and not (
            rec.caregiver_name and rec.caregiver_phone
        ):
            problems.append(_detail("caregiver.contact_missing", "caregiver_name"))
    # V-6: out of school needs the reason (吉民发〔2018〕41号 flagged records missing it).
    if rec.schooling in enums.OUT_OF_SCHOOL and not rec.out_of_school_reason.strip():
        schooling = str(enums.Schooling(rec.schooling).label)
        problems.append(_detail("schooling.reason_required", "out_of_school_reason", schooling))
    if (
        rec.guardianship_status == enums.GuardianshipStatus.INADEQUATE
        and not rec.guardianship_problem.strip()
    ):
        problems.append(_detail("guardianship.problem_required", "guardianship_problem"))
    if rec.disability_grade is not None and not rec.disability_category:
        problems.append(_detail("disability.category_missing", "disability_category", ""))
    if enums.Health.DISABLED in rec.health and not (rec.disability_category and rec.disability_grade):
        problems.append(_detail("disability.details_missing", "disability_grade"))
    for h in rec.harm:
        if h.occurred_on is None:
            label = str(enums.HarmKind(h.kind).label) if h.kind in _VALUES[enums.HarmKind] else h.kind
            problems.append(_detail("harm.date_missing", "harm", label))
    _parent_details(rec.father, problems)
    _parent_details(rec.mother, problems)
    return problems


def missing_details(rec: ChildRecord) -> list[dict[str, object]]:
    """The file's details still to complete, stored as reasons (code and arguments) on the file."""
    return [p.reason.stored() for p in _details(rec)]


def check_child(rec: ChildRecord, *, as_of: date) -> list[Problem]:
    """Normalise `rec` in place and return its problems (errors and warnings)."""
    problems: list[Problem] = []
    rec.name = rec.name.strip()
    if not rec.name:
        problems.append(_problem("name.required", "name"))
    elif len(rec.name) > 50:
        problems.append(_problem("name.too_long", "name"))
    if rec.hukou_type not in _VALUES[enums.HukouType]:
        problems.append(_problem("hukou_type.required", "hukou_type"))

    # V-1 / V-7: the ID number, or 无户籍.
    rec.id_number = identity.normalize(rec.id_number or "")
    if rec.no_hukou:
        if rec.id_number:
            problems.append(_problem("id_number.with_no_hukou", "id_number"))
        problems.append(_problem("hukou.missing", "no_hukou", severity=WARNING))
        if rec.birth_date is None:
            problems.append(_problem("birth_date.required", "birth_date"))
    elif not rec.id_number:
        problems.append(_problem("id_number.required", "id_number"))
    else:
        parsed = _id("id_number", rec.id_number, as_of, problems, "身份证号码")
        if parsed is not None:
            rec.id_number = parsed.number
            given_sex = _SEX_ZH.get(enums.Sex(rec.sex)) if rec.sex in _VALUES[enums.Sex] else None
            for exc in identity.check_consistency(parsed, sex=given_sex, birth_date=rec.birth_date):
                problems.append(_identity(exc, exc.field or "id_number"))
            rec.birth_date = rec.birth_date or parsed.birth_date
            rec.sex = rec.sex or _SEX_FROM_ZH[parsed.sex]
    id_failed = any(p.field == "id_number" for p in problems)
    if rec.sex not in _VALUES[enums.Sex] and not id_failed:  # a bad number's own error says what to fix
        problems.append(_problem("sex.required", "sex"))
    if rec.birth_date and rec.birth_date > as_of:
        problems.append(_problem("birth_date.future", "birth_date"))

    # V-2: declared categories within their age limits.
    for cat in rec.declared_categories:
        if cat not in _VALUES[enums.DeclaredCategory]:
            problems.append(_problem("category.unknown", "declared_categories", cat))
        elif rec.birth_date and age_on(rec.birth_date, as_of) >= _AGE_LIMIT[enums.DeclaredCategory(cat)]:
            limit = _AGE_LIMIT[enums.DeclaredCategory(cat)]
            name = str(enums.DeclaredCategory(cat).label)
            problems.append(_problem("category.age_limit", "declared_categories", name, limit))

    # V-3: assistance and benefits.
    _benefits("child_assistance", rec.child_assistance, problems, "享受救助情况")
    _benefits("household_benefits", rec.household_benefits, problems, "家庭享受补助情况")

    # V-5: with no entrusted caregiver, a left-behind child is rated high risk (晋政民〔2024〕46号: no
    # entrusted care is the highest guardianship risk): a contradiction, refused. The caregiver's
    # details themselves are details to complete (`_details`).
    if (
        enums.DeclaredCategory.LEFT_BEHIND in rec.declared_categories
        and rec.caregiver_kind == enums.CaregiverKind.NONE
        and rec.risk_level != enums.RiskLevel.HIGH
    ):
        problems.append(_problem("caregiver.none_needs_high_risk", "risk_level"))
    if rec.caregiver_kind and rec.caregiver_kind not in _VALUES[enums.CaregiverKind]:
        problems.append(_problem("caregiver.unknown", "caregiver_kind"))
    cg = _id("caregiver_id_number", rec.caregiver_id_number, as_of, problems, "委托照护人身份证号码")
    if cg is not None:
        rec.caregiver_id_number = cg.number

    for f, label in (("caregiver_phone", "委托照护人联系电话"), ("pairing_phone", "结对人员电话")):
        setattr(rec, f, _phone(f, getattr(rec, f), problems, label))
    for d, label in (("died_on", "死亡日期"), ("adopted_on", "收养登记日期"), ("filed_on", "建档日期")):
        value = getattr(rec, d)
        if value and value > as_of:
            problems.append(_problem("date.future", d, label))
    if rec.disability_grade is not None and not 1 <= rec.disability_grade <= 4:
        problems.append(_problem("disability.grade_range", "disability_grade", ""))
    income = rec.income_per_capita
    if income is not None and not (Decimal(income).is_finite() and 0 <= income <= MAX_INCOME):
        problems.append(_problem("income.range", "income_per_capita", f"{MAX_INCOME:,}"))
    for h in rec.harm:
        if h.kind not in _VALUES[enums.HarmKind]:
            problems.append(_problem("harm.unknown", "harm", h.kind))
        elif h.occurred_on is not None and h.occurred_on > as_of:
            problems.append(_problem("harm.future", "harm"))
    _parent(rec.father, as_of, problems)
    _parent(rec.mother, as_of, problems)
    problems.extend(_details(rec))
    return problems


def missing_ledger_fields(rec: ChildRecord) -> int:
    """How many of the ledger's core fields are still empty (the list's data-completeness filter)."""
    core = [
        rec.ethnicity,
        rec.home_address,
        rec.schooling,
        rec.guardianship_status,
        rec.risk_level,
        rec.director_name,
        rec.father.name,
        rec.mother.name,
        rec.health,
    ]
    if enums.DeclaredCategory.LEFT_BEHIND in rec.declared_categories:
        core.append(rec.caregiver_kind)
    # A detail still to complete (docs/rules/file.md#v-detail) puts the file on the incomplete list too.
    details = sum(1 for p in _details(rec) if p.code != "caregiver.required")  # counted above
    return sum(1 for v in core if not v) + details


def check_woman(rec: WomanRecord, *, as_of: date) -> list[Problem]:
    problems: list[Problem] = []
    rec.name = rec.name.strip()
    if not rec.name:
        problems.append(_problem("name.required", "name"))
    parsed = None
    try:
        parsed = identity.parse(rec.id_number, as_of=as_of)
    except identity.InvalidIdNumber as exc:
        problems.append(_identity(exc, "id_number"))
    if parsed is not None:
        rec.id_number = parsed.number
        rec.birth_date = parsed.birth_date
        if parsed.sex != "女":
            problems.append(_problem("woman.sex", "id_number"))
    if rec.hukou_type not in _VALUES[enums.HukouType]:
        problems.append(_problem("hukou_type.required", "hukou_type"))
    if rec.husband_away_since is None:
        problems.append(_problem("husband_away_since.required", "husband_away_since"))
    elif rec.husband_away_since > as_of:
        problems.append(_problem("date.future", "husband_away_since", "丈夫外出务工开始日期"))
    h = _id("husband_id_number", rec.husband_id_number, as_of, problems, "丈夫身份证号码")
    if h is not None:
        rec.husband_id_number = h.number
    rec.phone = _phone("phone", rec.phone, problems, "联系电话")
    return problems


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == ERROR]

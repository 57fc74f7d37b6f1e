"""Validation of one personal file: the single-file rules of domain-rules §3.6, with Chinese messages.

One implementation for every way in (web form, API, Excel import). `check_child` normalises the
record in place (ID numbers, phones, derived birth date and sex) and returns the problems: errors block the
save, warnings are shown and kept (e.g. 无户籍 is accepted and flagged, V-7).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from seedling.core import identity, phones
from seedling.core.dates import age_on
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
        enums.HukouType,
        enums.Sex,
        enums.SituationKind,
    )
}
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


@dataclass(frozen=True)
class Problem:
    code: str
    field: str
    message: str
    severity: str = ERROR


def _id(field: str, raw: str, as_of: date, problems: list[Problem], label: str) -> identity.IdNumber | None:
    if not raw:
        return None
    try:
        return identity.parse(raw, as_of=as_of)
    except identity.InvalidIdNumber as exc:
        problems.append(Problem(exc.code, field, f"{label}：{exc.message}"))
        return None


def _phone(field: str, value: str, problems: list[Problem], label: str) -> str:
    """The number in canonical form (core.phones); as written, with a problem, when it is not one."""
    if not value.strip():
        return ""
    normal = phones.normalize(value)
    if normal is None:
        problems.append(Problem("phone.format", field, f"{label}格式不正确：{phones.RULE}"))
        return value
    return normal


def _benefits(field: str, items: list[Benefit], problems: list[Problem], label: str) -> None:
    kinds = [b.kind for b in items]
    if enums.Benefit.NONE in kinds and len(kinds) > 1:
        problems.append(Problem("benefits.none_with_others", field, f"{label}选了“无”，就不能再选其他项目。"))
    if len(set(kinds)) != len(kinds):
        problems.append(Problem("benefits.repeated", field, f"{label}有重复的项目，请合并为一项。"))
    for b in items:
        if b.kind not in _VALUES[enums.Benefit]:
            problems.append(Problem("benefits.unknown", field, f"{label}中“{b.kind}”不是可选的项目。"))
        elif b.kind not in _WITHOUT_AMOUNT and b.monthly_yuan is not None and b.monthly_yuan <= 0:
            label_b = enums.Benefit(b.kind).label
            problems.append(
                Problem("benefits.amount", field, f"{label}中“{label_b}”的金额应大于0（元/月）。")
            )


def _parent(rec: ParentRecord, as_of: date, problems: list[Problem]) -> None:
    who = "父亲" if rec.role == enums.ParentRole.FATHER else "母亲"
    prefix = rec.role
    parsed = _id(f"{prefix}.id_number", rec.id_number, as_of, problems, f"{who}身份证号码")
    if parsed is not None:
        rec.id_number = parsed.number
    rec.phone = _phone(f"{prefix}.phone", rec.phone, problems, f"{who}联系电话")
    if rec.disability_grade is not None and not rec.disability_category:
        problems.append(
            Problem(
                "disability.category_missing",
                f"{prefix}.disability_category",
                f"填写了{who}的残疾等级，请同时填写残疾类别。",
            )
        )
    for s in rec.situations:
        label = enums.SituationKind(s.kind).label if s.kind in _VALUES[enums.SituationKind] else s.kind
        if s.kind not in _VALUES[enums.SituationKind]:
            problems.append(
                Problem("situation.unknown", f"{prefix}.situations", f"{who}特殊情况“{s.kind}”不是可选项。")
            )
            continue
        if s.kind in enums.TERM_SITUATIONS and (s.since is None or not s.term_months):
            problems.append(
                Problem(
                    "situation.term_missing",
                    f"{prefix}.situations",
                    f"{who}{label}：请填写开始日期和刑期或期限（月），系统据此判断是否满6个月。",
                )
            )
        if s.since and s.since > as_of:
            problems.append(
                Problem(
                    "situation.future", f"{prefix}.situations", f"{who}{label}的开始日期晚于今天，请核对。"
                )
            )
        if s.since and s.until and s.until <= s.since:
            problems.append(
                Problem(
                    "situation.until_before_since",
                    f"{prefix}.situations",
                    f"{who}{label}的结束日期应晚于开始日期。",
                )
            )
        if s.kind == enums.SituationKind.AWAY_WORK and s.since is None:
            problems.append(
                Problem(
                    "situation.away_since_missing",
                    f"{prefix}.situations",
                    f"请填写{who}外出务工开始日期（可只填年月），系统据此判断是否满外出期限。",
                    WARNING,
                )
            )
        if s.kind == enums.SituationKind.SEVERE_DISABILITY and not (
            rec.disability_category and rec.disability_grade
        ):
            problems.append(
                Problem(
                    "situation.disability_missing",
                    f"{prefix}.disability_grade",
                    f"{who}重残：请填写残疾类别和等级（残疾人证）。",
                )
            )


def check_child(rec: ChildRecord, *, as_of: date) -> list[Problem]:
    """Normalise `rec` in place and return its problems (errors and warnings)."""
    problems: list[Problem] = []
    rec.name = rec.name.strip()
    if not rec.name:
        problems.append(Problem("name.required", "name", "请填写姓名。"))
    elif len(rec.name) > 50:
        problems.append(Problem("name.too_long", "name", "姓名不能超过50个字。"))
    if rec.hukou_type not in _VALUES[enums.HukouType]:
        problems.append(Problem("hukou_type.required", "hukou_type", "请选择户籍类别：农村户或城市户。"))

    # V-1 / V-7: the ID number, or 无户籍.
    rec.id_number = identity.normalize(rec.id_number or "")
    if rec.no_hukou:
        if rec.id_number:
            problems.append(
                Problem(
                    "id_number.with_no_hukou",
                    "id_number",
                    "选择了“无户籍”就不应有身份证号码。如已登记户口，请取消“无户籍”。",
                )
            )
        problems.append(
            Problem(
                "hukou.missing",
                "no_hukou",
                "该儿童未登记户口，请协助其落户（示范县标准一票否决项）。",
                WARNING,
            )
        )
        if rec.birth_date is None:
            problems.append(Problem("birth_date.required", "birth_date", "无户籍儿童请填写出生日期。"))
    elif not rec.id_number:
        problems.append(
            Problem(
                "id_number.required", "id_number", "请填写18位身份证号码；确实没有户口的，请选择“无户籍”。"
            )
        )
    else:
        parsed = _id("id_number", rec.id_number, as_of, problems, "身份证号码")
        if parsed is not None:
            rec.id_number = parsed.number
            given_sex = _SEX_ZH.get(enums.Sex(rec.sex)) if rec.sex in _VALUES[enums.Sex] else None
            for exc in identity.check_consistency(parsed, sex=given_sex, birth_date=rec.birth_date):
                problems.append(Problem(exc.code, exc.field or "id_number", exc.message))
            rec.birth_date = rec.birth_date or parsed.birth_date
            rec.sex = rec.sex or _SEX_FROM_ZH[parsed.sex]
    id_failed = any(p.field == "id_number" for p in problems)
    if rec.sex not in _VALUES[enums.Sex] and not id_failed:  # a bad number's own error says what to fix
        problems.append(Problem("sex.required", "sex", "请选择性别。"))
    if rec.birth_date and rec.birth_date > as_of:
        problems.append(Problem("birth_date.future", "birth_date", "出生日期晚于今天，请核对。"))

    # V-2: declared categories within their age limits.
    for cat in rec.declared_categories:
        if cat not in _VALUES[enums.DeclaredCategory]:
            problems.append(
                Problem("category.unknown", "declared_categories", f"“{cat}”不是可选的儿童类别。")
            )
        elif rec.birth_date and age_on(rec.birth_date, as_of) >= _AGE_LIMIT[enums.DeclaredCategory(cat)]:
            limit = _AGE_LIMIT[enums.DeclaredCategory(cat)]
            problems.append(
                Problem(
                    "category.age_limit",
                    "declared_categories",
                    f"{enums.DeclaredCategory(cat).label}应不满{limit}周岁，该儿童已满{limit}周岁。",
                )
            )

    # V-3: assistance and benefits.
    _benefits("child_assistance", rec.child_assistance, problems, "享受救助情况")
    _benefits("household_benefits", rec.household_benefits, problems, "家庭享受补助情况")

    # V-5: a left-behind child needs an entrusted caregiver with name and phone (seed 004), or, with
    # none, a high risk rating (seed 002: no entrusted care is the highest guardianship risk).
    if enums.DeclaredCategory.LEFT_BEHIND in rec.declared_categories:
        if not rec.caregiver_kind:
            problems.append(
                Problem(
                    "caregiver.required",
                    "caregiver_kind",
                    "留守儿童请填写委托照护人类型（没有的选“无委托照护”）。",
                )
            )
        elif rec.caregiver_kind == enums.CaregiverKind.NONE:
            if rec.risk_level != enums.RiskLevel.HIGH:
                problems.append(
                    Problem(
                        "caregiver.none_needs_high_risk",
                        "risk_level",
                        "留守儿童无委托照护时，家庭监护风险等级应评为高风险。",
                    )
                )
        elif not (rec.caregiver_name and rec.caregiver_phone):
            problems.append(
                Problem("caregiver.contact_missing", "caregiver_name", "请填写委托照护人的姓名和联系电话。")
            )
    if rec.caregiver_kind and rec.caregiver_kind not in _VALUES[enums.CaregiverKind]:
        problems.append(Problem("caregiver.unknown", "caregiver_kind", "委托照护人类型不是可选项。"))
    cg = _id("caregiver_id_number", rec.caregiver_id_number, as_of, problems, "委托照护人身份证号码")
    if cg is not None:
        rec.caregiver_id_number = cg.number

    # V-6: out of school needs the reason (seed 004 flagged records missing it).
    if rec.schooling in enums.OUT_OF_SCHOOL and not rec.out_of_school_reason.strip():
        problems.append(
            Problem(
                "schooling.reason_required",
                "out_of_school_reason",
                f"就学情况为“{enums.Schooling(rec.schooling).label}”，请填写原因。",
            )
        )
    if (
        rec.guardianship_status == enums.GuardianshipStatus.INADEQUATE
        and not rec.guardianship_problem.strip()
    ):
        problems.append(
            Problem(
                "guardianship.problem_required",
                "guardianship_problem",
                "监护情况为“监护不到位”，请填写具体情形。",
            )
        )
    if rec.disability_grade is not None and not rec.disability_category:
        problems.append(
            Problem(
                "disability.category_missing", "disability_category", "填写了残疾等级，请同时填写残疾类别。"
            )
        )
    if enums.Health.DISABLED in rec.health and not (rec.disability_category and rec.disability_grade):
        problems.append(
            Problem(
                "disability.details_missing", "disability_grade", "健康情况选了“残疾”，请填写残疾类别和等级。"
            )
        )
    for f, label in (("caregiver_phone", "委托照护人联系电话"), ("pairing_phone", "结对人员电话")):
        setattr(rec, f, _phone(f, getattr(rec, f), problems, label))
    for d, label in (("died_on", "死亡日期"), ("adopted_on", "收养登记日期"), ("filed_on", "建档日期")):
        value = getattr(rec, d)
        if value and value > as_of:
            problems.append(Problem("date.future", d, f"{label}晚于今天，请核对。"))
    for h in rec.harm:
        if h.occurred_on > as_of:
            problems.append(Problem("harm.future", "harm", "遭受侵害的日期晚于今天，请核对。"))
    _parent(rec.father, as_of, problems)
    _parent(rec.mother, as_of, problems)
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
    return sum(1 for v in core if not v)


def check_woman(rec: WomanRecord, *, as_of: date) -> list[Problem]:
    problems: list[Problem] = []
    rec.name = rec.name.strip()
    if not rec.name:
        problems.append(Problem("name.required", "name", "请填写姓名。"))
    parsed = None
    try:
        parsed = identity.parse(rec.id_number, as_of=as_of)
    except identity.InvalidIdNumber as exc:
        problems.append(Problem(exc.code, "id_number", exc.message))
    if parsed is not None:
        rec.id_number = parsed.number
        rec.birth_date = parsed.birth_date
        if parsed.sex != "女":
            problems.append(
                Problem("woman.sex", "id_number", "身份证号码显示为男性，留守妇女台账只登记女性。")
            )
    if rec.hukou_type not in _VALUES[enums.HukouType]:
        problems.append(Problem("hukou_type.required", "hukou_type", "请选择户籍类别：农村户或城市户。"))
    if rec.husband_away_since is None:
        problems.append(
            Problem("husband_away_since.required", "husband_away_since", "请填写丈夫外出务工开始日期。")
        )
    elif rec.husband_away_since > as_of:
        problems.append(
            Problem("date.future", "husband_away_since", "丈夫外出务工开始日期晚于今天，请核对。")
        )
    h = _id("husband_id_number", rec.husband_id_number, as_of, problems, "丈夫身份证号码")
    if h is not None:
        rec.husband_id_number = h.number
    rec.phone = _phone("phone", rec.phone, problems, "联系电话")
    return problems


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == ERROR]

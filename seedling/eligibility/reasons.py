"""The eligibility rules' reasons: every code with its Chinese message and the citation of the notice.

The type is the one of every rule module (``seedling.core.reasons.Reason``: a code and arguments,
the message formatted when read), re-exported here with ``Shown`` and ``shown``. The catalogue below
lists every code the engine uses; it is registered on import, with ``sensitivity``, which tells what
a displayed reason discloses (``Shown.sensitivity``). Codes are stable (stored with determinations
and exits), messages and citations may be improved.
"""

from __future__ import annotations

from seedling.core.reasons import Reason, Shown, register, shown
from seedling.core.sensitivity import Sensitivity, of_situation
from seedling.eligibility.facts import SituationKind

__all__ = ["CATALOGUE", "Reason", "Shown", "sensitivity", "shown"]

_S000 = "川民政厅2020年“儿童福利信息动态管理精准化提升年”专项行动实施方案"
_LB = _S000 + "二·农村留守儿童；国发〔2016〕13号"
_LB_AWAY = _S000 + "二：务工时限“可按连续外出务工3个月以上把握”；省级参数"
_LB_Q2 = (
    _S000
    + "二（“因重病、重残等原因”，列举未尽）；晋政民〔2024〕46号附件台账（委托照料原因“父母双方无监护能力”）"
)
_LB_V = "未成年人保护法第21、22条；吉民发〔2018〕41号三（三）"
_DC = _S000 + "二·困境儿童；国发〔2016〕36号"
_FDU = _S000 + "二·事实无人抚养儿童；民发〔2019〕62号"
_FDU_TERMS = "民发〔2019〕62号（粤民规字〔2019〕10号、闽民童〔2021〕31号等实施文件）"
_FDU_2020 = "民发〔2020〕125号（闽民童〔2021〕31号转述）"
_FDU_CONT = "粤民规字〔2019〕10号"
_ORP = _S000 + "二·孤儿；国办发〔2010〕54号"
_ORP_CONT = "民函〔2018〕4号附件1 全国示范县指导标准·生活保障①"
_PRECEDENCE = _S000 + "二·孤儿、事实无人抚养儿童（孤儿优先，不重复认定）"
_HIV = _S000 + "二·艾滋病病毒感染儿童"
_LBW = _S000 + "二·农村留守妇女"
_ADOPT = "民法典第1105、1111条（收养登记后退出）"
_DEATH = "民法典第13条（死亡退出）"
_SIT = "晋政民〔2024〕46号附件台账（父母特殊情况）；民发〔2019〕62号（情形须在评估日持续有效）"

CATALOGUE: dict[str, tuple[str, str]] = {
    # --- any person ---
    "PERSON.NOT_BORN": ("尚未出生（出生日期{0}）", "民法典第13条"),
    "PERSON.DIED": ("已死亡（{0}）", _DEATH),
    "CHILD.ADOPTED": ("已办理收养登记（{0}）", _ADOPT),
    # --- a parent's or husband's situation that does not count (args: who, situation, ...) ---
    "SIT.ENDED": ("{0}{1}已于{2}结束", _SIT),
    "SIT.PENDING": ("{0}{1}未满{2}个月，{3}满{2}个月", _SIT + "；民法典第1259条（“以上”含本数）"),
    "SIT.ENDS_EARLY": ("{0}{1}将于{2}结束，不满{3}个月", _SIT),
    # Work away for a left-behind child: the minimum applied and the document that set it (LB-4).
    "SIT.AWAY_PENDING": (
        "{0}{1}未满{2}个月，{3}满{2}个月（务工时限：连续外出务工{2}个月以上，依据{4}）",
        _LB + "；民法典第1259条（“以上”含本数）",
    ),
    "SIT.AWAY_ENDS_EARLY": (
        "{0}{1}将于{2}结束，不满{3}个月（务工时限：连续外出务工{3}个月以上，依据{4}）",
        _LB,
    ),
    "SIT.SINCE_UNKNOWN": ("{0}{1}缺少开始日期，无法计算持续时间", _SIT),
    "SIT.TERM_UNKNOWN": ("{0}{1}缺少刑期或期限（月）", _FDU_TERMS),
    "SIT.TERM_TOO_SHORT": ("{0}{1}期限不足{2}个月", _FDU_TERMS),
    "SIT.FULFILS_DUTIES": ("{0}{1}，但仍履行抚养义务，不计入", _FDU_2020),
    "SIT.NOT_SEVERE": ("{0}{1}不属于重残（须为一、二级残疾，或三、四级智力、精神残疾）", _FDU_TERMS),
    "SIT.ILLNESS_NOT_LISTED": ("{0}{1}不在本地重病病种目录内", _FDU_TERMS + "（重病按本地病种目录）"),
    "SIT.NOT_IN_FORCE": ("{0}{1}情形在本地尚未施行（民发〔2020〕125号新增情形）", _FDU_2020),
    "SIT.OTHER": (
        "{0}{1}属“其他”情形，不自动认定，需人工研判",
        "晋政民〔2024〕46号附件台账（特殊情况“其他”）",
    ),
    # --- 农村留守儿童 ---
    "LB.AGE_UNDER_16": ("不满16周岁（{0}周岁）", _LB),
    "LB.AGE_16_OR_OVER": ("已满16周岁（{0}满16周岁）", _LB),
    "LB.RURAL_HUKOU": ("农村户籍", _LB),
    "LB.HUKOU_NOT_RURAL": ("非农村户籍（{0}）", _LB),
    "LB.HUKOU_UNKNOWN": ("户籍类别未填写，无法判定", _LB),
    "LB.JOINED_PARENT": ("已于{0}随父母到务工地共同生活", _LB + "（无法与父母正常共同生活）"),
    "LB.BOTH_AWAY": ("父母双方外出务工", _LB),
    "LB.ONE_AWAY_OTHER_INCAPABLE": ("父母一方外出务工，另一方无监护能力", _LB),
    # Stored before reasons quoted the threshold's document; shown as written until re-evaluated.
    "LB.AWAY": ("{0}外出务工已满{1}个月（自{2}起）", _LB_AWAY),
    "LB.AWAY_MIN": ("{0}连续外出务工已满{1}个月（自{2}起；务工时限：连续外出务工{1}个月以上，依据{3}）", _LB),
    "LB.INCAPABLE": ("{0}{1}，丧失监护能力", _LB),
    "LB.INCAPABLE_OTHER": ("{0}{1}，视为无监护能力", _LB_Q2),
    "LB.NO_PATTERN": ("不符合父母双方外出务工、或一方外出务工另一方无监护能力的情形", _LB),
    "LB.RECLASSIFIED": ("同时符合{0}条件，按{0}管理", _PRECEDENCE),
    "LB.V1.CAREGIVER_MISSING": ("未登记委托照护人姓名和联系电话", _LB_V),
    "LB.V2.UNSUPERVISED": ("无委托照护或独自居住，属无人监护：应评为高风险并报告", _LB_V),
    # --- 孤儿 ---
    "ORP.AGE_UNDER_18": ("未满18周岁（{0}周岁）", _ORP),
    "ORP.AGE_18_OR_OVER": ("已满18周岁（{0}满18周岁）", _ORP),
    "ORP.CONTINUED_IN_SCHOOL": ("已满18周岁，仍在{0}就读，继续保障", _ORP_CONT),
    "ORP.PARENT_DEAD": ("{0}{1}", _ORP),
    "ORP.PARENT_MISSING": ("{0}{1}（人民法院宣告失踪）", _ORP),
    "ORP.PARENT_UNKNOWN": ("{0}{1}", _ORP),
    "ORP.NOT_BOTH_LOST": ("父母双方并非均已死亡、宣告失踪或查找不到", _ORP),
    # --- 事实无人抚养儿童 ---
    "FDU.AGE_UNDER_18": ("未满18周岁（{0}周岁）", _FDU_TERMS + "（“年龄未满18周岁”）"),
    "FDU.AGE_18_OR_OVER": ("已满18周岁（{0}满18周岁）", _FDU_TERMS),
    "FDU.CONTINUED_IN_SCHOOL": ("已满18周岁，仍在{0}就读，继续保障", _FDU_CONT),
    "FDU.ORPHAN_PRECEDENCE": ("符合孤儿条件，按孤儿保障，不重复认定", _PRECEDENCE),
    "FDU.BOTH": ("父母双方均符合认定情形之一", _FDU),
    "FDU.ONE": ("父母一方死亡或失踪，另一方符合认定情形之一", _FDU),
    "FDU.BOTH.SEVERE_DISABILITY": ("{0}{1}", _FDU_TERMS),
    "FDU.BOTH.SERIOUS_ILLNESS": ("{0}{1}", _FDU_TERMS),
    "FDU.BOTH.IMPRISONED": ("{0}{1}，期限在{2}个月以上", _FDU_TERMS),
    "FDU.BOTH.COMPULSORY_DETOX": ("{0}{1}，期限在{2}个月以上", _FDU_TERMS),
    "FDU.BOTH.OTHER_RESTRICTION": ("{0}{1}，期限在{2}个月以上", _FDU_TERMS),
    "FDU.BOTH.LOST_CONTACT": ("{0}{1}，失联且未履行抚养义务已满{2}个月", _FDU_TERMS),
    "FDU.BOTH.GUARDIANSHIP_REVOKED": ("{0}{1}（人民法院判决）", _FDU_2020),
    "FDU.BOTH.DEPORTED": ("{0}{1}，且未履行抚养义务", _FDU_2020),
    "FDU.ONE.DEAD": ("{0}{1}", _FDU),
    "FDU.ONE.MISSING": ("{0}{1}（人民法院宣告失踪）", _FDU),
    "FDU.ONE.SEVERE_DISABILITY": ("{0}{1}", _FDU_TERMS),
    "FDU.ONE.SERIOUS_ILLNESS": ("{0}{1}", _FDU_TERMS),
    "FDU.ONE.IMPRISONED": ("{0}{1}，期限在{2}个月以上", _FDU_TERMS),
    "FDU.ONE.COMPULSORY_DETOX": ("{0}{1}，期限在{2}个月以上", _FDU_TERMS),
    "FDU.ONE.OTHER_RESTRICTION": ("{0}{1}，期限在{2}个月以上", _FDU_TERMS),
    "FDU.ONE.LOST_CONTACT": ("{0}{1}，失联且未履行抚养义务已满{2}个月", _FDU_TERMS),
    "FDU.ONE.GUARDIANSHIP_REVOKED": ("{0}{1}（人民法院判决）", _FDU_2020),
    "FDU.ONE.DEPORTED": ("{0}{1}，且未履行抚养义务", _FDU_2020),
    "FDU.NO_PATTERN": ("不符合父母双方均符合、或一方死亡失踪另一方符合认定情形的条件", _FDU),
    "FDU.DEPORTED_NOT_IN_BOTH": (
        "{0}被遣送（驱逐）出境，本省仅在另一方死亡或失踪时计入",
        _FDU_2020 + "；各省实施文件（如闽民童〔2021〕31号）对适用条款规定不一",
    ),
    # --- 困境儿童 (and its sub-type 监护不当儿童) ---
    "DC.AGE_UNDER_18": ("未满18周岁（{0}周岁）", _DC),
    "DC.AGE_18_OR_OVER": ("已满18周岁（{0}满18周岁）", _DC),
    "DC.POVERTY.DIBAO": ("家庭享受最低生活保障（低保）", _DC + "（家庭贫困：低保家庭儿童）"),
    "DC.POVERTY.TEKUN": ("纳入特困人员救助供养范围", _DC + "（家庭贫困：特困供养儿童）"),
    "DC.DISABILITY": ("本人持有残疾人证（{0}）", _DC + "（自身残疾：有残疾证的儿童）"),
    "DC.GUARD.FDU": ("属事实无人抚养儿童", _DC + "（家庭监护缺失）"),
    "DC.GUARD.IMPROPER": ("因监护不当遭受{0}（{1}）", _DC + "（监护不当）"),
    "DC.NONE": ("不符合家庭贫困、自身残疾、监护缺失或监护不当任一情形", _DC),
    "IG.NO_HARM": ("无尚未消除的因监护不当遭受虐待、遗弃、意外伤害、不法侵害情形", _DC + "（监护不当）"),
    "IG.HARM_RESOLVED": ("{0}（{1}）已于{2}评估消除", _DC + "（监护不当）"),
    # --- 艾滋病病毒感染儿童 ---
    "HIV.AGE_UNDER_18": ("未满18周岁（{0}周岁）", _HIV),
    "HIV.AGE_18_OR_OVER": ("已满18周岁（{0}满18周岁）", _HIV),
    "HIV.POSITIVE": ("携带艾滋病病毒或患有艾滋病", _HIV),
    "HIV.NOT_POSITIVE": ("未登记为艾滋病病毒感染", _HIV),
    # --- 农村留守妇女 ---
    "LBW.AGE_UNDER_60": ("不满60周岁（{0}周岁）", _LBW),
    "LBW.AGE_60_OR_OVER": ("已满60周岁（{0}满60周岁）", _LBW),
    "LBW.RURAL": ("本人留在农村居住生活", _LBW),
    "LBW.NOT_RURAL": ("本人未留在农村居住生活", _LBW),
    "LBW.RESIDENCE_UNKNOWN": (
        "未登记本人是否留在农村居住生活（居住地类别），无法判定；户籍类别不能代替",
        _LBW,
    ),
    "LBW.HUSBAND_AWAY": ("丈夫连续外出务工、经商已满{0}个月（自{1}起）", _LBW + "（“半年以上”）"),
    "LBW.HUSBAND_NOT_AWAY": ("丈夫未连续外出务工、经商半年以上", _LBW),
}


# Reasons whose message speaks of health, harm or HIV whatever its arguments. Any other reason is as
# sensitive as the situation it names (a parent 服刑在押 or 重病): its message carries the label.
_BY_CODE: dict[str, Sensitivity] = {
    "DC.DISABILITY": Sensitivity.HEALTH,
    "SIT.NOT_SEVERE": Sensitivity.HEALTH,
    "SIT.ILLNESS_NOT_LISTED": Sensitivity.HEALTH,
    "DC.GUARD.IMPROPER": Sensitivity.HARM,
    "IG.HARM_RESOLVED": Sensitivity.HARM,
}
_BY_LABEL: tuple[tuple[str, Sensitivity], ...] = tuple(
    (kind.value, level) for kind in SituationKind if (level := of_situation(kind.name)) is not None
)


def sensitivity(code: str, message: str) -> Sensitivity | None:
    """What kind of sensitive information a displayed reason discloses, if any."""
    if code.startswith("HIV."):
        return Sensitivity.HIV
    level = _BY_CODE.get(code)
    if level is not None:
        return level
    return next((lv for label, lv in _BY_LABEL if label in message), None)


register(CATALOGUE, sensitivity=sensitivity)

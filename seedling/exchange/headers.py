"""The ledger workbook's headers <-> record keys, and the labels it also accepts: the one place
(docs/ledger.md, a contract).

Never rename or drop a header here without an ADR and an alias that still reads the old name.
Column order is the export order; on import columns are matched by header text, order free.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from seedling.core.tabular import Column

CHILD_SHEET: Final = "儿童台账"
WOMAN_SHEET: Final = "留守妇女台账"
NOTES_SHEET: Final = "填写说明"
VISIT_SHEET: Final = "走访记录"


def _c(
    key: str, header: str, *, text: bool = False, width: int = 12, aliases: tuple[str, ...] = ()
) -> Column:
    # required=False: which columns must be *filled* is the rules' business (people.rules); a file
    # needs only 姓名 to be recognised as a ledger (see reader.find_header).
    return Column(key, header, required=False, text=text, aliases=aliases, width=width)


def _parent(prefix: str, who: str) -> tuple[Column, ...]:
    # docs/ledger.md#the-children-sheet: "the same twelve columns, with 母亲 in place of 父亲".
    return (
        _c(f"{prefix}_name", f"{who}姓名"),
        _c(f"{prefix}_id_number", f"{who}身份证号码", text=True, width=22),
        _c(f"{prefix}_phone", f"{who}联系电话", text=True, width=14),
        _c(f"{prefix}_address", f"{who}现住地址", width=20),
        _c(f"{prefix}_health", f"{who}健康状况"),
        _c(f"{prefix}_situations", f"{who}特殊情况", width=16),
        _c(f"{prefix}_away_since", f"{who}外出务工开始日期"),
        _c(f"{prefix}_work_place", f"{who}务工地点", width=16),
        _c(f"{prefix}_situation_since", f"{who}特殊情况开始日期"),
        _c(f"{prefix}_term_months", f"{who}刑期或期限（月）"),
        _c(f"{prefix}_disability_category", f"{who}残疾类别"),
        _c(f"{prefix}_disability_grade", f"{who}残疾等级"),
    )


CHILD_COLUMNS: Final[tuple[Column, ...]] = (
    _c("division_code", "区划代码", text=True, width=14),
    _c("township_name", "乡镇（街道）", width=14),
    _c("village_name", "村（社区）", width=14),
    _c("name", "姓名", width=10),
    _c("sex", "性别", width=6),
    _c("ethnicity", "民族", width=8),
    _c("birth_date", "出生日期"),
    _c("id_number", "身份证号码", text=True, width=22, aliases=("公民身份号码", "身份证号")),
    _c("no_hukou", "无户籍", width=8),
    _c("hukou_type", "户籍类别", width=10),
    _c("home_address", "家庭地址", width=24),
    _c("schooling", "就学情况"),
    _c("out_of_school_reason", "辍学或不在学原因", width=16),
    _c("boarding", "寄宿情况"),
    _c("health", "健康情况"),
    _c("illness", "患病情况"),
    _c("disability_category", "残疾类别"),
    _c("disability_grade", "残疾等级"),
    _c("hiv", "是否艾滋病病毒感染"),
    _c("psych_behaviour", "日常心理和行为情况", width=16),
    _c("single_parent", "是否单亲家庭"),
    _c("guardianship_status", "监护情况", width=14),
    _c("guardianship_problem", "监护不到位情形", width=16),
    _c("harm", "遭受侵害情况"),
    *_parent("father", "父亲"),
    *_parent("mother", "母亲"),
    _c("caregiver_type", "委托照护人类型", width=16),
    _c("caregiver_name", "委托照护人姓名"),
    _c("caregiver_phone", "委托照护人联系电话", text=True, width=14),
    _c("caregiver_id_number", "委托照护人身份证号码", text=True, width=22),
    _c("caregiver_reason", "委托照料原因", width=20),
    _c("risk_level", "家庭监护风险等级"),
    _c("income_per_capita", "家庭人均收入（元/年）"),
    _c("household_benefits", "家庭享受补助情况", width=18),
    _c("child_assistance", "享受救助情况", width=18),
    _c("education_assistance", "教育救助情况"),
    _c("medical_assistance", "医疗救助情况"),
    _c("other_assistance", "其他救助情况"),
    _c("social_support", "社会力量帮扶情况"),
    _c("declared_categories", "儿童类别（填报）", width=18),
    _c("director_name", "儿童主任"),
    _c("pairing_name", "结对人员姓名"),
    _c("pairing_phone", "结对人员电话", text=True, width=14),
    _c("pairing_org", "结对人员所在单位", width=16),
    _c("care_needs", "关爱服务需求", width=16),
    _c("remarks", "其他说明情况", width=16),
    _c("filed_by", "建档人"),
    _c("filed_on", "建档日期"),
)
# Export adds these after the contract's columns; import ignores them (the system derives them).
CHILD_EXPORT_EXTRA: Final[tuple[Column, ...]] = (
    _c("determined_categories", "系统判定类别", width=18),
    _c("determination_basis", "判定依据", width=40),
    _c("next_recheck", "下次复核日期"),
    _c("status", "数据状态", width=8),
)

WOMAN_COLUMNS: Final[tuple[Column, ...]] = (
    _c("division_code", "区划代码", text=True, width=14),
    _c("township_name", "乡镇（街道）", width=14),
    _c("village_name", "村（社区）", width=14),
    _c("name", "姓名", width=10),
    _c("id_number", "身份证号码", text=True, width=22, aliases=("公民身份号码", "身份证号")),
    _c("hukou_type", "户籍类别", width=10),
    _c("residence", "居住地类别", width=10, aliases=("是否留在农村居住生活",)),
    _c("phone", "联系电话", text=True, width=14),
    _c("address", "居住地址", width=24),
    _c("husband_name", "丈夫姓名"),
    _c("husband_id_number", "丈夫身份证号码", text=True, width=22),
    _c("husband_away_since", "丈夫外出务工开始日期"),
    _c("husband_work_place", "丈夫务工地点", width=16),
    _c("health", "健康状况"),
    _c("needs", "就业或服务需求", width=16),
    _c("remarks", "其他说明情况", width=16),
)
WOMAN_EXPORT_EXTRA: Final[tuple[Column, ...]] = (
    _c("determined_categories", "系统判定类别", width=18),
    _c("next_recheck", "下次复核日期"),
)
# docs/ledger.md#other-sheets: a 走访记录 sheet imported the same way; the child by ID number.
VISIT_COLUMNS: Final[tuple[Column, ...]] = (
    _c(
        "id_number", "身份证号码", text=True, width=22, aliases=("公民身份号码", "身份证号", "儿童身份证号码")
    ),
    _c("name", "姓名", width=10, aliases=("儿童姓名",)),
    _c("visited_on", "走访日期", aliases=("日期",)),
    _c("mode", "走访方式"),
    _c("found", "发现的问题", width=24, aliases=("发现问题",)),
    _c("measures", "解决措施", width=24, aliases=("采取措施",)),
    _c("visitor_name", "走访人", aliases=("走访人员",)),
)
# Columns marked * in the contract, shown with a * in the template's header (import ignores the *).
REQUIRED: Final = frozenset({"name", "id_number", "hukou_type"})
WOMAN_REQUIRED: Final = frozenset({"name", "id_number", "hukou_type", "husband_away_since"})

# Synonyms workers write -> the contract's label (docs/ledger.md#accepted-cell-forms).
SYNONYMS: Final[Mapping[str, Mapping[str, str]]] = {
    # 居住地类别: where a left-behind woman lives (本人留在农村居住生活), not her 户籍.
    "residence": {"乡村": "农村", "是": "农村", "城市": "城镇", "否": "城镇"},
    "hukou_type": {
        "农业": "农村户",
        "非农业": "城市户",
        "农村": "农村户",
        "城镇": "城市户",
        "城市": "城市户",
        # The 户口簿's own words, as the 2016 census form and county ledgers write them.
        "农业户": "农村户",
        "农业户口": "农村户",
        "农村户口": "农村户",
        "城镇户": "城市户",
        "城镇户口": "城市户",
        "城市户口": "城市户",
        "非农业户口": "城市户",
        "非农户口": "城市户",
    },
    "risk_level": {"低": "低风险", "中": "中风险", "高": "高风险"},
    "disability_grade": {"1": "一级", "2": "二级", "3": "三级", "4": "四级", "1级": "一级", "2级": "二级"}
    | {"3级": "三级", "4级": "四级"},
    "single_parent": {
        "是单亲母亲家庭": "单亲母亲家庭",
        "单亲母亲": "单亲母亲家庭",
        "单亲父亲": "单亲父亲家庭",
    },
    "guardianship_status": {"良好": "监护情况良好", "一般": "监护情况一般"},
    "boarding": {"寄宿": "寄宿生", "非寄宿": "非寄宿生", "走读": "非寄宿生"},
    "caregiver_type": {
        "祖父母": "祖父母、外祖父母",
        "外祖父母": "祖父母、外祖父母",
        "(外)祖父母": "祖父母、外祖父母",
    }
    | {"无": "无委托照护"},
}

"""The child director's responsibility list and service list (晋政民〔2024〕46号), in pure Python.

晋政民〔2024〕46号 二（二）asks each town to "制定儿童主任责任清单和关爱服务内容清单 …
定期组织评价并录入信息系统".
It does not spell the lists out, so Seedling ships a default drawn from the duties the notices do
state (吉民发〔2018〕41号 一（二）for the director's duties, 晋政民〔2024〕46号 for the visits and services);
an area
adds its own items (`DutyItem`), and every evaluation keeps a copy of the items it was scored on.
Codes are stable (stored in evaluations); texts and citations may be improved.
"""

from __future__ import annotations

from typing import Final, NamedTuple

from seedling.workforce.rules import S002, S004

RESPONSIBILITY: Final = "responsibility"  # 责任清单
SERVICE: Final = "service"  # 关爱服务内容清单


class Duty(NamedTuple):
    code: str
    list: str
    text: str
    citation: str


DEFAULT_DUTIES: Final[tuple[Duty, ...]] = (
    Duty(
        "R1",
        RESPONSIBILITY,
        "定期开展儿童排查评估，掌握基本生活、家庭监护、心理健康、学习教育等情况并登记信息",
        S004 + "一（二）",
    ),
    Duty("R2", RESPONSIBILITY, "实行分类动态管理，及时在信息系统中更新儿童信息", S004 + "一（二）、三（三）"),
    Duty(
        "R3",
        RESPONSIBILITY,
        "及时发现无人监护或监护情况较差、失辍学、无户籍以及患病、残疾儿童等重点对象，"
        "向乡镇人民政府（街道办事处）、县级未成年人保护机构报告",
        S004 + "一（二）",
    ),
    Duty("R4", RESPONSIBILITY, "管理村级“儿童之家”服务平台，开展关爱活动", S004 + "一（二）"),
    Duty("R5", RESPONSIBILITY, "发现儿童遭受或疑似遭受侵害的，立即强制报告", S004 + "三（二）"),
    Duty(
        "S1",
        SERVICE,
        "低风险儿童至少每月联系一次、每季度走访一次",
        S002 + "二（二）",
    ),
    Duty("S2", SERVICE, "高、中风险儿童至少每月走访一次，发现问题及时报告", S002 + "二（二）"),
    Duty(
        "S3",
        SERVICE,
        "掌握儿童心理关爱需求，发现心理、行为异常的，指导、协助监护人采取干预措施",
        S002 + "二（二）",
    ),
    Duty("S4", SERVICE, "督促照护责任方签订《委托监护责任书》", S002 + "二（二）"),
    Duty(
        "S5",
        SERVICE,
        "协助将符合条件的儿童纳入低保、特困供养、临时救助等保障范围",
        S002 + "二（三）",
    ),
    Duty("S6", SERVICE, "结合节假日和寒暑假开展生活关爱服务", S002 + "二（三）"),
)

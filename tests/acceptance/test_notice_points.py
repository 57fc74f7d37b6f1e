"""Acceptance: where the code followed something other than the notices, cases built from the notices'
own words, through the real ledger import (docs/ledger.md) where the point concerns imported data.

Each table quotes its passage (seed file in /work/shared/seeds/, rule page in docs/rules/).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from seedling.core import clock, identity
from seedling.core.dates import add_months
from seedling.people.tests.factories import XINJIE
from seedling.registries.models import Determination, Membership
from tests.acceptance.test_ledger_categories import HEADER

COLUMNS = [*HEADER, "儿童类别（填报）", "监护情况", "监护不到位情形"]


def import_rows(
    tmp_path: Path, capsys: Any, rows: list[dict[str, object]], user: str = "demo-county"
) -> dict[str, Any]:
    """Import `rows` (cells by header) as `user` through `import_ledger`; the JSON report."""
    today = clock.today()
    table = []
    for seq, cells in enumerate(rows, start=1):
        born = cells.pop("_born", add_months(today, -120))
        values: dict[str, object] = {"区划代码": XINJIE, "户籍类别": "农村户", "就学情况": "小学"}
        values["身份证号码"] = identity.compose("360313", born, 400 + seq, "女")
        values |= cells
        table.append([values.get(h) for h in COLUMNS])
    path = tmp_path / "ledger.xlsx"
    path.write_bytes(_workbook(table))
    call_command("import_ledger", str(path), "--user", user, "--json")
    report: dict[str, Any] = json.loads(capsys.readouterr().out)
    return report


def _workbook(rows: list[list[object]]) -> bytes:
    import io

    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "儿童台账"
    ws.append(COLUMNS)
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _ago(today: date, *, years: int = 0, months: int = 0) -> str:
    return add_months(today, -(12 * years + months)).isoformat()


# --- Point 4: overlapping categories -------------------------------------------------------------
# 000_feddfb91b5db4a6b.txt (川民政厅 2020 专项行动实施方案 二) defines 农村留守儿童 "因父母双方外出务工或一方
# 外出务工另一方无监护能力…不满十六周岁农村户籍未成年人" and 事实无人抚养儿童 "父母一方死亡或失踪，另一方
# 符合…失联情形之一的儿童" each on its own; 002_83ee5f605cb71b02.txt's 儿童类别 lets the village tick
# "农村留守儿童" and "困境儿童" both. No clause takes either off the other's roll.
# (name, father, mother, 儿童类别（填报）, the rolls the child is on)
OVERLAP_CASES = [
    (
        "一方外出务工另一方死亡且失联",
        {"父亲特殊情况": "外出务工、失联", "父亲外出务工开始日期": "-2y", "父亲特殊情况开始日期": "-8m"},
        {"母亲特殊情况": "死亡", "母亲特殊情况开始日期": "-3y"},
        "农村留守儿童、事实无人抚养儿童、困境儿童",
        {"left_behind", "de_facto_unsupported", "in_difficulty"},
    ),
    (
        "父母双方外出务工",
        {"父亲特殊情况": "外出务工", "父亲外出务工开始日期": "-1y"},
        {"母亲特殊情况": "外出务工", "母亲外出务工开始日期": "-1y"},
        "农村留守儿童",
        {"left_behind"},
    ),
]


GRANNY = {
    "委托照护人类型": "祖父母、外祖父母",
    "委托照护人姓名": "林奶奶",
    "委托照护人联系电话": "13800000000",
    "委托照护人身份证号码": identity.compose("360313", date(1960, 3, 3), 7, "女"),
}


def _dates(cells: dict[str, object], today: date) -> dict[str, object]:
    out: dict[str, object] = {}
    for k, v in cells.items():
        if isinstance(v, str) and v.startswith("-") and v[-1] in "ym":
            n = int(v[1:-1])
            out[k] = _ago(today, years=n) if v[-1] == "y" else _ago(today, months=n)
        else:
            out[k] = v
    return out


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "father", "mother", "declared", "rolls"), OVERLAP_CASES, ids=[c[0] for c in OVERLAP_CASES]
)
def test_overlapping_categories_keep_every_roll_and_no_discrepancy(
    world, tmp_path, capsys, name, father, mother, declared, rolls
) -> None:
    today = clock.today()
    cells = {
        "姓名": name,
        **_dates(father, today),
        **_dates(mother, today),
        "儿童类别（填报）": declared,
        **GRANNY,
    }
    report = import_rows(tmp_path, capsys, [cells])
    assert (report["rejected"], report["errors"]) == (0, []), report["errors"]
    det = Determination.unscoped.get(child__name=name)
    assert {c for c in det.categories.split(",") if c} == rolls
    assert det.discrepancy is False
    open_rolls = set(
        Membership.unscoped.filter(child__name=name, end__isnull=True).values_list("category", flat=True)
    )
    assert open_rolls == rolls


# --- Point 3: a left-behind woman lives in the countryside ---------------------------------------
# 000_feddfb91b5db4a6b.txt: 农村留守妇女 "丈夫连续外出务工、经商等半年以上、本人留在农村居住生活、
# 不满六十周岁的妇女".
# Where she lives decides, not her 户籍类别. (name, 户籍类别, 居住地类别, on the roll)
WOMAN_CASES = [
    ("城市户留在农村居住生活", "城市户", "农村", True),
    ("农村户住在城镇", "农村户", "城镇", False),
    ("农村户留在农村居住生活", "农村户", "农村", True),
    ("未填居住地", "农村户", None, False),
]


@pytest.mark.django_db
def test_a_left_behind_woman_is_decided_by_where_she_lives(world, tmp_path, capsys) -> None:
    import io

    import openpyxl

    from seedling.registries.enums import LEFT_BEHIND_WOMAN

    today = clock.today()
    head = ["区划代码", "姓名", "身份证号码", "户籍类别", "居住地类别", "丈夫姓名", "丈夫外出务工开始日期"]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "留守妇女台账"
    ws.append(head)
    for seq, (name, hukou, residence, _) in enumerate(WOMAN_CASES, start=1):
        number = identity.compose("360313", date(1985, 3, 3), 300 + seq, "女")
        ws.append([XINJIE, name, number, hukou, residence, "林建国", _ago(today, years=1)])
    buf = io.BytesIO()
    wb.save(buf)
    path = tmp_path / "women.xlsx"
    path.write_bytes(buf.getvalue())
    call_command("import_ledger", str(path), "--user", "demo-county", "--json")
    report = json.loads(capsys.readouterr().out)
    assert (report["rejected"], report["errors"]) == (0, []), report["errors"]
    on_roll = set(
        Membership.unscoped.filter(category=LEFT_BEHIND_WOMAN, end__isnull=True).values_list(
            "woman__name", flat=True
        )
    )
    assert on_roll == {name for name, _, _, rural in WOMAN_CASES if rural}
    unknown = Determination.unscoped.get(woman__name="未填居住地")
    assert [r["code"] for d in unknown.details for r in d["reasons"]] == ["LBW.RESIDENCE_UNKNOWN"]


# --- Points 5 and 6: pairing and visits follow the DETERMINED categories --------------------------
# 002_83ee5f605cb71b02.txt 三（一）: "力争到2024年底全市困境儿童结对帮扶达到100%"; 二（二）: "儿童督导员、
# 儿童主任对农村留守儿童和困境儿童处于“低”风险等级的，至少每个月联系一次，每季度走访一次". The children
# counted and visited are those the rules find on a roll, whatever the village declared.
# (name, cells, declared, in the pairing denominator, visit duty)
DUTY_CASES = [
    ("低保家庭仅填报留守", {"家庭享受补助情况": "低保300元/月", **GRANNY}, "农村留守儿童", True, True),
    (
        "父母双方外出务工",
        {
            "父亲特殊情况": "外出务工",
            "父亲外出务工开始日期": "-1y",
            "母亲特殊情况": "外出务工",
            "母亲外出务工开始日期": "-1y",
            **GRANNY,
        },
        "农村留守儿童",
        False,
        True,
    ),
    ("填报困境但无任何情形", {}, "困境儿童", False, False),
]


@pytest.mark.django_db
def test_pairing_and_visits_follow_the_determined_categories(world, tmp_path, capsys, client_of) -> None:
    from seedling.accounts.actors import actor_for_user
    from seedling.accounts.models import User
    from seedling.people.models import Child
    from seedling.visits import selectors as visit_selectors

    today = clock.today()
    rows = [{"姓名": n, **_dates(c, today), "儿童类别（填报）": d} for n, c, d, _, _ in DUTY_CASES]
    report = import_rows(tmp_path, capsys, rows)
    assert (report["rejected"], report["errors"]) == (0, []), report["errors"]
    county = actor_for_user(User.objects.get(username="demo-county"))
    division = visit_selectors.division_for(actor=county, code="360313000000")
    compliance = visit_selectors.compliance(actor=county, division=division, as_of=today)
    assert compliance.total.in_difficulty == sum(1 for c in DUTY_CASES if c[3])
    assert {c.name for c in compliance.unpaired} == {c[0] for c in DUTY_CASES if c[3]}
    on_list = {r.child.name for r in visit_selectors.worklist(actor=county, as_of=today)}
    assert on_list == {c[0] for c in DUTY_CASES if c[4]}
    client = client_of("demo-county")
    for name, _, _, _, duty in DUTY_CASES:
        child = Child.unscoped.get(name=name)
        page = client.get(f"/visits/child/{child.pk}/").content.decode()
        assert ("无走访义务" in page) is (not duty), name
    live = visit_selectors.compliance_live(actor=county, division=division, as_of=today)
    assert (live.total.in_difficulty, live.total.paired) == (
        compliance.total.in_difficulty,
        compliance.total.paired,
    )


# --- Point 7: a child at risk is never kept out by a missing detail -------------------------------
# 002_83ee5f605cb71b02.txt (台账附件): "监护情况 … 监护不到位，具体情形" and "遭受侵害情况";
# 004_b5bbac8a6e0034f5.txt 三（三）: records "未填写受委托监护人信息" are to be completed. A row that
# identifies a child (valid ID number, in the area) is filed; what is missing is flagged.
# (name, cells, the details flagged)
DETAIL_CASES = [
    ("监护不到位未填具体情形", {"监护情况": "监护不到位"}, ["guardianship.problem_required"]),
    ("遭受虐待未填日期", {"遭受侵害情况": "虐待"}, ["harm.date_missing"]),
    (
        "留守未填委托照护人",
        {"儿童类别（填报）": "农村留守儿童", "委托照护人类型": None, "委托照护人姓名": None},
        ["caregiver.required"],
    ),
]


@pytest.mark.django_db
def test_missing_details_are_filed_and_flagged(world, tmp_path, capsys, client_of) -> None:
    from seedling.people.models import Child

    rows = [{"姓名": name, **cells} for name, cells, _ in DETAIL_CASES]
    report = import_rows(tmp_path, capsys, rows)
    assert (report["rejected"], report["errors"]) == (0, []), report["errors"]
    client = client_of("demo-county")
    review = client.get("/children/details-to-complete/").content.decode()
    incomplete = client.get("/children/?incomplete=on").content.decode()
    for name, _, codes in DETAIL_CASES:
        child = Child.unscoped.get(name=name)
        assert [d["code"] for d in child.missing_details] == codes, name
        page = client.get(f"/children/{child.pk}/").content.decode()
        assert 'id="missing-details"' in page, name
        assert name in review and name in incomplete
    harmed = Child.unscoped.get(name="遭受虐待未填日期")
    assert [h.occurred_on for h in harmed.harm_events.all()] == [None]  # never dated on the import day
    assert "请补充遭受虐待的日期" in client.get(f"/children/{harmed.pk}/").content.decode()
    # A row without a valid ID number is still refused: identity is what places a record.
    bad = import_rows(tmp_path, capsys, [{"姓名": "无效身份证", "身份证号码": "123"}])
    assert bad["rejected"] == 1


# The same rule through the API: a harm without its date, 监护不到位 without 具体情形.
@pytest.mark.django_db
def test_the_api_files_a_child_with_missing_details(world) -> None:
    from seedling.people.tests.test_web import api_client

    client, auth = api_client("demo-county")
    body = {
        "division_code": XINJIE,
        "name": "接口儿童",
        "id_number": identity.compose("360313", date(2015, 4, 4), 377, "男"),
        "hukou_type": "rural",
        "guardianship_status": "inadequate",
        "harm": [{"kind": "abuse"}],
    }
    response = client.post("/api/v1/children", body, content_type="application/json", **auth)
    assert response.status_code == 201, response.content.decode()
    codes = [d["code"] for d in response.json()["missing_details"]]
    assert codes == ["guardianship.problem_required", "harm.date_missing"]

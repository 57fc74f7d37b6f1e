"""The ledger importer and exporter end to end, on synthetic workbooks built here with openpyxl."""

from __future__ import annotations

import io
import json
from datetime import date

import openpyxl
import pytest
import python_calamine
from django.core.management import call_command

from seedling.access import visible_to
from seedling.audit.enums import Action
from seedling.audit.models import AuditEvent
from seedling.core import clock, identity
from seedling.exchange import ledger_export, ledger_import
from seedling.exchange.models import ImportJob, JobStatus
from seedling.people import enums, services
from seedling.people.models import Child, Woman
from seedling.people.tests.factories import ANYUAN_VILLAGE, XINJIE
from seedling.visits import summary as compliance
from seedling.visits.models import ComplianceFigure

AS_OF = date(2026, 1, 1)
HEADER = ["区划代码", "乡镇（街道）", "村（社区）", "姓名*", "性别", "出生日期", "身份证号码*", "户籍类别*"]
HEADER += [
    "就学情况",
    "家庭监护风险等级",
    "父亲姓名",
    "父亲特殊情况",
    "父亲外出务工开始日期",
    "儿童类别（填报）",
]
HEADER += ["委托照护人类型", "委托照护人姓名", "委托照护人联系电话", "母亲特殊情况", "母亲外出务工开始日期"]
# Both parents away for work: on the left-behind roll, so with a visit duty (docs/rules/workflow.md#v-duty).
BOTH_AWAY = {"母亲特殊情况": "外出务工", "母亲外出务工开始日期": "2023-02"}


def number(born: date, seq: int, sex: str = "女") -> str:
    return identity.compose("360313", born, seq, sex)


def row(
    name: str, id_number: object, *, code: object = XINJIE, born: object = None, **kw: object
) -> list[object]:
    values = {
        "区划代码": code,
        "姓名*": name,
        "出生日期": born,
        "身份证号码*": id_number,
        "户籍类别*": kw.pop("hukou", "农村户"),
        "就学情况": "小学",
        "家庭监护风险等级": kw.pop("risk", "中风险"),
        "父亲姓名": "林父",
        "父亲特殊情况": "外出务工",
        "父亲外出务工开始日期": kw.pop("away", "2023-02"),
        "儿童类别（填报）": "",
    }
    values.update({k: v for k, v in kw.items()})
    return [values.get(h) for h in HEADER]


def workbook(rows: list[list[object]], *, title: bool = True) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "儿童台账"
    if title:  # a merged title row and a blank row above the header, as real files have
        ws.append(["湘东区农村留守儿童和困境儿童信息台账"])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=8)
        ws.append([])
    ws.append([f"  {h} " for h in HEADER])
    for r in rows:
        ws.append(r)
    wb.create_sheet("说明").append(["ignored"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def run(actor, content: bytes, *, dry_run: bool = False, batch: int = 200) -> ImportJob:
    job = ledger_import.import_create(actor=actor, content=content, dry_run=dry_run)
    return ledger_import.import_run(actor=actor, job=job, as_of=AS_OF, batch=batch)


def counts(job: ImportJob) -> tuple[int, int, int, int]:
    return (job.created, job.updated, job.unchanged, job.rejected)


def errors(job: ImportJob) -> list[tuple[int, str, str]]:
    return [(e["row"], e["column"], e["code"]) for e in job.errors]


@pytest.fixture
def county(actor_of):
    return actor_of("demo-county")


def test_messy_file_is_normalised(county):
    a, b, c = number(date(2014, 4, 2), 1), number(date(2015, 5, 3), 2, "男"), number(date(2016, 6, 4), 3)
    x = next(n for s in range(500) if (n := number(date(2013, 7, 8), s, "男")).endswith("X"))
    full_width = a.translate({ord(ch): ord(ch) + 0xFEE0 for ch in "0123456789"})
    content = workbook(
        [
            row("林一", full_width, born="2014年4月2日", hukou="农业"),
            row(" 林二 ", f"{b[:6]} {b[6:]}", born=42127, risk="高"),  # serial for 2015-05-03
            row(
                "林三",
                c,
                code=None,
                **{"乡镇（街道）": "峡山口街道", "村（社区）": "新街居委会"},
                born="20160604",
            ),
            [],  # blank row
            row("林四", x.lower(), born="2013.7.8", hukou="非农业", away=202303),
        ]
    )
    job = run(county, content)
    assert job.status == JobStatus.DONE
    assert (counts(job), job.errors) == ((4, 0, 0, 0), [])
    got = {
        ch.name: (ch.id_number, ch.birth_date, ch.hukou_type, ch.risk_level, ch.division_code)
        for ch in visible_to(county, Child)
    }
    assert got == {
        "林一": (a, date(2014, 4, 2), "rural", "medium", XINJIE),
        "林二": (b, date(2015, 5, 3), "rural", "high", XINJIE),
        "林三": (c, date(2016, 6, 4), "rural", "medium", XINJIE),
        "林四": (x, date(2013, 7, 8), "urban", "medium", XINJIE),
    }
    lin4 = services.child_record(visible_to(county, Child).get(name="林四"))
    assert [(s.kind, s.since) for s in lin4.father.situations] == [("away_work", date(2023, 3, 1))]


def test_rejected_rows_name_sheet_row_column_code(county):
    ok = number(date(2014, 4, 2), 11)
    content = workbook(
        [
            row("林一", ok),
            row("林二", 5.10104e17),  # Excel turned the number into a float
            row("林三", number(date(2014, 1, 1), 12), code=ANYUAN_VILLAGE),  # another county
            row("林四", number(date(2014, 1, 2), 13), born="2014-01-03"),  # disagrees with the number
            row("林五", number(date(2014, 1, 4), 14), hukou="郊区"),
            row(
                "林六",
                number(date(2014, 1, 5), 15),
                code=None,
                **{"乡镇（街道）": "峡山口街道", "村（社区）": "不存在村"},
            ),
        ]
    )
    job = run(county, content)
    assert counts(job) == (1, 0, 0, 5)
    # Title row 1, blank row 2, header row 3: data starts at Excel row 4. Columns: A 区划代码 … G 身份证号码.
    assert errors(job) == [
        (5, "G", "id_number.excel_number"),
        (6, "A", "division.outside"),
        (7, "F", "id_number.birth_date_mismatch"),
        (8, "H", "choice.invalid"),
        (9, "C", "division.unknown"),
    ]
    assert job.errors[0]["sheet"] == "儿童台账"
    assert "被 Excel 当成数值保存了" in job.errors[0]["message"]


@pytest.mark.parametrize("dry_run", [True, False])
def test_a_code_of_the_area_that_is_no_known_village_rejects_its_row_only(county, dry_run):
    # 360313999999 is inside the county by its prefix, yet no division has it: the row is rejected
    # with its own message, the others are imported, and the job ends.
    a, b = number(date(2014, 4, 2), 51), number(date(2015, 1, 1), 52)
    content = workbook(
        [row("林一", a), row("林二", number(date(2014, 4, 3), 53), code="360313999999"), row("林三", b)]
    )
    job = run(county, content, dry_run=dry_run)
    assert (job.status, counts(job), errors(job)) == (
        JobStatus.DONE,
        (2, 0, 0, 1),
        [(5, "A", "division.unknown")],
    )
    message = job.errors[0]["message"]
    assert message.startswith("“360313999999”不是您辖区内已知的村（社区）") and "请核对" in message
    assert visible_to(county, Child).count() == (0 if dry_run else 2)


def test_a_file_moved_to_a_code_that_is_no_known_village_keeps_its_village(county):
    a = number(date(2014, 4, 2), 54)
    run(county, workbook([row("林一", a)]))
    job = run(county, workbook([row("林一", a, code="360313999999")]))
    assert (job.status, counts(job), errors(job)) == (
        JobStatus.DONE,
        (0, 0, 0, 1),
        [(4, "A", "division.unknown")],
    )
    assert visible_to(county, Child).get(id_number=a).division_code == XINJIE


def test_reimport_changes_nothing_and_duplicates_are_filed_once(county):
    a = number(date(2014, 4, 2), 21)
    content = workbook([row("林一", a), row("林一", a), row("林二", number(date(2015, 1, 1), 22))])
    assert counts(run(county, content)) == (2, 0, 1, 0)
    history = Child.history.count()
    again = run(county, content)
    assert counts(again) == (0, 0, 3, 0)
    assert Child.history.count() == history  # not one history row: nothing was written
    changed = workbook([row("林一", a, risk="高")])
    assert counts(run(county, changed)) == (0, 1, 0, 0)
    assert visible_to(county, Child).get(id_number=a).risk_level == enums.RiskLevel.HIGH


def test_duplicate_with_different_content_is_rejected(county):
    a = number(date(2014, 4, 2), 23)
    job = run(county, workbook([row("林一", a), row("林一", a, risk="高")]))
    assert counts(job) == (1, 0, 0, 1)
    assert errors(job) == [(5, "", "row.duplicate")]


def test_dry_run_writes_nothing(county):
    content = workbook([row("林一", number(date(2014, 4, 2), 31)), row("林二", 5.1e17)])
    job = run(county, content, dry_run=True)
    assert counts(job) == (1, 0, 0, 1)
    assert job.sample[:2] == [
        {"sheet": "儿童台账", "row": 4, "outcome": "created"},
        {"sheet": "儿童台账", "row": 5, "outcome": "rejected"},
    ]
    assert not visible_to(county, Child).exists()


def test_killed_import_resumes_to_the_same_result(county, monkeypatch):
    rows = [row(f"林{i}", number(date(2014, 1, 1 + i), 40 + i), **BOTH_AWAY) for i in range(5)]
    content = workbook(rows)
    real = services.child_create_bulk
    calls = {"n": 0}

    def dies_in_the_second_batch(**kw):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt  # the process is killed mid-batch
        return real(**kw)

    monkeypatch.setattr(services, "child_create_bulk", dies_in_the_second_batch)
    job = ledger_import.import_create(actor=county, content=content, dry_run=False)
    with pytest.raises(KeyboardInterrupt):
        ledger_import.import_run(actor=county, job=job, as_of=AS_OF, batch=2)
    job.refresh_from_db()
    # Batch 1 (rows 1-2) committed with the cursor; batch 2 rolled back whole: nothing half-written.
    assert (job.cursor, counts(job), visible_to(county, Child).count()) == (2, (2, 0, 0, 0), 2)
    monkeypatch.setattr(services, "child_create_bulk", real)
    job = ledger_import.import_run(actor=county, job=job, as_of=AS_OF, batch=2)
    assert (job.status, job.cursor, counts(job)) == (JobStatus.DONE, 5, (5, 0, 0, 0))
    assert sorted(visible_to(county, Child).values_list("name", flat=True)) == [f"林{i}" for i in range(5)]
    # The resumed job recounts its area's expired figures: the killed batch's villages too.
    figure = ComplianceFigure.unscoped.get(division_code=XINJIE)
    assert compliance.is_valid(figure, clock.today()) and figure.medium_children == 5


def _content(data: bytes) -> dict[str, list[list[object]]]:
    wb = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    return {name: wb.get_sheet_by_name(name).to_python() for name in wb.sheet_names}


def test_round_trip_export_import_export(county):
    rows = [row(f"林{i}", number(date(2014, 1, 1 + i), 60 + i)) for i in range(3)]
    rows.append(
        row(
            "林三",
            number(date(2013, 2, 2), 70),
            **{
                "儿童类别（填报）": "农村留守儿童",
                "委托照护人类型": "祖父母",
                "委托照护人姓名": "林祖",
                "委托照护人联系电话": "13800000001",
            },
        )
    )
    assert counts(run(county, workbook(rows))) == (4, 0, 0, 0)
    first = io.BytesIO()
    assert ledger_export.ledger_export(actor=county, out=first) == 4
    job = run(county, first.getvalue())
    assert (counts(job), job.errors) == ((0, 0, 4, 0), [])
    second = io.BytesIO()
    ledger_export.ledger_export(actor=county, out=second)
    one, two = _content(first.getvalue()), _content(second.getvalue())
    assert one == two
    header = one["儿童台账"][0]
    # demo-county holds the HIV grant (demo/accounts.py), and still no workbook carries HIV (ADR 0012).
    assert county.grants[0].hiv and "是否艾滋病病毒感染" not in header
    cell = one["儿童台账"][1][header.index("身份证号码*")]
    assert "*" in cell  # masked in every export (ADR 0005)


def test_template_has_both_sheets_and_instructions():
    buf = io.BytesIO()
    ledger_export.ledger_template(buf)
    content = _content(buf.getvalue())
    assert list(content) == ["填写说明", "儿童台账", "留守妇女台账"]
    assert content["儿童台账"][0][:4] == ["区划代码", "乡镇（街道）", "村（社区）", "姓名*"]
    assert "户籍类别：农村户、城市户" in [r[0] for r in content["填写说明"]]


def test_error_report_lists_rejected_rows(county):
    job = run(county, workbook([row("林一", number(date(2014, 4, 2), 81)), row("林二", 5.1e17)]))
    report = _content(ledger_import.error_report(actor=county, job=job))["儿童台账"]
    assert len(report) == 2
    assert report[0][-2:] == ["错误", "原行号"]
    assert report[1][3] == "林二"
    assert report[1][-1] == 5
    assert "id_number.excel_number" in report[1][-2]


def test_commands(county, tmp_path, capsys):
    path = tmp_path / "ledger.xlsx"
    path.write_bytes(workbook([row("林一", number(date(2014, 4, 2), 91)), row("林二", 5.1e17)]))
    call_command("import_ledger", str(path), "--user", "demo-county", "--json")
    out = json.loads(capsys.readouterr().out)
    assert {k: out[k] for k in ("created", "updated", "unchanged", "rejected")} == {
        "created": 1,
        "updated": 0,
        "unchanged": 0,
        "rejected": 1,
    }
    assert [(e["sheet"], e["row"], e["column"], e["code"]) for e in out["errors"]] == [
        ("儿童台账", 5, "G", "id_number.excel_number")
    ]
    out_path = tmp_path / "out.xlsx"
    call_command(
        "export_ledger", "--user", "demo-county", "--out", str(out_path), "--division", "360313001000"
    )
    assert len(_content(out_path.read_bytes())["儿童台账"]) == 2
    # The command counts the files for the audit itself (an export job passes its own count).
    event = AuditEvent.unscoped.get(action=Action.EXPORTED)
    assert event.detail == {"format": "ledger.xlsx", "rows": 1, "division": "360313001000"}


def test_export_without_hiv_grant_has_no_hiv_column(actor_of, county):
    run(county, workbook([row("林一", number(date(2014, 4, 2), 95))]))
    buf = io.BytesIO()
    assert ledger_export.ledger_export(actor=actor_of("demo-township"), out=buf) == 1
    assert "是否艾滋病病毒感染" not in _content(buf.getvalue())["儿童台账"][0]


def test_women_sheet(county):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "留守妇女台账"
    ws.append(["区划代码", "姓名*", "身份证号码*", "户籍类别*", "丈夫外出务工开始日期*", "联系电话"])
    woman = identity.compose("360313", date(1990, 2, 3), 5, "女")
    man = identity.compose("360313", date(1990, 2, 3), 6, "男")
    ws.append([XINJIE, "王芳", woman, "农业", "2022.5", "13800000002"])
    ws.append([XINJIE, "李强", man, "农村户", "2022-05", ""])
    ws.append([XINJIE, "赵敏", identity.compose("360313", date(1991, 1, 1), 7, "女"), "农村户", "", ""])
    buf = io.BytesIO()
    wb.save(buf)
    job = run(county, buf.getvalue())
    assert counts(job) == (1, 0, 0, 2)
    assert errors(job) == [(3, "C", "woman.sex"), (4, "E", "husband_away_since.required")]
    assert counts(run(county, buf.getvalue())) == (0, 0, 1, 2)
    stored = ledger_import.woman_record(visible_to(county, Woman).get())
    assert (stored.id_number, stored.hukou_type, stored.husband_away_since) == (
        woman,
        "rural",
        date(2022, 5, 1),
    )

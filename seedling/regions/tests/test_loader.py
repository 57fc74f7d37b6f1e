"""The division loader: real 2016 → 2023 changes of 湘东区, 东莞's townships, idempotency, bad rows."""

from __future__ import annotations

import csv
import gzip
import os
import subprocess
import sys
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from seedling.accounts.models import RoleAssignment
from seedling.core import clock
from seedling.regions import loader
from seedling.regions.loader import SHIPPED_FILE, DivisionLoadError, LoadReport, load_divisions
from seedling.regions.models import Division, DivisionChange

DATA = Path(__file__).resolve().parent / "data"
C2016 = DATA / "county_360313_2016.csv"
C2023 = DATA / "county_360313_2023.csv"
MINI = DATA / "mini_national_2023.csv"
BAD_LEVEL = DATA / "bad_level_653130_2016.csv"
BAD_LEVEL_MESSAGE = "bad_level_653130_2016.csv 第 7 行：级别 4 与代码 653130103001 不符（按代码应为 5）"
TODAY = date(2024, 1, 15)
LATER = date(2024, 6, 30)


@pytest.fixture
def empty(db: None) -> None:
    """An empty division table. The session's seeded 萍乡市 is back once the test's transaction rolls back."""
    RoleAssignment.unscoped.all().delete()
    DivisionChange.unscoped.all().delete()
    with connection.cursor() as cursor:  # one statement, so the self-referencing PROTECT is not in the way
        cursor.execute(f"DELETE FROM {Division._meta.db_table}")  # noqa: S608 - model name


def rows_of(path: Path) -> dict[str, tuple[str, str]]:
    """code -> (name, parent_code), read independently of the loader."""
    with path.open(encoding="utf-8", newline="") as f:
        return {r["code"]: (r["name"], r["parent_code"]) for r in csv.DictReader(f)}


def table(prefix: str = "") -> dict[str, tuple[str, str]]:
    return {
        d.code: (d.name, d.parent_id or "")
        for d in Division.unscoped.filter(code__startswith=prefix, retired_on__isnull=True)
    }


def changes() -> set[tuple[str, str, str, str, str, str]]:
    return set(
        DivisionChange.unscoped.values_list(
            "code", "kind", "old_name", "new_name", "old_parent_code", "new_parent_code"
        )
    )


def counts(report: LoadReport) -> dict[str, int]:
    return {k: getattr(report, k) for k in ("added", "renamed", "moved", "retired", "restored", "unchanged")}


def tally(
    added: int = 0, renamed: int = 0, moved: int = 0, retired: int = 0, restored: int = 0, unchanged: int = 0
) -> dict[str, int]:
    return {
        "added": added,
        "renamed": renamed,
        "moved": moved,
        "retired": retired,
        "restored": restored,
        "unchanged": unchanged,
    }


def expected_counts(old: dict[str, tuple[str, str]], new: dict[str, tuple[str, str]]) -> dict[str, int]:
    common = old.keys() & new.keys()
    return {
        "added": len(new.keys() - old.keys()),
        "renamed": sum(old[c][0] != new[c][0] for c in common),
        "moved": sum(old[c][1] != new[c][1] for c in common),
        "retired": len(old.keys() - new.keys()),
        "restored": 0,
        "unchanged": sum(old[c] == new[c] for c in common),
    }


def edited(tmp_path: Path, source: Path, edit: dict[int, str | None], name: str = "bad.csv") -> Path:
    """A copy of `source` with file lines replaced (1-based; None deletes the line)."""
    lines = source.read_text(encoding="utf-8").splitlines()
    out = [edit.get(number, line) for number, line in enumerate(lines, start=1)]
    path = tmp_path / name
    path.write_text("".join(f"{line}\n" for line in out if line is not None), encoding="utf-8")
    return path


# --- first load, 2016 → 2023, idempotency, restore --------------------------------------------------


def test_first_load_of_a_scope_is_a_baseline(empty: None) -> None:
    report = load_divisions(C2016, prefix="360313", edition="2016", today=TODAY)
    assert report == LoadReport(
        prefix="360313",
        edition="2016",
        rows=170,
        added=170,
        renamed=0,
        moved=0,
        retired=0,
        restored=0,
        unchanged=0,
        recorded=0,
        baseline=True,
    )
    assert report.summary() == (
        "区划代码 2016 版导入完成（范围 360313）：文件 170 条；新增 170，更名 0，迁移 0，撤销 0，恢复 0，"
        "未变 0；首次导入该范围，未逐条记录变更。"
    )
    assert table() == rows_of(C2016)
    assert DivisionChange.unscoped.count() == 0
    assert set(Division.unscoped.values_list("edition", flat=True)) == {"2016"}
    village = Division.unscoped.get(code="360313101001")
    assert (village.name, village.level, village.parent_id, village.retired_on) == (
        "前后街居委会",
        5,
        "360313101000",
        None,
    )


def test_2016_then_2023_reports_the_real_code_changes(empty: None) -> None:
    old, new = rows_of(C2016), rows_of(C2023)
    load_divisions(C2016, prefix="360313", edition="2016", today=TODAY)

    report = load_divisions(C2023, prefix="360313", edition="2023", today=LATER)

    assert counts(report) == expected_counts(old, new)
    assert counts(report) == tally(added=2, renamed=2, retired=6, unchanged=162)
    assert (report.rows, report.recorded, report.baseline) == (166, 10, False)
    assert report.summary() == (
        "区划代码 2023 版导入完成（范围 360313）：文件 166 条；新增 2，更名 2，迁移 0，撤销 6，恢复 0，"
        "未变 162；记录变更 10 条。"
    )
    assert table() == new
    # 湘东镇 (360313101000): six village codes gone, two new ones (长荷居委会, 云程居委会).
    gone = sorted(old.keys() - new.keys())
    assert gone == [f"360313101{n:03d}" for n in (1, 2, 4, 5, 6, 7)]
    assert changes() == {
        ("360313101008", "added", "", "长荷居委会", "", "360313101000"),
        ("360313101009", "added", "", "云程居委会", "", "360313101000"),
        ("360313001000", "renamed", "峡山口街道办事处", "峡山口街道", "360313000000", "360313000000"),
        ("360313001010", "renamed", "和平居委会", "团和居委会", "360313001000", "360313001000"),
    } | {(code, "retired", old[code][0], "", "360313101000", "") for code in gone}
    assert set(DivisionChange.unscoped.values_list("edition", flat=True)) == {"2023"}
    # Retired, never deleted; a retired row keeps the edition it was last listed in.
    retired = Division.unscoped.filter(retired_on__isnull=False)
    assert sorted(retired.values_list("code", "retired_on", "edition")) == [(c, LATER, "2016") for c in gone]
    active = Division.unscoped.filter(retired_on__isnull=True)
    assert set(active.values_list("edition", flat=True)) == {"2023"}


def test_a_second_load_changes_nothing(empty: None) -> None:
    load_divisions(C2016, prefix="360313", edition="2016", today=TODAY)
    load_divisions(C2023, prefix="360313", edition="2023", today=TODAY)
    before = DivisionChange.unscoped.count()

    report = load_divisions(C2023, prefix="360313", edition="2023", today=LATER)

    assert counts(report) == tally(unchanged=166)
    assert (report.recorded, report.baseline) == (0, False)
    assert DivisionChange.unscoped.count() == before == 10
    assert Division.unscoped.filter(retired_on=LATER).count() == 0  # the six keep their first retirement date


def test_a_retired_code_that_comes_back_is_restored(empty: None) -> None:
    load_divisions(C2016, prefix="360313", edition="2016", today=TODAY)
    load_divisions(C2023, prefix="360313", edition="2023", today=TODAY)
    DivisionChange.unscoped.all().delete()

    report = load_divisions(C2016, prefix="360313", edition="2016", today=LATER)

    assert counts(report) == tally(renamed=2, retired=2, restored=6, unchanged=162)
    assert table() == rows_of(C2016)
    back = Division.unscoped.get(code="360313101001")
    assert (back.name, back.retired_on, back.edition) == ("前后街居委会", None, "2016")
    restored = changes() - {c for c in changes() if c[1] != "restored"}
    assert restored == {
        (code, "restored", name, name, "360313101000", "360313101000")
        for code, (name, _parent) in rows_of(C2016).items()
        if code.startswith("360313101") and code[-3:] in {"001", "002", "004", "005", "006", "007"}
    }
    assert sorted(Division.unscoped.filter(retired_on=LATER).values_list("code", flat=True)) == [
        "360313101008",
        "360313101009",
    ]


def test_a_row_renamed_and_moved_at_once_counts_in_both(empty: None, tmp_path: Path) -> None:
    load_divisions(C2023, prefix="360313", today=TODAY)
    # Edited by hand (no real move keeps its code): 新街 hung under the county itself, renamed.
    moved = edited(tmp_path, C2023, {6: "360313001001,新街社区,5,360313000000,"})

    report = load_divisions(moved, prefix="360313", today=TODAY)

    assert counts(report) == tally(renamed=1, moved=1, unchanged=165)
    assert report.recorded == 2
    assert changes() == {
        ("360313001001", "renamed", "新街居委会", "新街社区", "360313001000", "360313000000"),
        ("360313001001", "moved", "新街居委会", "新街社区", "360313001000", "360313000000"),
    }
    assert Division.unscoped.get(code="360313001001").parent_id == "360313000000"


def test_a_hand_edited_level_is_put_right_without_a_change(empty: None) -> None:
    load_divisions(C2023, prefix="360313", today=TODAY)
    Division.unscoped.filter(code="360313001001").update(level=4)

    report = load_divisions(C2023, prefix="360313", today=TODAY)

    assert (report.unchanged, report.recorded) == (166, 0)
    assert Division.unscoped.get(code="360313001001").level == 5


def test_many_batches_still_one_transaction(
    empty: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loader, "BATCH", 10)  # flush inserts and change records many times
    load_divisions(C2016, prefix="360313", edition="2016", today=TODAY)
    report = load_divisions(C2023, prefix="360313", today=TODAY)
    assert (report.recorded, DivisionChange.unscoped.count()) == (10, 10)
    assert table() == rows_of(C2023)

    broken = edited(tmp_path, C2016, {171: "360313999999,,5,360313999000,"})  # the last line
    with pytest.raises(DivisionLoadError) as caught:
        load_divisions(broken, prefix="360313", edition="2016", today=LATER)
    assert str(caught.value) == "bad.csv 第 171 行：名称应为1到100个字：''"
    # 16 batches of inserts and updates were sent before the bad line; none of them stayed.
    assert table() == rows_of(C2023)
    assert DivisionChange.unscoped.count() == 10


def test_gzip_and_plain_files_load_the_same(empty: None, tmp_path: Path) -> None:
    packed = tmp_path / "county.csv.gz"
    packed.write_bytes(gzip.compress(C2023.read_bytes()))
    report = load_divisions(packed, prefix="360313", today=TODAY)
    assert (report.rows, report.added) == (166, 166)
    assert table() == rows_of(C2023)


def test_an_unsorted_file_with_blank_lines_loads_the_same(empty: None, tmp_path: Path) -> None:
    header, *lines = C2023.read_text(encoding="utf-8").splitlines()
    shuffled = tmp_path / "reversed.csv"
    shuffled.write_text("\n".join([header, "", *reversed(lines), ""]), encoding="utf-8")  # children first
    report = load_divisions(shuffled, prefix="360313", today=TODAY)
    assert (report.rows, report.added) == (166, 166)
    assert table() == rows_of(C2023)


# --- scopes: 东莞, slices, the shipped file ----------------------------------------------------------


def test_dongguan_townships_sit_under_the_prefecture(empty: None) -> None:
    report = load_divisions(MINI, prefix="4419", today=TODAY)

    wanted = {c: v for c, v in rows_of(MINI).items() if c.startswith("4419") or c == "440000000000"}
    assert len(wanted) == 47
    assert (report.rows, report.added, report.baseline) == (47, 47, True)
    assert table() == wanted  # nothing of 江西 or 中山
    dongcheng = Division.unscoped.get(code="441900003000")
    assert (dongcheng.name, dongcheng.level, dongcheng.parent_id) == ("东城街道", 4, "441900000000")
    townships = Division.unscoped.filter(level=4, parent_id="441900000000")
    assert townships.count() == 36
    assert Division.unscoped.get(code="441900114002").parent_id == "441900114000"


def test_loading_one_prefix_leaves_the_others_alone(empty: None) -> None:
    load_divisions(MINI, prefix="4419", today=TODAY)

    # 广东省 is already there, but as an ancestor it does not make 4420's first load news.
    report = load_divisions(MINI, prefix="4420", today=LATER)

    assert counts(report) == tally(added=3, unchanged=1)
    assert (report.rows, report.baseline) == (4, True)
    assert len(table("4419")) == 46
    assert not Division.unscoped.filter(retired_on__isnull=False).exists()


def test_the_whole_country_is_prefix_empty(empty: None, tmp_path: Path) -> None:
    report = load_divisions(MINI, today=TODAY)
    assert (report.prefix, report.rows, report.added, report.baseline) == ("", 52, 52, True)
    assert report.summary().startswith("区划代码 2023 版导入完成（全国）：文件 52 条；")

    # A national load is the whole truth: what the file lacks (中山, the last three lines) is retired.
    without_zhongshan = edited(tmp_path, MINI, {51: None, 52: None, 53: None}, name="no_4420.csv")
    report = load_divisions(without_zhongshan, today=LATER)

    assert counts(report) == tally(retired=3, unchanged=49)
    assert {c[:2] for c in changes()} == {
        ("442000000000", "retired"),
        ("442000001000", "retired"),
        ("442000001007", "retired"),
    }
    assert Division.unscoped.filter(code__startswith="4420", retired_on=LATER).count() == 3


def test_a_slice_without_its_ancestors_uses_the_table(empty: None, tmp_path: Path) -> None:
    load_divisions(C2023, prefix="360313", today=TODAY)
    only_county = edited(tmp_path, C2023, {2: None, 3: None}, name="only.csv")  # no 江西省, no 萍乡市

    report = load_divisions(only_county, prefix="360313", today=LATER)

    assert (report.rows, report.unchanged) == (164, 164)
    assert Division.unscoped.get(code="360300000000").retired_on is None


def test_a_slice_without_its_ancestors_needs_them_in_the_table(empty: None, tmp_path: Path) -> None:
    only_county = edited(tmp_path, C2023, {2: None, 3: None}, name="only.csv")
    with pytest.raises(DivisionLoadError) as caught:
        load_divisions(only_county, prefix="360313", today=TODAY)
    assert str(caught.value) == (
        "only.csv 第 2 行：360313000000 的上级 360300000000 既不在文件中，库中也没有有效的该区划"
    )


def test_the_shipped_file_holds_the_same_county(empty: None) -> None:
    report = load_divisions(SHIPPED_FILE, prefix="360313", today=TODAY)
    assert (report.rows, report.added) == (166, 166)
    assert table() == rows_of(C2023)


def test_reloading_the_seeded_demo_area_changes_nothing(db: None) -> None:
    # The session's test database was seeded with 萍乡市 (3603) from the shipped file by this loader.
    report = load_divisions(SHIPPED_FILE, prefix="3603", today=TODAY)
    assert counts(report) == tally(unchanged=854)
    assert (report.rows, report.recorded, report.baseline) == (854, 0, False)


# --- bad input -----------------------------------------------------------------------------------


def test_the_real_faulty_2016_row_is_refused(empty: None) -> None:
    with pytest.raises(DivisionLoadError) as caught:
        load_divisions(BAD_LEVEL, edition="2016", today=TODAY)
    assert str(caught.value) == BAD_LEVEL_MESSAGE
    assert caught.value.code == "regions.load_invalid"
    assert Division.unscoped.count() == 0


WIDE = "３６０３１３００１００１"  # full-width digits


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        ({6: "36031300100,新街居委会,5,360313001000,"}, "第 6 行：区划代码应为12位数字：'36031300100'"),
        ({6: f"{WIDE},新街居委会,5,360313001000,"}, f"第 6 行：区划代码应为12位数字：'{WIDE}'"),
        ({6: "000313001001,新街居委会,5,360313001000,"}, "第 6 行：区划代码应为12位数字：'000313001001'"),
        (
            {5: "360313001000,峡山口街道,3,360313000000,"},
            "第 5 行：级别 3 与代码 360313001000 不符（按代码应为 4）",
        ),
        (
            {5: "360313001000,峡山口街道,四,360313000000,"},
            "第 5 行：级别 四 与代码 360313001000 不符（按代码应为 4）",
        ),
        ({6: "360313001001, ,5,360313001000,"}, "第 6 行：名称应为1到100个字：''"),
        ({6: f"360313001001,{'新' * 101},5,360313001000,"}, f"第 6 行：名称应为1到100个字：'{'新' * 101}'"),
        (
            {2: "360000000000,江西省,1,100000000000,"},
            "第 2 行：省级区划 360000000000 不应有上级：'100000000000'",
        ),
        ({6: "360313001001,新街居委会,5,,"}, "第 6 行：上级代码应为12位数字：''"),
        ({6: "360313001001,新街居委会,5,36031300100,"}, "第 6 行：上级代码应为12位数字：'36031300100'"),
        (
            {6: "360313001001,新街居委会,5,360313002000,"},
            "第 6 行：360313002000 不是 360313001001 的上级区划（代码应以 360313002 开头）",
        ),
        (
            {5: "360313001000,峡山口街道,4,360313001000,"},
            "第 5 行：360313001000 不是 360313001000 的上级区划（代码应以 360313001 开头）",
        ),
        ({5: None}, "第 5 行：360313001001 的上级 360313001000 既不在文件中，库中也没有有效的该区划"),
        ({7: "360313001001,新街居委会,5,360313001000,"}, "第 7 行：区划代码 360313001001 重复"),
        ({6: "360313001001,新街居委会,5"}, "第 6 行：应至少有 4 列，实际 3 列"),
        (
            {1: "code;name;level;parent_code"},
            "第 1 行：表头应包含 code,name,level,parent_code，实际为 code;name;level;parent_code",
        ),
    ],
)
def test_bad_rows_are_refused_with_the_line(
    empty: None, tmp_path: Path, edit: dict[int, str | None], message: str
) -> None:
    bad = edited(tmp_path, C2023, edit)
    with pytest.raises(DivisionLoadError) as caught:
        load_divisions(bad, today=TODAY)
    assert str(caught.value) == f"bad.csv {message}"
    assert Division.unscoped.count() == 0


def test_a_file_that_is_not_utf8_names_the_first_bad_line(empty: None, tmp_path: Path) -> None:
    bad = tmp_path / "gbk.csv"
    bad.write_bytes(C2023.read_text(encoding="utf-8").encode("gb18030"))
    with pytest.raises(DivisionLoadError) as caught:
        load_divisions(bad, today=TODAY)
    assert str(caught.value) == "gbk.csv 第 2 行：不是UTF-8编码"


def test_a_truncated_gzip_is_refused(empty: None, tmp_path: Path) -> None:
    bad = tmp_path / "cut.csv.gz"
    bad.write_bytes(gzip.compress(C2023.read_bytes())[:-20])
    with pytest.raises(DivisionLoadError) as caught:
        load_divisions(bad, today=TODAY)
    assert str(caught.value) == (
        "cut.csv.gz：无法读取（应为UTF-8编码的CSV，可用gzip压缩）："
        "Compressed file ended before the end-of-stream marker was reached"
    )
    assert Division.unscoped.count() == 0


def test_the_prefix_must_name_rows_of_the_file(empty: None, tmp_path: Path) -> None:
    with pytest.raises(DivisionLoadError) as caught:
        load_divisions(C2023, prefix="4419", today=TODAY)
    assert str(caught.value) == "county_360313_2023.csv 中没有代码以 4419 开头的区划"

    header_only = edited(tmp_path, C2023, {n: None for n in range(2, 168)}, name="header.csv")
    with pytest.raises(DivisionLoadError) as caught:
        load_divisions(header_only, today=TODAY)
    assert str(caught.value) == "header.csv 中没有区划"

    # 新街 hung under the county (a legal ancestor) while 峡山口街道 itself is missing.
    head = C2023.read_text(encoding="utf-8").splitlines()[:4]  # header, 江西省, 萍乡市, 湘东区
    rootless = tmp_path / "r.csv"
    rootless.write_text("\n".join([*head, "360313001001,新街居委会,5,360313000000,", ""]), encoding="utf-8")
    with pytest.raises(DivisionLoadError) as caught:
        load_divisions(rootless, prefix="360313001", today=TODAY)
    assert str(caught.value) == "r.csv 中没有前缀 360313001 所指的区划 360313001000"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"prefix": "360300"}, "区划前缀 360300 不规范，应写作 3603"),
        ({"prefix": "36031"}, "区划前缀应为2、4、6、9或12位数字：'36031'"),
        ({"prefix": "00"}, "区划前缀应为2、4、6、9或12位数字：'00'"),
        ({"prefix": "３６"}, "区划前缀应为2、4、6、9或12位数字：'３６'"),
        ({"edition": "23"}, "版本应为4位年份，例如 2023：'23'"),
    ],
)
def test_bad_arguments(kwargs: dict[str, str], message: str) -> None:
    with pytest.raises(DivisionLoadError) as caught:
        load_divisions(C2023, today=TODAY, **kwargs)
    assert str(caught.value) == message


def test_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DivisionLoadError) as caught:
        load_divisions(tmp_path / "nope.csv", today=TODAY)
    assert str(caught.value) == f"找不到区划文件：{tmp_path / 'nope.csv'}"


# --- the command -----------------------------------------------------------------------------------


def test_command_prints_the_summary(empty: None) -> None:
    out = StringIO()
    with clock.freeze(clock.now().replace(year=2024, month=1, day=15)):
        call_command(
            "load_divisions", "--file", str(C2016), "--prefix", "360313", "--edition", "2016", stdout=out
        )
        call_command("load_divisions", "--file", str(C2023), "--prefix", "360313", stdout=out)
    assert out.getvalue().splitlines() == [
        "区划代码 2016 版导入完成（范围 360313）：文件 170 条；新增 170，更名 0，迁移 0，撤销 0，恢复 0，"
        "未变 0；首次导入该范围，未逐条记录变更。",
        "区划代码 2023 版导入完成（范围 360313）：文件 166 条；新增 2，更名 2，迁移 0，撤销 6，恢复 0，"
        "未变 162；记录变更 10 条。",
    ]
    retired = Division.unscoped.filter(retired_on__isnull=False)
    assert set(retired.values_list("retired_on", flat=True)) == {TODAY}


def test_command_defaults_to_the_shipped_file(empty: None) -> None:
    out = StringIO()
    call_command("load_divisions", "--prefix", "360313", stdout=out)
    assert out.getvalue() == (
        "区划代码 2023 版导入完成（范围 360313）：文件 166 条；新增 166，更名 0，迁移 0，撤销 0，恢复 0，"
        "未变 0；首次导入该范围，未逐条记录变更。\n"
    )


def test_command_turns_a_bad_row_into_a_command_error(empty: None) -> None:
    with pytest.raises(CommandError) as caught:
        call_command("load_divisions", "--file", str(BAD_LEVEL), "--edition", "2016")
    assert str(caught.value) == BAD_LEVEL_MESSAGE
    assert caught.value.returncode == 1


def test_command_exits_non_zero_with_the_message(tmp_path: Path) -> None:
    # A real process: the prefix is refused before the database is opened.
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}"}
    done = subprocess.run(
        [sys.executable, "manage.py", "load_divisions", "--prefix", "360300"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == "CommandError: 区划前缀 360300 不规范，应写作 3603\n"

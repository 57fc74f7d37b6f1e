"""Every messy form of docs/ledger.md#what-real-files-look-like: the shared table of
cell_table.py read directly, then what only some fields allow (year-months, several values, masked
phones, headers) and the messages."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest

from seedling.core import cells, identity, phones
from seedling.core.cells import CellError
from seedling.core.tests.cell_table import CASES, FULL_WIDTH, NUMBER, NUMBER_X, Case, parse, same


@pytest.mark.parametrize("case", CASES, ids=str)
def test_table(case: Case) -> None:
    got = parse(case.kind, case.raw)
    assert same(got, case.expected), got


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2012-03", date(2012, 3, 1)),
        ("2012/3", date(2012, 3, 1)),
        ("2012.3", date(2012, 3, 1)),
        ("2012年3月", date(2012, 3, 1)),
        ("201203", date(2012, 3, 1)),
        (201203, date(2012, 3, 1)),
        (2012.3, date(2012, 3, 1)),
        (2012.12, date(2012, 12, 1)),
        ("2012-03-05", date(2012, 3, 5)),
        ("２０１２年３月", date(2012, 3, 1)),
        (None, None),
    ],
)
def test_year_month(raw, expected):
    assert cells.date_of(raw, year_month=True) == expected


@pytest.mark.parametrize(
    ("raw", "kwargs", "code"),
    [
        ("2012-03", {}, "date.invalid"),  # a year-month only where the contract allows it
        ("201203", {}, "date.invalid"),
        ("2012-02-30", {}, "date.invalid"),
        ("2012-13", {"year_month": True}, "date.invalid"),
        (201213, {"year_month": True}, "date.invalid"),
        ("去年", {}, "date.invalid"),
        (2012.1, {"year_month": True}, "date.ambiguous"),  # 2012.10 arrives as 2012.1
        (2012.13, {"year_month": True}, "date.invalid"),
        (1899.5, {"year_month": True}, "date.invalid"),
        (-5, {}, "date.invalid"),
        (12.5, {}, "date.invalid"),
        (time(8, 30), {}, "date.invalid"),  # a time-of-day cell
        (timedelta(hours=36), {}, "date.invalid"),  # an elapsed-time cell
    ],
)
def test_bad_dates(raw, kwargs, code):
    with pytest.raises(CellError) as e:
        cells.date_of(raw, **kwargs)
    assert e.value.code == code


def test_date_messages():
    with pytest.raises(CellError) as e:
        cells.date_of("去年")
    assert e.value.message == "“去年”不是日期，请写成“2012-03-05”的形式。"
    with pytest.raises(CellError) as e:
        cells.date_of("上月", year_month=True)
    assert e.value.message == "“上月”不是日期，请写成“2012-03-05”的形式，外出日期可只填年月（2012-03）。"
    with pytest.raises(CellError) as e:
        cells.date_of("2012-02-30")
    assert e.value.message == "“2012-02-30”不是真实的日期，请核对年月日。"
    with pytest.raises(CellError) as e:
        cells.date_of(2012.1, year_month=True)
    assert e.value.message == "“2012.1”可能是1月也可能是10月，请写成“2012-01”或“2012-10”。"
    assert isinstance(e.value, ValueError)  # callers that only know ValueError still catch it


def test_yes_no_bad():
    with pytest.raises(CellError) as e:
        cells.yes_no("也许")
    assert (e.value.code, e.value.message) == ("yes_no.invalid", "“也许”应填“是”或“否”。")


HUKOU = {"农村户": "rural", "城市户": "urban"}


def test_choice_full_width_punctuation():
    labels = {"被遣送（驱逐）出境": "deported", "祖父母、外祖父母": "grandparents"}
    assert cells.choice("被遣送(驱逐)出境", labels) == "deported"
    assert cells.choice("被遣送（驱逐）出境 ", labels) == "deported"


def test_choice_synonyms():
    synonyms = {"农业": "农村户", "城镇": "城市户", "郊区": "近郊户"}
    assert cells.choice(" 农业 ", HUKOU, synonyms=synonyms) == "rural"
    assert cells.choice("城镇", HUKOU, synonyms=synonyms) == "urban"
    with pytest.raises(CellError):
        cells.choice("郊区", HUKOU, synonyms=synonyms)  # a synonym of a label these labels lack


def test_choice_bad():
    with pytest.raises(CellError) as e:
        cells.choice("郊区", HUKOU)
    assert (e.value.code, e.value.message) == ("choice.invalid", "“郊区”不是可选的值。可填：农村户、城市户。")


def test_choice_labels_folded_once_per_mapping():
    first = {"健康": "healthy"}
    assert cells.choice("健康", first) == "healthy"
    second = {"健康": "well"}  # a new mapping is folded anew, never served from another's entry
    assert cells.choice("健康", second) == "well"
    assert cells.choice("健康", first) == "healthy"


@pytest.mark.parametrize(
    "raw",
    [
        "健康、残疾",
        "健康，残疾",
        "健康,残疾",
        "健康；残疾",
        "健康;残疾",
        "健康/残疾",
        "健康\n残疾",
        "健康、、残疾、健康",
    ],
)
def test_multi_value_separators(raw):
    assert cells.choices(raw, {"健康": "healthy", "残疾": "disabled"}) == ["healthy", "disabled"]


def test_split():
    assert cells.split("a、b ;c") == ["a", "b", "c"]
    assert cells.split(" 外出  务工 ， 死亡 ") == ["外出 务工", "死亡"]
    assert cells.split(None) == []
    assert cells.split(12) == ["12"]


@pytest.mark.parametrize("raw", [5.10104e17, float(NUMBER), int(NUMBER[:15] + "000"), "5.10104E+17"])
def test_id_number_damaged_by_excel(raw):
    with pytest.raises(identity.InvalidIdNumber) as e:
        identity.parse(cells.id_number(raw), as_of=date(2026, 1, 1))
    assert e.value.code == "id_number.excel_number"
    assert "被 Excel 当成数值保存了" in e.value.message


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (NUMBER, NUMBER),
        (NUMBER_X.lower(), NUMBER_X),  # lowercase x
        (f" {NUMBER[:6]} {NUMBER[6:14]} {NUMBER[14:]} ", NUMBER),  # spaces
        (NUMBER.translate(FULL_WIDTH), NUMBER),  # full-width digits
        ("'" + NUMBER, NUMBER),  # the apostrophe that forces text in Excel
    ],
)
def test_id_numbers_normalised(raw, expected):
    assert cells.id_number(raw) == expected  # the text identity.parse then accepts (see the table)


def test_id_number_text():
    assert cells.id_number(5.10104e17) == "5.101040E+17"  # Excel's own spelling, for identity to name
    assert cells.id_number(12345.0) == "12345"
    assert cells.id_number(123.5) == "123.5"
    assert cells.id_number(None) == ""
    assert cells.id_number("360313********1234") == "360313********1234"  # masked: as written


def test_phone_masked_and_message():
    assert cells.phone("138****5678", masked=True) == "138****5678"
    assert cells.phone(" 0799 *****67 ", masked=True) == "0799*****67"
    assert cells.phone("13812345678", masked=True) == "13812345678"
    with pytest.raises(CellError) as e:
        cells.phone("138****5678")  # a masked number is no number where it cannot be matched
    assert (e.value.code, e.value.message) == (
        "phone.format",
        f"“138****5678”不是有效的电话号码。{phones.RULE}",
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  姓名＊ ", "姓名"),
        ("乡镇(街道)", "乡镇(街道)"),
        ("乡镇（街道）", "乡镇(街道)"),
        ("姓 名*", "姓名"),
        ("家庭人均收入（元/年）", "家庭人均收入(元/年)"),
        (None, ""),
    ],
)
def test_headers(raw, expected):
    assert cells.clean_header(raw) == expected


def test_numbers_and_text():
    assert cells.integer("12") == 12
    assert cells.integer(12.0) == 12
    assert cells.integer("") is None
    with pytest.raises(CellError):
        cells.integer("1.5")
    with pytest.raises(CellError) as e:
        cells.integer("很多", what="刑期或期限的月数")
    assert e.value.message == "“很多”应填刑期或期限的月数（整数）。"
    assert cells.decimal("1,200") == Decimal("1200")
    assert cells.decimal(3600.5) == Decimal("3600.5")
    assert cells.decimal("") is None
    with pytest.raises(CellError):
        cells.decimal("很多")
    assert cells.text(" 林  小雨 ") == "林 小雨"
    assert cells.text(13800000001.0) == "13800000001"
    assert cells.text(3.6e17) == "3.6e+17"  # not exact as a whole number: as Python writes it
    assert cells.text(False) == "否"
    assert cells.text(datetime(2024, 1, 2)) == "2024-01-02"
    assert cells.plain(" 新街（1号） ") == "新街（1号）"
    assert cells.plain(None) == ""
    assert cells.plain(12.0) == "12"
    assert cells.plain(date(2024, 1, 2)) == "2024-01-02"
    assert cells.label(" 被遣送（驱逐） 出境 ") == "被遣送(驱逐)出境"
    assert cells.label(360313001001.0) == "360313001001"
    assert cells.is_number(3) and cells.is_number(3.5)
    assert not cells.is_number(True) and not cells.is_number("3")

"""Every messy form of spec/ledger-template.md "What real files look like", one table each."""

from datetime import date, datetime
from decimal import Decimal

import pytest

from seedling.core import identity
from seedling.exchange import cells
from seedling.exchange.cells import CellError

NUMBER = identity.compose("360313", date(2012, 3, 5), 7, "女")  # ends in a digit
NUMBER_X = next(
    n for s in range(500) if (n := identity.compose("360313", date(2013, 6, 1), s, "男")).endswith("X")
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2012-03-05", date(2012, 3, 5)),
        ("2012/3/5", date(2012, 3, 5)),
        ("2012.3.5", date(2012, 3, 5)),
        ("2012年3月5日", date(2012, 3, 5)),
        ("20120305", date(2012, 3, 5)),
        (20120305, date(2012, 3, 5)),  # yyyymmdd typed into a number cell
        (20120305.0, date(2012, 3, 5)),
        (40973, date(2012, 3, 5)),  # Excel serial
        (40973.0, date(2012, 3, 5)),
        (datetime(2012, 3, 5, 0, 0), date(2012, 3, 5)),
        (date(2012, 3, 5), date(2012, 3, 5)),
        (" ２０１２－０３－０５ ", date(2012, 3, 5)),  # full-width digits and dash, spaces
        ("2012 年 3 月 5 日", date(2012, 3, 5)),
        (None, None),
        ("  ", None),
    ],
)
def test_dates(raw, expected):
    assert cells.date_of(raw) == expected


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
    ],
)
def test_year_month(raw, expected):
    assert cells.date_of(raw, year_month=True) == expected


@pytest.mark.parametrize(
    ("raw", "kwargs", "code"),
    [
        ("2012-03", {}, "date.invalid"),  # a year-month only where the contract allows it
        ("2012-02-30", {}, "date.invalid"),
        ("去年", {}, "date.invalid"),
        (2012.1, {"year_month": True}, "date.ambiguous"),  # 2012.10 arrives as 2012.1
        (-5, {}, "date.invalid"),
        (12.5, {}, "date.invalid"),
    ],
)
def test_bad_dates(raw, kwargs, code):
    with pytest.raises(CellError) as e:
        cells.date_of(raw, **kwargs)
    assert e.value.code == code


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("是", True),
        ("否", False),
        (" 是 ", True),
        ("有", True),
        ("无", False),
        (True, True),
        (1, True),
        (0, False),
        ("Y", True),
        ("n", False),
        ("", None),
        (None, None),
    ],
)
def test_yes_no(raw, expected):
    assert cells.yes_no(raw) is expected


def test_yes_no_bad():
    with pytest.raises(CellError) as e:
        cells.yes_no("也许")
    assert (e.value.code, e.value.message) == ("yes_no.invalid", "“也许”应填“是”或“否”。")


HUKOU = {"农村户": "rural", "城市户": "urban"}
RISK = {"低风险": "low", "中风险": "medium", "高风险": "high"}


@pytest.mark.parametrize(
    ("raw", "labels", "synonyms", "expected"),
    [
        ("农村户", HUKOU, "hukou_type", "rural"),
        (" 农村户 ", HUKOU, "hukou_type", "rural"),
        ("农业", HUKOU, "hukou_type", "rural"),
        ("非农业", HUKOU, "hukou_type", "urban"),
        ("农村", HUKOU, "hukou_type", "rural"),
        ("城镇", HUKOU, "hukou_type", "urban"),
        ("高", RISK, "risk_level", "high"),
        ("中", RISK, "risk_level", "medium"),
        ("低风险", RISK, "risk_level", "low"),
        ("3", {"一级": 1, "三级": 3}, "disability_grade", 3),
        (3.0, {"一级": 1, "三级": 3}, "disability_grade", 3),
        ("", HUKOU, "hukou_type", ""),
    ],
)
def test_choice_and_synonyms(raw, labels, synonyms, expected):
    assert cells.choice(raw, labels, synonyms=cells.SYNONYMS[synonyms]) == expected


def test_choice_full_width_punctuation():
    labels = {"被遣送（驱逐）出境": "deported", "祖父母、外祖父母": "grandparents"}
    assert cells.choice("被遣送(驱逐)出境", labels) == "deported"
    assert cells.choice("被遣送（驱逐）出境 ", labels) == "deported"


def test_choice_bad():
    with pytest.raises(CellError) as e:
        cells.choice("郊区", HUKOU, synonyms=cells.SYNONYMS["hukou_type"])
    assert (e.value.code, e.value.message) == ("choice.invalid", "“郊区”不是可选的值。可填：农村户、城市户。")


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


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (NUMBER, NUMBER),
        (NUMBER_X.lower(), NUMBER_X),  # lowercase x
        (f" {NUMBER[:6]} {NUMBER[6:14]} {NUMBER[14:]} ", NUMBER),  # spaces
        (NUMBER.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"}), NUMBER),  # full-width digits
        ("'" + NUMBER, NUMBER),  # the apostrophe that forces text in Excel
    ],
)
def test_id_numbers_normalised(raw, expected):
    text = cells.id_number(raw)
    assert text == expected
    assert identity.parse(text, as_of=date(2026, 1, 1)).number == expected


@pytest.mark.parametrize("raw", [5.10104e17, float(NUMBER), int(NUMBER[:15] + "000"), "5.10104E+17"])
def test_id_number_damaged_by_excel(raw):
    with pytest.raises(identity.InvalidIdNumber) as e:
        identity.parse(cells.id_number(raw), as_of=date(2026, 1, 1))
    assert e.value.code == "id_number.excel_number"
    assert "被 Excel 当成数值保存了" in e.value.message


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("  姓名＊ ", "姓名"), ("乡镇(街道)", "乡镇(街道)"), ("乡镇（街道）", "乡镇(街道)"), ("姓 名*", "姓名")],
)
def test_headers(raw, expected):
    assert cells.clean_header(raw) == expected


def test_numbers_and_text():
    assert cells.integer("12") == 12
    assert cells.integer(12.0) == 12
    assert cells.integer("") is None
    with pytest.raises(CellError):
        cells.integer("1.5")
    assert cells.decimal("1,200") == Decimal("1200")
    assert cells.decimal(3600.5) == Decimal("3600.5")
    assert cells.decimal("") is None
    with pytest.raises(CellError):
        cells.decimal("很多")
    assert cells.text(" 林  小雨 ") == "林 小雨"
    assert cells.text(13800000001.0) == "13800000001"
    assert cells.plain(" 新街（1号） ") == "新街（1号）"
    assert cells.split("a、b ;c") == ["a", "b", "c"]

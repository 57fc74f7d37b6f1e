"""Resident identity numbers: public vectors, Excel damage, region policy, messages, properties.

Pure tests (run with `-p no:django`). All people are synthetic; the public vectors are the test
numbers of python-stdnum and id-validator.py (see data/README.md).
"""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from seedling.core import identity
from seedling.core.errors import ValidationFailed
from seedling.core.identity import (
    IdNumber,
    InvalidIdNumber,
    check_consistency,
    compose,
    normalize,
    parse,
)

AS_OF = date(2025, 6, 1)
VECTORS = list(csv.DictReader((Path(__file__).parent / "data" / "id_vectors.csv").open(encoding="utf-8")))

# number -> (outcome with the defaults, outcome with region_rule="at_birth").
# Differences are the region policy: codes that came into force after birth but before AS_OF.
EXPECTED: dict[str, tuple[str, str]] = {
    "360426199101010071": ("valid", "valid"),
    "44011320141005001x": ("valid", "valid"),
    "412723199010050012": ("valid", "valid"),
    "110102199101010078": ("valid", "valid"),
    "120110198012010073": ("valid", "valid"),
    "120110199212010072": ("valid", "valid"),
    "990426199112010074": ("id_number.birth_place", "id_number.birth_place"),  # unknown code
    "110111198012010078": ("valid", "id_number.birth_place"),  # 房山区 from 1986, born 1980
    "110201199312010077": ("id_number.birth_place", "id_number.birth_place"),  # retired 1982, born 1993
    "T60426199101010078": ("id_number.format", "id_number.format"),
    "360426199113010079": ("id_number.birth_date", "id_number.birth_date"),
    "36042619910102009X": ("id_number.checksum", "id_number.checksum"),
    "440308199901101512": ("valid", "valid"),
    "610104620927690": ("id_number.first_generation", "id_number.first_generation"),
    "810000199408230021": ("id_number.residence_permit", "id_number.residence_permit"),
    "830000199201300022": ("id_number.residence_permit", "id_number.residence_permit"),
    "500154199301135886": ("valid", "id_number.birth_place"),  # 开州区 from 2016
    "411082198901010002": ("valid", "id_number.birth_place"),  # 长葛市 from 1993
    "500154199804106120": ("valid", "id_number.birth_place"),
    "440308199901101513": ("id_number.checksum", "id_number.checksum"),
    "44030819990110": ("id_number.length", "id_number.length"),
    "111111199901101512": ("id_number.checksum", "id_number.checksum"),
    "440308199902301512": ("id_number.birth_date", "id_number.birth_date"),  # date is checked first
    "610104620932690": ("id_number.first_generation", "id_number.first_generation"),
    "44040119580101000X": ("valid", "id_number.birth_place"),  # 440401 from 1984, born 1958
    "140120197901010008": ("valid", "valid"),
    "362324198001010014": ("valid", "valid"),
    "362324198101010011": ("valid", "valid"),
    "362324198201010019": ("valid", "valid"),
    "430302199312194239": ("valid", "valid"),
}
RESIDENCE_PERMITS = {"810000199408230021", "830000199201300022"}


def outcome(raw: object, **options: object) -> str:
    try:
        parse(raw, as_of=AS_OF, **options)  # type: ignore[arg-type]
    except InvalidIdNumber as error:
        return error.code
    return "valid"


def code_of(raw: object, **options: object) -> str:
    with pytest.raises(InvalidIdNumber) as info:
        parse(raw, as_of=AS_OF, **options)  # type: ignore[arg-type]
    return info.value.code


def message_of(raw: object, **options: object) -> str:
    with pytest.raises(InvalidIdNumber) as info:
        parse(raw, as_of=AS_OF, **options)  # type: ignore[arg-type]
    return info.value.message


# --- public vectors ---------------------------------------------------------------------------


def test_expectations_cover_every_vector_exactly() -> None:
    assert len(VECTORS) == 30
    assert {row["number"] for row in VECTORS} == set(EXPECTED)


@pytest.mark.parametrize("row", VECTORS, ids=[row["number"] for row in VECTORS])
def test_vector_default_policy(row: dict[str, str]) -> None:
    number = row["number"]
    assert outcome(number) == EXPECTED[number][0]
    if EXPECTED[number][0] == "valid":
        parsed = parse(number, as_of=AS_OF)
        assert parsed.birth_date == date.fromisoformat(row["expected_birth_date"])
        assert parsed.number == number.upper()
        assert parsed.birth_place_code == number[:6]
        assert parsed.sex == ("男" if int(number[16]) % 2 else "女")


@pytest.mark.parametrize("row", VECTORS, ids=[row["number"] for row in VECTORS])
def test_vector_at_birth_rule_is_exactly_stdnum(row: dict[str, str]) -> None:
    number = row["number"]
    result = outcome(number, region_rule="at_birth")
    assert result == EXPECTED[number][1]
    if row["length"] == "18":
        # With stdnum's own region rule, we accept exactly what python-stdnum 2.2 accepted.
        assert (result == "valid") == (row["stdnum_2_2_validate"] == "valid")


@pytest.mark.parametrize("row", VECTORS, ids=[row["number"] for row in VECTORS])
def test_vector_allowing_residence_permits(row: dict[str, str]) -> None:
    number = row["number"]
    expected = "valid" if number in RESIDENCE_PERMITS else EXPECTED[number][0]
    assert outcome(number, allow_residence_permit=True) == expected
    if number in RESIDENCE_PERMITS:
        parsed = parse(number, as_of=AS_OF, allow_residence_permit=True)
        assert parsed.birth_date == date.fromisoformat(row["expected_birth_date"])
        assert parsed.birth_place_code == number[:6]
        assert parsed.sex == "女"


def test_vector_sex_as_the_source_asserts() -> None:
    assert parse("440308199901101512", as_of=AS_OF).sex == "男"
    assert parse("430302199312194239", as_of=AS_OF).sex == "男"
    assert parse("500154199804106120", as_of=AS_OF).sex == "女"


# --- Excel damage -----------------------------------------------------------------------------

EXCEL_MESSAGE = (
    "这个身份证号码被 Excel 当成数值保存了，后几位数字已经丢失，无法还原。"
    "请在 Excel 中把这一列设置为“文本”格式（或在号码前加英文单引号 '），"
    "然后对照身份证或户口簿重新输入完整的18位号码。"
)


@pytest.mark.parametrize(
    "raw",
    [
        "3.60313200001011E+17",
        "3.60313E+17",
        "3.60313e+17",
        "3.60313E17",
        "３．６０３１３Ｅ＋１７",
        "360313200001011000",  # 15 significant digits, check digit fails
        "360313200001011100",  # 16 significant digits, check digit fails
        "360313200001011000.0",
        "360313200001011000.",
        " 3603 1320 0001 0110 00 ",
        360313200001011000,  # as a spreadsheet reader returns an int
        3.60313200001011e17,  # ... or a float
    ],
)
def test_excel_damage_is_named(raw: object) -> None:
    with pytest.raises(InvalidIdNumber) as info:
        parse(raw, as_of=AS_OF)  # type: ignore[arg-type]
    assert info.value.code == "id_number.excel_number"
    assert info.value.message == EXCEL_MESSAGE


def test_trailing_zeros_alone_are_not_excel_damage() -> None:
    # Valid number that happens to end in "00": accepted.
    assert parse("360313200001011200", as_of=AS_OF).number == "360313200001011200"
    # 17 significant digits with a wrong check digit: an ordinary typo.
    assert code_of("360426199101010070") == "id_number.checksum"


# --- each error, with its message -------------------------------------------------------------


@pytest.mark.parametrize("raw", ["", "   ", "\u3000\xa0", "-", "'", None])
def test_empty(raw: str | None) -> None:
    with pytest.raises(InvalidIdNumber) as info:
        parse(raw, as_of=AS_OF)
    assert info.value.code == "id_number.empty"
    assert info.value.message == "请填写身份证号码。"


def test_format_names_the_bad_characters() -> None:
    with pytest.raises(InvalidIdNumber) as info:
        parse("T6042619910101007T", as_of=AS_OF)
    assert info.value.code == "id_number.format"
    assert info.value.params == {"characters": "T"}
    assert info.value.message == (
        "身份证号码里有不该出现的字符：T。号码只能由数字组成，只有最后一位可以是X。请对照身份证重新输入。"
    )
    assert code_of("无") == "id_number.format"
    assert code_of("٣٦٠٤٢٦١٩٩١٠١٠١٠٠٧١") == "id_number.format"  # Arabic-Indic digits are not digits here


def test_format_x_only_at_the_end() -> None:
    assert code_of("X60426199101010071") == "id_number.format"
    assert message_of("36042619910101X071") == "字母X只能出现在身份证号码的最后一位。请对照身份证重新输入。"


@pytest.mark.parametrize("raw, length", [("44030819990110", 14), ("3604261991010100712", 19), ("1", 1)])
def test_length_states_the_actual_length(raw: str, length: int) -> None:
    with pytest.raises(InvalidIdNumber) as info:
        parse(raw, as_of=AS_OF)
    assert info.value.code == "id_number.length"
    assert info.value.params == {"length": length}
    assert (
        info.value.message == f"身份证号码应为18位，现在是{length}位。请对照身份证检查是否漏输或多输了数字。"
    )


def test_fifteen_characters_with_x_is_a_length_error() -> None:
    assert code_of("61010462092769X") == "id_number.length"


def test_first_generation() -> None:
    assert message_of("610104620927690") == (
        "这是15位的旧身份证号码（第一代），系统不再接收。"
        "请查看户口簿或向户籍所在地派出所询问18位的身份证号码，再重新输入。"
    )


def test_birth_date_not_a_real_date() -> None:
    assert message_of("360426199113010079") == (
        "号码第7到14位应是出生日期（年月日），但“19911301”不是真实的日期。请对照身份证或出生证明核对这8位数字。"
    )


def test_future_birth_and_the_as_of_boundary() -> None:
    born_today = compose("110102", AS_OF, 10, "女")
    assert parse(born_today, as_of=AS_OF).birth_date == AS_OF
    tomorrow = compose("110102", date(2025, 6, 2), 10, "女")
    assert code_of(tomorrow) == "id_number.future_birth"
    assert message_of(tomorrow) == (
        "号码中的出生日期是2025年6月2日，晚于2025年6月1日，不可能正确。请对照身份证核对第7到14位。"
    )


def test_checksum_message() -> None:
    assert message_of("440308199901101513") == (
        "身份证号码最后一位（校验码）对不上，说明号码中有数字输错了。请对照身份证或户口簿逐位核对后重新输入。"
    )


def test_residence_permit_message_and_option() -> None:
    macau = compose("820000", date(2012, 3, 4), 7, "男")
    assert code_of(macau) == "id_number.residence_permit"
    assert message_of(macau) == (
        "这是港澳台居民居住证号码（以810000、820000或830000开头），不是内地户籍的居民身份证号码。"
        "请填写户口簿上的身份证号码；如果孩子没有内地户籍，请向乡镇（街道）民政工作人员说明情况。"
    )
    parsed = parse(macau, as_of=AS_OF, allow_residence_permit=True)
    assert (parsed.birth_place_code, parsed.birth_date, parsed.sex) == ("820000", date(2012, 3, 4), "男")


def test_birth_place_message() -> None:
    assert message_of("990426199112010074") == (
        "号码前6位“990426”不是有效的地区代码。请对照身份证或户口簿核对前6位数字。"
    )


# --- region policy ----------------------------------------------------------------------------


def test_since_birth_window_ends_at_as_of() -> None:
    # 开州区 (500154) came into force in 2016: fine with AS_OF 2025, not with an as_of in 2015.
    assert outcome("500154199804106120") == "valid"
    with pytest.raises(InvalidIdNumber) as info:
        parse("500154199804106120", as_of=date(2015, 12, 31))
    assert info.value.code == "id_number.birth_place"


def test_code_retired_before_birth_is_rejected_by_both_rules() -> None:
    # 林芝县 (542621) was in force 1983-2015.
    assert outcome(compose("542621", date(2010, 5, 6), 1, "女")) == "valid"
    retired = compose("542621", date(2016, 5, 6), 1, "女")
    assert outcome(retired) == "id_number.birth_place"
    assert outcome(retired, region_rule="at_birth") == "id_number.birth_place"


# --- normalize, the error type, repr ----------------------------------------------------------


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("３６０４２６１９９１０１０１００７１", "360426199101010071"),
        ("４４０１１３２０１４１００５００１ｘ", "44011320141005001X"),
        ("44011320141005001Ｘ", "44011320141005001X"),
        ("\xa0360426 19910101\u3000007x\t\n", "36042619910101007X"),
        ("360426-1991－0101‐0071", "360426199101010071"),
        ("'360426199101010071", "360426199101010071"),
        ("＇360426199101010071", "360426199101010071"),
        ("\ufeff360426\u200b199101010071", "360426199101010071"),
        ("3.60313e+17", "3.60313e+17"),
        ("", ""),
    ],
)
def test_normalize(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


def test_parse_normalizes() -> None:
    parsed = parse(" ４４０１１３-２０１４１００５-００１ｘ ", as_of=AS_OF)
    assert parsed == IdNumber("44011320141005001X", date(2014, 10, 5), "男", "440113")


def test_error_type_and_field() -> None:
    with pytest.raises(ValidationFailed) as info:
        parse("1", as_of=AS_OF)
    assert isinstance(info.value, InvalidIdNumber)
    assert info.value.field == "id_number"
    assert str(info.value) == info.value.message


def test_repr_masks_the_number() -> None:
    text = repr(parse("360426199101010071", as_of=AS_OF))
    assert "360426199101010071" not in text
    assert text == (
        "IdNumber(number='360426********0071', birth_date=datetime.date(1991, 1, 1), "
        "sex='男', birth_place_code='360426')"
    )


# --- consistency with the form ----------------------------------------------------------------

GIRL = parse(compose("110102", date(2015, 3, 7), 2, "女"), as_of=AS_OF)


def test_consistency_ok_and_not_filled_in() -> None:
    assert check_consistency(GIRL, sex="女", birth_date=date(2015, 3, 7)) == []
    assert check_consistency(GIRL, sex=None, birth_date=None) == []


def test_consistency_mismatches() -> None:
    errors = check_consistency(GIRL, sex="男", birth_date=date(2015, 7, 3))
    assert [(e.code, e.field, e.message) for e in errors] == [
        ("id_number.sex_mismatch", "sex", "性别与身份证号码不符：号码显示为女，填写的是男"),
        (
            "id_number.birth_date_mismatch",
            "birth_date",
            "出生日期与身份证号码不符：号码显示为2015年3月7日，填写的是2015年7月3日",
        ),
    ]


# --- compose ----------------------------------------------------------------------------------


def test_compose_reproduces_public_vectors() -> None:
    assert compose("360426", date(1991, 1, 1), 3, "男") == "360426199101010071"
    assert compose("440113", date(2014, 10, 5), 0, "男") == "44011320141005001X"


def test_compose_girl_order_code_is_even() -> None:
    number = compose("110102", date(2015, 3, 7), 2, "女")
    assert number[14:17] == "004"
    assert parse(number, as_of=AS_OF).sex == "女"


@pytest.mark.parametrize(
    "args",
    [
        ("36042", date(2000, 1, 1), 1, "男"),
        ("36042a", date(2000, 1, 1), 1, "男"),
        ("３６０４２６", date(2000, 1, 1), 1, "男"),
        ("360426", date(2000, 1, 1), 1, "M"),
        ("360426", date(2000, 1, 1), -1, "男"),
        ("360426", date(2000, 1, 1), 500, "男"),
        ("360426", date(999, 1, 1), 1, "男"),
    ],
)
def test_compose_rejects_bad_input(args: tuple[str, date, int, str]) -> None:
    with pytest.raises(ValueError):
        compose(*args)


# --- properties -------------------------------------------------------------------------------

# Codes in stdnum's table in force through AS_OF (some since 1983-1997), so any birth date works
# under the default "since birth" rule.
PLACES = ["110102", "653130", "360426", "440308", "430302", "440113", "510104"]
places = st.sampled_from(PLACES)
births = st.dates(min_value=date(1900, 1, 1), max_value=AS_OF)
sexes = st.sampled_from(["男", "女"])
sequences = st.integers(min_value=0, max_value=499)


@given(places, births, sequences, sexes)
def test_compose_round_trips_through_parse(place: str, born: date, sequence: int, sex: str) -> None:
    number = compose(place, born, sequence, sex)
    assert parse(number, as_of=AS_OF) == IdNumber(number, born, sex, place)  # type: ignore[arg-type]
    assert check_consistency(parse(number, as_of=AS_OF), sex=sex, birth_date=born) == []


@given(places, births, sequences, sexes, st.integers(min_value=0, max_value=17), st.data())
def test_any_single_character_change_is_rejected(
    place: str, born: date, sequence: int, sex: str, position: int, data: st.DataObject
) -> None:
    number = compose(place, born, sequence, sex)
    alphabet = "0123456789X" if position == 17 else "0123456789"
    replacement = data.draw(st.sampled_from([c for c in alphabet if c != number[position]]))
    changed = number[:position] + replacement + number[position + 1 :]
    with pytest.raises(InvalidIdNumber):
        parse(changed, as_of=AS_OF)


@given(st.text(alphabet=st.sampled_from("0123456789xX０１２３４５６７８９ｘＸ '＇-－\u3000\xa0\u200bE.+T")))
def test_normalize_is_idempotent(raw: str) -> None:
    assert normalize(normalize(raw)) == normalize(raw)


@given(st.text())
def test_normalize_is_idempotent_on_any_text(raw: str) -> None:
    assert normalize(normalize(raw)) == normalize(raw)


@given(st.text())
def test_parse_only_ever_raises_invalid_id_number(raw: str) -> None:
    try:
        parsed = parse(raw, as_of=AS_OF)
    except InvalidIdNumber as error:
        assert error.code.startswith("id_number.")
    else:
        assert len(parsed.number) == 18


def test_every_code_is_listed() -> None:
    source = Path(identity.__file__).read_text(encoding="utf-8")
    assert set(re.findall(r'"(id_number\.[a-z_]+)"', source)) == identity.CODES

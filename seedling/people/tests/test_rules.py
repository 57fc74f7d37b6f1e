"""The single-file rules of docs/rules/file.md#cross-field-checks (V-1 … V-8), one test each, with exact
codes."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

from seedling.access import visibility
from seedling.core import identity
from seedling.people import enums, rules
from seedling.people.records import Benefit, ChildRecord, ParentRecord, SituationRecord, WomanRecord
from seedling.people.tests.factories import id_number, left_behind

TODAY = date(2026, 11, 23)


def codes(rec: ChildRecord) -> list[str]:
    return [p.code for p in rules.check_child(rec, as_of=TODAY)]


def test_a_complete_left_behind_file_passes() -> None:
    assert codes(left_behind()) == []


def test_v1_birth_date_and_sex_come_from_the_id_number() -> None:
    rec = left_behind(sex="", birth_date=None)
    rec.id_number = id_number(date(2014, 2, 3), "男")
    assert codes(rec) == []
    assert (rec.birth_date, rec.sex) == (date(2014, 2, 3), enums.Sex.MALE)


def test_v1_given_sex_or_birth_date_that_disagree_are_errors() -> None:
    rec = left_behind(sex=enums.Sex.MALE)  # the number is a girl's
    rec2 = left_behind(birth_date=date(2016, 5, 20))
    rec2.birth_date = date(2016, 5, 21)
    assert codes(rec) == ["id_number.sex_mismatch"]
    assert codes(rec2) == ["id_number.birth_date_mismatch"]
    assert "性别与身份证号码不符" in rules.check_child(rec, as_of=TODAY)[0].message


def test_v1_id_number_is_normalised_and_checked() -> None:
    rec = left_behind()
    rec.id_number = " " + rec.id_number.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"}) + " "
    assert codes(rec) == []
    assert len(rec.id_number) == 18 and rec.id_number.isascii()
    bad = left_behind(id_number="360313201605200001")
    assert codes(bad) == ["id_number.checksum"]
    excel = left_behind(id_number="3.60313E+17")
    assert codes(excel) == ["id_number.excel_number"]


def test_v7_no_hukou_is_accepted_without_number_and_flagged() -> None:
    rec = left_behind(id_number="", no_hukou=True, birth_date=date(2019, 1, 1), sex=enums.Sex.MALE)
    problems = rules.check_child(rec, as_of=TODAY)
    assert [(p.code, p.severity) for p in problems] == [("hukou.missing", rules.WARNING)]
    assert rules.errors(problems) == []


def test_missing_id_number_without_no_hukou_is_an_error() -> None:
    assert codes(left_behind(id_number="")) == ["id_number.required"]


def test_v2_category_age_limits() -> None:
    born = date(2010, 11, 23)  # 16 today
    rec = left_behind(birth_date=born, id_number=id_number(born))
    assert codes(rec) == ["category.age_limit"]
    day_before = date(2010, 11, 24)  # 15 today: still a left-behind child
    assert codes(left_behind(birth_date=day_before, id_number=id_number(day_before))) == []
    orphan = left_behind(birth_date=born, id_number=id_number(born), declared_categories=["orphan"])
    assert codes(orphan) == []  # orphans count until 18


def test_v3_none_excludes_other_assistance_and_amounts_are_positive() -> None:
    rec = left_behind(child_assistance=[Benefit("none"), Benefit("dibao", Decimal("300"))])
    assert codes(rec) == ["benefits.none_with_others"]
    rec = left_behind(household_benefits=[Benefit("dibao", Decimal("0"))])
    assert codes(rec) == ["benefits.amount"]
    assert codes(left_behind(household_benefits=[Benefit("dibao", Decimal("300")), Benefit("tekun")])) == []


def test_v5_left_behind_child_needs_a_caregiver_or_high_risk() -> None:
    assert codes(left_behind(caregiver_kind="")) == ["caregiver.required"]
    assert codes(left_behind(caregiver_phone="")) == ["caregiver.contact_missing"]
    none = left_behind(caregiver_kind=enums.CaregiverKind.NONE, caregiver_name="", caregiver_phone="")
    assert codes(none) == ["caregiver.none_needs_high_risk"]
    none.risk_level = enums.RiskLevel.HIGH
    assert codes(none) == []


def test_v6_out_of_school_needs_a_reason() -> None:
    assert codes(left_behind(schooling=enums.Schooling.DROPPED_OUT)) == ["schooling.reason_required"]
    assert codes(left_behind(schooling=enums.Schooling.NOT_IN_SCHOOL, out_of_school_reason="家庭困难")) == []


def test_improper_guardianship_needs_the_situation() -> None:
    rec = left_behind(guardianship_status=enums.GuardianshipStatus.INADEQUATE)
    assert codes(rec) == ["guardianship.problem_required"]


def test_disability_needs_category_and_grade() -> None:
    assert codes(left_behind(health=[enums.Health.DISABLED])) == ["disability.details_missing"]
    assert codes(left_behind(disability_grade=2)) == ["disability.category_missing"]
    ok = left_behind(health=[enums.Health.DISABLED], disability_category="intellectual", disability_grade=3)
    assert codes(ok) == []


def test_parent_custody_needs_start_and_term() -> None:
    father = ParentRecord(role="father", name="林建国", situations=[SituationRecord(kind="imprisoned")])
    assert codes(left_behind(father=father)) == ["situation.term_missing"]
    father.situations = [SituationRecord(kind="imprisoned", since=date(2025, 1, 1), term_months=36)]
    assert codes(left_behind(father=father)) == []


def test_parent_severe_disability_needs_certificate_details() -> None:
    mother = ParentRecord(role="mother", situations=[SituationRecord(kind="severe_disability")])
    assert codes(left_behind(mother=mother)) == ["situation.disability_missing"]


def test_away_for_work_without_a_start_is_a_warning() -> None:
    father = ParentRecord(role="father", situations=[SituationRecord(kind="away_work")])
    problems = rules.check_child(left_behind(father=father), as_of=TODAY)
    assert [(p.code, p.severity) for p in problems] == [("situation.away_since_missing", rules.WARNING)]


def test_bad_phone_and_future_dates() -> None:
    assert codes(left_behind(caregiver_phone="call me")) == ["phone.format"]
    assert codes(left_behind(filed_on=date(2027, 1, 1))) == ["date.future"]


def test_missing_ledger_fields_counts_core_gaps() -> None:
    assert rules.missing_ledger_fields(left_behind()) == 0
    assert rules.missing_ledger_fields(left_behind(ethnicity="", risk_level="")) == 2


def test_woman_rules() -> None:
    born = date(1990, 3, 4)
    rec = WomanRecord(
        division_code="360313001001",
        name="王秀英",
        id_number=id_number(born, "女"),
        hukou_type="rural",
        husband_away_since=date(2025, 1, 1),
    )
    assert rules.check_woman(rec, as_of=TODAY) == []
    assert rec.birth_date == born
    man = WomanRecord(
        division_code="360313001001",
        name="王",
        id_number=id_number(born, "男"),
        hukou_type="rural",
        husband_away_since=None,
    )
    assert [p.code for p in rules.check_woman(man, as_of=TODAY)] == [
        "woman.sex",
        "husband_away_since.required",
    ]


def test_every_problem_code_is_in_the_catalogue_and_every_entry_is_used() -> None:
    source = Path(rules.__file__).read_text(encoding="utf-8")
    used = set(re.findall(r'_(?:problem|detail)\(\s*"([a-z_.]+)"', source))
    assert used == rules.CATALOGUE.keys() - identity.CODES - rules.REFUSED_BY_VISIBILITY.keys()
    # core.identity's refusals keep their codes and messages, after the field's label.
    rec = left_behind(caregiver_id_number="110105201001011235")
    [problem] = [p for p in rules.check_child(rec, as_of=TODAY) if p.field == "caregiver_id_number"]
    assert problem.code == "id_number.checksum"
    assert problem.message.startswith("委托照护人身份证号码：身份证号码最后一位（校验码）对不上")
    assert problem.reason.citation == "GB 11643-1999"


def test_the_refusals_of_access_visibility_are_problems_under_their_own_codes() -> None:
    # Every code access.visibility refuses with is registered here, its message kept as worded there.
    source = Path(visibility.__file__).read_text(encoding="utf-8")
    refused = set(re.findall(r'Refused\(\s*[^,()]+,\s*"([a-z_.]+)"', source))
    assert refused == rules.REFUSED_BY_VISIBILITY.keys()
    problem = rules.refusal("visibility.hiv", "hiv", "您的角色授权不含艾滋病相关信息。")
    assert (problem.code, problem.field, problem.severity) == ("visibility.hiv", "hiv", rules.ERROR)
    assert problem.message == "您的角色授权不含艾滋病相关信息。"
    assert problem.reason.citation == "艾滋病防治条例第39条"

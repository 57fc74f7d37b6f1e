"""The reason catalogue: every code used is registered, documented and renders."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

from seedling.core.sensitivity import Sensitivity
from seedling.eligibility import (
    Disability,
    DisabilityCategory,
    HukouType,
    Shown,
    Situation,
    SituationKind,
    shown,
)
from seedling.eligibility.policy import ADDITIONS_2020, Q62
from seedling.eligibility.reasons import CATALOGUE, Reason
from seedling.eligibility.unsupported import _BOTH_CODE, _ONE_CODE

PACKAGE = Path(__file__).resolve().parents[1]
DOCS = PACKAGE.parents[1] / "docs" / "subsystems" / "eligibility.md"
CODE = re.compile(r'"((?:PERSON|CHILD|SIT|LB|ORP|FDU|DC|IG|HIV|LBW)\.[A-Z0-9_.]+)"')


def _codes_in_source() -> set[str]:
    codes: set[str] = set()
    for path in PACKAGE.glob("*.py"):
        if path.name != "reasons.py":
            codes |= set(CODE.findall(path.read_text(encoding="utf-8")))
    return codes | set(_BOTH_CODE.values()) | set(_ONE_CODE.values())


def test_every_code_used_is_registered_and_every_registered_code_is_used() -> None:
    used = _codes_in_source()
    assert used - CATALOGUE.keys() == set()
    assert CATALOGUE.keys() - used == set()


def test_every_fdu_situation_has_both_clause_and_one_clause_codes() -> None:
    assert set(_BOTH_CODE) == set(_ONE_CODE) == Q62 | ADDITIONS_2020
    assert len(_BOTH_CODE) == 8


def test_every_code_is_documented() -> None:
    text = DOCS.read_text(encoding="utf-8")
    missing = sorted(code for code in CATALOGUE if f"`{code}`" not in text)
    assert missing == []


def test_every_reason_has_a_message_and_a_citation() -> None:
    for code, (template, citation) in CATALOGUE.items():
        assert template and citation, code


def test_rendering() -> None:
    r = Reason("LB.AWAY", ("父亲", 6, date(2024, 1, 5)))
    assert r.message_zh == "父亲外出务工已满6个月（自2024-01-05起）"
    assert r.citation.startswith("川民政厅2020年")
    assert Reason("PERSON.DIED", (None,)).message_zh == "已死亡（日期不详）"
    assert Reason("LB.BOTH_AWAY") == Reason("LB.BOTH_AWAY", ())
    assert Reason(
        "FDU.BOTH.IMPRISONED", ("父亲", Situation(SituationKind.IMPRISONED), 6)
    ).citation.startswith("民发〔2019〕62号")


def test_situation_descriptions() -> None:
    S, K = Situation, SituationKind
    assert S(K.AWAY_WORK, date(2024, 1, 5)).describe() == "外出务工（自2024-01-05起）"
    assert (
        S(K.AWAY_WORK, date(2024, 1, 5), date(2025, 2, 1)).describe() == "外出务工（2024-01-05至2025-02-01）"
    )
    assert S(K.AWAY_WORK, None, date(2025, 2, 1)).describe() == "外出务工（至2025-02-01）"
    assert S(K.AWAY_WORK).describe() == "外出务工"
    assert S(K.IMPRISONED, term_months=12).describe() == "服刑在押（期限12个月）"
    assert (
        S(K.IMPRISONED, date(2024, 1, 1), term_months=12).describe()
        == "服刑在押（期限12个月，自2024-01-01起）"
    )
    assert S(K.DEAD).describe() == "死亡（日期不详）"
    assert S(K.MISSING, date(2021, 1, 1)).describe() == "失踪（2021-01-01）"
    assert S(K.SEVERE_DISABILITY).describe() == "重残（残疾类别等级未填写）"
    disability = Disability(DisabilityCategory.INTELLECTUAL, 3)
    assert S(K.SEVERE_DISABILITY, disability=disability).describe() == "重残（智力残疾三级）"
    assert S(K.SERIOUS_ILLNESS).describe() == "重病（病种未填写）"
    assert S(K.SERIOUS_ILLNESS, illness="尿毒症").describe() == "重病（尿毒症）"
    assert f"{S(K.LOST_CONTACT, date(2024, 9, 10))}" == "失联（自2024-09-10起）"
    assert f"{disability}" == "智力残疾三级"


def test_severe_disability() -> None:
    severe = {(c, g) for c in DisabilityCategory for g in (1, 2, 3, 4) if Disability(c, g).is_severe}
    expected = {(c, g) for c in DisabilityCategory for g in (1, 2)} | {
        (c, g) for c in (DisabilityCategory.INTELLECTUAL, DisabilityCategory.MENTAL) for g in (3, 4)
    }
    assert severe == expected


def test_as_dict() -> None:
    assert Reason("LB.AGE_UNDER_16", (12,)).as_dict() == {
        "code": "LB.AGE_UNDER_16",
        "message_zh": "不满16周岁（12周岁）",
        "citation": CATALOGUE["LB.AGE_UNDER_16"][1],
    }


def test_stored_form_holds_codes_and_arguments_and_displays_the_same() -> None:
    samples = [
        Reason("LB.RURAL_HUKOU"),
        Reason("LB.AGE_UNDER_16", (12,)),
        Reason("LB.AWAY", ("父亲", 6, date(2024, 1, 5))),
        Reason("PERSON.DIED", (None,)),
        Reason("LB.HUKOU_NOT_RURAL", (HukouType.URBAN,)),
        Reason(
            "FDU.BOTH.IMPRISONED", ("父亲", Situation(SituationKind.IMPRISONED, since=date(2023, 1, 1)), 6)
        ),
    ]
    for r in samples:
        stored = json.loads(json.dumps(r.stored(), ensure_ascii=False))  # as read back from the database
        assert "message_zh" not in stored and "citation" not in stored
        assert shown(stored)[:3] == Shown(r.code, r.message_zh, r.citation)[:3], r.code
    assert Reason("LB.RURAL_HUKOU").stored() == {"code": "LB.RURAL_HUKOU"}
    assert Reason("PERSON.DIED", (None,)).stored() == {"args": [None], "code": "PERSON.DIED"}


def test_a_reason_stored_with_its_text_is_shown_as_written() -> None:
    legacy = {"code": "LB.AGE_UNDER_16", "citation": "旧出处", "message_zh": "不满16周岁（9周岁）"}
    assert tuple(shown(legacy)) == ("LB.AGE_UNDER_16", "不满16周岁（9周岁）", "旧出处", None)


def test_a_displayed_reason_says_what_sensitive_information_it_discloses() -> None:
    custody = Reason(
        "FDU.BOTH.IMPRISONED", ("父亲", Situation(SituationKind.IMPRISONED, since=date(2023, 1, 1)), 6)
    )
    illness = Reason("LB.INCAPABLE", ("母亲", Situation(SituationKind.SERIOUS_ILLNESS, illness="白血病")))
    dead = Reason("LB.INCAPABLE_OTHER", ("母亲", Situation(SituationKind.DEAD, since=date(2020, 1, 1))))
    assert shown(custody.stored()).sensitivity is Sensitivity.CUSTODY
    assert shown(illness.stored()).sensitivity is Sensitivity.HEALTH
    assert shown(dead.stored()).sensitivity is None
    assert (
        shown(Reason("DC.GUARD.IMPROPER", ("虐待", date(2024, 1, 1))).stored()).sensitivity
        is Sensitivity.HARM
    )
    assert shown(Reason("HIV.POSITIVE").stored()).sensitivity is Sensitivity.HIV
    assert shown(Reason("LB.AWAY", ("父亲", 6, date(2024, 1, 5))).stored()).sensitivity is None
    # A row stored with its text is read from its text.
    legacy = {
        "code": "LB.INCAPABLE",
        "citation": "",
        "message_zh": "父亲服刑在押（期限36个月），丧失监护能力",
    }
    assert shown(legacy).sensitivity is Sensitivity.CUSTODY

"""The suggested risk level (docs/rules/workflow.md#q9-risk-level). Pure: no database."""

from __future__ import annotations

import datetime as dt

import pytest

from seedling.visits.risk import RiskFacts, suggest
from seedling.visits.schedule import Level

BORN = dt.date(2012, 6, 1)
DAY = dt.date(2025, 6, 1)


@pytest.mark.parametrize(
    ("facts", "level", "codes"),
    [
        (
            RiskFacts(BORN, caregiver_kind="none", declared_categories=["left_behind"]),
            Level.HIGH,
            ["RISK.NO_CAREGIVER"],
        ),
        (
            RiskFacts(BORN, caregiver_kind="none"),
            None,
            ["RISK.UNKNOWN"],
        ),  # not left-behind: no caregiver needed
        (RiskFacts(BORN, lives_alone=True, guardianship_status="good"), Level.HIGH, ["RISK.ALONE_UNDER_16"]),
        (
            RiskFacts(dt.date(2009, 5, 31), lives_alone=True, guardianship_status="good"),
            Level.LOW,
            ["RISK.GUARDIANSHIP_GOOD"],
        ),
        (
            RiskFacts(dt.date(2009, 6, 2), lives_alone=True),
            Level.HIGH,
            ["RISK.ALONE_UNDER_16"],
        ),  # 15 the day before
        (RiskFacts(BORN, guardianship_status="inadequate"), Level.HIGH, ["RISK.IMPROPER_GUARDIANSHIP"]),
        (
            RiskFacts(BORN, declared_categories=["improper_guardianship"]),
            Level.HIGH,
            ["RISK.IMPROPER_GUARDIANSHIP"],
        ),
        (
            RiskFacts(BORN, declared_categories=["de_facto_unsupported"]),
            Level.HIGH,
            ["RISK.DE_FACTO_UNSUPPORTED"],
        ),
        (
            RiskFacts(
                BORN,
                caregiver_kind="none",
                lives_alone=True,
                guardianship_status="inadequate",
                declared_categories=["left_behind", "de_facto_unsupported"],
            ),
            Level.HIGH,
            [
                "RISK.NO_CAREGIVER",
                "RISK.ALONE_UNDER_16",
                "RISK.IMPROPER_GUARDIANSHIP",
                "RISK.DE_FACTO_UNSUPPORTED",
            ],
        ),
        (RiskFacts(BORN, guardianship_status="fair"), Level.MEDIUM, ["RISK.GUARDIANSHIP_FAIR"]),
        (RiskFacts(BORN, guardianship_status="good"), Level.LOW, ["RISK.GUARDIANSHIP_GOOD"]),
        (RiskFacts(BORN), None, ["RISK.UNKNOWN"]),
    ],
)
def test_suggested_level_with_reasons(facts, level, codes) -> None:
    s = suggest(facts, as_of=DAY)
    assert s.level == level
    assert [r.code for r in s.reasons] == codes
    assert all(r.message and r.citation for r in s.reasons)

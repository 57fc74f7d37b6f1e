"""The labels the ledger contract also accepts (docs/ledger.md#accepted-cell-forms)."""

import pytest

from seedling.core import cells
from seedling.core.cells import CellError
from seedling.exchange import headers

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
    assert cells.choice(raw, labels, synonyms=headers.SYNONYMS[synonyms]) == expected


def test_choice_bad():
    with pytest.raises(CellError) as e:
        cells.choice("郊区", HUKOU, synonyms=headers.SYNONYMS["hukou_type"])
    assert (e.value.code, e.value.message) == ("choice.invalid", "“郊区”不是可选的值。可填：农村户、城市户。")

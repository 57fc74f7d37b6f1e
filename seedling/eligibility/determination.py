"""What the engine returns: one determination per category, gathered in an evaluation."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import NamedTuple

from seedling.eligibility.reasons import Reason


class Category(StrEnum):
    """Registry categories (川民政厅 2020 专项行动实施方案 二). Values are the ledger export's 系统判定类别
    labels; the
    member order is the ledger's display precedence (docs/rules/eligibility.md#category-interplay)."""

    ORPHAN = "孤儿"
    UNSUPPORTED = "事实无人抚养儿童"
    IMPROPER_GUARDIANSHIP = "监护不当儿童"
    DIFFICULTY = "困境儿童"
    LEFT_BEHIND = "农村留守儿童"
    HIV = "艾滋病病毒感染儿童"
    LEFT_BEHIND_WOMAN = "农村留守妇女"


class DifficultySubtype(StrEnum):
    """The three kinds of 困境儿童 (川民政厅 2020 专项行动实施方案 二), the third split in two."""

    POVERTY = "家庭贫困"
    DISABILITY = "自身残疾"
    UNSUPPORTED = "事实无人抚养"
    IMPROPER_GUARDIANSHIP = "监护不当"


class Determination(NamedTuple):
    """Whether one category applies on the evaluation date, and why.

    ``reasons``: when the category applies, every condition that holds; when it does not, the
    decisive reason first, then notes on recorded situations that do not count (yet).
    ``next_recheck``: the earliest later date on which an input of this rule changes (a birthday
    limit, a situation starting, reaching its threshold or ending); None when nothing recorded can
    change the answer. ``needs_confirmation``: orphan and de facto unsupported status is confirmed
    by the county civil-affairs bureau (docs/rules/workflow.md#determination-procedure). ``alerts``: data or
    safety warnings that
    do not change the answer.
    """

    category: Category
    applies: bool
    reasons: tuple[Reason, ...]
    next_recheck: date | None
    needs_confirmation: bool = False
    alerts: tuple[Reason, ...] = ()
    subtypes: tuple[DifficultySubtype, ...] = ()

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(r.code for r in self.reasons)


class Evaluation(NamedTuple):
    as_of: date
    determinations: tuple[Determination, ...]
    # The earliest re-check date of any determination or of the next policy version.
    next_recheck: date | None

    def get(self, category: Category) -> Determination:
        for det in self.determinations:
            if det.category is category:
                return det
        raise KeyError(category)

    @property
    def categories(self) -> tuple[Category, ...]:
        """Applying categories in display precedence order."""
        return tuple(d.category for d in self.determinations if d.applies)

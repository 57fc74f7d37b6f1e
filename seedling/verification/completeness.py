"""Completeness of a file in a round (docs/rules/workflow.md#completeness): the two gaps 吉民发〔2018〕41号
三（三） names first, then the ledger's required fields.

The same test runs in SQL when a round opens (one INSERT … SELECT over the area) and in Python when a
file is verified again; `tests/test_completeness.py` keeps the two equal.
"""

from __future__ import annotations

from dataclasses import dataclass

from seedling.people.enums import OUT_OF_SCHOOL, DeclaredCategory
from seedling.people.models import Child

LEFT_BEHIND_LIKE = f"%,{DeclaredCategory.LEFT_BEHIND.value},%"
OUT_OF_SCHOOL_VALUES = tuple(sorted(str(v) for v in OUT_OF_SCHOOL))


@dataclass(frozen=True)
class Gaps:
    caregiver: bool  # a left-behind child without entrusted-caregiver information
    school: bool  # out of school without a reason
    missing_fields: int  # required ledger fields still empty (people.rules.missing_ledger_fields)

    @property
    def any(self) -> bool:
        return self.caregiver or self.school or self.missing_fields > 0


def gaps_of(child: Child) -> Gaps:
    left_behind = f",{DeclaredCategory.LEFT_BEHIND.value}," in (child.declared_categories or "")
    return Gaps(
        caregiver=left_behind and not child.caregiver_kind,
        school=child.schooling in OUT_OF_SCHOOL_VALUES and not child.out_of_school_reason.strip(),
        missing_fields=child.missing_fields,
    )


def sql_gap_columns() -> tuple[str, str, list[str]]:
    """The two gap tests as SQL boolean expressions over the people_child table, and their params."""
    caregiver = "(c.declared_categories LIKE %s AND c.caregiver_kind = '')"
    placeholders = ", ".join(["%s"] * len(OUT_OF_SCHOOL_VALUES))
    school = f"(c.schooling IN ({placeholders}) AND TRIM(c.out_of_school_reason) = '')"
    return caregiver, school, [LEFT_BEHIND_LIKE, *OUT_OF_SCHOOL_VALUES]

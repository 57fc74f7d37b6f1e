"""Plain records of a personal file: what the web form, the API and the Excel importer all produce.

One shape for every way in, so that one set of rules (`people.rules`) validates them all. Field names
are the model's; enumeration values are the `people.enums` values.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar

from seedling.core.sensitivity import Sensitivity, of_situation

S = Sensitivity


class _Copyable:
    """``copy.copy`` of a record without the pickle protocol's detour (the importer copies a
    child and both parents a row): a new instance sharing the attribute values, as the default copy does."""

    def __copy__(self: Any) -> Any:
        new = object.__new__(type(self))
        new.__dict__.update(self.__dict__)
        return new


@dataclass
class SituationRecord(_Copyable):
    kind: str
    since: date | None = None
    until: date | None = None
    term_months: int | None = None
    illness: str = ""
    fulfils_duties: bool = False
    note: str = ""

    def sensitivity(self) -> Sensitivity | None:
        return situation_sensitivity(self.kind)


def situation_sensitivity(kind: str) -> Sensitivity | None:
    """A parent's imprisonment or detox is "specific identity", an illness or disability health data.
    people.enums values are the lower-case member names the sensitivity table is keyed by."""
    return of_situation(kind.upper())


# Who may see each kind: seedling.access.visibility. The models declare the same (they share these).
PARENT_SENSITIVE: dict[str, Sensitivity] = {
    "id_number": S.IDENTIFIER,
    "phone": S.CONTACT,
    "health": S.HEALTH,
    "disability_category": S.HEALTH,
    "disability_grade": S.HEALTH,
}
CHILD_SENSITIVE: dict[str, Sensitivity] = {
    "id_number": S.IDENTIFIER,
    "caregiver_id_number": S.IDENTIFIER,
    "caregiver_phone": S.CONTACT,
    "pairing_phone": S.CONTACT,
    "health": S.HEALTH,
    "illness": S.HEALTH,
    "disability_category": S.HEALTH,
    "disability_grade": S.HEALTH,
    "psych_behaviour": S.HEALTH,
    "hiv": S.HIV,
    "harm": S.HARM,  # the harm events (the model's `harm_events`)
}
WOMAN_SENSITIVE: dict[str, Sensitivity] = {
    "id_number": S.IDENTIFIER,
    "husband_id_number": S.IDENTIFIER,
    "phone": S.CONTACT,
    "health": S.HEALTH,
}


@dataclass
class ParentRecord(_Copyable):
    role: str  # father / mother
    name: str = ""
    id_number: str = ""
    phone: str = ""
    address: str = ""
    health: str = ""
    work_place: str = ""
    disability_category: str = ""
    disability_grade: int | None = None
    situations: list[SituationRecord] = field(default_factory=list)

    sensitive: ClassVar[dict[str, Sensitivity]] = PARENT_SENSITIVE

    def has(self, kind: str) -> bool:
        return any(s.kind == kind for s in self.situations)

    def is_empty(self) -> bool:
        return not any(getattr(self, name) for name in _PARENT_VALUES)


_PARENT_VALUES = tuple(f.name for f in dataclasses.fields(ParentRecord) if f.name != "role")


@dataclass
class HarmRecord:
    kind: str
    occurred_on: date | None = None  # None: not known yet (a detail to complete, never a reason to refuse)
    resolved_on: date | None = None
    note: str = ""

    def sensitivity(self) -> Sensitivity:
        return S.HARM


@dataclass
class Benefit:
    kind: str
    monthly_yuan: Decimal | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "monthly_yuan": None if self.monthly_yuan is None else str(self.monthly_yuan),
        }

    @classmethod
    def from_json(cls, value: dict[str, Any]) -> Benefit:
        amount = value.get("monthly_yuan")
        return cls(kind=value["kind"], monthly_yuan=None if amount in (None, "") else Decimal(str(amount)))


@dataclass
class ChildRecord(_Copyable):
    """Every editable field of a child's file (ledger sheet 儿童台账)."""

    division_code: str
    name: str
    id_number: str = ""
    no_hukou: bool = False
    sex: str = ""
    birth_date: date | None = None
    ethnicity: str = ""
    hukou_type: str = ""
    home_address: str = ""
    schooling: str = ""
    out_of_school_reason: str = ""
    schooling_until: date | None = None
    boarding: str = ""
    health: list[str] = field(default_factory=list)
    illness: str = ""
    disability_category: str = ""
    disability_grade: int | None = None
    hiv: bool | None = None
    psych_behaviour: str = ""
    single_parent: str = ""
    guardianship_status: str = ""
    guardianship_problem: str = ""
    lives_alone: bool = False
    caregiver_kind: str = ""
    caregiver_name: str = ""
    caregiver_phone: str = ""
    caregiver_id_number: str = ""
    caregiver_reason: str = ""
    risk_level: str = ""
    income_per_capita: Decimal | None = None
    household_benefits: list[Benefit] = field(default_factory=list)
    child_assistance: list[Benefit] = field(default_factory=list)
    education_assistance: str = ""
    medical_assistance: str = ""
    other_assistance: str = ""
    social_support: str = ""
    declared_categories: list[str] = field(default_factory=list)
    director_name: str = ""
    pairing_name: str = ""
    pairing_phone: str = ""
    pairing_org: str = ""
    care_needs: str = ""
    remarks: str = ""
    filed_by_name: str = ""
    filed_on: date | None = None
    joined_parent_on: date | None = None
    adopted_on: date | None = None
    died_on: date | None = None
    father: ParentRecord = field(default_factory=lambda: ParentRecord(role="father"))
    mother: ParentRecord = field(default_factory=lambda: ParentRecord(role="mother"))
    harm: list[HarmRecord] = field(default_factory=list)

    sensitive: ClassVar[dict[str, Sensitivity]] = CHILD_SENSITIVE


# Fields copied 1:1 between a ChildRecord and the Child model (the rest need conversion).
SCALAR_FIELDS: tuple[str, ...] = tuple(
    f.name
    for f in dataclasses.fields(ChildRecord)
    if f.name
    not in {
        "division_code",
        "household_benefits",
        "child_assistance",
        "declared_categories",
        "father",
        "mother",
        "harm",
        "id_number",
    }
)
PARENT_FIELDS: tuple[str, ...] = tuple(
    f.name for f in dataclasses.fields(ParentRecord) if f.name not in {"role", "situations"}
)
SITUATION_FIELDS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(SituationRecord))


@dataclass
class WomanRecord(_Copyable):
    """A rural left-behind woman's file (ledger sheet 留守妇女台账)."""

    division_code: str
    name: str
    id_number: str
    hukou_type: str = ""
    husband_away_since: date | None = None
    residence: str = ""  # enums.Residence; "" = not recorded
    phone: str = ""
    address: str = ""
    husband_name: str = ""
    husband_id_number: str = ""
    husband_returned_on: date | None = None
    husband_work_place: str = ""
    health: str = ""
    needs: str = ""
    remarks: str = ""
    birth_date: date | None = None

    sensitive: ClassVar[dict[str, Sensitivity]] = WOMAN_SENSITIVE

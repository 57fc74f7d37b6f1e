"""Parse stage: one row's cells -> `Parsed`, the row's values as the records hold them.

Takes a `reader.Row` of the 儿童台账 or 留守妇女台账 sheet (走访记录 rows are parsed by
`exchange.visit_sheet` when their turn comes); returns a `Parsed`:
  * `values`: the normalised value of each column present in the sheet (only those: a column the
    ledger lacks must not overwrite the stored file), by record key; enumerations from their
    Chinese labels (`people.enums`) and the contract's synonyms, through `core.cells`;
  * `division_code`: the row's village, from its 区划代码, or from the township and village names
    (`Divisions`: the villages of the importer's area, read once per run);
  * `key`: how the row is matched: ("id", number), a child without a full number by ("nbv", name,
    birth date, village), a woman by ("w", number);
  * `masked_id`: a masked ID number (our exports mask them), matched against the stored files';
  * `errors`: each cell that could not be read, as (column key, code, message).
No record is built here and nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from seedling.access import Actor, Purpose, visibility, visible_to
from seedling.core import cells
from seedling.core import division_codes as codes
from seedling.exchange import headers, reader
from seedling.exchange.ledger_import.read import CHILD, VISIT, Problem
from seedling.people import enums
from seedling.people.parsing import ParseError, parse_benefits
from seedling.regions.models import Division


def _labels(choices: Any) -> dict[str, Any]:
    # The ledger's cells are the enumerations' Chinese labels (people.enums).
    return {str(lbl): value for value, lbl in choices}


SEX = _labels(enums.Sex.choices)
HUKOU = _labels(enums.HukouType.choices)
RESIDENCE = _labels(enums.Residence.choices)
SCHOOLING = _labels(enums.Schooling.choices)
BOARDING = _labels(enums.Boarding.choices)
HEALTH = _labels(enums.Health.choices)
DISABILITY = _labels(enums.DisabilityCategory.choices)
GRADE = _labels(enums.DisabilityGrade.choices)
SINGLE_PARENT = _labels(enums.SingleParent.choices)
GUARDIANSHIP = _labels(enums.GuardianshipStatus.choices)
HARM = _labels(enums.HarmKind.choices)
PARENT_HEALTH = _labels(enums.ParentHealth.choices)
SITUATION = _labels(enums.SituationKind.choices)
CAREGIVER = _labels(enums.CaregiverKind.choices)
CAREGIVER_REASON = _labels(enums.CaregiverReason.choices)
RISK = _labels(enums.RiskLevel.choices)
CATEGORY = _labels(enums.DeclaredCategory.choices)


@dataclass
class Parsed:
    """One sheet row read: the key it is matched by, and how it changes a base record."""

    key: tuple[str, ...] | None
    division_code: str
    values: dict[str, Any] = field(default_factory=dict)
    errors: list[Problem] = field(default_factory=list)
    masked_id: str = ""


class Divisions:
    """Villages of the actor's casework area by (township name, village name), loaded once."""

    def __init__(self, actor: Actor):
        self.actor = actor
        self._by_names: dict[tuple[str, str], list[str]] | None = None

    def by_names(self, township: str, village: str) -> list[str]:
        if self._by_names is None:
            self._by_names = {}
            rows = (
                visible_to(self.actor, Division, purpose=Purpose.CASEWORK)
                .filter(level=codes.VILLAGE, retired_on__isnull=True)
                .values_list("code", "name", "parent__name")
            )
            for code, name, parent in rows:
                self._by_names.setdefault((cells.label(parent), cells.label(name)), []).append(code)
        return self._by_names.get((cells.label(township), cells.label(village)), [])


def _read(p: Parsed, key: str, raw: Any, fn: Callable[[Any], Any]) -> None:
    try:
        p.values[key] = fn(raw)
    except cells.CellError as exc:
        p.errors.append((key, exc.code, exc.message))


def _division(p: Parsed, v: dict[str, Any], divisions: Divisions) -> None:
    code = cells.text(v.get("division_code")).replace(" ", "")
    if code:
        # Whether it is a village the importer may file at is for the services to say (write stage).
        p.division_code = code
        return
    township, village = cells.text(v.get("township_name")), cells.text(v.get("village_name"))
    if not (township and village):
        p.errors.append(
            ("division_code", "division.required", "请填写区划代码，或同时填写乡镇（街道）和村（社区）名称。")
        )
        return
    found = divisions.by_names(township, village)
    if len(found) == 1:
        p.division_code = found[0]
    elif not found:
        p.errors.append(
            (
                "village_name",
                "division.unknown",
                f"在您的辖区内找不到“{township}{village}”，请核对名称或填写区划代码。",
            )
        )
    else:
        p.errors.append(
            ("village_name", "division.ambiguous", f"辖区内有多个“{township}{village}”，请填写12位区划代码。")
        )


# The child's free-text columns, stored as written (cells.plain).
CHILD_TEXT = (
    "home_address",
    "out_of_school_reason",
    "illness",
    "psych_behaviour",
    "guardianship_problem",
    "caregiver_name",
    "education_assistance",
    "medical_assistance",
    "other_assistance",
    "social_support",
    "director_name",
    "pairing_name",
    "pairing_org",
    "care_needs",
    "remarks",
)
_CHILD_CHOICE = {
    "sex": SEX,
    "hukou_type": HUKOU,
    "schooling": SCHOOLING,
    "boarding": BOARDING,
    "disability_category": DISABILITY,
    "single_parent": SINGLE_PARENT,
    "guardianship_status": GUARDIANSHIP,
    "caregiver_type": CAREGIVER,
    "caregiver_reason": CAREGIVER_REASON,
    "risk_level": RISK,
}


def _ethnicity(raw: Any) -> str:
    # Contract: "汉族, 彝族 (with or without 族)"; stored with 族.
    s = cells.label(raw)
    return s if not s or s.endswith("族") else s + "族"


def _benefits(raw: Any) -> Any:
    try:
        return parse_benefits(cells.text(raw))
    except ParseError as exc:
        raise cells.CellError("benefits.unreadable", str(exc)) from None


def _as_exported(values: dict[str, Any]) -> dict[str, Any]:
    """The row without the cells our export wrote as withheld ("（仅限个案工作人员查看）"): such a
    column reads as not given, so the stored value stays (access.visibility)."""
    if visibility.WITHHELD_CELL not in values.values():
        return values
    return {k: x for k, x in values.items() if x != visibility.WITHHELD_CELL}


def parse_child(row: reader.Row, divisions: Divisions) -> Parsed:
    v = _as_exported(row.values)
    p = Parsed(key=None, division_code="")
    _division(p, v, divisions)
    present = v.keys()
    if "name" in present:
        p.values["name"] = cells.text(v["name"])
    for k in CHILD_TEXT:
        if k in present:
            p.values[k] = cells.plain(v[k])
    for k in ("caregiver_phone", "pairing_phone"):
        if k in present:
            _read(p, k, v[k], partial(cells.phone, masked=True))
    if "filed_by" in present:
        p.values["filed_by"] = cells.plain(v["filed_by"])
    if "ethnicity" in present:
        p.values["ethnicity"] = _ethnicity(v["ethnicity"])
    for k, labels in _CHILD_CHOICE.items():
        if k in present:
            _read(p, k, v[k], partial(cells.choice, labels=labels, synonyms=headers.SYNONYMS.get(k)))
    for k in ("id_number", "caregiver_id_number"):
        if k in present:
            p.values[k] = cells.id_number(v[k])
    if "disability_grade" in present:
        _read(p, "disability_grade", v["disability_grade"], _grade)
    for k, labels in (("health", HEALTH), ("declared_categories", CATEGORY), ("harm", HARM)):
        if k in present:
            _read(p, k, v[k], partial(cells.choices, labels=labels))
    for k in ("no_hukou", "hiv"):
        if k in present:
            _read(p, k, v[k], cells.yes_no)
    for k in ("birth_date", "filed_on"):
        if k in present:
            _read(p, k, v[k], cells.date_of)
    if "income_per_capita" in present:
        _read(p, "income_per_capita", v["income_per_capita"], cells.decimal)
    for k in ("household_benefits", "child_assistance"):
        if k in present:
            _read(p, k, v[k], _benefits)
    for role in ("father", "mother"):
        _parse_parent(p, v, role)
    number = p.values.get("id_number", "")
    if "*" in number:
        p.masked_id, number = number, ""
    if number:
        p.key = ("id", number)
    elif p.values.get("name") and p.values.get("birth_date") and p.division_code:
        p.key = ("nbv", p.values["name"], p.values["birth_date"].isoformat(), p.division_code)
    return p


def _grade(raw: Any) -> int | None:
    value = cells.choice(raw, GRADE, synonyms=headers.SYNONYMS["disability_grade"])
    return int(value) if value != "" else None


def _parse_parent(p: Parsed, v: dict[str, Any], role: str) -> None:
    present = v.keys()
    for k in ("name", "address", "work_place"):
        if f"{role}_{k}" in present:
            p.values[f"{role}_{k}"] = cells.plain(v[f"{role}_{k}"])
    if f"{role}_phone" in present:
        _read(p, f"{role}_phone", v[f"{role}_phone"], partial(cells.phone, masked=True))
    if f"{role}_id_number" in present:
        p.values[f"{role}_id_number"] = cells.id_number(v[f"{role}_id_number"])
    for k, labels in (("health", PARENT_HEALTH), ("disability_category", DISABILITY)):
        if f"{role}_{k}" in present:
            _read(p, f"{role}_{k}", v[f"{role}_{k}"], partial(cells.choice, labels=labels))
    if f"{role}_disability_grade" in present:
        _read(p, f"{role}_disability_grade", v[f"{role}_disability_grade"], _grade)
    if f"{role}_situations" in present:
        _read(p, f"{role}_situations", v[f"{role}_situations"], lambda raw: cells.choices(raw, SITUATION))
    for k in ("away_since", "situation_since"):
        # Contract: "date or year-month".
        if f"{role}_{k}" in present:
            _read(p, f"{role}_{k}", v[f"{role}_{k}"], lambda raw: cells.date_of(raw, year_month=True))
    if f"{role}_term_months" in present:
        _read(
            p,
            f"{role}_term_months",
            v[f"{role}_term_months"],
            lambda raw: cells.integer(raw, what="刑期或期限的月数"),
        )


def parse_woman(row: reader.Row, divisions: Divisions) -> Parsed:
    v = _as_exported(row.values)
    p = Parsed(key=None, division_code="")
    _division(p, v, divisions)
    for k in ("name",):
        if k in v:
            p.values[k] = cells.text(v[k])
    for k in ("address", "husband_name", "husband_work_place", "health", "needs", "remarks"):
        if k in v:
            p.values[k] = cells.plain(v[k])
    if "phone" in v:
        _read(p, "phone", v["phone"], partial(cells.phone, masked=True))
    for k in ("id_number", "husband_id_number"):
        if k in v:
            p.values[k] = cells.id_number(v[k])
    if "hukou_type" in v:
        _read(
            p,
            "hukou_type",
            v["hukou_type"],
            lambda raw: cells.choice(raw, HUKOU, synonyms=headers.SYNONYMS["hukou_type"]),
        )
    if "residence" in v:
        _read(
            p,
            "residence",
            v["residence"],
            lambda raw: cells.choice(raw, RESIDENCE, synonyms=headers.SYNONYMS["residence"]),
        )
    if "husband_away_since" in v:
        _read(
            p, "husband_away_since", v["husband_away_since"], lambda raw: cells.date_of(raw, year_month=True)
        )
    number = p.values.get("id_number", "")
    if "*" in number:
        p.masked_id = number
    elif number:
        p.key = ("w", number)
    return p


def parse(kind: str, row: reader.Row, divisions: Divisions) -> Parsed:
    """A row of a sheet of `kind`; a visit row is left to `exchange.visit_sheet` (an empty Parsed)."""
    if kind == VISIT:
        return Parsed(key=None, division_code="")
    return parse_child(row, divisions) if kind == CHILD else parse_woman(row, divisions)

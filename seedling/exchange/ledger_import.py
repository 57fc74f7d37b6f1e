"""Import the ledger workbook (spec/ledger-template.md): the same for the web and the command line.

Each row becomes a `people.records.ChildRecord` / `WomanRecord` and goes through `people.services`
(so through `people.rules`, the one validation). Upsert, idempotent:
  * matched by ID number, or without one (无户籍, or a masked number from our own export) by
    name + birth date + village; the stored file is the base, and only the columns present in the
    sheet overwrite it, so columns the ledger lacks (and HIV status for readers without the grant)
    stay as they are;
  * a row equal to the stored file writes nothing (counted `unchanged`), so importing the same file
    again changes nothing; a child repeated in one file is filed once (a later, different copy is
    rejected with the row of the first);
  * a masked identifier (our exports mask them, ADR 0005) equal to the mask of the stored value
    means "keep the stored value", exactly as an empty masked field in the edit form.
Rows are committed in batches, each batch in one transaction together with the job's cursor and
counts: a crash leaves the previous batch's state and a job that resumes from there.

Batch path (a ledger can hold a county's hundred thousand children): a batch's rows are matched
with two queries, each row is validated once (`people.rules`), and the new files are inserted
together (`people.services.child_create_bulk`, COPY on PostgreSQL), which fires the hook a single
save fires (`core.hooks.file_saved`) once with all of them. Changed files, and
rows the services must refuse with their own message, still go one by one through the services.
A committed import is audited once (IMPORTED) with its counts.
"""

from __future__ import annotations

import copy
import dataclasses
import io
import operator
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import Any, Final

import xlsxwriter
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from seedling.access import Actor, Purpose, actor_for_user, visible_to
from seedling.audit.enums import Action
from seedling.audit.services import audit_record
from seedling.core import bulk, clock
from seedling.core.errors import ValidationFailed
from seedling.core.masking import mask_id_number, mask_phone
from seedling.exchange import cells, headers, reader, visit_sheet
from seedling.exchange.models import ImportJob, JobStatus
from seedling.people import enums, rules, services
from seedling.people.models import Child, Woman
from seedling.people.parsing import ParseError, parse_benefits
from seedling.people.records import (
    Benefit,
    ChildRecord,
    HarmRecord,
    ParentRecord,
    SituationRecord,
    WomanRecord,
)
from seedling.regions import codes
from seedling.regions.models import Division
from seedling.visits import summary as compliance
from seedling.visits.models import ComplianceFigure
from seedling.workforce.tabular import WorkbookUnreadable

# Rows per transaction: each commit flushes its WAL and each batch pays a dozen queries; 5,000 rows
# cost 12% less than 1,000 (bench/import_ledger.py), hold ~10 MiB more, and a resumed job redoes
# at most 5,000 rows.
BATCH: Final = 5000
SAMPLE: Final = 20


def _labels(choices: Any) -> dict[str, Any]:
    # The ledger's cells are the enumerations' Chinese labels (people.enums).
    return {str(lbl): value for value, lbl in choices}


SEX = _labels(enums.Sex.choices)
HUKOU = _labels(enums.HukouType.choices)
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

# Problem.field of people.rules -> the ledger column that holds it (for the error's column letter).
_FIELD_COLUMN = {
    "caregiver_kind": "caregiver_type",
    "filed_by_name": "filed_by",
    "no_hukou": "no_hukou",
    "father.situations": "father_situations",
    "mother.situations": "mother_situations",
}


@dataclass(frozen=True)
class Error:
    sheet: str
    row: int
    column: str  # the column letter, "" for the whole row
    header: str
    code: str
    message: str

    def as_json(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "header": self.header,
            "code": self.code,
            "message": self.message,
        }


@dataclass
class Parsed:
    """One sheet row read: the key it is matched by, and how it changes a base record."""

    key: tuple[str, ...] | None
    division_code: str
    values: dict[str, Any] = field(default_factory=dict)
    errors: list[tuple[str, str, str]] = field(default_factory=list)  # (column key, code, message)
    masked_id: str = ""


class _Divisions:
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


# --- reading one row ---------------------------------------------------------------------------


def _read(p: Parsed, key: str, raw: Any, fn: Callable[[Any], Any]) -> None:
    try:
        p.values[key] = fn(raw)
    except cells.CellError as exc:
        p.errors.append((key, exc.code, exc.message))


def _division(p: Parsed, v: dict[str, Any], divisions: _Divisions) -> None:
    code = cells.text(v.get("division_code")).replace(" ", "")
    if code:
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


_CHILD_TEXT = (
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


def parse_child(row: reader.Row, divisions: _Divisions) -> Parsed:
    v = row.values
    p = Parsed(key=None, division_code="")
    _division(p, v, divisions)
    present = v.keys()
    if "name" in present:
        p.values["name"] = cells.text(v["name"])
    for k in _CHILD_TEXT:
        if k in present:
            p.values[k] = cells.plain(v[k])
    for k in ("caregiver_phone", "pairing_phone"):
        if k in present:
            p.values[k] = cells.text(v[k]).replace(" ", "")
    if "filed_by" in present:
        p.values["filed_by"] = cells.plain(v["filed_by"])
    if "ethnicity" in present:
        p.values["ethnicity"] = _ethnicity(v["ethnicity"])
    for k, labels in _CHILD_CHOICE.items():
        if k in present:
            _read(p, k, v[k], partial(cells.choice, labels=labels, synonyms=cells.SYNONYMS.get(k)))
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
    value = cells.choice(raw, GRADE, synonyms=cells.SYNONYMS["disability_grade"])
    return int(value) if value != "" else None


def _parse_parent(p: Parsed, v: dict[str, Any], role: str) -> None:
    present = v.keys()
    for k in ("name", "address", "work_place"):
        if f"{role}_{k}" in present:
            p.values[f"{role}_{k}"] = cells.plain(v[f"{role}_{k}"])
    if f"{role}_phone" in present:
        p.values[f"{role}_phone"] = cells.text(v[f"{role}_phone"]).replace(" ", "")
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


# --- applying a row to a base record -----------------------------------------------------------


def _identifier(new: str, old: str, kind: str, key: str, errors: list[tuple[str, str, str]]) -> str:
    """A masked cell equal to the mask of the stored value keeps it (our export masks identifiers)."""
    if "*" not in new:
        return new
    masked = mask_id_number(old) if kind == "id" else mask_phone(old)
    if old and new == masked:
        return old
    errors.append(
        (
            key,
            "identifier.masked",
            "这是打码后的号码（含*），系统无法据此登记。请填写完整号码，或保持与系统导出的打码值一致。",
        )
    )
    return old


def apply_child(base: ChildRecord, p: Parsed, *, actor: Actor, as_of: date) -> ChildRecord:
    """`base` changed by the row, as a new record; `base` itself stays as it was (it is the stored
    file the result is compared with). Attributes are replaced, never changed in place, so a shallow
    copy suffices; the parents and their situations are copied before they change."""
    rec = copy.copy(base)
    vals, errs = p.values, p.errors
    rec.division_code = p.division_code or rec.division_code
    simple: tuple[str, ...] = (
        "name",
        "ethnicity",
        "sex",
        "hukou_type",
        "schooling",
        "boarding",
        "disability_category",
    )
    simple += ("single_parent", "guardianship_status", "caregiver_reason", "risk_level", "birth_date")
    simple += ("filed_on", "income_per_capita", "health", "declared_categories", "disability_grade")
    simple += ("household_benefits", "child_assistance", *_CHILD_TEXT)
    for k in simple:
        if k in vals:
            setattr(rec, k, vals[k])
    if "caregiver_type" in vals:
        rec.caregiver_kind = vals["caregiver_type"]
    if "filed_by" in vals:
        rec.filed_by_name = vals["filed_by"]
    if "no_hukou" in vals:
        rec.no_hukou = bool(vals["no_hukou"])  # contract: default 否
    # Contract: HIV "imported and shown only for roles allowed to see it"; otherwise the stored value.
    if "hiv" in vals and actor.may_see_hiv(rec.division_code):
        rec.hiv = vals["hiv"]
    if "id_number" in vals:
        rec.id_number = _identifier(vals["id_number"], base.id_number, "id", "id_number", errs)
    if "caregiver_id_number" in vals:
        rec.caregiver_id_number = _identifier(
            vals["caregiver_id_number"], base.caregiver_id_number, "id", "caregiver_id_number", errs
        )
    for k in ("caregiver_phone", "pairing_phone"):
        if k in vals:
            setattr(rec, k, _identifier(vals[k], getattr(base, k), "phone", k, errs))
    if "harm" in vals:
        # The ledger has kinds only; a kind already recorded keeps its dates, a new one is dated on
        # the import day (the worker can correct it on the file).
        kept = {h.kind: h for h in base.harm}
        rec.harm = [kept.get(k) or HarmRecord(kind=k, occurred_on=as_of) for k in vals["harm"]]
    rec.father = _apply_parent(base.father, "father", p)
    rec.mother = _apply_parent(base.mother, "mother", p)
    return rec


def _apply_parent(base: ParentRecord, role: str, p: Parsed) -> ParentRecord:
    rec = copy.copy(base)
    rec.situations = [copy.copy(s) for s in base.situations]  # their dates change below
    vals = p.values
    for k in ("name", "address", "work_place", "health", "disability_category", "disability_grade"):
        if f"{role}_{k}" in vals:
            setattr(rec, k, vals[f"{role}_{k}"])
    if f"{role}_id_number" in vals:
        rec.id_number = _identifier(
            vals[f"{role}_id_number"], base.id_number, "id", f"{role}_id_number", p.errors
        )
    if f"{role}_phone" in vals:
        rec.phone = _identifier(vals[f"{role}_phone"], base.phone, "phone", f"{role}_phone", p.errors)
    if f"{role}_situations" in vals:
        kept = {s.kind: s for s in base.situations}
        rec.situations = [
            copy.copy(kept.get(k)) or SituationRecord(kind=k) for k in vals[f"{role}_situations"]
        ]
    for s in rec.situations:
        # 外出务工 takes 外出务工开始日期; the other situations 特殊情况开始日期 (contract).
        since_key = (
            f"{role}_away_since" if s.kind == enums.SituationKind.AWAY_WORK else f"{role}_situation_since"
        )
        if since_key in vals:
            s.since = vals[since_key]
        if s.kind in enums.TERM_SITUATIONS and f"{role}_term_months" in vals:
            s.term_months = vals[f"{role}_term_months"]
    return rec


# --- the woman's sheet -------------------------------------------------------------------------


def parse_woman(row: reader.Row, divisions: _Divisions) -> Parsed:
    v = row.values
    p = Parsed(key=None, division_code="")
    _division(p, v, divisions)
    for k in ("name",):
        if k in v:
            p.values[k] = cells.text(v[k])
    for k in ("address", "husband_name", "husband_work_place", "health", "needs", "remarks"):
        if k in v:
            p.values[k] = cells.plain(v[k])
    if "phone" in v:
        p.values["phone"] = cells.text(v["phone"]).replace(" ", "")
    for k in ("id_number", "husband_id_number"):
        if k in v:
            p.values[k] = cells.id_number(v[k])
    if "hukou_type" in v:
        _read(
            p,
            "hukou_type",
            v["hukou_type"],
            lambda raw: cells.choice(raw, HUKOU, synonyms=cells.SYNONYMS["hukou_type"]),
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


def apply_woman(base: WomanRecord, p: Parsed) -> WomanRecord:
    rec = copy.copy(base)  # flat: attributes are replaced, never changed in place
    rec.division_code = p.division_code or rec.division_code
    for k in ("name", "address", "husband_name", "husband_work_place", "health", "needs", "remarks"):
        if k in p.values:
            setattr(rec, k, p.values[k])
    for k in ("hukou_type", "husband_away_since"):
        if k in p.values:
            setattr(rec, k, p.values[k])
    if "id_number" in p.values:
        rec.id_number = _identifier(p.values["id_number"], base.id_number, "id", "id_number", p.errors)
    if "husband_id_number" in p.values:
        rec.husband_id_number = _identifier(
            p.values["husband_id_number"], base.husband_id_number, "id", "husband_id_number", p.errors
        )
    if "phone" in p.values:
        rec.phone = _identifier(p.values["phone"], base.phone, "phone", "phone", p.errors)
    return rec


def woman_record(woman: Woman) -> WomanRecord:
    return WomanRecord(
        division_code=woman.division_code, **{f: getattr(woman, f) for f in services.WOMAN_FIELDS}
    )


# --- the run -----------------------------------------------------------------------------------


class _Seen:
    """The people met so far in the file, by key: the row that first had them and a fingerprint of
    its record (not the record itself, so that a file of a million rows fits in memory). A key met
    before a resume has fingerprint 0: its record is unknown, and a repeat of it is simply filed once.
    """

    def __init__(self) -> None:
        self._first: dict[str, int] = {}

    @staticmethod
    def _name(key: tuple[str, ...]) -> str:
        return "\x1f".join(key)

    def first(self, key: tuple[str, ...]) -> tuple[int, int] | None:
        packed = self._first.get(self._name(key))
        return None if packed is None else (packed & 0xFFFFFFFF, packed >> 32)

    def add(self, key: tuple[str, ...], row: int, fingerprint: int) -> None:
        self._first[self._name(key)] = fingerprint << 32 | row

    def discard(self, key: tuple[str, ...]) -> None:
        self._first.pop(self._name(key), None)


# The record types a fingerprint walks, each with a getter of all its fields' values.
_FIELDS = {
    kind: operator.attrgetter(*(f.name for f in dataclasses.fields(kind)))
    for kind in (ChildRecord, ParentRecord, SituationRecord, HarmRecord, Benefit, WomanRecord)
}


def _frozen(value: Any) -> Any:
    """A hashable twin of a record: equal records give equal twins (as dataclass == compares)."""
    values = _FIELDS.get(type(value))
    if values is not None:
        return tuple([_frozen(v) if type(v) in _FIELDS or type(v) is list else v for v in values(value)])
    if type(value) is list:
        return tuple([_frozen(v) for v in value])
    return value


def fingerprint(record: ChildRecord | WomanRecord) -> int:
    """64 bits of the record's hash; never 0 (0 stands for "not known")."""
    return hash(_frozen(record)) & 0xFFFFFFFFFFFFFFFF or 1


@dataclass
class _Run:
    actor: Actor
    job: ImportJob
    as_of: date
    divisions: _Divisions
    seen: _Seen = field(default_factory=_Seen)
    touched: set[str] = field(default_factory=set)  # villages whose compliance figures it expired
    resumed: bool = False  # earlier batches ran in another process: their villages are not known


_Triple = tuple[str, date, str]  # name, birth date, village code: how a file without a number is found


@dataclass
class _Batch:
    """What one batch's child rows match, loaded at once, and the new files waiting to be inserted.

    Instead of a few queries per row, the batch's ID numbers and name + birth date + village
    triples are looked up in one query each (their parents, situations and harm events in three
    more), and a file written earlier in the batch is remembered, so each row sees the database as
    it would have row by row.
    """

    by_id: dict[str, Child]
    by_triple: dict[_Triple, list[Child]]
    numbers: set[str]  # the ID numbers looked up
    filed: set[str]  # those already filed anywhere in the country
    villages: dict[str, Division]  # the batch's villages the actor may file children at
    records: dict[int, ChildRecord]  # the stored file of each child above, as a record
    triple_of: dict[int, _Triple] = field(default_factory=dict)  # where `remember` filed a child
    new: list[ChildRecord] = field(default_factory=list)
    new_keys: set[tuple[Any, ...]] = field(default_factory=set)

    def record_of(self, child: Child) -> ChildRecord:
        """The stored file as a record (apply_child copies it, so it stays the stored state)."""
        if child.pk not in self.records:
            self.records[child.pk] = services.child_record(child)
        return self.records[child.pk]

    def remember(self, child: Child) -> None:
        """A file written in this batch: later rows match it as it is now."""
        self.records.pop(child.pk, None)
        triple = (child.name, child.birth_date, child.division_code)
        for t in {self.triple_of.get(child.pk), triple}:
            if t in self.by_triple:  # the loaded copy, or the one remembered before
                self.by_triple[t] = [c for c in self.by_triple[t] if c.pk != child.pk]
        self.by_triple.setdefault(triple, []).append(child)
        self.triple_of[child.pk] = triple
        if child.id_number:
            self.by_id[child.id_number] = child

    def waiting(self, rec: ChildRecord) -> None:
        self.new.append(rec)
        self.new_keys.add(("id", rec.id_number))
        self.new_keys.add((rec.name, rec.birth_date, rec.division_code))

    def insertable(self, rec: ChildRecord) -> bool:
        """A new file `child_create` would accept at once: a village of the area, a number not filed."""
        if rec.division_code.strip() not in self.villages:
            return False
        return not rec.id_number or (rec.id_number in self.numbers and rec.id_number not in self.filed)


def _full_number(p: Parsed) -> str:
    number: str = p.values.get("id_number", "")
    return number if number and "*" not in number else ""


def _triple(p: Parsed) -> _Triple | None:
    name, born = p.values.get("name"), p.values.get("birth_date")
    return (name, born, p.division_code) if name and born else None


def _load_batch(run: _Run, rows: list[Parsed]) -> _Batch:
    children = visible_to(run.actor, Child).exclude(status=enums.FileStatus.MERGED)
    numbers = {n for p in rows if (n := _full_number(p))}
    by_id: dict[str, Child] = {}
    if numbers:
        by_id = {c.id_number or "": c for c in children.filter(bulk.AnyOf(F("id_number"), numbers))}
    triples = {t for p in rows if not _full_number(p) and (t := _triple(p))}
    by_triple: dict[_Triple, list[Child]] = {}
    if triples:
        names, births, codes_ = (set(x) for x in zip(*triples, strict=True))
        same = children.filter(name__in=names, birth_date__in=births, division_code__in=codes_).order_by("pk")
        for c in same:
            if (t := (c.name, c.birth_date, c.division_code)) in triples:
                by_triple.setdefault(t, []).append(c)
    matched = [*by_id.values(), *(c for same in by_triple.values() for c in same)]
    return _Batch(
        by_id=by_id,
        by_triple=by_triple,
        records=services.child_records(matched),
        numbers=numbers,
        filed=services.numbers_filed(numbers - by_id.keys()),
        villages=services.villages_for(run.actor, {p.division_code for p in rows if p.division_code}),
    )


def _flush(run: _Run, batch: _Batch, *, last: bool = False) -> None:
    """Insert the waiting new files together (`child_create_bulk` fires `hooks.file_saved` once
    for them: categories, risk history, figures). Mid-batch (a later row depends on a waiting
    file), the batch remembers them for the rows still to come."""
    if not batch.new:
        return
    children = services.child_create_bulk(actor=run.actor, records=batch.new)
    if not last:
        for child in children:
            batch.remember(child)
    batch.new, batch.new_keys = [], set()


def _match_child(run: _Run, batch: _Batch, p: Parsed) -> tuple[Child | None, ChildRecord]:
    """The stored file a child's row updates (or None) and the base record the row applies to: by
    ID number, or without one by name + birth date + village. A waiting new file the row would
    match is inserted first, so the row finds it as it would have row by row."""
    child = None
    if number := _full_number(p):
        if ("id", number) in batch.new_keys:
            _flush(run, batch)
        child = batch.by_id.get(number)
    elif triple := _triple(p):
        # Without a number (无户籍, or masked by our export): name + birth date + village.
        if triple in batch.new_keys:
            _flush(run, batch)
        same = batch.by_triple.get(triple, [])
        if p.masked_id:
            child = next(
                (c for c in same if c.id_number and mask_id_number(c.id_number) == p.masked_id), None
            )
        else:
            child = next((c for c in same if c.id_number is None), None)
    if child is not None:
        return child, batch.record_of(child)
    return None, ChildRecord(division_code=p.division_code, name="")


def _sheets(workbook: Any) -> Iterator[tuple[str, reader.Sheet]]:
    # Visits last: a visit row finds the child filed by the 儿童台账 sheet of the same file.
    for kind, name, columns, anchor in (
        ("child", headers.CHILD_SHEET, headers.CHILD_COLUMNS, "name"),
        ("woman", headers.WOMAN_SHEET, headers.WOMAN_COLUMNS, "name"),
        ("visit", headers.VISIT_SHEET, headers.VISIT_COLUMNS, "visited_on"),
    ):
        sheet = reader.read_sheet(workbook, name, columns, anchor=anchor)
        if sheet is not None:
            yield kind, sheet


def _rows(workbook: Any) -> Iterator[tuple[str, reader.Sheet, reader.Row]]:
    for kind, sheet in _sheets(workbook):
        for row in sheet.rows:
            yield kind, sheet, row


def _error(sheet: reader.Sheet, row: reader.Row, key: str, code: str, message: str) -> Error:
    return Error(sheet.name, row.row, sheet.letters.get(key, ""), sheet.headers.get(key, ""), code, message)


def _column_of(problem_field: str) -> str:
    return _FIELD_COLUMN.get(problem_field, problem_field.replace(".", "_"))


def _exception_errors(exc: Exception) -> list[tuple[str, str, str]]:
    if isinstance(exc, services.InvalidFile):
        return [(_column_of(p.field), p.code, p.message) for p in exc.problems]
    if isinstance(exc, ValidationFailed):
        return [(_column_of(exc.field or ""), exc.code, str(exc.message))]
    raise exc


def _parse(run: _Run, kind: str, row: reader.Row) -> Parsed:
    if kind == "visit":  # parsed by visit_sheet when its turn comes
        return Parsed(key=None, division_code="")
    return parse_child(row, run.divisions) if kind == "child" else parse_woman(row, run.divisions)


def _visit_row(run: _Run, batch: _Batch, sheet: reader.Sheet, row: reader.Row) -> Outcome:
    _flush(run, batch)  # new files waiting in this batch are filed before their visits are read

    def in_file(number: str) -> bool:  # a dry run's earlier batches were rolled back
        return run.job.dry_run and run.seen.first(("id", number)) is not None

    name, problems = visit_sheet.process_visit(run.actor, row, as_of=run.as_of, filed_in_this_file=in_file)
    return name, [_error(sheet, row, *e) for e in problems]


def _skip(run: _Run, p: Parsed, row: reader.Row) -> None:
    """A row before the cursor (resuming): it only registers its key."""
    if p.key and not p.errors and run.seen.first(p.key) is None:
        run.seen.add(p.key, row.row, 0)


Outcome = tuple[str, list[Error]]  # 'created' / 'updated' / 'unchanged' / 'rejected', and the errors


def _duplicate(
    run: _Run, sheet: reader.Sheet, row: reader.Row, key: tuple[str, ...] | None, rec: Any
) -> Outcome | None:
    """Contract: duplicated rows for the same person are filed once; a different copy is rejected."""
    if key is None:
        return None
    mark = fingerprint(rec)
    first = run.seen.first(key)
    if first is None:
        run.seen.add(key, row.row, mark)
        return None
    first_row, first_mark = first
    if first_mark in (0, mark):
        return "unchanged", []
    message = f"同一人已在第{first_row}行出现，且两行内容不同。请核对后只保留一行。"
    return "rejected", [_error(sheet, row, "", "row.duplicate", message)]


def _child_row(run: _Run, batch: _Batch, sheet: reader.Sheet, row: reader.Row, p: Parsed) -> Outcome:
    existing, base = _match_child(run, batch, p)
    rec = apply_child(base, p, actor=run.actor, as_of=run.as_of)
    if p.errors:
        return "rejected", [_error(sheet, row, *e) for e in p.errors]
    key = p.key or (("id", rec.id_number) if rec.id_number else None)
    # check_child normalises in place; the services normalise again the same way, so the record
    # compared here is the one they write.
    failed = rules.errors(rules.check_child(rec, as_of=run.as_of))
    duplicate = _duplicate(run, sheet, row, key, rec)
    if duplicate is not None:
        return duplicate
    if existing is not None and not failed and batch.record_of(existing) == rec:
        return "unchanged", []
    if existing is None and not failed and batch.insertable(rec):
        batch.waiting(rec)
        return "created", []

    def write() -> Child:
        if existing is None:
            return services.child_create(actor=run.actor, record=rec, as_of=run.as_of).child
        return services.child_update(actor=run.actor, child=existing, record=rec, as_of=run.as_of).child

    saved, errors = _save(run, sheet, row, key, write)
    if saved is None:
        return "rejected", errors
    batch.remember(saved)
    return ("created" if existing is None else "updated"), []


def _woman_row(run: _Run, sheet: reader.Sheet, row: reader.Row, p: Parsed) -> Outcome:
    existing, base = _match_woman(run, p)
    rec = apply_woman(base, p)
    if p.errors:
        return "rejected", [_error(sheet, row, *e) for e in p.errors]
    key = ("w", rec.id_number) if rec.id_number else p.key
    failed = rules.errors(rules.check_woman(rec, as_of=run.as_of))
    duplicate = _duplicate(run, sheet, row, key, rec)
    if duplicate is not None:
        return duplicate
    if existing is not None and not failed and woman_record(existing) == rec:
        return "unchanged", []

    def write() -> Woman:
        return services.woman_save(actor=run.actor, record=rec, woman=existing, as_of=run.as_of)

    saved, errors = _save(run, sheet, row, key, write)
    if saved is None:
        return "rejected", errors
    return ("created" if existing is None else "updated"), []


def _save(
    run: _Run, sheet: reader.Sheet, row: reader.Row, key: tuple[str, ...] | None, write: Callable[[], Any]
) -> tuple[Any, list[Error]]:
    """One row through people.services, in a savepoint: its ValidationFailed rejects the row only."""
    try:
        with transaction.atomic():
            return write(), []
    except ValidationFailed as exc:
        if key is not None:
            run.seen.discard(key)
        return None, [_error(sheet, row, *e) for e in _exception_errors(exc)]


def _match_woman(run: _Run, p: Parsed) -> tuple[Woman | None, WomanRecord]:
    """The stored file a woman's row updates (by ID number, or name + village for a masked number)."""
    qs = visible_to(run.actor, Woman)
    woman = None
    if p.key:
        woman = qs.filter(id_number=p.key[1]).first()
    elif p.masked_id:
        woman = next(
            (
                w
                for w in qs.filter(name=p.values.get("name", ""), division_code=p.division_code)
                if mask_id_number(w.id_number) == p.masked_id
            ),
            None,
        )
    if woman is not None:
        return woman, woman_record(woman)
    return None, WomanRecord(division_code=p.division_code, name="", id_number="")


def _uid(actor: Actor) -> int:
    if actor.user_id is None:
        raise ValidationFailed("请先登录。", code="auth.required")
    return actor.user_id


def import_create(*, actor: Actor, content: bytes, file_name: str = "", dry_run: bool = True) -> ImportJob:
    """A job for one uploaded workbook (checked readable and counted first)."""
    if actor.user_id is None:
        raise ValidationFailed("请先登录。", code="auth.required")
    workbook = reader.open_workbook(content)
    # Each sheet's headers are checked now; its rows are only estimated (an .xlsx is not parsed
    # twice): the job's total becomes exact when its last batch is done.
    total = sum(workbook.row_estimate(sheet) for _kind, sheet in _sheets(workbook))
    return ImportJob.objects.create(
        user_id=actor.user_id, content=content, file_name=file_name[:200], dry_run=dry_run, total=total
    )


def import_run(*, actor: Actor, job: ImportJob, as_of: date | None = None, batch: int = BATCH) -> ImportJob:
    """Run (or resume) `job`. Each batch of rows commits with the job's cursor and counts."""
    job = ImportJob.objects.get(pk=job.pk, user_id=_uid(actor))
    if job.status == JobStatus.DONE:
        return job
    job.status = JobStatus.RUNNING
    job.save(update_fields=["status"])
    run = _Run(
        actor=actor,
        job=job,
        as_of=as_of or clock.today(),
        divisions=_Divisions(actor),
        resumed=job.cursor > 0,
    )
    try:
        rows = _rows(reader.open_workbook(bytes(job.content)))
        index = 0
        pending: list[tuple[str, reader.Sheet, reader.Row]] = []
        for item in rows:
            index += 1
            if index <= job.cursor:
                _skip(run, _parse(run, item[0], item[2]), item[2])
                continue
            pending.append(item)
            if len(pending) >= batch:
                _commit(run, pending, index)
                pending = []
        if pending:
            _commit(run, pending, index)
    except WorkbookUnreadable as exc:
        job.status, job.failure = JobStatus.FAILED, str(exc)
        job.errors = [Error(exc.error.sheet, 0, "", "", exc.error.code, exc.error.message).as_json()]
        job.save(update_fields=["status", "failure", "errors"])
        return job
    if not job.dry_run:
        # The batches marked their villages' compliance figures expired: recount each once now
        # (a resumed job, not knowing the villages of the batches before, those of its area).
        if run.resumed:
            compliance.refresh_expired(visible_to(run.actor, ComplianceFigure), as_of=clock.today())
        else:
            compliance.refresh_villages(run.touched, as_of=clock.today(), only_expired=True)
    with transaction.atomic():
        job.status, job.finished_at, job.total = JobStatus.DONE, timezone.now(), index
        job.save(update_fields=["status", "finished_at", "total"])
        if not job.dry_run:
            _audit(run)
    return job


_PROGRESS = ["cursor", "created", "updated", "unchanged", "rejected", "errors", "sample"]


def _commit(run: _Run, items: list[tuple[str, reader.Sheet, reader.Row]], cursor: int) -> None:
    """One batch in one transaction with the job's cursor and counts (a dry run rolls it back)."""
    job = run.job
    with transaction.atomic():
        with compliance.deferred(as_of=clock.today()) as touched:
            _process(run, items)
        run.touched |= touched
        job.cursor = cursor
        if job.dry_run:
            transaction.set_rollback(True)
        else:
            job.save(update_fields=_PROGRESS)
    if job.dry_run:
        job.save(update_fields=_PROGRESS)


def _process(run: _Run, items: list[tuple[str, reader.Sheet, reader.Row]]) -> None:
    job = run.job
    parsed = [_parse(run, kind, row) for kind, _sheet, row in items]
    batch = _load_batch(run, [p for (kind, *_), p in zip(items, parsed, strict=True) if kind == "child"])
    for (kind, sheet, row), p in zip(items, parsed, strict=True):
        if p.errors:
            outcome: Outcome = "rejected", [_error(sheet, row, *e) for e in p.errors]
        elif kind == "child":
            outcome = _child_row(run, batch, sheet, row, p)
        elif kind == "visit":
            outcome = _visit_row(run, batch, sheet, row)
        else:
            outcome = _woman_row(run, sheet, row, p)
        name, errors = outcome
        setattr(job, name, getattr(job, name) + 1)
        job.errors.extend(e.as_json() for e in errors)
        if len(job.sample) < SAMPLE:
            job.sample.append({"sheet": sheet.name, "row": row.row, "outcome": name})
    _flush(run, batch, last=True)


def _audit(run: _Run) -> None:
    """Every import that wrote is audited once, with its counts (as every export is)."""
    job = run.job
    audit_record(
        actor=run.actor,
        action=Action.IMPORTED,
        division_code=run.actor.home_code,
        subject_type="import_job",
        subject_id=job.pk,
        subject_label=job.file_name,
        detail={
            "total": job.total,
            "created": job.created,
            "updated": job.updated,
            "unchanged": job.unchanged,
            "rejected": job.rejected,
        },
    )


def import_file(
    *, actor: Actor, content: bytes, file_name: str = "", dry_run: bool = False, as_of: date | None = None
) -> ImportJob:
    """Create and run a job at once (the command line; small files on the web)."""
    job = import_create(actor=actor, content=content, file_name=file_name, dry_run=dry_run)
    return import_run(actor=actor, job=job, as_of=as_of)


def import_run_by_id(job_id: int) -> None:
    """The background task's body: the job's own user is the actor."""
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    import_run(actor=actor_for_user(job.user), job=job)


def _report_rows(wb: reader.Workbook, name: str, wanted: set[int]) -> list[tuple[int, list[Any]]]:
    """The sheet's header row (as row 0) and the `wanted` rows, as they are in the file."""
    kept: list[tuple[int, list[Any]]] = []
    header_done = False
    _start_col, rows = wb.grid(name)
    for n, cells_ in rows:
        if (
            not header_done
            and reader._positions(cells_, headers.CHILD_COLUMNS + headers.WOMAN_COLUMNS).get("name")
            is not None
        ):
            kept.append((0, cells_))
            header_done = True
        elif n in wanted:
            kept.append((n, cells_))
    return kept


def error_report(*, actor: Actor, job: ImportJob) -> bytes:
    """The rejected rows as they were in the file, plus a column 错误 listing each problem."""
    job = ImportJob.objects.get(pk=job.pk, user_id=_uid(actor))
    by_row: dict[tuple[str, int], list[str]] = {}
    for e in job.errors:
        where = f"{e['column']}列（{e['header']}）" if e["column"] else ""
        by_row.setdefault((e["sheet"], e["row"]), []).append(f"{where}{e['message']}［{e['code']}］")
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False})
    bold = book.add_format({"bold": True})
    wb = reader.open_workbook(bytes(job.content))
    for name in wb.sheet_names:
        rows_of = sorted(r for s, r in by_row if s == name)
        if not rows_of:
            continue
        ws = book.add_worksheet(name)
        kept = _report_rows(wb, name, set(rows_of))  # the header and the rejected rows only
        last = max((len(c) for _n, c in kept), default=0)  # 错误 goes after every row's cells
        for out, (n, cells_) in enumerate(kept):
            style = bold if n == 0 else None
            for i, value in enumerate(cells_):
                if value not in (None, ""):
                    ws.write(out, i, value, style)
            ws.write_string(out, last, "错误" if n == 0 else "；".join(by_row[(name, n)]), style)
            if n == 0:
                ws.write_string(out, last + 1, "原行号", bold)
            else:
                ws.write_number(out, last + 1, n)
    book.close()
    return buffer.getvalue()

"""Validate stage: a parsed row applied onto the stored record, and the rules' verdict on it.

Takes the base record (`match`: the stored file, or an empty record for a new one) and the row's
`parse.Parsed`. `apply_child` / `apply_woman` return a new record: the base with each column present
in the sheet applied, so the columns the ledger lacks keep their stored values; the base itself is
left as it was (it is what the result is compared with). Where our export could not show the
importer the stored value, that value stays (`keep_what_the_importer_cannot_see`, through
access.visibility). Problems are added to
the row's `Parsed.errors`.

`broken_rules` is `people.rules` on the result, the one validation the forms share, and
`service_problems` turns a refusal of `people.services` (the write stage) into the row's problems,
each in its ledger column.
"""

from __future__ import annotations

import copy
from datetime import date
from typing import Any, Final

from seedling.access import Actor, visibility
from seedling.core.errors import ValidationFailed
from seedling.exchange.ledger_import.parse import CHILD_TEXT, Parsed
from seedling.exchange.ledger_import.read import Problem
from seedling.people import enums, rules, services
from seedling.people.records import ChildRecord, HarmRecord, ParentRecord, SituationRecord, WomanRecord

# Columns stored as they are read, under the record's attribute of the same name.
_CHILD_AS_READ: Final = frozenset(
    (
        "name",
        "ethnicity",
        "sex",
        "hukou_type",
        "schooling",
        "boarding",
        "disability_category",
        "single_parent",
        "guardianship_status",
        "caregiver_reason",
        "risk_level",
        "birth_date",
        "filed_on",
        "income_per_capita",
        "health",
        "declared_categories",
        "disability_grade",
        "household_benefits",
        "child_assistance",
        "hiv",
        "id_number",
        "caregiver_id_number",
        "caregiver_phone",
        "pairing_phone",
        *CHILD_TEXT,
    )
)
_PARENT_AS_READ: Final = (
    "name",
    "address",
    "work_place",
    "health",
    "disability_category",
    "disability_grade",
    "id_number",
    "phone",
)
_PARENT_COLUMNS: Final = {
    role: tuple((f"{role}_{k}", k) for k in _PARENT_AS_READ) for role in ("father", "mother")
}
_WOMAN_AS_READ: Final = (
    "name",
    "address",
    "husband_name",
    "husband_work_place",
    "health",
    "needs",
    "remarks",
    "hukou_type",
    "residence",
    "husband_away_since",
    "id_number",
    "husband_id_number",
    "phone",
)


def apply_child(base: ChildRecord, p: Parsed, *, actor: Actor, as_of: date) -> ChildRecord:
    """`base` changed by the row, as a new record; `base` itself stays as it was (it is the stored
    file the result is compared with). Attributes are replaced, never changed in place, so a shallow
    copy suffices; the parents and their situations are copied before they change."""
    rec = copy.copy(base)
    vals = p.values
    rec.division_code = p.division_code or rec.division_code
    for k in _CHILD_AS_READ.intersection(vals):  # a ledger has a few of the columns
        setattr(rec, k, vals[k])
    if "caregiver_type" in vals:
        rec.caregiver_kind = vals["caregiver_type"]
    if "filed_by" in vals:
        rec.filed_by_name = vals["filed_by"]
    if "no_hukou" in vals:
        rec.no_hukou = bool(vals["no_hukou"])  # contract: default 否
    if "harm" in vals:
        # The ledger has kinds only; a kind already recorded keeps its dates, a new one is filed with
        # its date unknown and flagged as a missing detail (docs/rules/file.md#v-detail), never dated
        # on the import day as if it had happened then.
        kept = {h.kind: h for h in base.harm}
        rec.harm = [kept.get(k) or HarmRecord(kind=k) for k in vals["harm"]]
    rec.father = _apply_parent(base.father, "father", p)
    rec.mother = _apply_parent(base.mother, "mother", p)
    seen = keep_what_the_importer_cannot_see(actor, base, rec, p)
    assert isinstance(seen, ChildRecord)
    return seen


def _apply_parent(base: ParentRecord, role: str, p: Parsed) -> ParentRecord:
    rec = copy.copy(base)
    rec.situations = [copy.copy(s) for s in base.situations]  # their dates change below
    vals = p.values
    for column, k in _PARENT_COLUMNS[role]:
        if column in vals:
            setattr(rec, k, vals[column])
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


def apply_woman(base: WomanRecord, p: Parsed, *, actor: Actor) -> WomanRecord:
    """`base` changed by the row, as a new record (flat: attributes are replaced, never changed in
    place); `base` stays as it was."""
    rec = copy.copy(base)
    rec.division_code = p.division_code or rec.division_code
    for k in _WOMAN_AS_READ:
        if k in p.values:
            setattr(rec, k, p.values[k])
    seen = keep_what_the_importer_cannot_see(actor, base, rec, p)
    assert isinstance(seen, WomanRecord)
    return seen


# The ledger columns that could write what an importer may not see, as (parent role or "", the
# record's field): the sensitive fields, the declared categories, a parent's situations (ADR 0012).
_GUARDED: Final = {
    **{k: ("", k) for k in (*visibility.declared(ChildRecord), "declared_categories")},
    **{f"{role}_{k}": (role, k) for role in ("father", "mother") for k in visibility.declared(ParentRecord)},
    **{f"{role}_situations": (role, "situations") for role in ("father", "mother")},
}


def _sent(p: Parsed) -> dict[str, Any]:
    """The row's guarded values as fields of the record (a parent's under its role; situations as
    records, whose kind decides): what the importer wrote, for `visibility.refused`."""
    sent: dict[str, Any] = {}
    for column in p.values.keys() & _GUARDED.keys():
        role, name = _GUARDED[column]
        value = p.values[column]
        if name == "situations":
            value = [SituationRecord(kind=k) for k in value or ()]
        (sent.setdefault(role, {}) if role else sent)[name] = value
    return sent


def keep_what_the_importer_cannot_see(
    actor: Actor, stored: ChildRecord | WomanRecord, incoming: ChildRecord | WomanRecord, p: Parsed
) -> ChildRecord | WomanRecord:
    """`incoming` (the row applied to `stored`) with what the importer was not shown in our export
    put back, as access.visibility decides for every way in (ADR 0012): a masked number equal to its
    export keeps the stored one, any other masked number is the cell's problem; what the importer
    may not see stays whatever the cell holds (the HIV status without the grant; health, harm and
    custody details for staff above the county), and a cell that tries to write it is the cell's
    problem; the HIV category an export leaves out stays. Problems go to the row's errors."""
    refused = visibility.refused(actor, stored, incoming.division_code, _sent(p))
    kept, mismatched = visibility.restore(actor, stored, incoming, visibility.Output.EXPORT)
    p.errors.extend((_column_of(r.field), r.code, r.message) for r in (*refused, *mismatched))
    return kept


def broken_rules(rec: ChildRecord | WomanRecord, *, as_of: date) -> list[rules.Problem]:
    """The errors `people.rules` finds in the record (warnings aside). check_child normalises the
    record in place; the services normalise again the same way, so the record compared with the
    stored file is the one they would write."""
    if isinstance(rec, ChildRecord):
        return rules.errors(rules.check_child(rec, as_of=as_of))
    return rules.errors(rules.check_woman(rec, as_of=as_of))


# Problem.field of people.rules -> the ledger column that holds it (for the error's column letter).
_FIELD_COLUMN: Final = {
    "caregiver_kind": "caregiver_type",
    "filed_by_name": "filed_by",
    "no_hukou": "no_hukou",
    "father.situations": "father_situations",
    "mother.situations": "mother_situations",
}


def _column_of(problem_field: str) -> str:
    return _FIELD_COLUMN.get(problem_field, problem_field.replace(".", "_"))


def service_problems(exc: ValidationFailed) -> list[Problem]:
    """A refusal of `people.services` as the row's problems, each in its ledger column."""
    if isinstance(exc, services.InvalidFile):
        return [(_column_of(p.field), p.code, p.message) for p in exc.problems]
    return [(_column_of(exc.field or ""), exc.code, str(exc.message))]

"""Writes to personal files. Each is one transaction; history records who changed what (ADR 0005)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from types import SimpleNamespace
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from seedling.access import Actor, Purpose, is_within, visibility, visible_to
from seedling.accounts.models import User
from seedling.audit.enums import Action
from seedling.audit.services import audit_record
from seedling.core import bulk, clock, hooks, phones
from seedling.core import division_codes as codes
from seedling.core.errors import NotFound, PermissionDenied, StaleEdit, ValidationFailed
from seedling.core.masking import mask_id_number
from seedling.core.sensitivity import Sensitivity
from seedling.people import enums, rules, workflow
from seedling.people.models import Child, HarmEvent, Merge, Parent, ParentSituation, Transfer, Woman
from seedling.people.names import name_key
from seedling.people.records import (
    PARENT_FIELDS,
    SCALAR_FIELDS,
    SITUATION_FIELDS,
    Benefit,
    ChildRecord,
    HarmRecord,
    ParentRecord,
    SituationRecord,
    WomanRecord,
)
from seedling.regions.models import Division
from seedling.regions.services import placeholder_ensure


class InvalidFile(ValidationFailed):
    """The record breaks one or more rules; `problems` lists each with its field and message."""

    code = "file.invalid"

    def __init__(self, problems: list[rules.Problem]):
        first = problems[0]
        super().__init__("；".join(p.message for p in problems), code=first.code, field=first.field)
        self.problems = problems


class AlreadyFiled(ValidationFailed):
    """One ID number = one person in the whole country. Says where, never who (outside the area)."""

    code = "child.already_filed"

    def __init__(self, *, where: str, in_area: bool, child_id: int | None):
        if in_area:
            message = _("This child already has a file in your area (%(where)s).") % {"where": where}
        else:
            message = _(
                "This child is already filed in %(where)s. If the child now lives here, request a transfer."
            ) % {"where": where}
        super().__init__(message, field="id_number")
        self.where, self.in_area, self.child_id = where, in_area, child_id


def _user(actor: Actor) -> User:
    # simple-history wants a user instance; the pk is all it stores.
    return User(pk=_uid(actor))


def _uid(actor: Actor) -> int:
    if actor.user_id is None:
        raise PermissionDenied(_("Sign in first."), code="auth.required")
    return actor.user_id


def locked(actor: Actor, model: type[Child] | type[Woman], pk: int, version: int | None) -> Any:
    """The file, locked for the rest of the transaction. An editor sends the version the form was
    loaded at: when someone saved the file since, the save is refused and says who, when and which
    fields, rather than silently putting the older values back (docs/rules/file.md#f-concurrent-edits).
    `version=None` (imports, the daily re-check) writes without the check."""
    row = model.unscoped.select_for_update().get(pk=pk)
    if version is not None and row.version != version:
        raise _stale(actor, row, version)
    return row


def _stale(actor: Actor, row: Any, version: int) -> StaleEdit:
    later = list(
        row.history.filter(version__gt=version).select_related("history_user").order_by("history_date")
    )
    fields: list[str] = []
    for rec in later:
        prev = rec.prev_record
        if prev is None:
            continue
        for c in rec.diff_against(prev).changes:
            # Name only fields the editor may see (a HIV status change is no one else's business).
            if c.field != "version" and visibility.change(
                actor, type(row), c.field, c.old, c.new, row.division_code
            ):
                label = str(type(row)._meta.get_field(c.field).verbose_name)
                if label not in fields:
                    fields.append(label)
    last = later[-1] if later else None
    who = (last.history_user.username if last and last.history_user else "") or _("someone")
    when = timezone.localtime(last.history_date).strftime("%Y-%m-%d %H:%M") if last else ""
    message = _(
        "This file was changed by %(who)s at %(when)s after you opened it (%(fields)s). Your changes "
        "were not saved, so as not to overwrite theirs: check the values shown and save again."
    ) % {"who": who, "when": when, "fields": "、".join(fields) or _("family or other details")}
    return StaleEdit(message, who=who, when=when, fields=fields, version=row.version)


def write_file(row: Any, user: User, reason: str = "") -> None:
    """Save a file with its history, raising its version. An existing `row` was loaded under its row
    lock in this transaction (`locked`, or select_for_update), so its version is the stored one and two
    writers never both raise it from the same number."""
    if row.pk is not None:
        row.version += 1
    row._history_user = user
    if reason:
        row._change_reason = reason
    row.save()


def _village(actor: Actor, code: str, *, kept: str = "") -> Division:
    """The village a file is filed at: inside the actor's casework area, active, at village level.

    A township's "其他" placeholder is created on first use (docs/rules/workflow.md#dm-1). `kept`: the
    code the file is already filed at, which may have been retired since: such a file can still be
    edited where it is until it is re-attributed (docs/rules/workflow.md#dm-3)."""
    code = (code or "").strip()
    if not codes.is_code(code) or not is_within(actor, code, purpose=Purpose.CASEWORK):
        raise ValidationFailed(
            _("No such village in your area."), code="division.outside", field="division_code"
        )
    if codes.is_placeholder(code):
        # No such township: refused below as an unknown village.
        with contextlib.suppress(ValidationFailed):
            placeholder_ensure(actor=actor, code=code)
    division = visible_to(actor, Division).filter(code=code).first()
    if division is None:
        # Inside the area by its prefix, yet no such division (a typo, or a village not loaded).
        raise ValidationFailed(
            _(
                "%(code)s is not a known village or community of your area. Check the 12-digit "
                "division code; if the village is new, ask your administrator to load the latest "
                "division codes."
            )
            % {"code": code},
            code="division.unknown",
            field="division_code",
        )
    if division.level != codes.VILLAGE:
        raise ValidationFailed(
            _("File a child at a village or community, not at a higher level."),
            code="division.not_village",
            field="division_code",
        )
    if not division.is_active and code != kept:
        raise ValidationFailed(
            _("This division has been retired."), code="division.retired", field="division_code"
        )
    return division


def _county_label(code: str) -> str:
    """ "江西省萍乡市湘东区": where a file is, without anything about whom. Names of divisions are public."""
    chain = [*codes.ancestors_of(code), code]
    wanted = [c for c in chain if codes.level_of(c) <= codes.COUNTY]
    names = dict(Division.unscoped.filter(code__in=wanted).values_list("code", "name"))
    return "".join(names.get(c, "") for c in wanted)


def _check_unique_id(actor: Actor, number: str, *, exclude_pk: int | None = None) -> None:
    if not number:
        return
    # Allowlisted raw read: uniqueness is national; only the county's name leaves this function.
    same = Child.unscoped.filter(id_number=number)
    if exclude_pk is not None:
        same = same.exclude(pk=exclude_pk)
    existing = same.only("pk", "division_code").first()
    if existing is None:
        return
    in_area = is_within(actor, existing.division_code, purpose=Purpose.CASEWORK)
    raise AlreadyFiled(
        where=_county_label(existing.division_code),
        in_area=in_area,
        child_id=existing.pk if in_area else None,
    )


def keep_unseen(
    actor: Actor,
    stored: Any,
    record: Any,
    *,
    seen_in: visibility.Output = visibility.Output.FILE,
    sent: Mapping[str, Any] | None = None,
) -> Any:
    """`record` with what the editor could not see put back from `stored` (access.visibility.restore);
    raises InvalidFile when the editor sent what they may not write, or a masked number that is not the
    one they were shown. `sent`: the values the editor gave, when the channel knows them (the API, an
    import); a form sends only the fields it showed."""
    code = record.division_code
    problems = visibility.refused(actor, stored, code, sent) if sent else []
    kept, mismatched = visibility.restore(actor, stored, record, seen_in, code)
    problems += mismatched
    if problems:
        raise InvalidFile([rules.refusal(p.code, p.field, p.message) for p in problems])
    return kept


def _validated(record: ChildRecord, as_of: date) -> list[rules.Problem]:
    problems = rules.check_child(record, as_of=as_of)
    errors = rules.errors(problems)
    if errors:
        raise InvalidFile(errors)
    return problems


def _apply(child: Child, record: ChildRecord, division: Division) -> None:
    for name in SCALAR_FIELDS:
        setattr(child, name, getattr(record, name))
    child.division, child.division_code = division, division.code
    child.id_number = record.id_number or None
    child.household_benefits = [b.as_json() for b in record.household_benefits]
    child.child_assistance = [b.as_json() for b in record.child_assistance]
    child.declared_categories = "".join(f",{c}" for c in sorted(set(record.declared_categories))) + (
        "," if record.declared_categories else ""
    )
    child.name_key = name_key(record.name)
    child.missing_fields = rules.missing_ledger_fields(record)
    child.missing_details = rules.missing_details(record)


def _save_related(child: Child, record: ChildRecord, user: User) -> None:
    for prec in (record.father, record.mother):
        parent = child.parents.filter(role=prec.role).first()
        if parent is None and prec.is_empty():
            continue
        parent = parent or Parent(child=child, role=prec.role)
        values = {f: getattr(prec, f) for f in PARENT_FIELDS}
        if parent.pk is None or any(getattr(parent, f) != v for f, v in values.items()):
            for f, v in values.items():
                setattr(parent, f, v)
            parent._history_user = user  # type: ignore[attr-defined]
            parent.save()
        _save_situations(parent, prec.situations, user)
    _save_harm(child, record.harm, user)


def _sync_rows(existing: list[Any], wanted: list[Any], as_record: Any, new_row: Any, user: User) -> None:
    """Make the stored rows equal `wanted`, keeping rows that did not change (their history stays
    quiet): delete the gone, add the new."""
    remaining = list(wanted)
    for row in existing:
        record = as_record(row)
        if record in remaining:
            remaining.remove(record)
        else:
            row._history_user = user
            row.delete()
    for record in remaining:
        row = new_row(record)
        row._history_user = user
        row.save()


def _save_situations(parent: Parent, wanted: list[SituationRecord], user: User) -> None:
    _sync_rows(
        list(parent.situations.all()),
        wanted,
        lambda row: SituationRecord(**{f: getattr(row, f) for f in SITUATION_FIELDS}),
        lambda rec: ParentSituation(parent=parent, **{f: getattr(rec, f) for f in SITUATION_FIELDS}),
        user,
    )


HARM_FIELDS = ("kind", "occurred_on", "resolved_on", "note")


def _save_harm(child: Child, wanted: list[HarmRecord], user: User) -> None:
    _sync_rows(
        list(child.harm_events.all()),
        wanted,
        lambda row: HarmRecord(**{f: getattr(row, f) for f in HARM_FIELDS}),
        lambda rec: HarmEvent(child=child, **{f: getattr(rec, f) for f in HARM_FIELDS}),
        user,
    )


@dataclass(frozen=True)
class Saved:
    child: Child
    warnings: list[rules.Problem]


@transaction.atomic
def child_create(
    *,
    actor: Actor,
    record: ChildRecord,
    as_of: date | None = None,
    seen_in: visibility.Output = visibility.Output.FILE,
    sent: Mapping[str, Any] | None = None,
) -> Saved:
    """File a new child. Raises InvalidFile, AlreadyFiled, or ValidationFailed for the division."""
    division = _village(actor, record.division_code)
    blank = ChildRecord(division_code=record.division_code, name="")
    record = keep_unseen(actor, blank, record, seen_in=seen_in, sent=sent)
    warnings = _validated(record, as_of or clock.today())
    _check_unique_id(actor, record.id_number)
    user = _user(actor)
    child = Child(created_by_id=actor.user_id)
    _apply(child, record, division)
    write_file(child, user)
    _save_related(child, record, user)
    hooks.file_saved.fire([child], created=True)
    return Saved(child, warnings)


@transaction.atomic
def child_update(
    *,
    actor: Actor,
    child: Child,
    record: ChildRecord,
    as_of: date | None = None,
    seen_in: visibility.Output = visibility.Output.FILE,
    sent: Mapping[str, Any] | None = None,
    version: int | None = None,
) -> Saved:
    """Save an edited file (the caller loaded `child` through access). The village may not change here:
    moving a child to another area is a transfer. What the editor could not see in `seen_in` (the HIV
    status without the grant, a masked number sent back as shown) stays as stored. `version`: the one
    the editor loaded (see `locked`)."""
    record = keep_unseen(actor, child_record(child), record, seen_in=seen_in, sent=sent)
    if record.division_code != child.division_code and not is_within(
        actor, record.division_code, purpose=Purpose.CASEWORK
    ):
        raise ValidationFailed(
            _("To move a child to another area, use a transfer."),
            code="division.transfer_needed",
            field="division_code",
        )
    division = _village(actor, record.division_code, kept=child.division_code)
    warnings = _validated(record, as_of or clock.today())
    _check_unique_id(actor, record.id_number, exclude_pk=child.pk)
    user = _user(actor)
    child = locked(actor, Child, child.pk, version)
    _apply(child, record, division)
    write_file(child, user)
    _save_related(child, record, user)
    workflow.after_edit(actor, child)
    hooks.file_saved.fire([child], created=False)
    return Saved(child, warnings)


def _scalars(child: Child) -> ChildRecord:
    """The file's own fields as a record, without parents and harm events."""
    values: dict[str, Any] = {name: getattr(child, name) for name in SCALAR_FIELDS}
    return ChildRecord(
        division_code=child.division_code,
        id_number=child.id_number or "",
        household_benefits=[Benefit.from_json(b) for b in child.household_benefits],
        child_assistance=[Benefit.from_json(b) for b in child.child_assistance],
        declared_categories=[c for c in child.declared_categories.split(",") if c],
        **values,
    )


def child_record(child: Child) -> ChildRecord:
    """The editable record of a stored file (the form's initial data; the API's PATCH base)."""
    record = _scalars(child)
    for parent in child.parents.prefetch_related("situations"):
        prec = ParentRecord(role=parent.role, **{f: getattr(parent, f) for f in PARENT_FIELDS})
        prec.situations = [
            SituationRecord(**{f: getattr(s, f) for f in SITUATION_FIELDS}) for s in parent.situations.all()
        ]
        setattr(record, parent.role, prec)
    record.harm = [HarmRecord(**{f: getattr(h, f) for f in HARM_FIELDS}) for h in child.harm_events.all()]
    return record


def child_records(children: Sequence[Child]) -> dict[int, ChildRecord]:
    """`child_record` of many files (loaded through scope by the caller) in three queries, by pk:
    for batch readers such as the ledger import, which compares every row with its stored file."""
    records = {c.pk: _scalars(c) for c in children}
    if not records:
        return records
    parents: dict[int, ParentRecord] = {}
    rows = Parent.unscoped.filter(child_id__in=records).values("id", "child_id", "role", *PARENT_FIELDS)
    for row in rows:
        prec = ParentRecord(role=row["role"], **{f: row[f] for f in PARENT_FIELDS})
        parents[row["id"]] = prec
        setattr(records[row["child_id"]], prec.role, prec)
    # The models' own orderings, as child_record reads them.
    situations = ParentSituation.unscoped.filter(parent_id__in=parents).order_by("since", "id")
    for row in situations.values("parent_id", *SITUATION_FIELDS):
        parents[row.pop("parent_id")].situations.append(SituationRecord(**row))
    harm = HarmEvent.unscoped.filter(child_id__in=records).order_by("occurred_on", "id")
    for row in harm.values("child_id", *HARM_FIELDS):
        records[row.pop("child_id")].harm.append(HarmRecord(**row))
    return records


def villages_for(actor: Actor, division_codes: Iterable[str]) -> dict[str, Division]:
    """The villages among `division_codes` that `actor` may file a child at (what `_village` checks
    for one code): in the casework area, active, at village level. For batch writers."""
    wanted = {c.strip() for c in division_codes}
    wanted = {c for c in wanted if codes.is_code(c) and is_within(actor, c, purpose=Purpose.CASEWORK)}
    for code in sorted(c for c in wanted if codes.is_placeholder(c)):
        try:
            placeholder_ensure(actor=actor, code=code)
        except ValidationFailed:
            continue  # no such township: the row is refused as an unknown village
    rows = visible_to(actor, Division).filter(code__in=wanted, level=codes.VILLAGE)
    return {d.code: d for d in rows if d.is_active}


def numbers_filed(numbers: Iterable[str]) -> set[str]:
    """Which of these ID numbers already have a file anywhere in the country (`_check_unique_id`)."""
    wanted = [n for n in set(numbers) if n]
    # Allowlisted raw read: uniqueness is national; only the numbers asked about leave this function.
    found = Child.unscoped.filter(bulk.AnyOf(F("id_number"), wanted)).values_list("id_number", flat=True)
    return {n for n in found if n}


@transaction.atomic
def child_create_bulk(*, actor: Actor, records: Sequence[ChildRecord], reviewed: bool = False) -> list[Child]:
    """File many new children at once: the batch twin of `child_create` (the ledger import).

    Each record must already have passed `rules.check_child` without errors (it normalises the
    record; the import validates every row once, for its own comparisons). The villages and the
    national uniqueness of the ID numbers are checked here for the whole batch. Writes the same rows
    as `child_create` (files, parents, situations, harm events and their history), in a few
    statements, and fires `hooks.file_saved` once with all the files, so their side effects
    (categories, risk history, compliance figures) run once for the batch, by the same handlers.

    `reviewed`: county staff file the import as already reviewed (docs/rules/workflow.md#record-workflow);
    each file gets its step, and the import job says so.
    """
    if reviewed:
        workflow.require_import_reviewed(actor, (r.division_code.strip() for r in records))
    children = _insert_files(actor, records, reviewed=reviewed)
    if reviewed:
        workflow.filed_reviewed(actor, children)
    # After the insert has returned: its rows and namespaces are freed before the handlers run.
    hooks.file_saved.fire(children, created=True)
    return children


def _insert_files(actor: Actor, records: Sequence[ChildRecord], *, reviewed: bool = False) -> list[Child]:
    villages = villages_for(actor, (r.division_code for r in records))
    for r in records:
        if r.division_code.strip() not in villages:
            raise ValidationFailed(
                _("No such village in your area."), code="division.outside", field="division_code"
            )
    if numbers_filed(r.id_number for r in records):
        raise ValidationFailed(_("This ID number is already filed."), code="child.already_filed")
    uid, now = _uid(actor), timezone.now()
    user = _user(actor)
    children = []
    for record in records:
        child = bulk.new(Child, created_by_id=uid, created_at=now, updated_at=now)
        _apply(child, record, villages[record.division_code.strip()])
        if reviewed:
            child.status = enums.FileStatus.REVIEWED
        child._history_user = user  # type: ignore[attr-defined]
        children.append(child)
    bulk.insert_with_history(Child, bulk.with_ids(Child, children), user_id=uid, now=now)
    # The related rows are plain namespaces: only their columns are read, and model instances
    # cost more to build than the rest of the row.
    parents: list[Any] = []
    situations: list[Any] = []
    harm: list[Any] = []
    for child, record in zip(children, records, strict=True):
        for prec in (record.father, record.mother):
            if not prec.is_empty():
                values = {f: getattr(prec, f) for f in PARENT_FIELDS}
                parent = SimpleNamespace(id=None, child_id=child.pk, role=prec.role, **values)
                parents.append(parent)
                situations += [
                    SimpleNamespace(id=None, parent=parent, **{f: getattr(s, f) for f in SITUATION_FIELDS})
                    for s in prec.situations
                ]
        harm += [
            SimpleNamespace(id=None, child_id=child.pk, **{f: getattr(h, f) for f in HARM_FIELDS})
            for h in record.harm
        ]
    bulk.insert_with_history(Parent, bulk.with_ids(Parent, parents), user_id=uid, now=now)
    for s in situations:
        s.parent_id = s.parent.id
    bulk.insert_with_history(
        ParentSituation, bulk.with_ids(ParentSituation, situations), user_id=uid, now=now
    )
    bulk.insert_with_history(HarmEvent, bulk.with_ids(HarmEvent, harm), user_id=uid, now=now)
    return children


@transaction.atomic
def child_reveal(*, actor: Actor, child: Child, field: str, reason: str) -> str:
    """Show one masked value in clear, for a stated reason, audited (PIPL: purpose and record).
    `field` names a field of the file ("caregiver_phone") or of a parent ("father.id_number"); which
    fields may be revealed, and by whom, is access.visibility's (RULES[kind].revealable)."""
    role, _dot, name = field.rpartition(".")
    holder: Any = ChildRecord if not role else ParentRecord if role in ("father", "mother") else None
    kind = visibility.declared(holder).get(name) if holder is not None else None
    if kind is None or not visibility.RULES[kind].revealable:
        raise ValidationFailed(_("This field cannot be revealed."), code="reveal.field", field="field")
    if not visibility.may_reveal(actor, kind, child.division_code):
        raise PermissionDenied(_("Your role may not reveal this value."), code="reveal.forbidden")
    reason = reason.strip()
    if len(reason) < 2:
        raise ValidationFailed(_("Say why you need to see this value."), code="reveal.reason", field="reason")
    if role:
        parent = child.parents.filter(role=role).first()
        value = getattr(parent, name) if parent else ""
    else:
        value = getattr(child, name) or ""
    audit_record(
        actor=actor,
        action=Action.VALUE_REVEALED,
        subject=child,
        detail={"field": field, "reason": reason[:200]},
    )
    return str(value)


@transaction.atomic
def child_merge(*, actor: Actor, keep: Child, drop: Child) -> Merge:
    """Fold a likely duplicate into another file. Empty fields of `keep` take `drop`'s values; `drop`
    stays (status 已合并, pointing at `keep`) so both histories remain readable."""
    if keep.pk == drop.pk:
        raise ValidationFailed(_("Choose two different files."), code="merge.same")
    for c in (keep, drop):
        if (
            not is_within(actor, c.division_code, purpose=Purpose.CASEWORK)
            or c.status == enums.FileStatus.MERGED
        ):
            raise NotFound(_("Not found, or outside your area."))
    user = _user(actor)
    keep = Child.unscoped.select_for_update().get(pk=keep.pk)
    drop = Child.unscoped.select_for_update().get(pk=drop.pk)
    filled = [
        f
        for f in SCALAR_FIELDS
        if not getattr(keep, f) and getattr(drop, f) and f not in {"no_hukou", "lives_alone"}
    ]
    for f in filled:
        setattr(keep, f, getattr(drop, f))
    drop_number = drop.id_number
    if not keep.id_number and drop_number:
        drop.id_number = None
        drop.no_hukou = True
        keep.id_number, keep.no_hukou = drop_number, False
        filled.append("id_number")
    drop.status, drop.merged_into = enums.FileStatus.MERGED, keep
    for row in (drop, keep):
        write_file(row, user, f"merge {drop.pk}->{keep.pk}")
    for parent in drop.parents.all():
        if not keep.parents.filter(role=parent.role).exists():
            parent.child = keep
            parent._history_user = user  # type: ignore[attr-defined]
            parent.save()
            filled.append(parent.role)
    merge = Merge.unscoped.create(
        kept=keep,
        merged=drop,
        division_code=keep.division_code,
        filled_fields=filled,
        merged_by_id=_uid(actor),
    )
    audit_record(
        actor=actor,
        action=Action.FILE_MERGED,
        subject=keep,
        detail={"merged": drop.pk, "filled": filled},
    )
    hooks.file_saved.fire([keep, drop], created=False)
    return merge


@transaction.atomic
def transfer_request(*, actor: Actor, id_number: str, to_code: str, reason: str = "") -> Transfer:
    """The receiving area asks for a child filed elsewhere, knowing the ID number (the family told them)."""
    from seedling.core import identity

    division = _village(actor, to_code)
    number = identity.normalize(id_number)
    # Allowlisted raw read: the child is outside the requester's area by definition.
    child = Child.unscoped.filter(id_number=number).exclude(status=enums.FileStatus.MERGED).first()
    if child is None:
        raise ValidationFailed(
            _("No file has this ID number. File the child as new."),
            code="transfer.no_file",
            field="id_number",
        )
    if is_within(actor, child.division_code, purpose=Purpose.CASEWORK):
        raise ValidationFailed(
            _("This child is already in your area."), code="transfer.in_area", field="id_number"
        )
    if Transfer.unscoped.filter(child=child, status=enums.TransferStatus.PENDING).exists():
        raise ValidationFailed(
            _("A transfer of this child is already waiting for approval."),
            code="transfer.pending",
            field="id_number",
        )
    transfer = Transfer.unscoped.create(
        child=child,
        from_code=child.division_code,
        to_division=division,
        to_code=division.code,
        reason=reason.strip()[:200],
        requested_by_id=_uid(actor),
    )
    for code in (child.division_code, division.code):
        audit_record(
            actor=actor,
            action=Action.TRANSFER_REQUESTED,
            subject=transfer,
            division_code=code,
            subject_label=mask_id_number(number),
        )
    return transfer


@transaction.atomic
def transfer_decide(*, actor: Actor, transfer: Transfer, approve: bool, note: str = "") -> Transfer:
    """The holding area approves (the whole file and its history move) or rejects."""
    transfer = Transfer.unscoped.select_for_update().get(pk=transfer.pk)
    if not is_within(actor, transfer.from_code, purpose=Purpose.CASEWORK):
        raise PermissionDenied(_("Only the area that holds the file decides."), code="transfer.not_holder")
    if transfer.status != enums.TransferStatus.PENDING:
        raise ValidationFailed(_("This transfer has already been decided."), code="transfer.decided")
    transfer.status = enums.TransferStatus.APPROVED if approve else enums.TransferStatus.REJECTED
    transfer.decided_by_id, transfer.decided_at = actor.user_id, clock.now()
    transfer.decision_note = note.strip()[:200]
    transfer.save()
    if approve:
        child = Child.unscoped.select_for_update().get(pk=transfer.child_id)
        child.division_id, child.division_code = transfer.to_division_id, transfer.to_code
        write_file(child, _user(actor), f"transfer {transfer.pk}")
        hooks.file_saved.fire([child], created=False)
    action = Action.TRANSFER_APPROVED if approve else Action.TRANSFER_REJECTED
    for code in (transfer.from_code, transfer.to_code):
        audit_record(actor=actor, action=action, subject=transfer, division_code=code)
    return transfer


@transaction.atomic
def transfer_cancel(*, actor: Actor, transfer: Transfer) -> Transfer:
    transfer = Transfer.unscoped.select_for_update().get(pk=transfer.pk)
    if not is_within(actor, transfer.to_code, purpose=Purpose.CASEWORK):
        raise PermissionDenied(_("Only the requesting area can cancel."), code="transfer.not_requester")
    if transfer.status != enums.TransferStatus.PENDING:
        raise ValidationFailed(_("This transfer has already been decided."), code="transfer.decided")
    transfer.status, transfer.decided_by_id, transfer.decided_at = (
        enums.TransferStatus.CANCELLED,
        actor.user_id,
        clock.now(),
    )
    transfer.save()
    audit_record(
        actor=actor,
        action=Action.TRANSFER_CANCELLED,
        subject=transfer,
        division_code=transfer.to_code,
    )
    return transfer


WOMAN_FIELDS = (
    "name",
    "id_number",
    "birth_date",
    "hukou_type",
    "residence",
    "phone",
    "address",
    "husband_name",
    "husband_id_number",
    "husband_away_since",
    "husband_returned_on",
    "husband_work_place",
    "health",
    "needs",
    "remarks",
)


def woman_record(woman: Woman) -> WomanRecord:
    """The editable record of a stored woman's file."""
    return WomanRecord(division_code=woman.division_code, **{f: getattr(woman, f) for f in WOMAN_FIELDS})


@transaction.atomic
def woman_save(
    *,
    actor: Actor,
    record: WomanRecord,
    woman: Woman | None = None,
    as_of: date | None = None,
    version: int | None = None,
) -> Woman:
    """Create or update a left-behind woman's file (`version`: see `locked`)."""
    division = _village(actor, record.division_code, kept=woman.division_code if woman is not None else "")
    blank = WomanRecord(division_code=record.division_code, name="", id_number="")
    record = keep_unseen(actor, woman_record(woman) if woman is not None else blank, record)
    errors = rules.errors(rules.check_woman(record, as_of=as_of or clock.today()))
    if errors:
        raise InvalidFile(errors)
    same = Woman.unscoped.filter(id_number=record.id_number)
    clash = (same.exclude(pk=woman.pk) if woman is not None else same).first()
    if clash is not None:
        in_area = is_within(actor, clash.division_code, purpose=Purpose.CASEWORK)
        raise AlreadyFiled(
            where=_county_label(clash.division_code), in_area=in_area, child_id=clash.pk if in_area else None
        )
    woman = (
        locked(actor, Woman, woman.pk, version) if woman is not None else Woman(created_by_id=actor.user_id)
    )
    for f in WOMAN_FIELDS:
        setattr(woman, f, getattr(record, f))
    woman.division, woman.division_code = division, division.code
    write_file(woman, _user(actor))
    hooks.woman_saved.fire([woman])
    return woman


def _set_fields(
    actor: Actor, child: Child, values: dict[str, str], as_of: date | None, version: int | None = None
) -> Child:
    """Change a few fields of a file loaded through access; refuse if that breaks a rule that held."""
    if not is_within(actor, child.division_code, purpose=Purpose.CASEWORK):
        raise PermissionDenied(_("This file is outside your area."), code="division.outside")
    user = _user(actor)
    child = locked(actor, Child, child.pk, version)
    day = as_of or clock.today()
    before = {(p.code, p.field) for p in rules.errors(rules.check_child(child_record(child), as_of=day))}
    for name, value in values.items():
        setattr(child, name, value)
    new = [
        p
        for p in rules.errors(rules.check_child(child_record(child), as_of=day))
        if (p.code, p.field) not in before
    ]
    if new:
        raise InvalidFile(new)
    write_file(child, user)
    hooks.file_saved.fire([child], created=False)
    return child


@transaction.atomic
def child_set_risk(
    *, actor: Actor, child: Child, level: str, as_of: date | None = None, version: int | None = None
) -> Child:
    """Set the family-guardianship risk level (visits.services.risk_set keeps the reasoned history)."""
    if level and level not in enums.RiskLevel.values:
        raise ValidationFailed(_("Choose a risk level."), code="risk.invalid", field="level")
    return _set_fields(actor, child, {"risk_level": level}, as_of, version)


@transaction.atomic
def child_set_pairing(
    *,
    actor: Actor,
    child: Child,
    name: str,
    phone: str,
    org: str,
    as_of: date | None = None,
    version: int | None = None,
) -> Child:
    """Assign (or, with an empty name, remove) the pairing helper (结对帮扶, 晋政民〔2024〕46号 三（一）). The
    phone sent back as it was shown (masked) keeps the stored number."""
    kept = visibility.as_shown(
        actor,
        Sensitivity.CONTACT,
        phone.strip(),
        child.pairing_phone,
        child.division_code,
        visibility.Output.FILE,
    )
    # A number that is not one stays as written, for the rules' own message.
    number = kept if kept == child.pairing_phone else phones.normalize(kept) or kept
    values = {"pairing_name": name.strip(), "pairing_phone": number, "pairing_org": org.strip()}
    if not values["pairing_name"]:
        values = dict.fromkeys(values, "")
    return _set_fields(actor, child, values, as_of, version)

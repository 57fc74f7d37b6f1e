"""Reads of personal files, always through seedling.access. Views of a file are audited here, so the
web and the API audit the same way
(docs/architecture.md#rule-7-reads-of-personal-files-and-every-export-are-audited)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr
from django.utils.translation import gettext_lazy as _

from seedling.access import Actor, Purpose, capabilities, get_for_actor, visibility, visible_to
from seedling.access.capabilities import Capability
from seedling.audit.services import file_viewed, lists_people
from seedling.core import clock, identity
from seedling.core.dates import years_ago
from seedling.core.division_codes import is_placeholder
from seedling.core.reasons import Shown, shown
from seedling.people import enums
from seedling.people.models import Child, FileStep, HarmEvent, Parent, ParentSituation, Transfer, Woman
from seedling.people.names import name_key
from seedling.regions.changes import retired_or_placeholder_units

PAGE_SIZE = 50
# Age bands of the list filter, in completed years [low, high).
AGE_BANDS: dict[str, tuple[int, int]] = {"0-5": (0, 6), "6-11": (6, 12), "12-15": (12, 16), "16-17": (16, 18)}


@dataclass(frozen=True)
class ChildFilter:
    division_prefix: str = ""
    category: str = ""
    risk: str = ""
    age_band: str = ""
    sex: str = ""
    schooling: str = ""
    incomplete: bool = False
    no_hukou: bool = False
    query: str = ""


@dataclass
class Page:
    items: list[Any]
    next_cursor: str | None
    extra: dict[str, Any] = field(default_factory=dict)


def _filtered(actor: Actor, f: ChildFilter, today: dt.date) -> QuerySet[Child]:
    qs = visible_to(actor, Child).exclude(status=enums.FileStatus.MERGED)
    if f.division_prefix:
        qs = qs.filter(division_code__startswith=f.division_prefix)
    if f.category in enums.HEALTH_CATEGORIES:
        # HIV status never selects or appears in a list
        # (docs/rules/privacy.md#health-hiv-and-mental-health-data)
        return qs.none()
    if f.category:
        qs = qs.filter(declared_categories__contains=f",{f.category},")
    if f.risk:
        qs = qs.filter(risk_level=f.risk)
    if f.sex:
        qs = qs.filter(sex=f.sex)
    if f.schooling:
        qs = qs.filter(schooling=f.schooling)
    if f.incomplete:
        qs = qs.filter(missing_fields__gt=0)
    if f.no_hukou:
        qs = qs.filter(no_hukou=True)
    if f.age_band in AGE_BANDS:
        low, high = AGE_BANDS[f.age_band]
        # age >= low  <=>  born on or before today - low years; age < high <=> born after today - high years
        qs = qs.filter(birth_date__lte=years_ago(today, low), birth_date__gt=years_ago(today, high))
    query = f.query.strip()
    if query:
        number = identity.normalize(query)
        if len(number) >= 6 and number[:6].isdigit():
            qs = qs.filter(id_number__startswith=number)
        else:
            qs = qs.filter(Q(name__contains=query) | Q(name_key=name_key(query)))
    return qs


def _cursor(child: Child) -> str:
    return f"{child.division_code}.{child.pk}"


def _after(qs: QuerySet[Child], cursor: str | None) -> QuerySet[Child]:
    if not cursor:
        return qs
    code, _, pk = cursor.partition(".")
    if not (code.isdigit() and pk.isdigit()):
        return qs.none()
    # Keyset on (division_code, id): the index child_scope_keyset serves it without sorting. The `gte`
    # is implied by the OR; it is the bound PostgreSQL starts the index scan from (else it walks the
    # scope from its first row to the cursor).
    return qs.filter(
        Q(division_code__gte=code), Q(division_code__gt=code) | Q(division_code=code, pk__gt=int(pk))
    )


LIST_FIELDS = (
    "id",
    "name",
    "sex",
    "birth_date",
    "id_number",
    "no_hukou",
    "division_code",
    "risk_level",
    "schooling",
    "declared_categories",
    "missing_fields",
    "status",
    "division__name",
)


def child_rows(
    *, actor: Actor, filters: ChildFilter, cursor: str | None = None, limit: int = PAGE_SIZE
) -> Page:
    """One page of children in scope, ordered by village then id. HIV is never read for a list. Not
    audited: for an output that records its own event (an export); a page shown uses `child_list`."""
    qs = _after(_filtered(actor, filters, clock.today()), cursor)
    rows = list(qs.select_related("division").only(*LIST_FIELDS).order_by("division_code", "id")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return Page(items=rows, next_cursor=_cursor(rows[-1]) if more and rows else None)


child_list = lists_people("child_list", lambda page: page.items)(child_rows)


def child_get(*, actor: Actor, child_id: int | str) -> Child:
    """A file for editing (no view audit: the edit itself is recorded in the history)."""
    return get_for_actor(actor, visible_to(actor, Child).exclude(status=enums.FileStatus.MERGED), pk=child_id)


def child_view(*, actor: Actor, child_id: int | str) -> Child:
    """A file as read by a person: loaded through access and audited (who, whose, when, from where)."""
    child = get_for_actor(
        actor, visible_to(actor, Child).select_related("division", "merged_into"), pk=child_id
    )
    file_viewed(actor=actor, subject=child, subject_type="child")
    return child


def missing_details(
    *, actor: Actor, child: Child, output: visibility.Output = visibility.Output.FILE
) -> list[Shown]:
    """The details of a file still to complete (docs/rules/file.md#v-detail), as the reader may read
    them (one that names a harm or a parent's custody follows that field's visibility)."""
    shown_ = [shown(d) for d in child.missing_details]
    return visibility.reasons(actor, shown_, child.division_code, output)


@dataclass(frozen=True)
class ReviewRow:
    child: Child
    details: list[Shown]


@lists_people("review_list", lambda page: [r.child for r in page.items])
def review_list(*, actor: Actor, cursor: str | None = None, limit: int = PAGE_SIZE) -> Page:
    """The review list of a township (and every level above): the files filed with details still to
    complete, by village, each with what is missing (docs/rules/file.md#v-detail). Not a read of any
    one file: the details are named, the values are not."""
    qs = visible_to(actor, Child).exclude(status=enums.FileStatus.MERGED).filter(missing_fields__gt=0)
    qs = _after(qs.exclude(missing_details=[]), cursor)
    rows = list(
        qs.select_related("division")
        .only(*LIST_FIELDS, "missing_details")
        .order_by("division_code", "id")[: limit + 1]
    )
    more = len(rows) > limit
    rows = rows[:limit]
    items = [ReviewRow(c, missing_details(actor=actor, child=c, output=visibility.Output.LIST)) for c in rows]
    return Page(items=items, next_cursor=_cursor(rows[-1]) if more and rows else None)


def child_parents(*, child: Child) -> dict[str, Parent]:
    """Parents of a file already loaded through access."""
    return {p.role: p for p in child.parents.prefetch_related("situations")}


def child_harm(*, child: Child) -> list[HarmEvent]:
    return list(child.harm_events.all())


@dataclass(frozen=True)
class HistoryEntry:
    at: dt.datetime
    user: str
    what: str  # child / father / mother / situation / harm
    kind: str  # + created, ~ changed, - deleted
    changes: list[tuple[str, str, str]]  # (field label, old, new)
    reason: str = ""

    @property
    def what_label(self) -> str:
        return str(_WHAT.get(self.what, self.what))


_WHAT = {
    "child": _("File"),
    "father": _("Father"),
    "mother": _("Mother"),
    "situation": _("Special situation"),
    "harm": _("Harm"),
}


def _label(model: Any, name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


def _display(model: Any, name: str, value: Any) -> str:
    """A stored value as a person reads it: choice labels, 是/否, category names, lists joined."""
    if value in (None, "", []):
        return ""
    if name == "declared_categories":  # in the ledger's order, whatever order they were stored in
        return "、".join(str(label) for c, label in enums.DeclaredCategory.choices if c in value)
    if isinstance(value, bool):
        return "是" if value else "否"
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return str(value)
    labels = dict(field.choices or ())
    if isinstance(value, list):
        return "、".join(str(labels.get(v, v)) if isinstance(v, str) else str(v) for v in value)
    return str(labels.get(value, value))


def _row(rec: Any) -> Any:
    """What a history row was, for a row-level visibility check (a situation by its kind)."""
    model = rec.instance_type
    return model(kind=rec.kind) if hasattr(model, "sensitivity") else None


def _entries(actor: Actor, records: list[Any], what: str, code: str) -> list[HistoryEntry]:
    """History rows of one model as the actor may read them (access.visibility): masked identifiers,
    no trace of a field or a row the actor may not see (a HIV status, a parent's imprisonment)."""
    out = []
    for rec in records:
        prev = rec.prev_record
        if not all(
            visibility.row_visible(actor, _row(r), code, visibility.Output.FILE) for r in (rec, prev) if r
        ):
            continue
        model = rec.instance_type
        if rec.history_type == "~" and prev is not None:
            changes = []
            for c in rec.diff_against(prev).changes:
                seen = visibility.change(actor, model, c.field, c.old, c.new, code)
                if seen is not None:
                    old, new = seen
                    changes.append(
                        (_label(model, c.field), _display(model, c.field, old), _display(model, c.field, new))
                    )
            if not changes:
                continue
        else:
            changes = []
        out.append(
            HistoryEntry(
                at=rec.history_date,
                user=rec.history_user.username if rec.history_user else "",
                what=what,
                kind=rec.history_type,
                changes=changes,
                reason=rec.history_change_reason or "",
            )
        )
    return out


def child_history(*, actor: Actor, child: Child) -> list[HistoryEntry]:
    """Every change of every field of a file and its parents, newest first, as the actor may read it."""
    code = child.division_code
    entries = _entries(
        actor, list(child.history.select_related("history_user").order_by("history_date")), "child", code
    )
    parent_ids = Parent.history.filter(child_id=child.pk).values_list("id", flat=True).distinct()
    for pid, role in Parent.history.filter(child_id=child.pk).values_list("id", "role").distinct():
        recs = list(Parent.history.filter(id=pid).select_related("history_user").order_by("history_date"))
        entries += _entries(actor, recs, role, code)
    recs = list(
        ParentSituation.history.filter(parent_id__in=list(parent_ids))
        .select_related("history_user")
        .order_by("history_date")
    )
    entries += _entries(actor, recs, "situation", code)
    recs = list(
        HarmEvent.history.filter(child_id=child.pk).select_related("history_user").order_by("history_date")
    )
    entries += _entries(actor, recs, "harm", code)
    return sorted(entries, key=lambda e: e.at, reverse=True)


@dataclass(frozen=True)
class DuplicateGroup:
    birth_date: dt.date
    name_key: str
    township: str
    children: list[Child]


@lists_people("duplicates", lambda groups: [c for g in groups for c in g.children])
def duplicate_groups(*, actor: Actor, limit: int = 100) -> list[DuplicateGroup]:
    """Likely duplicates without a shared ID number: same name by sound (homophones and common slips
    folded into `name_key`), same birth date, same township (same or neighbouring village)."""
    base = visible_to(actor, Child).exclude(status=enums.FileStatus.MERGED)
    keys = (
        base.annotate(township=Substr("division_code", 1, 9))
        .values("birth_date", "name_key", "township")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .order_by("township", "birth_date")[:limit]
    )
    groups = []
    for k in keys:
        members = list(
            base.filter(
                birth_date=k["birth_date"], name_key=k["name_key"], division_code__startswith=k["township"]
            )
            .select_related("division")
            .order_by("id")
        )
        groups.append(DuplicateGroup(k["birth_date"], k["name_key"], k["township"], members))
    return groups


@lists_people("transfers", lambda transfers: [t.child_id for t in transfers])
def transfer_list(*, actor: Actor) -> list[Transfer]:
    """Transfers touching the actor's area, either end. The child's name is shown only to the holder."""
    return list(
        visible_to(actor, Transfer).select_related("to_division", "child").order_by("-requested_at")[:200]
    )


@lists_people("woman_list", lambda page: page.items)
def woman_list(*, actor: Actor, cursor: str | None = None, query: str = "", limit: int = PAGE_SIZE) -> Page:
    qs = visible_to(actor, Woman)
    if query:
        qs = qs.filter(name__contains=query)
    if cursor:
        code, _, pk = cursor.partition(".")
        qs = qs.filter(Q(division_code__gt=code) | Q(division_code=code, pk__gt=int(pk or 0)))
    rows = list(qs.select_related("division").order_by("division_code", "id")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return Page(rows, f"{rows[-1].division_code}.{rows[-1].pk}" if more and rows else None)


def woman_view(*, actor: Actor, woman_id: int | str) -> Woman:
    woman = get_for_actor(actor, Woman, pk=woman_id)
    file_viewed(actor=actor, subject=woman, subject_type="woman")
    return woman


def casework_scope(actor: Actor) -> frozenset[str]:
    return actor.scope(Purpose.CASEWORK)


def transfer_get(*, actor: Actor, transfer_id: int | str) -> Transfer:
    return get_for_actor(actor, Transfer, pk=transfer_id)


@dataclass(frozen=True)
class AwaitingUnit:
    """A retired or "其他" placeholder unit of the area with the files still filed at it."""

    code: str
    name: str
    placeholder: bool
    retired_on: dt.date | None
    children: int
    women: int


@dataclass
class Reattribution:
    units: list[AwaitingUnit]
    children: list[Child]
    women: list[Woman]


@lists_people("reattribute", lambda r: [*r.children, *(f"w{w.pk}" for w in r.women)])
def to_reattribute(*, actor: Actor, limit: int = 500) -> Reattribution:
    """Files of the actor's area still at a retired code or under a township's "其他" placeholder:
    county staff re-attribute them to the new codes (川民政厅 2020 专项行动实施方案 attachment 1;
    docs/rules/workflow.md#dm-3). Units with their counts (one grouped query per kind of file), then
    up to `limit` files of each kind, ordered by unit. A list: one list_viewed event, no file read."""
    capabilities.require(actor, Capability.DIVISION_RECODE)
    units = {d.code: d for d in retired_or_placeholder_units(actor)}
    if not units:
        return Reattribution([], [], [])
    codes_ = sorted(units)
    children = (
        visible_to(actor, Child).filter(division_code__in=codes_).exclude(status=enums.FileStatus.MERGED)
    )
    women = visible_to(actor, Woman).filter(division_code__in=codes_)
    per_child = dict(
        children.values("division_code").annotate(n=Count("id")).values_list("division_code", "n")
    )
    per_woman = dict(women.values("division_code").annotate(n=Count("id")).values_list("division_code", "n"))
    listed = [
        AwaitingUnit(
            code=code,
            name=units[code].name,
            placeholder=is_placeholder(code),
            retired_on=units[code].retired_on,
            children=per_child.get(code, 0),
            women=per_woman.get(code, 0),
        )
        for code in codes_
        if per_child.get(code) or per_woman.get(code)
    ]
    return Reattribution(
        units=listed,
        children=list(children.only(*LIST_FIELDS[:-1]).order_by("division_code", "id")[:limit]),
        women=list(
            women.only("id", "name", "birth_date", "division_code").order_by("division_code", "id")[:limit]
        ),
    )


@dataclass
class ReturnedFile:
    child: Child
    step: FileStep | None  # the return: who, when, why, which fields


@lists_people("returned_files", lambda rows: [r.child for r in rows])
def returned_files(*, actor: Actor, limit: int = 50) -> list[ReturnedFile]:
    """The files of the reader's area returned by the township, with the reason and the fields to
    correct (the director's home page; docs/rules/workflow.md#record-workflow). Two queries."""
    children = list(
        visible_to(actor, Child)
        .filter(status=enums.FileStatus.RETURNED)
        .only("id", "name", "division_code", "status", "updated_at")
        .order_by("-updated_at")[:limit]
    )
    steps: dict[int, FileStep] = {}
    for step in (
        visible_to(actor, FileStep)
        .filter(child_id__in=[c.pk for c in children], action=enums.StepAction.RETURNED)
        .order_by("at", "id")
    ):
        steps[step.child_id] = step  # the latest return wins
    return [ReturnedFile(c, steps.get(c.pk)) for c in children]


def file_steps(*, actor: Actor, child: Child) -> list[FileStep]:
    """Every status step of a file the reader has loaded, oldest first, with who took it."""
    return list(visible_to(actor, FileStep).filter(child=child).select_related("by").order_by("at", "id"))


@lists_people("review_queue", lambda rows: rows)
def review_queue(*, actor: Actor, limit: int = 200) -> list[Child]:
    """Submitted files of the reader's area, oldest first: the township's review queue."""
    return list(
        visible_to(actor, Child)
        .filter(status=enums.FileStatus.SUBMITTED)
        .only("id", "name", "division_code", "status", "updated_at", "birth_date")
        .order_by("updated_at", "id")[:limit]
    )


def returned_step(*, actor: Actor, child: Child) -> FileStep | None:
    """The latest return of a file the reader has loaded: why, which fields, by whom."""
    return (
        visible_to(actor, FileStep)
        .filter(child=child, action=enums.StepAction.RETURNED)
        .select_related("by")
        .order_by("-at", "-id")
        .first()
    )

"""Who may see which sensitive value, where, and what everyone else sees instead: the one place.

Models and records declare which of their fields are sensitive, and of what kind
(``sensitive = {"hiv": Sensitivity.HIV, ...}``; a row can be sensitive as a whole by its kind, e.g. a
parent's imprisonment, through a ``sensitivity()`` method). This module holds the rules for each kind
and the projection every output goes through: pages, lists, forms' initial values, the API, CSV and
workbook exports, error workbooks, history tabs. Nothing else masks, hides or withholds a value.

Who may see HIV status: ``RULES[Sensitivity.HIV]`` below. In short, only a casework role whose role
assignment carries the explicit HIV grant, over the file's area, and only on that one file: never in
a list, never in an export (AIDS prevention regulation art. 39; ADR 0012). Everyone else sees no
trace of it: no label, no empty cell, no history row.
"""

from __future__ import annotations

import copy
import enum
import functools
import typing
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields, is_dataclass
from typing import Any, Final

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from seedling.access.actor import Actor, Purpose
from seedling.access.roles import CASEWORK_ROLES, Role
from seedling.core.masking import mask_id_number, mask_phone
from seedling.core.sensitivity import CATEGORY as CATEGORY_KINDS
from seedling.core.sensitivity import Sensitivity, of_category
from seedling.eligibility import Shown

S = Sensitivity


class Output(enum.StrEnum):
    """Where a value goes. A kind may be shown in clear in some outputs and never in others."""

    FILE = "file"  # one person's file: its page, edit form, API answer, history, printed file
    LIST = "list"  # rows about many people: list pages, API lists, rolls, work lists, search
    EXPORT = "export"  # a workbook or CSV that leaves Seedling (and comes back as an import)
    FIGURES = "figures"  # counts of files: dashboards, the bulletin, statistics in the API and commands


class Sight(enum.Enum):
    CLEAR = "clear"
    MASKED = "masked"  # partly starred; the stored value can be revealed with a reason, audited
    WITHHELD = "withheld"  # the field is shown as restricted, whatever it holds (even nothing)
    ABSENT = "absent"  # no trace at all: no label, no column, no history row


# The roles that work a child's case day to day and decide on it: the village director, the township
# supervisor and the county (which confirms orphans and de facto unsupported children). City and
# province staff and the national administrator supervise: they see the rolls, the figures and the
# files, but not health, harm or custody details (docs/rules/privacy.md, derived requirement 1:
# "upper levels see aggregates by default; health, mental-health and abuse details only to named
# case roles").
CASE_ROLES: Final = frozenset({Role.VILLAGE_DIRECTOR, Role.TOWNSHIP_SUPERVISOR, Role.COUNTY_STAFF})


@dataclass(frozen=True)
class Rule:
    why: str  # the law or rule that makes the kind sensitive
    clear: Mapping[Output, frozenset[str]]  # per output, the roles (held over the row) that see it in clear
    otherwise: Sight  # what everyone else sees, and what everyone sees in any other output
    grant: str = ""  # an explicit per-assignment grant also required (a `Grant` attribute)
    own: bool = False  # the person the row is about sees it in clear (a worker's own record)
    revealable: bool = False  # a casework role of the area may reveal one value, with a reason
    purpose: Purpose = Purpose.CASEWORK  # the purpose the rows are read for


_CASEWORK: Final = frozenset(CASEWORK_ROLES)
_COUNTY_UP: Final = frozenset({Role.COUNTY_STAFF, Role.CITY_STAFF, Role.PROVINCE_STAFF, Role.NATIONAL_ADMIN})
_CASE_DETAIL: Final = {Output.FILE: CASE_ROLES, Output.EXPORT: CASE_ROLES}
_MANAGERS: Final = {Output.FILE: _COUNTY_UP, Output.LIST: _COUNTY_UP, Output.EXPORT: _COUNTY_UP}

RULES: Final[dict[Sensitivity, Rule]] = {
    # Masked on every page, list and export for everyone; revealed one value at a time, audited.
    S.IDENTIFIER: Rule(
        "个人信息保护法第28条（不满十四周岁未成年人的个人信息）；身份证号码可关联其他全部登记",
        clear={},
        otherwise=Sight.MASKED,
        revealable=True,
    ),
    S.CONTACT: Rule(
        "个人信息保护法第28条；联系电话可直接找到儿童和家庭",
        clear={},
        otherwise=Sight.MASKED,
        revealable=True,
    ),
    S.HEALTH: Rule(
        "个人信息保护法第28条（医疗健康）；精神卫生法第4条（心理和精神状况保密）",
        clear=_CASE_DETAIL,
        otherwise=Sight.WITHHELD,
    ),
    S.HARM: Rule(
        "未成年人保护法第103条（不得披露案件中未成年人的身份信息）",
        clear=_CASE_DETAIL,
        otherwise=Sight.WITHHELD,
    ),
    S.CUSTODY: Rule(
        "个人信息保护法第28条（特定身份：父母服刑、强制隔离戒毒等）",
        clear=_CASE_DETAIL,
        otherwise=Sight.WITHHELD,
    ),
    # A protection case's narrative: the case workers of the area on the case's own page, and nowhere
    # else (no list, export or notice shows it, whoever reads it).
    # Others of the area may open a case's details only by a reveal: a stated purpose, for a short
    # time, audited (protection.services.case_reveal; docs/rules/protection.md#r-7).
    S.CASE: Rule(
        "未成年人保护法第103条（不得披露案件中未成年人的身份信息）；个人信息保护法第28条",
        clear={Output.FILE: CASE_ROLES},
        otherwise=Sight.WITHHELD,
        revealable=True,
    ),
    # Only on the one file, only with the explicit grant; absent everywhere else, exports included.
    S.HIV: Rule(
        "艾滋病防治条例第39条（不得公开可推断感染者及其家属身份的信息）",
        clear={Output.FILE: _CASEWORK, Output.FIGURES: _CASEWORK},
        otherwise=Sight.ABSENT,
        grant="hiv",
    ),
    # The county manages its workforce (appoints, trains, certifies: docs/rules/coverage.md) and sees
    # its staff's numbers; the worker sees their own; the rest see them masked.
    S.STAFF_IDENTIFIER: Rule(
        "个人信息保护法第28条；工作人员身份证号码由县级民政部门管理",
        clear=_MANAGERS,
        otherwise=Sight.MASKED,
        own=True,
        purpose=Purpose.CASEWORK,
    ),
    # A supervisor must be able to call the directors she guides: a worker's phone is clear on the
    # worker's own (audited) page to everyone who may read it, masked in lists below the county.
    S.STAFF_CONTACT: Rule(
        "个人信息保护法第13条（履行法定职责所必需）：督导员需联系所指导的儿童主任",
        clear={**_MANAGERS, Output.FILE: _CASEWORK},
        otherwise=Sight.MASKED,
        own=True,
    ),
}


class Withheld:
    """The value of a withheld field: prints as the notice, iterates as nothing, equals only itself."""

    __slots__ = ()

    def __str__(self) -> str:
        return _("Restricted to case workers")

    def __iter__(self) -> Any:
        return iter(())

    def __len__(self) -> int:
        return 0

    def __bool__(self) -> bool:
        return True  # "{{ value|default:'—' }}" must print the notice, not a dash

    def __repr__(self) -> str:
        return "WITHHELD"


WITHHELD: Final = Withheld()
# A withheld value in a workbook cell (Chinese, as every ledger cell); an import reads it as "unchanged".
WITHHELD_CELL: Final = "（仅限个案工作人员查看）"


def sight(actor: Actor, kind: Sensitivity, division_code: str, output: Output, *, own: bool = False) -> Sight:
    """How the actor sees a value of `kind` filed at `division_code`, in `output`. `own`: the row is
    about the actor (their own worker record)."""
    rule = RULES[kind]
    if own and rule.own:
        return Sight.CLEAR
    key = (kind, division_code, output)
    cached = actor._sight.get(key)
    if cached is not None:
        return cached
    roles = rule.clear.get(output, frozenset())
    clear = any(
        g.role in roles and division_code.startswith(g.prefix) and (not rule.grant or getattr(g, rule.grant))
        for g in actor.grants
    )
    result = Sight.CLEAR if clear else rule.otherwise
    actor._sight[key] = result
    return result


def hiv_roll_prefixes(actor: Actor) -> list[str]:
    """The areas whose HIV roll and counts the actor may read (ADR 0012): those where a casework role
    of theirs carries the explicit HIV grant, the same holders who see HIV status on a file. Nobody
    else has such an area: the roll never appears in a list, a count or an export for them."""
    rule = RULES[S.HIV]
    roles = rule.clear[Output.FILE]
    return sorted({g.prefix for g in actor.grants if g.role in roles and getattr(g, str(rule.grant))})


def may_reveal(actor: Actor, kind: Sensitivity, division_code: str) -> bool:
    """May the actor reveal one masked value of `kind` at `division_code` (with a reason, audited)?"""
    return RULES[kind].revealable and any(
        g.role in _CASEWORK and division_code.startswith(g.prefix) for g in actor.grants
    )


def may_see_anywhere(actor: Actor, kind: Sensitivity, output: Output) -> bool:
    """Could any value of `kind` reach the actor in `output` (does a column for it make sense)?"""
    rule = RULES[kind]
    roles = rule.clear.get(output, frozenset())
    return any(g.role in roles and (not rule.grant or getattr(g, rule.grant)) for g in actor.grants)


def may_count(actor: Actor, kind: Sensitivity, division_code: str) -> bool:
    """May the actor see counts of files of `kind` in the area `division_code` (a code prefix, "" for
    the nation)? HIV counts need the explicit grant over the whole area: without it a figure leaves the
    category out as if it did not exist (docs/rules/statistics.md#hiv)."""
    return sight(actor, kind, division_code, Output.FIGURES) is Sight.CLEAR


def mask(value: str, kind: Sensitivity) -> str:
    if not value:
        return ""
    return mask_id_number(value) if kind in (S.IDENTIFIER, S.STAFF_IDENTIFIER) else mask_phone(value)


def shown(
    actor: Actor, kind: Sensitivity, value: Any, division_code: str, output: Output, *, own: bool = False
) -> Any:
    """One value as the actor may see it: as stored, masked, WITHHELD, or None (absent)."""
    s = sight(actor, kind, division_code, output, own=own)
    if s is Sight.CLEAR:
        return value
    if s is Sight.MASKED:
        return mask(str(value or ""), kind)
    if s is Sight.WITHHELD:
        return WITHHELD
    return None


# --- what a model or record declares ------------------------------------------------------------


def declared(obj: Any) -> Mapping[str, Sensitivity]:
    """The sensitive fields `obj` (an instance or its class) declares (`sensitive`); maybe none."""
    return getattr(obj if isinstance(obj, type) else type(obj), "sensitive", None) or {}


def row_kind(obj: Any) -> Sensitivity | None:
    """A row sensitive as a whole by what it is (a parent's imprisonment, a harm event)."""
    method = getattr(obj, "sensitivity", None)
    return method() if method is not None else None


def category_kind(code: str) -> Sensitivity | None:
    """The kind of sensitive information a registry category names (the HIV category), if any."""
    return of_category(code)


def categories(actor: Actor, codes: Iterable[str], division_code: str, output: Output) -> list[str]:
    """Category codes the actor may see (the HIV category only where HIV status may be seen)."""
    return [
        c
        for c in codes
        if (k := category_kind(c)) is None or sight(actor, k, division_code, output) is Sight.CLEAR
    ]


def rows(actor: Actor, items: Iterable[Any], division_code: str, output: Output) -> list[Any]:
    """The rows of a list the actor may see: rows sensitive as a whole are dropped unless clear."""
    return [r for r in items if row_visible(actor, r, division_code, output)]


# A reason that would disclose what the reader may not see keeps its place in the list with this text
# (always Chinese: reasons are Chinese on every page and in every workbook).
WITHHELD_REASON: Final = "（涉及个案敏感信息，仅限个案工作人员查看）"


def reasons(actor: Actor, items: Iterable[Shown], division_code: str, output: Output) -> list[Shown]:
    """Reasons as the actor may read them: one that names a parent's imprisonment or a child's
    illness to a reader who may not see it is withheld; one that names HIV is left out."""
    out: list[Shown] = []
    for r in items:
        if r.sensitivity is None:
            out.append(r)
            continue
        s = sight(actor, r.sensitivity, division_code, output)
        if s is Sight.CLEAR:
            out.append(r)
        elif s is not Sight.ABSENT:
            out.append(r._replace(message_zh=WITHHELD_REASON, citation=""))
    return out


def change(
    actor: Actor, obj: Any, name: str, old: Any, new: Any, division_code: str
) -> tuple[Any, Any] | None:
    """One field's change in a file's history as the actor may read it, or None when the change
    must not appear at all (a field withheld or absent: even "changed" would say something)."""
    if name == "declared_categories":
        before = categories(actor, _codes(old), division_code, Output.FILE)
        after = categories(actor, _codes(new), division_code, Output.FILE)
        return None if before == after else (before, after)
    kind = declared(obj).get(name)
    if kind is None:
        return old, new
    s = sight(actor, kind, division_code, Output.FILE)
    if s is Sight.CLEAR:
        return old, new
    if s is Sight.MASKED:
        return mask(str(old or ""), kind), mask(str(new or ""), kind)
    return None


def _codes(value: Any) -> list[str]:
    if isinstance(value, str):  # stored ",a,b,"
        return [c for c in value.split(",") if c]
    return list(value or [])


def row_visible(actor: Actor, row: Any, division_code: str, output: Output) -> bool:
    """May the actor see this row (a parent's situation, a harm event) at all?"""
    kind = row_kind(row)
    return kind is None or sight(actor, kind, division_code, output) is Sight.CLEAR


# --- the projection -----------------------------------------------------------------------------


class Projected:
    """A model instance or record as one actor sees it in one output.

    Attributes read through: sensitive ones come back clear, masked, as WITHHELD, or as None when
    absent; nested records (a child's parents) are projected too; lists of rows lose the rows the
    actor may not see; category lists lose the categories the actor may not see. ``withheld`` and
    ``absent`` name the fields that are restricted or must not be mentioned at all, whatever they
    hold (so an empty value says nothing either way).
    """

    def __init__(self, actor: Actor, obj: Any, output: Output, division_code: str) -> None:
        self._actor, self._obj, self._output, self._code = actor, obj, output, division_code
        self._sensitive = declared(obj)
        # A row about the actor themself (a worker's own record) declares who it belongs to.
        owner: str = getattr(type(obj), "owner_field", "")
        self._own = bool(owner) and actor.user_id is not None and getattr(obj, owner) == actor.user_id

    def _fields_seen_as(self, seen: Sight) -> frozenset[str]:
        return frozenset(
            name
            for name, kind in self._sensitive.items()
            if sight(self._actor, kind, self._code, self._output, own=self._own) is seen
        )

    @property
    def withheld(self) -> frozenset[str]:
        return self._fields_seen_as(Sight.WITHHELD)

    @property
    def absent(self) -> frozenset[str]:
        return self._fields_seen_as(Sight.ABSENT)

    @property
    def rows_withheld(self) -> bool:
        """Are rows of some kind (a parent's imprisonment, illness) left out of this actor's lists?
        The page then says so, whether or not the file holds such rows."""
        return any(
            RULES[k].otherwise is Sight.WITHHELD and _locked(self._actor, k, self._code, self._output)
            for k in RULES
        )

    @property
    def raw(self) -> Any:
        """The object itself: for keys and links (pk, division) only, never for display."""
        return self._obj

    @property
    def division_code(self) -> str:
        return self._code

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        value = getattr(self._obj, name)
        kind = self._sensitive.get(name)
        if kind is not None:
            s = sight(self._actor, kind, self._code, self._output, own=self._own)
            if s is not Sight.CLEAR:
                return shown(self._actor, kind, value, self._code, self._output, own=self._own)
        return self._project(name, value)

    def _project(self, name: str, value: Any) -> Any:
        if name == "declared_categories":
            if isinstance(value, str):  # the model stores ",a,b,"
                value = [c for c in value.split(",") if c]
            return categories(self._actor, value, self._code, self._output)
        if _is_record(value):
            return Projected(self._actor, value, self._output, self._code)
        if isinstance(value, list) and value and _is_record(value[0]):
            return [
                Projected(self._actor, r, self._output, self._code)
                for r in rows(self._actor, value, self._code, self._output)
            ]
        return value

    def __getitem__(self, name: str) -> Any:  # templates: {{ view|field:"name" }}
        return getattr(self, name)

    def __repr__(self) -> str:
        return f"Projected({type(self._obj).__name__}, {self._output})"


class Revealed(Projected):
    """A record whose sealed values the actor revealed for a stated purpose (a time-boxed, audited
    reveal the caller checked): every attribute reads as stored, on that one page only."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self._obj, name)


def _locked(actor: Actor, kind: Sensitivity, code: str, output: Output) -> bool:
    return sight(actor, kind, code, output) is not Sight.CLEAR


def _is_record(value: Any) -> bool:
    """A nested record or row that declares what in it is sensitive (a parent, a situation)."""
    return not isinstance(value, type) and (bool(declared(value)) or hasattr(value, "sensitivity"))


def project(actor: Actor, obj: Any, output: Output, *, division_code: str | None = None) -> Projected:
    """`obj` (a model instance or record) as the actor may see it in `output`.

    `division_code` is where the file is filed; by default the object's own `division_code`."""
    code = division_code if division_code is not None else getattr(obj, "division_code", "")
    return Projected(actor, obj, output, code)


def as_dict(view: Projected) -> dict[str, Any]:
    """A projected record as a plain dict (the API): absent fields left out, withheld ones None.

    Nested records become dicts, lists of rows lists of dicts."""
    obj = view.raw
    out: dict[str, Any] = {}
    for f in fields(obj):
        if f.name in view.absent:
            continue
        value = getattr(view, f.name)
        if value is WITHHELD:
            out[f.name] = None
        elif isinstance(value, Projected):
            out[f.name] = as_dict(value)
        elif isinstance(value, list) and value and isinstance(value[0], Projected):
            out[f.name] = [as_dict(v) for v in value]
        elif isinstance(value, list) and value and is_dataclass(value[0]):
            out[f.name] = [copy.copy(vars(v)) for v in value]
        else:
            out[f.name] = value
    return out


# --- what an editor may write ---------------------------------------------------------------------


def hidden_kind(actor: Actor, kind: Sensitivity, division_code: str | None) -> bool:
    """Is `kind` hidden from the actor on a file at `division_code` (withheld or absent, not merely
    masked), so that they may not write it either? `division_code` None: a file not yet placed (a
    new one): hidden when the actor may see it nowhere."""
    if RULES[kind].otherwise is Sight.MASKED:
        return False
    if division_code is None:
        return not may_see_anywhere(actor, kind, Output.FILE)
    return _locked(actor, kind, division_code, Output.FILE)


def unwritable(actor: Actor, obj: Any, division_code: str | None) -> frozenset[str]:
    """The fields of `obj` (an instance or its class) that an edit form leaves out for the actor."""
    return frozenset(name for name, kind in declared(obj).items() if hidden_kind(actor, kind, division_code))


# --- what an editor cannot see stays as it was -------------------------------------------------


@dataclass(frozen=True)
class Refused:
    field: str  # "hiv", "declared_categories", "father.situations", "id_number"
    code: str
    message: str


def _refusal(field: str, kind: Sensitivity) -> Refused:
    if kind is S.HIV:
        return Refused(
            field,
            "visibility.hiv",
            _("Your role assignment does not include HIV information: ask a colleague who holds it."),
        )
    return Refused(field, "visibility.case", _("Only case workers of the file's area may record this."))


def refused(
    actor: Actor, obj: Any, division_code: str, sent: Mapping[str, Any], _path: str = ""
) -> list[Refused]:
    """What an editor sent that they may not write: a field they may not see on the file, the HIV
    category without the HIV grant, a row of a kind they may not see (a parent's imprisonment).

    `sent` holds only what the editor gave (field → value, None for "not sent"; a nested record's
    fields as a mapping; rows as records). Clearing is writing too. The answer never depends on what
    is stored, so it tells nothing about the file."""
    if not _anything_hidden(actor, division_code):
        return []  # the file's case worker with every grant: nothing to refuse (most imports)
    problems: list[Refused] = []
    sensitive = declared(obj)
    nested, rows, categories_ = _plan(obj.__class__)
    watched = _watched(obj.__class__)
    for name in [n for n in sent if n in watched]:  # in the order sent, so problems read in order
        value, where = sent[name], _path + name
        if value is None:  # not sent
            continue
        if name in nested:
            problems += refused(actor, getattr(obj, name), division_code, value, where + ".")
        elif name in categories_:
            locked = [
                k for c in value if (k := category_kind(c)) and _locked(actor, k, division_code, Output.FILE)
            ]
            problems += [_refusal(where, k) for k in locked[:1]]
        elif name in rows:
            locked = [
                k for r in value if (k := row_kind(r)) and _locked(actor, k, division_code, Output.FILE)
            ]
            problems += [_refusal(where, k) for k in locked[:1]]
        elif _locked(actor, kind := sensitive[name], division_code, Output.FILE):
            problems.append(_refusal(where, kind))
    return problems


@functools.cache
def _watched(cls: type) -> frozenset[str]:
    """The fields of a record class `refused` looks at: its sensitive fields that are not merely
    masked (anyone may type a full number over a mask), its categories, nested records and rows."""
    nested, rows, categories_ = _plan(cls)
    own = (n for n, k in declared(cls).items() if RULES[k].otherwise is not Sight.MASKED)
    return frozenset((*own, *nested, *rows, *categories_))


def _anything_hidden(actor: Actor, division_code: str) -> bool:
    """Is any kind withheld from or absent for the actor on a file at `division_code`?"""
    key = ("hidden", division_code)
    cached = actor._sight.get(key)
    if cached is None:
        cached = actor._sight[key] = any(
            rule.otherwise is not Sight.MASKED and _locked(actor, kind, division_code, Output.FILE)
            for kind, rule in RULES.items()
        )
    return bool(cached)


def restore(
    actor: Actor, stored: Any, incoming: Any, output: Output, division_code: str | None = None
) -> tuple[Any, list[Refused]]:
    """`incoming` (an edited record) with what the actor could not see in `output` put back from
    `stored`: a masked value sent back as it was shown, withheld and absent fields, hidden categories,
    hidden rows. A new value the actor may write (a full ID number typed over the mask, the HIV
    status from its holder) is kept. Returns the record (`incoming` itself when nothing had to be
    put back) and the problems found (a masked value that is not the one shown); neither argument
    changes.

    Check what the editor may not write with ``refused`` first: this function keeps, it never refuses."""
    code = division_code if division_code is not None else incoming.division_code
    problems: list[Refused] = []
    return _restore(actor, stored, incoming, output, code, problems, ""), problems


def as_shown(actor: Actor, kind: Sensitivity, new: str, old: str, division_code: str, output: Output) -> str:
    """A single edited value: the stored one when `new` is the masked value the editor was shown."""
    if sight(actor, kind, division_code, output) is Sight.MASKED and new and new == mask(old or "", kind):
        return old
    return new


@functools.cache
def _plan(cls: type) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """What `restore` looks at in a record class, found once: its nested records (a child's
    parents) and its lists of rows (a parent's situations). The other fields are left as sent."""
    hints = typing.get_type_hints(cls)
    nested = tuple(n for n, t in hints.items() if isinstance(t, type) and _is_record_class(t))
    rows = tuple(
        n
        for n, t in hints.items()
        if typing.get_origin(t) is list
        and (args := typing.get_args(t))
        and isinstance(args[0], type)
        and _is_record_class(args[0])
        and n not in declared(cls)
    )
    categories_ = tuple(n for n in hints if n == "declared_categories")
    return nested, rows, categories_


def _is_record_class(cls: type) -> bool:
    return bool(getattr(cls, "sensitive", None)) or hasattr(cls, "sensitivity")


_MASKED_MESSAGE = gettext_lazy(
    "This number is masked (it contains *): type the full number, or leave the masked value exactly as it "
    "was shown."
)


def _edit_plan(
    actor: Actor, cls: type, code: str, output: Output
) -> tuple[tuple[str, ...], tuple[str, ...], bool]:
    """For one record class, actor, place and output: (the masked fields, the fields to keep as
    stored, whether some kind of row is hidden). Cached with the actor's other sights: a ledger
    import asks it for every row of a village."""
    key = ("edit", cls, code, output)
    cached = actor._sight.get(key)
    if cached is None:
        masked, keep = [], []
        for name, kind in declared(cls).items():
            s = sight(actor, kind, code, output)
            if s is Sight.MASKED:
                masked.append(name)
            elif s is not Sight.CLEAR and _locked(actor, kind, code, Output.FILE):
                keep.append(name)
        rows_hidden = any(
            RULES[k].otherwise is not Sight.MASKED
            and _locked(actor, k, code, output)
            and _locked(actor, k, code, Output.FILE)
            for k in RULES
        )
        cached = actor._sight[key] = (tuple(masked), tuple(keep), rows_hidden)
    return cached


def _restore(
    actor: Actor, stored: Any, incoming: Any, output: Output, code: str, problems: list[Refused], path: str
) -> Any:
    changes: dict[str, Any] = {}
    masked, keep, rows_hidden = _edit_plan(actor, incoming.__class__, code, output)
    sensitive = declared(incoming)
    for name in masked:
        new = getattr(incoming, name)
        if new and "*" in new:
            old = getattr(stored, name)
            if new != mask(old or "", sensitive[name]):
                problems.append(Refused(path + name, "identifier.masked", str(_MASKED_MESSAGE)))
            changes[name] = old
    for name in keep:
        if getattr(incoming, name) != (old := getattr(stored, name)):
            changes[name] = old
    nested, rows, categories_ = _plan(incoming.__class__)
    for name in categories_:
        new, old = getattr(incoming, name), getattr(stored, name)
        if not any(c in CATEGORY_KINDS for c in (*old, *new)):
            continue  # no category that names a sensitive condition: nothing hidden, nothing refused
        seen = categories(actor, old, code, output)
        hidden = [c for c in old if c not in seen]
        mine = [c for c in new if (k := category_kind(c)) is None or not _locked(actor, k, code, Output.FILE)]
        kept = [*mine, *(c for c in hidden if c not in mine)]
        if kept != new:
            changes[name] = kept
    for name in nested:
        new, old = getattr(incoming, name), getattr(stored, name)
        kept = _restore(actor, old, new, output, code, problems, f"{path}{name}.")
        if kept is not new:
            changes[name] = kept
    for name in rows if rows_hidden else ():
        new, old = getattr(incoming, name), getattr(stored, name)
        hidden = [r for r in old if _hidden_row(actor, r, code, output)]
        mine = [r for r in new if not _hidden_row(actor, r, code, Output.FILE)]
        if hidden or len(mine) != len(new):
            changes[name] = [*mine, *hidden]
    if not changes:
        return incoming
    result = copy.copy(incoming)
    for name, value in changes.items():
        setattr(result, name, value)
    return result


def _hidden_row(actor: Actor, row: Any, code: str, output: Output) -> bool:
    """A row the actor did not see in `output` and may not write on the file either."""
    kind = row_kind(row)
    return kind is not None and _locked(actor, kind, code, output) and _locked(actor, kind, code, Output.FILE)

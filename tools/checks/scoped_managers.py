#!/usr/bin/env python3
"""Scope is never optional: ban raw managers of scoped models outside a short, pinned allowlist.

A scoped model inherits `seedling.access.models.Scoped`: its raw manager is `unscoped` (never
`objects`), and reads go through `seedling.access.visible_to` / `get_for_actor`. This check fails when
  1. a scoped model (a `Scoped` subclass, or any model declaring `scope_field`) does not inherit
     `Scoped`, has `objects`, lacks `unscoped`, names another default or base manager (a Meta that
     does not extend `Scoped.Meta`), declares a purpose that is not a `Purpose`, or a scope path that does
     not resolve. The user model is the one exception: Django's auth needs its `objects`, so it
     declares `scope_field` / `scope_purpose` by hand and its `.objects` is banned like a raw manager;
  2. code touches `.unscoped`, `._base_manager`, `._default_manager`, `getattr(x, "unscoped")` or the
     user model's `.objects` (`User.objects`, `get_user_model().objects`) in a function that
     ALLOWLIST does not name;
  3. an ALLOWLIST entry names a function that no longer makes a raw access (or has no reason).
Tests, migrations and benchmarks set up data directly and are exempt.

Why an entry pins a function (`path` + qualified name, `Class.method` for a method) rather than a
file, a line number, the line's text or a marker comment on the line:
  - a whole file lets any new function in it read everyone's rows;
  - line numbers drift with every edit above them, and a pinned text breaks on each reformat;
  - a marker comment on the line is granted by whoever writes the raw access, in the same change,
    and is easy to miss among a hundred of them in review;
  - a function name is stable under edits elsewhere, a raw access in any other function of the file
    fails, each new function needing one is a visible change to this file with its reason, and a
    renamed or removed function fails as a stale entry, so the list cannot outlive what it allows.
The price is that a second raw access inside a function already listed passes: keep listed functions
small, and re-read the reason when changing one.
"""

from __future__ import annotations

import ast
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


@dataclass(frozen=True)
class Allowed:
    path: str  # relative to the repository
    functions: tuple[str, ...]  # qualified names of the enclosing functions (`Class.method`)
    reason: str


# Where a raw manager is right, and why. Keep it short; review every addition.
ALLOWLIST: tuple[Allowed, ...] = (
    Allowed(
        "seedling/access/scope.py", ("_raw",), "the one place scope is applied: callers filter its result"
    ),
    Allowed(
        "seedling/accounts/actors.py",
        ("actor_for_user",),
        "reads the signed-in user's own role assignments to build the actor",
    ),
    Allowed(
        "seedling/accounts/auth_events.py",
        ("_known_home",),
        "a failed sign-in has no actor yet; files the event in the account's area",
    ),
    Allowed(
        "seedling/accounts/services.py",
        ("account_create", "_assignments_in_reach", "role_grant"),
        "writes after check_may_manage; user names are unique nationwide; a user's roles are checked "
        "one by one before any change",
    ),
    Allowed(
        "seedling/accounts/selectors.py",
        ("my_assignments",),
        "the actor's own roles (everyone may see their own)",
    ),
    Allowed(
        "seedling/accounts/selectors.py",
        ("account_list", "account_assignments"),
        "the roles of users already read through scope (a prefetch, and account_get's user)",
    ),
    Allowed(
        "seedling/accounts/selectors.py",
        ("user_by_username",),
        "the account a management command runs as; the command builds its actor from it",
    ),
    Allowed("seedling/audit/services.py", ("audit_record",), "appends audit events"),
    Allowed(
        "seedling/people/recode.py",
        ("_move_transfers",),
        "pending transfers at the old codes of a change table the caller checked (DIVISION_RECODE at "
        "the division holding both codes) follow them, under a row lock",
    ),
    Allowed(
        "seedling/regions/services.py",
        ("placeholder_ensure",),
        "creates a township's 其他 placeholder after checking the township through visible_to; "
        "get_or_create so two first uses at once make one row",
    ),
    Allowed(
        "seedling/regions/selectors.py",
        ("division_breadcrumbs",),
        "names of the ancestors above the area, for breadcrumbs only (not links)",
    ),
    Allowed(
        "seedling/workforce/services.py",
        ("existing_worker", "roster_lookup"),
        "ID numbers are unique nationwide; a worker outside the area is told apart, never shown",
    ),
    Allowed(
        "seedling/workforce/services.py",
        (
            "_rehome",
            "_certificate_role",
            "worker_create",
            "worker_link_user",
            "appointment_add",
            "training_create",
            "attendance_record",
            "certificate_issue",
            "duty_item_add",
            "evaluation_record",
            "explanation_file",
            "explanations_forward",
            "roster_apply",
        ),
        "writes, after permissions.require on rows loaded through scope; a worker's own rows follow it",
    ),
    Allowed(
        "seedling/institutions/services.py",
        ("institution_create", "home_cover", "activity_record"),
        "writes, after permissions.require on rows loaded through scope",
    ),
    Allowed(
        "seedling/institutions/services.py",
        ("child_count_set",),
        "a village's child population: written after capabilities.require on the village, the "
        "village's own row for the year locked (select_for_update) to refuse a stale edit",
    ),
    Allowed(
        "seedling/visits/services.py",
        ("_record_levels", "_follow"),
        "a system write for files a people write just saved: their risk history, and their rows "
        "following a transfer",
    ),
    Allowed(
        "seedling/visits/services.py",
        ("risk_set", "visit_record", "care_need_add", "care_service_record"),
        "writes rows of a child loaded through scope, after is_within",
    ),
    Allowed(
        "seedling/protection/selectors.py",
        ("unrouted_flags", "case_page", "application_page"),
        "the case or application is loaded through get_for_actor; its steps by its key, and the set of "
        "flags already routed only narrows a scoped query",
    ),
    Allowed(
        "seedling/protection/services.py",
        (
            "_open_case",
            "report_raise",
            "flag_route",
            "case_facts",
            "_locked_case",
            "case_step",
            "referral_reply",
            "application_lodge",
            "_locked_app",
            "engine_applies",
            "application_decide",
            "case_reveal",
        ),
        "writes after capabilities.require / is_within on the row's division, on rows loaded through "
        "scope (a resubmitted form's token, the row locked for the write, its steps and determination)",
    ),
    Allowed(
        "seedling/visits/summary.py",
        (
            "expire_villages",
            "_take",
            "expire_province",
            "due_villages",
            "_moved",
            "_lock",
            "_placeholders",
            "_compute",
            "_write_members",
            "recode_figures",
        ),
        "recomputes whole villages' compliance figures for the system (writes and the daily job, no "
        "actor); pages read the figures through visible_to",
    ),
    Allowed(
        "seedling/statistics/services.py",
        ("_old", "_cells", "move", "due_ids", "snapshot", "rebuild"),
        "moves the children a write just touched between the figures' cells, and the daily job and the "
        "rebuild over every file (a system write, no actor); pages read the figures through visible_to",
    ),
    Allowed(
        "seedling/statistics/services.py",
        ("bulletin_issue",),
        "writes the bulletin after capabilities.require on the issuing area; its figures are read through "
        "visible_to",
    ),
    Allowed(
        "seedling/statistics/selectors.py",
        ("bulletins",),
        "the bulletins whose ids were found through visible_to (issued in the area, or naming a unit of it)",
    ),
    Allowed(
        "seedling/registries/services.py",
        (
            "_child_subjects",
            "_woman_subjects",
            "_stored",
            "_with_details",
            "_open",
            "_follow",
            "_write_determinations",
            "_write",
            "_run",
        ),
        "re-evaluation is a system write for any file a people write touched (no actor)",
    ),
    Allowed(
        "seedling/registries/services.py",
        ("on_policy_set",),
        "a new provincial version (stored by policies.services.version_set after the province check) "
        "marks that province's files due; a system write, no actor",
    ),
    Allowed(
        "seedling/registries/services.py",
        ("suggestion_confirm",),
        "locks the suggestion, then the county check on its code precedes any write",
    ),
    Allowed("seedling/registries/tasks.py", ("_due",), "the daily re-check reads every due file; no actor"),
    Allowed(
        "seedling/people/services.py",
        ("_county_label", "_check_unique_id", "numbers_filed", "transfer_request"),
        "ID numbers are unique nationwide: a clash leaves the function as the county's name only, and "
        "a transfer is requested for a child outside the requester's area by definition",
    ),
    Allowed(
        "seedling/people/services.py",
        ("child_records", "child_merge", "transfer_decide", "transfer_cancel"),
        "writes and reads of files already loaded through scope, after the access checks",
    ),
    Allowed(
        "seedling/people/workflow.py",
        ("filed_reviewed",),
        "the steps of files the same import has just inserted after its capability check",
    ),
    Allowed(
        "seedling/verification/services.py",
        ("_locked_file", "_draw", "spot_check_record", "correction_resolve"),
        "row locks on rows loaded through scope, after the capability check at their division; the "
        "draw reads the ids of the round's files in units the checker's capability covers",
    ),
    Allowed(
        "seedling/people/services.py",
        ("woman_save", "locked"),
        "writes of a file already loaded through scope, under a row lock, after the access checks",
    ),
    Allowed(
        "seedling/demo/management/commands/seed_demo.py",
        ("Command._accounts", "Command._children"),
        "bootstraps the first accounts, and the demo county's actor that files the synthetic children",
    ),
    Allowed(
        "seedling/demo/children.py",
        ("seed_children",),
        "checks whether the demo's synthetic files already exist (idempotent seed)",
    ),
)
RAW_ATTRS = {"unscoped", "_base_manager", "_default_manager"}
EXEMPT_PARTS = {"tests", "migrations"}


@dataclass(frozen=True)
class RawUse:
    path: str
    line: int
    function: str  # qualified name of the enclosing function, "<module>" outside any
    what: str


def _is_user_objects(node: ast.Attribute) -> bool:
    if node.attr != "objects":
        return False
    base = node.value
    if isinstance(base, ast.Name) and base.id == "User":
        return True
    return isinstance(base, ast.Call) and getattr(base.func, "id", "") == "get_user_model"


def _raw_name(node: ast.expr) -> str | None:
    """`.unscoped`, `._default_manager`, `User.objects`, `getattr(m, "unscoped")`: the raw access, or None."""
    if isinstance(node, ast.Attribute) and (node.attr in RAW_ATTRS or _is_user_objects(node)):
        return node.attr
    if (
        isinstance(node, ast.Call)
        and getattr(node.func, "id", "") == "getattr"
        and len(node.args) >= 2
        and isinstance(node.args[1], ast.Constant)
        and node.args[1].value in RAW_ATTRS
    ):
        return str(node.args[1].value)
    return None


def raw_uses(source: str, path: str) -> Iterator[RawUse]:
    """Every raw access in a module, with the function it is in."""

    def walk(node: ast.AST, scope: tuple[str, ...]) -> Iterator[RawUse]:
        for child in ast.iter_child_nodes(node):
            inner = scope
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                inner = (*scope, child.name)
            if isinstance(child, ast.expr) and (what := _raw_name(child)) is not None:
                yield RawUse(path, child.lineno, ".".join(scope) or "<module>", what)
            yield from walk(child, inner)

    yield from walk(ast.parse(source, filename=path), ())


def scan_sources(root: Path = ROOT, allowlist: Iterable[Allowed] = ALLOWLIST) -> list[str]:
    entries = list(allowlist)
    allowed: dict[str, set[str]] = {}
    problems = []
    for entry in entries:
        if not entry.reason.strip():
            problems.append(f"{entry.path}: allowlist entry {entry.functions} gives no reason")
        allowed.setdefault(entry.path, set()).update(entry.functions)
    used: dict[str, set[str]] = {}
    for file in sorted((root / "seedling").rglob("*.py")):
        rel = file.relative_to(root)
        if EXEMPT_PARTS & set(rel.parts):
            continue
        path = rel.as_posix()
        here = allowed.get(path, set())
        for use in raw_uses(file.read_text(encoding="utf-8"), path):
            if use.function in here:
                used.setdefault(path, set()).add(use.function)
                continue
            problems.append(
                f"{path}:{use.line}: raw manager `{use.what}` in {use.function}(), which the allowlist "
                "does not name; read through visible_to()/get_for_actor(), or add the function to "
                "ALLOWLIST in tools/checks/scoped_managers.py with a reason"
            )
    for path, functions in sorted(allowed.items()):
        for function in sorted(functions - used.get(path, set())):
            problems.append(
                f"{path}: allowlist names {function}(), which makes no raw access (renamed or gone?): "
                "remove or update the entry"
            )
    return problems


def check_models(models: Iterable[Any], user_model: Any) -> list[str]:
    """The scope protocol on each model: see the module docstring, item 1."""
    from django.core.exceptions import FieldDoesNotExist

    from seedling.access.actor import Purpose
    from seedling.access.models import Scoped

    problems = []
    for model in models:
        label = model._meta.label
        if model is user_model:
            if not isinstance(getattr(model, "scope_purpose", None), Purpose):
                problems.append(f"{label}: the user model must declare scope_purpose as a Purpose")
            continue
        if not (issubclass(model, Scoped) or hasattr(model, "scope_field")):
            continue
        if not issubclass(model, Scoped):
            problems.append(
                f"{label}: declares scope_field but does not inherit seedling.access.models.Scoped"
            )
        names = {m.name for m in model._meta.managers}
        if "objects" in names:
            problems.append(f"{label}: scoped model must not have an `objects` manager")
        if "unscoped" not in names:
            problems.append(f"{label}: scoped model needs its raw manager named `unscoped`")
        elif (model._meta.default_manager_name, model._meta.base_manager_name) != ("unscoped", "unscoped"):
            # Django would fall back on the parent's managers at run time, but the model's options
            # (and so its migrations) would differ from every other scoped model's.
            problems.append(
                f"{label}: its Meta must extend Scoped.Meta (default and base manager `unscoped`)"
            )
        if not isinstance(getattr(model, "scope_purpose", None), Purpose):
            problems.append(f"{label}: scope_purpose must be a seedling.access.actor.Purpose")
        declared = getattr(model, "scope_field", None)
        paths = declared if isinstance(declared, tuple) else (declared,)
        for path in paths:
            if not isinstance(path, str) or not path:
                problems.append(f"{label}: scope_field must be a field path or a tuple of them")
                continue
            current = model
            try:
                for part in path.split("__"):
                    field = current._meta.get_field(part)
                    current = field.related_model or current
            except FieldDoesNotExist:
                problems.append(f"{label}: scope_field {path!r} does not resolve to a field")
    return problems


def scan_models() -> list[str]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.apps import apps
    from django.contrib.auth import get_user_model

    return check_models(apps.get_models(), get_user_model())


def main() -> int:
    problems = scan_sources() + scan_models()
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Scope is never optional: ban raw managers of scoped models outside a short, commented allowlist.

A scoped model declares `scope_field`; its raw manager is `unscoped` (never `objects`), and reads go
through `seedling.access.visible_to` / `get_for_actor`. This check fails when
  1. a scoped model (other than the user model, whose `objects` Django's auth needs) has `objects`;
  2. code outside the allowlist touches `.unscoped`, `._base_manager`, `._default_manager`, or the
     user model's `.objects` (`User.objects`, `get_user_model().objects`).
Tests and benchmarks set up data directly and are exempt.
"""

from __future__ import annotations

import ast
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

# path (relative to the repo) -> why raw access is right there. Keep it short; review every addition.
ALLOWLIST: dict[str, str] = {
    "seedling/access/scope.py": "the one place scope is applied",
    "seedling/access/actor.py": "reads the signed-in user's own role assignments to build the actor",
    "seedling/accounts/auth_events.py": "a failed sign-in has no actor yet; files it in the account's area",
    "seedling/accounts/services.py": "writes, after check_may_manage; user names are unique nationwide",
    "seedling/accounts/selectors.py": "the actor's own roles, and prefetches on users already in scope",
    "seedling/audit/services.py": "appends audit events",
    "seedling/regions/loader.py": "loads the national division table",
    "seedling/workforce/services.py": (
        "writes, after permissions.require on rows loaded through scope; ID numbers are unique nationwide"
    ),
    "seedling/institutions/services.py": "writes, after permissions.require on rows loaded through scope",
    "seedling/visits/services.py": "writes rows of a child loaded through scope, after is_within",
    "seedling/visits/summary.py": (
        "recomputes whole villages' compliance figures for the system (writes and the daily job, no "
        "actor); pages read the figures through visible_to"
    ),
    "seedling/regions/selectors.py": "names of the ancestors above the area, for breadcrumbs only",
    "seedling/demo/management/commands/seed_demo.py": "bootstraps the first accounts",
    "seedling/demo/children.py": "checks whether the demo's synthetic files already exist (idempotent seed)",
    "seedling/registries/services.py": (
        "re-evaluation is a system write for any file a people write touched; county and province "
        "checks precede the confirmation and policy writes"
    ),
    "seedling/registries/tasks.py": "the daily re-check reads every due file; it runs with no actor",
    "seedling/people/services.py": "writes after access checks; ID numbers are unique nationwide, and only "
    "the county's name of a clash leaves the function",
}
RAW_ATTRS = {"unscoped", "_base_manager", "_default_manager"}
EXEMPT_PARTS = {"tests", "migrations"}


def _is_user_objects(node: ast.Attribute) -> bool:
    if node.attr != "objects":
        return False
    base = node.value
    if isinstance(base, ast.Name) and base.id == "User":
        return True
    return isinstance(base, ast.Call) and getattr(base.func, "id", "") == "get_user_model"


def scan_sources() -> list[str]:
    problems = []
    for path in sorted((ROOT / "seedling").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if EXEMPT_PARTS & set(path.relative_to(ROOT).parts) or rel in ALLOWLIST:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=rel)
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and (node.attr in RAW_ATTRS or _is_user_objects(node)):
                problems.append(
                    f"{rel}:{node.lineno}: raw manager `.{node.attr}` outside seedling.access; "
                    "read through visible_to()/get_for_actor(), "
                    "or add the file to the allowlist with a reason"
                )
    return problems


def scan_models() -> list[str]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.apps import apps
    from django.contrib.auth import get_user_model

    problems = []
    user_model = get_user_model()
    for model in apps.get_models():
        if not hasattr(model, "scope_field") or model is user_model:
            continue
        names = {m.name for m in model._meta.managers}
        if "objects" in names:
            problems.append(f"{model._meta.label}: scoped model must not have an `objects` manager")
        if "unscoped" not in names:
            problems.append(f"{model._meta.label}: scoped model needs its raw manager named `unscoped`")
    return problems


def main() -> int:
    problems = scan_sources() + scan_models()
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Pages live in one interface layer: `seedling/web` (and the API in `seedling/api`).

Fails when a page turns up anywhere else under `seedling/`: a module that
  1. is named `views.py` or `urls.py`, or sits in a `templatetags`, `templates` or `static` folder;
  2. defines `urlpatterns`;
  3. imports `render` or `redirect` from `django.shortcuts`;
  4. marks a view `@scoped` or `@public`, or imports those marks (seedling.access.decorators).
Tests are exempt (they may build a page to test against). It also fails when the import contract
"domain apps never import the interface layers" in pyproject.toml does not list every package under
`seedling/` besides the two interfaces, so a new domain app is covered from its first commit.
"""

from __future__ import annotations

import ast
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
INTERFACES = {"web", "api"}
PAGE_FILES = {"views.py", "urls.py"}
PAGE_FOLDERS = {"templatetags", "templates", "static"}
EXEMPT_FOLDERS = {"tests"}
MARKS = {"scoped", "public"}
IMPORTS = {"django.shortcuts": {"render", "redirect"}, "seedling.access.decorators": MARKS}
CONTRACT = "domain apps never import the interface layers"
WHERE = "pages belong in seedling/web (the API in seedling/api)"


def _mark(decorator: ast.expr) -> str | None:
    """`scoped`, `scoped(roles=...)`, `decorators.public` -> the mark's name."""
    node = decorator.func if isinstance(decorator, ast.Call) else decorator
    name = node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", None)
    return name if name in MARKS else None


def _problems_in(path: Path, rel: str) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=rel)
    problems = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for decorator in node.decorator_list:
                if mark := _mark(decorator):
                    problems.append(f"{rel}:{node.lineno}: view `{node.name}` marked @{mark}; {WHERE}")
        elif isinstance(node, ast.ImportFrom) and node.module in IMPORTS:
            for alias in node.names:
                if alias.name in IMPORTS[node.module]:
                    problems.append(f"{rel}:{node.lineno}: imports {node.module}.{alias.name}; {WHERE}")
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id == "urlpatterns" for t in targets):
                problems.append(f"{rel}:{node.lineno}: defines urlpatterns; {WHERE}")
    return problems


def scan_sources(root: Path = ROOT) -> list[str]:
    problems = []
    package = root / "seedling"
    for path in sorted(p for p in package.rglob("*") if p.is_file()):
        parts = path.relative_to(package).parts
        if parts[0] in INTERFACES or EXEMPT_FOLDERS & set(parts) or "__pycache__" in parts:
            continue
        rel = path.relative_to(root).as_posix()
        if folder := PAGE_FOLDERS & set(parts[:-1]):
            problems.append(f"{rel}: in a {sorted(folder)[0]} folder; {WHERE}")
        elif path.suffix == ".py":
            if path.name in PAGE_FILES:
                problems.append(f"{rel}: a {path.name} module; {WHERE}")
            problems += _problems_in(path, rel)
    return problems


def scan_contract(root: Path = ROOT) -> list[str]:
    apps = {
        f"seedling.{p.parent.name}"
        for p in (root / "seedling").glob("*/__init__.py")
        if p.parent.name not in INTERFACES
    }
    config = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    listed = next((set(c["source_modules"]) for c in contracts if c["name"] == CONTRACT), None)
    if listed is None:
        return [f'pyproject.toml: the import contract "{CONTRACT}" is missing']
    return [
        f'pyproject.toml: the import contract "{CONTRACT}" does not list {app}'
        for app in sorted(apps - listed)
    ]


def main() -> int:
    problems = scan_sources() + scan_contract()
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

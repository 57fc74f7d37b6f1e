#!/usr/bin/env python3
"""Who may do what is decided in one place: nothing outside `seedling.access` reads an actor's grants.

`seedling.access.capabilities` (may / require / prefixes) answers "may this actor do that here", and
`seedling.access.visibility` answers "may this actor see that field". This check fails on any read of
an attribute named `grants`, or a call of `has_role`, in `seedling/` outside `seedling/access/`
(tests, migrations and benchmarks are exempt: they build actors to test the rules).
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BANNED = {"grants", "has_role"}
EXEMPT_PARTS = {"tests", "migrations"}
OWNER = ("seedling", "access")


def scan(root: Path = ROOT) -> list[str]:
    problems = []
    for path in sorted((root / "seedling").rglob("*.py")):
        parts = path.relative_to(root).parts
        if EXEMPT_PARTS & set(parts) or parts[:2] == OWNER:
            continue
        rel = path.relative_to(root).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=rel)
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in BANNED:
                problems.append(
                    f"{rel}:{node.lineno}: `.{node.attr}` outside seedling.access; ask "
                    "seedling.access.capabilities (may/require) or seedling.access.visibility instead"
                )
    return problems


def main() -> int:
    problems = scan()
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

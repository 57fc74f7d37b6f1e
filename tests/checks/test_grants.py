"""tools/checks/grants.py: nothing outside seedling.access reads an actor's grants."""

from __future__ import annotations

import shutil
from pathlib import Path

from tools.checks import grants as check


def _tree(tmp_path: Path) -> Path:
    shutil.copytree(
        check.ROOT / "seedling",
        tmp_path / "seedling",
        ignore=shutil.ignore_patterns("migrations", "locale", "static", "templates", "__pycache__"),
    )
    return tmp_path


def test_the_real_tree_passes() -> None:
    assert check.scan() == []


def test_a_loop_over_grants_outside_access_fails(tmp_path: Path) -> None:
    tree = _tree(tmp_path)
    assert check.scan(tree) == []
    target = tree / "seedling" / "visits" / "selectors.py"
    target.write_text(
        target.read_text(encoding="utf-8")
        + "\n\ndef _mine(actor):\n    return [g.prefix for g in actor.grants]\n",
        encoding="utf-8",
    )
    (problem,) = check.scan(tree)
    assert problem.startswith("seedling/visits/selectors.py:") and "`.grants`" in problem


def test_access_itself_and_tests_may(tmp_path: Path) -> None:
    tree = _tree(tmp_path)
    for rel in ("access/capabilities.py", "visits/tests/test_x.py"):
        path = tree / "seedling" / rel
        path.write_text("def f(actor):\n    return actor.grants, actor.has_role('x')\n", encoding="utf-8")
    assert check.scan(tree) == []

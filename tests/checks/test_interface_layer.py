"""tools/checks/interface_layer.py: a page planted outside seedling/web fails the check; the real tree
passes it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tools.checks import interface_layer

VIEW = """from seedling.access.decorators import scoped


@scoped
def roll(request):
    return None
"""


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """The real packages (empty) and the real pyproject.toml: a tree the check passes."""
    for init in (interface_layer.ROOT / "seedling").glob("*/__init__.py"):
        package = tmp_path / "seedling" / init.parent.name
        package.mkdir(parents=True)
        (package / "__init__.py").write_text("")
    shutil.copy(interface_layer.ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def problems(root: Path) -> list[str]:
    return interface_layer.scan_sources(root) + interface_layer.scan_contract(root)


def test_the_real_tree_passes() -> None:
    assert problems(interface_layer.ROOT) == []


def test_the_planted_tree_passes_before_anything_is_planted(tree: Path) -> None:
    assert problems(tree) == []


PLANTED = [
    ("people/pages.py", VIEW, "view `roll` marked @scoped"),
    (
        "people/pages.py",
        "from seedling.access import decorators\n\n\n@decorators.public\ndef f(r): ...\n",
        "view `f` marked @public",
    ),
    (
        "people/pages.py",
        "from seedling.access.decorators import scoped\n\ncasework = scoped(roles=[])\n",
        "imports seedling.access.decorators.scoped",
    ),
    ("registries/pages.py", "from django.shortcuts import render\n", "imports django.shortcuts.render"),
    (
        "exchange/pages.py",
        "from django.shortcuts import get_object_or_404, redirect\n",
        "imports django.shortcuts.redirect",
    ),
    ("visits/routes.py", "urlpatterns: list = []\n", "defines urlpatterns"),
    ("visits/views.py", "", "a views.py module"),
    ("workforce/urls.py", "", "a urls.py module"),
    ("workforce/templatetags/tags.py", "", "in a templatetags folder"),
    ("institutions/templates/institutions/list.html", "<ul></ul>", "in a templates folder"),
    ("visits/static/visits/form.js", "", "in a static folder"),
]


@pytest.mark.parametrize(("path", "source", "expected"), PLANTED, ids=[case[2] for case in PLANTED])
def test_a_page_outside_the_interface_layer_fails(tree: Path, path: str, source: str, expected: str) -> None:
    planted = tree / "seedling" / path
    planted.parent.mkdir(parents=True, exist_ok=True)
    planted.write_text(source)
    found = problems(tree)
    assert found and all(f.startswith(f"seedling/{path}") for f in found), found
    assert any(expected in f for f in found), found


@pytest.mark.parametrize("path", ["web/people/views.py", "api/roll.py", "people/tests/test_roll.py"])
def test_the_same_view_in_an_interface_or_a_test_passes(tree: Path, path: str) -> None:
    planted = tree / "seedling" / path
    planted.parent.mkdir(parents=True, exist_ok=True)
    planted.write_text(VIEW)
    assert problems(tree) == []


def test_a_new_domain_app_must_join_the_import_contract(tree: Path) -> None:
    (tree / "seedling" / "grants").mkdir()
    (tree / "seedling" / "grants" / "__init__.py").write_text("")
    assert problems(tree) == [
        'pyproject.toml: the import contract "domain apps never import the interface layers" '
        "does not list seedling.grants"
    ]

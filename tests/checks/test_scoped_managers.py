"""tools/checks/scoped_managers.py: the raw-manager allowlist pinned to functions, and the scope protocol."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.test.utils import isolate_apps

from seedling.access.actor import Purpose
from seedling.access.models import CaseworkScoped, Scoped
from tools.checks import scoped_managers as check
from tools.checks.scoped_managers import Allowed


def test_the_real_tree_passes():
    assert check.scan_sources() == []
    assert check.check_models(apps.get_models(), get_user_model()) == []


def test_every_scoped_model_is_found_through_the_base():
    scoped = {m._meta.label for m in apps.get_models() if issubclass(m, Scoped)}
    assert {
        "people.Child",
        "people.Transfer",
        "visits.Visit",
        "regions.Division",
        "audit.AuditEvent",
    } <= scoped
    assert "accounts.User" not in scoped  # keeps `objects` for Django's auth
    assert all(m.unscoped.model is m for m in apps.get_models() if issubclass(m, Scoped))


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A copy of the real sources, where a change can be planted."""
    shutil.copytree(
        check.ROOT / "seedling",
        tmp_path / "seedling",
        ignore=shutil.ignore_patterns("tests", "migrations", "locale", "static", "templates", "__pycache__"),
    )
    return tmp_path


def _plant(tree: Path, rel: str, code: str) -> int:
    """Append `code` to a module; the line number of its last line."""
    path = tree / rel
    text = path.read_text(encoding="utf-8") + "\n\n" + code.strip() + "\n"
    path.write_text(text, encoding="utf-8")
    return len(text.splitlines())


def test_a_copy_of_the_tree_passes_until_something_is_planted(tree: Path):
    assert check.scan_sources(tree) == []


def test_an_unlisted_function_of_an_allowlisted_file_fails(tree: Path):
    # people/services.py may use raw managers, but only in the functions its entries name.
    line = _plant(tree, "seedling/people/services.py", "def _peek(pk):\n    return Child.unscoped.get(pk=pk)")
    problems = check.scan_sources(tree)
    assert len(problems) == 1
    assert problems[0].startswith(f"seedling/people/services.py:{line}: raw manager `unscoped` in _peek()")


def test_a_raw_use_in_a_file_without_entries_fails(tree: Path):
    line = _plant(
        tree,
        "seedling/people/selectors.py",
        "class Everyone:\n    def rows(self):\n        return getattr(Child, 'unscoped').all()",
    )
    problems = check.scan_sources(tree)
    assert [p.split(" which")[0] for p in problems] == [
        f"seedling/people/selectors.py:{line}: raw manager `unscoped` in Everyone.rows(),"
    ]


@pytest.mark.parametrize(
    "code",
    [
        "Child._default_manager.all()",
        "Child._base_manager.all()",
        "User.objects.all()",
        "get_user_model().objects.all()",
        "getattr(Child, '_default_manager')",
    ],
)
def test_every_kind_of_raw_access_is_seen(code: str):
    uses = list(check.raw_uses(f"def f():\n    return {code}\n", "m.py"))
    assert [(u.line, u.function) for u in uses] == [(2, "f")]


def test_module_level_use_and_nested_functions_are_named():
    source = "X = Child.unscoped\n\ndef outer():\n    def inner():\n        return Child.unscoped\n"
    assert [(u.line, u.function) for u in check.raw_uses(source, "m.py")] == [
        (1, "<module>"),
        (5, "outer.inner"),
    ]


def _small_tree(tmp_path: Path, source: str) -> Path:
    module = tmp_path / "seedling" / "app" / "services.py"
    module.parent.mkdir(parents=True)
    module.write_text(source, encoding="utf-8")
    return tmp_path


def test_a_listed_function_passes_and_a_stale_entry_fails(tmp_path: Path):
    root = _small_tree(tmp_path, "def write():\n    return Child.unscoped.create()\n")
    listed = Allowed("seedling/app/services.py", ("write",), "a write after the access check")
    assert check.scan_sources(root, [listed]) == []
    renamed = Allowed("seedling/app/services.py", ("write", "old_name"), "a write after the access check")
    assert check.scan_sources(root, [renamed]) == [
        "seedling/app/services.py: allowlist names old_name(), which makes no raw access (renamed or "
        "gone?): remove or update the entry"
    ]


def test_an_entry_needs_a_reason(tmp_path: Path):
    root = _small_tree(tmp_path, "def write():\n    return Child.unscoped.create()\n")
    problems = check.scan_sources(root, [Allowed("seedling/app/services.py", ("write",), " ")])
    assert problems == ["seedling/app/services.py: allowlist entry ('write',) gives no reason"]


def test_tests_and_migrations_are_exempt(tmp_path: Path):
    for part in ("tests", "migrations"):
        module = tmp_path / "seedling" / "app" / part / "test_x.py"
        module.parent.mkdir(parents=True)
        module.write_text("Child.unscoped.all()\n", encoding="utf-8")
    assert check.scan_sources(tmp_path, []) == []


# --- the protocol on models ------------------------------------------------------------------------


def _problems(*models_: type[models.Model]) -> list[str]:
    return check.check_models(models_, get_user_model())


@isolate_apps("seedling.access")
def test_a_model_on_the_base_passes():
    class Filed(CaseworkScoped):
        division_code = models.CharField(max_length=12)

        class Meta(CaseworkScoped.Meta):
            app_label = "access"
            ordering = ["id"]

    class Through(Scoped):
        filed = models.ForeignKey(Filed, on_delete=models.CASCADE)
        scope_field = "filed__division_code"
        scope_purpose = Purpose.AUDIT

        class Meta(Scoped.Meta):
            app_label = "access"

    assert _problems(Filed, Through) == []
    assert Filed._meta.default_manager.name == Filed._meta.base_manager.name == "unscoped"
    assert Through.scope_purpose is Purpose.AUDIT


@isolate_apps("seedling.access")
def test_a_scoped_model_with_objects_fails():
    class Leaky(CaseworkScoped):
        division_code = models.CharField(max_length=12)
        objects = models.Manager()

        class Meta(CaseworkScoped.Meta):
            app_label = "access"

    assert _problems(Leaky) == ["access.Leaky: scoped model must not have an `objects` manager"]


@isolate_apps("seedling.access")
def test_a_hand_rolled_scoped_model_without_unscoped_fails():
    class HandRolled(models.Model):
        division_code = models.CharField(max_length=12)
        scope_field = "division_code"
        scope_purpose = Purpose.CASEWORK

        class Meta:
            app_label = "access"

        def __str__(self) -> str:
            return self.division_code

    assert _problems(HandRolled) == [
        "access.HandRolled: declares scope_field but does not inherit seedling.access.models.Scoped",
        "access.HandRolled: scoped model must not have an `objects` manager",  # Django's automatic one
        "access.HandRolled: scoped model needs its raw manager named `unscoped`",
    ]


@isolate_apps("seedling.access")
def test_a_meta_that_does_not_extend_the_base_fails():
    class OwnMeta(CaseworkScoped):
        division_code = models.CharField(max_length=12)

        class Meta:  # forgets CaseworkScoped.Meta: the manager options are gone from the model's state
            app_label = "access"
            ordering = ["id"]

    assert _problems(OwnMeta) == [
        "access.OwnMeta: its Meta must extend Scoped.Meta (default and base manager `unscoped`)"
    ]


@isolate_apps("seedling.access")
def test_a_string_purpose_and_a_wrong_path_fail():
    class Stringly(Scoped):
        division_code = models.CharField(max_length=12)
        scope_field = ("division_code", "child__division_code")
        scope_purpose = "casework"  # type: ignore[assignment]

        class Meta(Scoped.Meta):
            app_label = "access"

    assert _problems(Stringly) == [
        "access.Stringly: scope_purpose must be a seedling.access.actor.Purpose",
        "access.Stringly: scope_field 'child__division_code' does not resolve to a field",
    ]

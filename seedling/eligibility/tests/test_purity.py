"""The engine is pure Python: importing it loads no Django and nothing from ``seedling`` but the pure
``seedling.core.dates`` (the import-linter contract allows pure core modules)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PROBE = """
import pkgutil, sys
import seedling.eligibility as pkg
for module in pkgutil.iter_modules(pkg.__path__):
    if module.name != "tests":
        __import__(f"seedling.eligibility.{module.name}")
bad = sorted(
    m for m in sys.modules
    if m == "django" or m.startswith("django.")
    or (
        m.startswith("seedling.")
        and not m.startswith("seedling.eligibility")
        and m not in ("seedling.core", "seedling.core.dates")
    )
)
print(bad)
"""


def test_no_django_and_nothing_else_from_seedling() -> None:
    result = subprocess.run(  # noqa: S603 - fixed command, our own interpreter
        [sys.executable, "-c", PROBE], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert result.stdout.strip() == "[]"

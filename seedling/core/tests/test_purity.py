"""The pure core modules load no Django and nothing of any app, checked in a fresh interpreter:
every app (and seedling.eligibility, which must stay Django-free) may import them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PURE = (
    "seedling.core.cells",
    "seedling.core.dated",
    "seedling.core.dates",
    "seedling.core.identity",
    "seedling.core.masking",
    "seedling.core.phones",
    "seedling.core.reasons",
    "seedling.core.sensitivity",
    "seedling.core.tabular",
)


def test_pure_core_modules_import_no_django_and_no_app() -> None:
    code = (
        f"import sys\nfor m in {PURE!r}: __import__(m)\n"
        "print(sorted(n for n in sys.modules if n == 'django' or n.startswith('django.')"
        " or (n.startswith('seedling.') and not n.startswith('seedling.core'))))"
    )
    out = subprocess.run(  # noqa: S603 - fixed command, our own interpreter
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert out.stdout.strip() == "[]"

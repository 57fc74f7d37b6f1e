"""The policy modules import no Django (docs/architecture.md#rule-4-policy-is-pure-python-with-explicit-time),
checked in a fresh interpreter."""

from __future__ import annotations

import subprocess
import sys

PURE = ("seedling.visits.schedule", "seedling.visits.risk")


def test_policy_modules_import_no_django() -> None:
    code = (
        f"import sys\nfor m in {PURE!r}: __import__(m)\n"
        "print(sorted(n for n in sys.modules if n.startswith('django')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)  # noqa: S603
    assert out.stdout.strip() == "[]"

#!/usr/bin/env python3
"""Every Chinese catalogue is complete and its compiled .mo matches the .po.

The .mo files are committed so that `make setup` needs no GNU gettext; this check keeps them honest.
Refresh with: (cd seedling && ../.venv/bin/python ../manage.py makemessages -l zh_Hans --no-obsolete),
translate, then `python tools/checks/translations.py --compile`.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import polib  # type: ignore[import-untyped]

ROOT = Path(__file__).resolve().parents[2]


def main(compile_: bool) -> int:
    problems = []
    for po_path in sorted((ROOT / "seedling" / "locale").rglob("*.po")):
        po = polib.pofile(str(po_path))
        untranslated = [e.msgid for e in po.untranslated_entries()] + [e.msgid for e in po.fuzzy_entries()]
        problems += [f"{po_path.relative_to(ROOT)}: untranslated {m!r}" for m in untranslated]
        mo_path = po_path.with_suffix(".mo")
        if compile_:
            po.save_as_mofile(str(mo_path))
            continue
        with tempfile.NamedTemporaryFile(suffix=".mo") as fresh:
            po.save_as_mofile(fresh.name)
            if not mo_path.exists() or Path(fresh.name).read_bytes() != mo_path.read_bytes():
                problems.append(
                    f"{mo_path.relative_to(ROOT)}: out of date; run tools/checks/translations.py --compile"
                )
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main("--compile" in sys.argv))

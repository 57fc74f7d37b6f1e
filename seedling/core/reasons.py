"""Reasons: why a rule answered as it did — a stable code, a Chinese message, a citation. Pure Python.

One type for every rule module (eligibility, workforce, institutions, visits) and for the problems
of a personal file (people.rules). A ``Reason`` holds only its code and arguments; the message and
the citation come from the catalogue, and the message is formatted when read. Rules build millions
of reasons in a nightly re-check and almost none are displayed, so formatting eagerly would dominate
the cost. Each rule module registers its codes once, at import (``register``): codes are stable
(stored with determinations and exits, read by API clients and tests), messages and citations may be
improved. A stored reason is its code and arguments (``Reason.stored``); ``shown`` displays it, with
the kind of sensitive information it discloses, which the module that registered the code tells
(``seedling.access.visibility`` decides who may read it).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from seedling.core.sensitivity import Sensitivity

# What sensitive information a displayed reason discloses, from its code and its message; None: none.
Classifier = Callable[[str, str], Sensitivity | None]

# Every registered code -> (message template, citation). Templates take the arguments by position
# ("{0}"); an argument that is None shows as an unknown date, the only absent value rules pass.
REGISTRY: dict[str, tuple[str, str]] = {}
# The codes whose module classifies its displayed reasons -> that module's classifier.
_CLASSIFIERS: dict[str, Classifier] = {}


def register(entries: Mapping[str, tuple[str, str]], *, sensitivity: Classifier | None = None) -> None:
    """Add a module's codes. A code registered again must mean the same (modules may be reloaded).

    `sensitivity(code, message)`: what one of these reasons, displayed, discloses (a parent's custody,
    a child's illness, HIV); a module whose reasons never speak of a person's sensitive facts gives
    none."""
    for code, entry in entries.items():
        known = REGISTRY.setdefault(code, entry)
        if known != entry:
            raise ValueError(f"reason code {code} is registered twice with different texts")
        if sensitivity is not None:
            _CLASSIFIERS[code] = sensitivity


def _show(arg: object) -> object:
    return "日期不详" if arg is None else arg


class Reason(NamedTuple):
    code: str
    args: tuple[object, ...] = ()

    @property
    def message(self) -> str:
        return REGISTRY[self.code][0].format(*map(_show, self.args))

    @property
    def message_zh(self) -> str:
        """The message under the name stored determinations and their pages use."""
        return self.message

    @property
    def citation(self) -> str:
        return REGISTRY[self.code][1]

    def as_dict(self) -> dict[str, str]:
        """The rendered form as a dict (what ``Shown`` holds)."""
        return {"code": self.code, "message_zh": self.message, "citation": self.citation}

    def stored(self) -> dict[str, object]:
        """Storage form: the code and each argument as it prints (``None`` kept: "日期不详").

        No text is stored: with every reason's message and citation a file's determination was
        ~3.2 KB of JSON, now ~1.2 KB, cheaper for the database to parse in the daily re-check; and
        an improved message reaches every stored file. Keys in jsonb's order."""
        if not self.args:
            return {"code": self.code}
        return {"args": [None if a is None else format(a) for a in self.args], "code": self.code}


class Shown(NamedTuple):
    """A stored reason, ready to display (seedling.access.visibility decides who may read it)."""

    code: str
    message_zh: str
    citation: str
    sensitivity: Sensitivity | None = None


def sensitivity(code: str, message: str) -> Sensitivity | None:
    """What a displayed reason discloses, as the module that registered its code classifies it."""
    classify = _CLASSIFIERS.get(code)
    return None if classify is None else classify(code, message)


def shown(stored: Mapping[str, Any]) -> Shown:
    """Display a reason as stored by ``Reason.stored``. A row written before reasons were stored as
    codes carries its own message: it is shown as written (any later evaluation rewrites it) and
    classified from that message."""
    if "message_zh" in stored:
        code, message, citation = stored["code"], stored["message_zh"], stored.get("citation", "")
    else:
        r = Reason(stored["code"], tuple(stored.get("args", ())))
        code, message, citation = r.code, r.message, r.citation
    return Shown(code, message, citation, sensitivity(code, message))

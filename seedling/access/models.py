"""The scope protocol of a model, declared once (ADR 0002).

A model of personal or area data inherits `Scoped` and states two things: where each row is filed
(`scope_field`) and why it is read (`scope_purpose`). It gets no `objects` manager: its raw manager
is `unscoped`, the default and base manager of the model, and `tools/checks/scoped_managers.py`
bans it outside a pinned allowlist; reads go through `visible_to` / `get_for_actor`.

A model with its own Meta keeps the manager settings by extending this one:
`class Meta(Scoped.Meta): ...` (Django's abstract Meta inheritance).
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models

from seedling.access.actor import Purpose


class Scoped(models.Model):
    # A code field, a path to one through relations (`child__division_code`), or a tuple of them:
    # a row visible from either end (a transfer's two areas).
    scope_field: ClassVar[str | tuple[str, ...]]
    # Whose prefixes apply (Actor.scope): casework files, accounts, the audit log, the area itself.
    scope_purpose: ClassVar[Purpose]

    unscoped = models.Manager()

    class Meta:
        abstract = True
        default_manager_name = "unscoped"
        base_manager_name = "unscoped"


class CaseworkScoped(Scoped):
    """Casework data: children's and women's files and what hangs off them, the workforce, institutions.

    Filed at the row's own `division_code` (the indexed copy of the code ADR 0002 puts on a row) unless
    the model names another `scope_field`: a path through its child, a province code, two ends.
    """

    scope_field: ClassVar[str | tuple[str, ...]] = "division_code"
    scope_purpose = Purpose.CASEWORK

    class Meta(Scoped.Meta):
        abstract = True

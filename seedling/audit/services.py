"""Writing audit events. Called inside the transaction of the write it records."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any, ParamSpec, TypeVar

from seedling.access import Actor
from seedling.audit.enums import Action
from seedling.audit.models import AuditEvent
from seedling.core import clock


def audit_record(
    *,
    actor: Actor | None,
    action: str,
    subject: Any = None,
    division_code: str | None = None,
    subject_type: str = "",
    subject_id: str | int = "",
    subject_label: str = "",
    detail: dict[str, Any] | None = None,
    username: str | None = None,
) -> AuditEvent:
    """Append one event. `subject`: the row the event is about (a child, a worker, an institution):
    its division, type, key and name are recorded unless given. `username` names the subject of a
    failed sign-in, where there is no actor."""
    if subject is not None:
        division_code = subject.division_code if division_code is None else division_code
        subject_type = subject_type or subject._meta.model_name
        subject_id = subject.pk
        subject_label = subject_label or getattr(subject, "name", "") or str(subject)
    return AuditEvent.unscoped.create(
        at=clock.now(),
        actor_id=actor.user_id if actor else None,
        actor_username=(actor.username if actor and actor.username else username or "")[:150],
        action=action,
        division_code=division_code or "",
        subject_type=subject_type,
        subject_id=str(subject_id),
        subject_label=subject_label[:200],
        ip=actor.ip if actor else "",
        user_agent=actor.user_agent if actor else "",
        detail=detail or {},
    )


def record_changes(
    *,
    actor: Actor,
    subject: Any,
    values: Mapping[str, Any],
    action: str,
    detail: dict[str, Any] | None = None,
) -> list[str]:
    """Set the fields of `subject` whose value differs from `values`, save only those, and record one
    event naming them. Returns the changed fields: none changed, nothing is saved or recorded."""
    changed = [f for f, v in values.items() if getattr(subject, f) != v]
    if changed:
        for f in changed:
            setattr(subject, f, values[f])
        stamp = ["updated_at"] if hasattr(subject, "updated_at") else []
        subject.save(update_fields=[f.removesuffix("_id") for f in changed] + stamp)
        audit_record(
            actor=actor, action=action, subject=subject, detail={**(detail or {}), "fields": changed}
        )
    return changed


def file_viewed(
    *, actor: Actor, subject: Any, subject_type: str = "", detail: dict[str, Any] | None = None
) -> AuditEvent:
    """A person's file was read (its page, its edit form, an answer carrying it): who, whose, when.
    `subject` is the row read (a child, a woman, a worker): its division, key and name are recorded."""
    return audit_record(
        actor=actor, action=Action.FILE_VIEWED, subject=subject, subject_type=subject_type, detail=detail
    )


# Keys named in one list event: a page shows at most a few hundred people; an event never grows
# beyond this whatever a caller passes.
LIST_KEYS_KEPT = 1000


def list_viewed(
    *, actor: Actor, what: str, shown: Iterable[Any], detail: Mapping[str, Any] | None = None
) -> AuditEvent:
    """A list of people was shown (a search, a roll, a worklist, over the web or the API): who, which
    list, with what filters, and whose entries, by their keys, so that an auditor can answer "who has
    seen this child's name" (个人信息保护法 art. 51, docs/rules/privacy.md). One event per response."""
    keys = [str(getattr(row, "pk", row)) for row in shown]
    return audit_record(
        actor=actor,
        action=Action.LIST_VIEWED,
        division_code=actor.home_code,
        subject_type=what,
        detail={**(detail or {}), "count": len(keys), "shown": keys[:LIST_KEYS_KEPT]},
    )


P = ParamSpec("P")
T = TypeVar("T")
# Keyword arguments that say how, not what: left out of the event's filters.
_NOT_FILTERS = frozenset({"actor", "as_of", "limit", "cursor"})


def _plain(value: Any) -> Any:
    """A selector's keyword as the event stores it: a filter object by its set fields, a row by its key."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {k: _plain(v) for k, v in vars(value).items() if v not in ("", None, False)}
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str | int | bool):
        return value
    return str(getattr(value, "pk", value))


def lists_people(
    what: str, keys: Callable[[Any], Iterable[Any]]
) -> Callable[[Callable[P, T]], Callable[P, T]]:
    """Make a selector that answers a list of people record one `list_viewed` event per call: the
    list's name, its filters (the selector's other keywords) and the keys `keys(result)` gives."""

    def decorate(selector: Callable[P, T]) -> Callable[P, T]:
        @functools.wraps(selector)
        def audited(*args: P.args, **kwargs: P.kwargs) -> T:
            result = selector(*args, **kwargs)
            filters = {
                k: _plain(v) for k, v in kwargs.items() if k not in _NOT_FILTERS and v not in ("", None)
            }
            actor = kwargs["actor"]
            list_viewed(actor=actor, what=what, shown=keys(result), detail={"filters": filters})  # type: ignore[arg-type]
            return result

        return audited

    return decorate

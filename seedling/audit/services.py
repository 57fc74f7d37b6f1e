"""Writing audit events. Called inside the transaction of the write it records."""

from __future__ import annotations

from typing import Any

from seedling.access import Actor
from seedling.audit.enums import Action
from seedling.audit.models import AuditEvent
from seedling.core import clock


def audit_record(
    *,
    actor: Actor | None,
    action: str,
    division_code: str = "",
    subject_type: str = "",
    subject_id: str | int = "",
    subject_label: str = "",
    detail: dict[str, Any] | None = None,
    username: str | None = None,
) -> AuditEvent:
    """Append one event. `username` names the subject of a failed sign-in, where there is no actor."""
    return AuditEvent.unscoped.create(
        at=clock.now(),
        actor_id=actor.user_id if actor else None,
        actor_username=(actor.username if actor and actor.username else username or "")[:150],
        action=action,
        division_code=division_code,
        subject_type=subject_type,
        subject_id=str(subject_id),
        subject_label=subject_label[:200],
        ip=actor.ip if actor else "",
        user_agent=actor.user_agent if actor else "",
        detail=detail or {},
    )


def file_viewed(
    *, actor: Actor, subject: Any, subject_type: str, detail: dict[str, Any] | None = None
) -> AuditEvent:
    """A person's file was read (its page, its edit form, an answer carrying it): who, whose, when.
    `subject` is the row read (a child, a woman, a worker): its division, key and name are recorded."""
    return audit_record(
        actor=actor,
        action=Action.FILE_VIEWED,
        division_code=subject.division_code,
        subject_type=subject_type,
        subject_id=subject.pk,
        subject_label=subject.name,
        detail=detail,
    )

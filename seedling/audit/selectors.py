"""Reading the audit log: auditors only, within their area, newest first, keyset-paginated."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from seedling.access import Actor, Purpose, visible_to
from seedling.audit.models import AuditEvent


@dataclass(frozen=True)
class AuditFilter:
    action: str = ""
    username: str = ""
    division_prefix: str = ""
    since: dt.date | None = None
    until: dt.date | None = None


def audit_event_list(
    *, actor: Actor, filters: AuditFilter, before_id: int | None = None, limit: int = 50
) -> list[AuditEvent]:
    qs: QuerySet[AuditEvent] = visible_to(actor, AuditEvent, purpose=Purpose.AUDIT)
    if filters.action:
        qs = qs.filter(action=filters.action)
    if filters.username:
        qs = qs.filter(actor_username=filters.username)
    if filters.division_prefix:
        qs = qs.filter(division_code__startswith=filters.division_prefix)
    if filters.since:
        qs = qs.filter(at__date__gte=filters.since)
    if filters.until:
        qs = qs.filter(at__date__lte=filters.until)
    if before_id is not None:
        qs = qs.filter(id__lt=before_id)
    return list(qs.order_by("-id")[:limit])

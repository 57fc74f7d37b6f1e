"""Setting a version of a province's parameters: one service for every kind."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from seedling.access import Actor, capabilities
from seedling.access.capabilities import Capability
from seedling.audit.services import audit_record
from seedling.core import clock, hooks
from seedling.core.errors import PermissionDenied, ValidationFailed
from seedling.policies.kinds import Kind, V
from seedling.policies.models import ProvincePolicy


@transaction.atomic
def version_set(
    *,
    actor: Actor,
    kind: Kind[V],
    province_code: str,
    effective_from: date,
    params: Mapping[str, Any],
    note: str = "",
) -> ProvincePolicy:
    """Store one dated version of a province's parameters of `kind`; its own staff only
    (`Capability.POLICY_SET`: province staff of that very province; county and city staff and the
    national administrator read the parameters, `POLICY_READ`). Audited.

    The parameters are checked by the kind (the first problem is raised, at its parameter). A second
    version on the same day replaces the first. `core.hooks.policy_set` then tells the kind's app,
    in this transaction, from which day the province's stored answers no longer hold.
    """
    capabilities.require(actor, Capability.POLICY_SET, province_code)
    if actor.user_id is None:
        raise PermissionDenied(_("Sign in first."), code="auth.required")
    today = clock.today()
    if kind.from_today and effective_from < today:
        raise ValidationFailed(
            _("A new version cannot start before today."), code="policy.past", field="effective_from"
        )
    problems = kind.problems(params)
    if problems:
        raise problems[0]
    row, created = ProvincePolicy.objects.update_or_create(
        kind=kind.code,
        province_code=province_code,
        effective_from=effective_from,
        defaults={
            "params": dict(params),
            "note": note.strip(),
            "set_by_id": actor.user_id,
            "set_at": clock.now(),
        },
    )
    audit_record(
        actor=actor,
        action=kind.action,
        division_code=province_code,
        subject_type="province_policy",
        subject_id=row.pk,
        subject_label=f"{province_code} {effective_from.isoformat()}",
        detail={
            "kind": kind.code.value,
            "effective_from": effective_from.isoformat(),
            "params": dict(params),
            "created": created,
        },
    )
    hooks.policy_set.fire(kind=kind.code, province_code=province_code, from_day=max(effective_from, today))
    return row

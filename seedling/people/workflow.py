"""The file's workflow: draft → submitted → reviewed, or returned with a reason and resubmitted
(docs/rules/workflow.md#record-workflow; ADR 0013).

Services: each transition is one transaction that changes the status, appends a `FileStep`, lets
django-simple-history record the change of `status` with its user and reason, and writes one audit
event. The file's status is the ledger's 数据状态, a column of the file itself, so its transitions live
with the file: every writer of a file (the edit form, the API, the ledger import) keeps it right in the
same transaction without reaching up to a higher app.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from seedling.access import Actor, Purpose, capabilities, is_within
from seedling.access.capabilities import Capability
from seedling.accounts.models import User
from seedling.audit.enums import Action
from seedling.audit.services import audit_record
from seedling.core import clock
from seedling.core.errors import PermissionDenied, ValidationFailed
from seedling.people import services
from seedling.people.enums import FileStatus, StepAction
from seedling.people.models import Child, FileStep

# What a return may name: the file's own fields and its parts (docs/rules/file.md).
_PARTS = ("father", "mother", "harm", "declared_categories", "household_benefits", "child_assistance")
_OWN = frozenset(
    f.name
    for f in Child._meta.concrete_fields
    if f.editable and f.name not in {"id", "status", "merged_into"}
)
# The HIV status is never named: a return or a finding naming it would disclose it (艾滋病防治条例 art. 39).
RETURNABLE_FIELDS = frozenset({*_OWN, *_PARTS}) - {"division", "created_by", "created_at", "name_key", "hiv"}


_LABELLED: dict[str, Any] = {f.name: f for f in Child._meta.concrete_fields}
_PART_LABELS = {
    "father": _lazy("Father"),
    "mother": _lazy("Mother"),
    "harm": _lazy("Harm suffered"),
    "declared_categories": _lazy("Declared categories"),
    "household_benefits": _lazy("Household benefits"),
    "child_assistance": _lazy("Assistance received"),
}


def field_label(name: str) -> str:
    """The label a user reads for a field a return or a finding names."""
    if name in _PART_LABELS:
        return str(_PART_LABELS[name])
    field = _LABELLED.get(name)
    return str(field.verbose_name) if field is not None else name  # an unknown name: as it is


def version_of(child: Child) -> int:
    """The version a form carries (people.services.locked: a step over a later change is refused)."""
    return child.version


@dataclass(frozen=True)
class Transition:
    action: StepAction
    allowed_from: frozenset[str]
    to: FileStatus
    cap: Capability


_SUBMIT = Transition(
    StepAction.SUBMITTED, frozenset({FileStatus.DRAFT}), FileStatus.SUBMITTED, Capability.FILE_SUBMIT
)
_RESUBMIT = Transition(
    StepAction.RESUBMITTED, frozenset({FileStatus.RETURNED}), FileStatus.SUBMITTED, Capability.FILE_SUBMIT
)
_APPROVE = Transition(
    StepAction.APPROVED, frozenset({FileStatus.SUBMITTED}), FileStatus.REVIEWED, Capability.FILE_REVIEW
)
_RETURN = Transition(
    StepAction.RETURNED, frozenset({FileStatus.SUBMITTED}), FileStatus.RETURNED, Capability.FILE_REVIEW
)


def _step(
    actor: Actor, child: Child, action: str, to: str, reason: str = "", fields: Sequence[str] = ()
) -> None:
    """Change the status of a locked file and record the step, its history and its audit event."""
    before = child.status
    child.status = to
    services.write_file(child, User(pk=actor.user_id), f"{action}: {reason}"[:100] if reason else action)
    FileStep(
        child=child,
        division_code=child.division_code,
        action=action,
        from_status=before,
        to_status=to,
        reason=reason,
        fields=list(fields),
        by_id=actor.user_id,
        at=clock.now(),
    ).save()
    audit_record(
        actor=actor,
        action=Action.FILE_STATUS_CHANGED,
        subject=child,
        detail={"step": action, "from": before, "to": to, "fields": list(fields)},
    )


def _locked(actor: Actor, child: Child, version: int | None) -> Child:
    if not is_within(actor, child.division_code, purpose=Purpose.CASEWORK):
        raise PermissionDenied(_("This file is outside your area."), code="division.outside")
    return services.locked(actor, Child, child.pk, version)


def _refuse_from(child: Child) -> ValidationFailed:
    return ValidationFailed(
        _("This file is %(status)s: that step is not possible now.")
        % {"status": FileStatus(child.status).label},
        code="workflow.wrong_status",
        field="status",
    )


@transaction.atomic
def file_submit(*, actor: Actor, child: Child, version: int | None = None) -> Child:
    """The director submits a draft, or resubmits a returned file, for the township's review."""
    child = _locked(actor, child, version)
    step = _RESUBMIT if child.status == FileStatus.RETURNED else _SUBMIT
    capabilities.require(actor, step.cap, child.division_code)
    if child.status not in step.allowed_from:
        raise _refuse_from(child)
    _step(actor, child, step.action, step.to)
    return child


@transaction.atomic
def file_review(
    *,
    actor: Actor,
    child: Child,
    approve: bool,
    version: int,
    reason: str = "",
    fields: Iterable[str] = (),
) -> Child:
    """The township supervisor approves a submitted file, or returns it with a reason naming the
    fields to correct. `version` is the one the reviewer loaded: a file changed since is refused."""
    step = _APPROVE if approve else _RETURN
    capabilities.require(actor, step.cap, child.division_code)
    child = _locked(actor, child, version)
    if child.status not in step.allowed_from:
        raise _refuse_from(child)
    named = sorted(set(fields))
    reason = reason.strip()
    if not approve:
        if not reason:
            raise ValidationFailed(_("Say why the file is returned."), code="workflow.reason", field="reason")
        if not named:
            raise ValidationFailed(_("Name the fields to correct."), code="workflow.fields", field="fields")
        unknown = [f for f in named if f not in RETURNABLE_FIELDS]
        if unknown:
            raise ValidationFailed(
                _("Unknown fields: %(fields)s") % {"fields": ", ".join(unknown)},
                code="workflow.fields",
                field="fields",
            )
    _step(actor, child, step.action, step.to, reason[:300], named if not approve else ())
    return child


def after_edit(actor: Actor, child: Child) -> None:
    """Called by the edit services inside their transaction: a change by the director to a file under
    review or reviewed makes it a draft again, to be submitted anew (a returned file stays returned
    until resubmitted). Changes by the supervisor or the county keep the status they approved."""
    if child.status in (FileStatus.SUBMITTED, FileStatus.REVIEWED) and capabilities.may(
        actor, Capability.FILE_SUBMIT, child.division_code
    ):
        _step(actor, child, StepAction.REOPENED, FileStatus.DRAFT)


def filed_reviewed(actor: Actor, children: Sequence[Child]) -> None:
    """Record that freshly imported files were filed as already reviewed by county staff (their status
    was set on insert). One step each, and one audit event for the batch."""
    if not children:
        return
    now = clock.now()
    FileStep.unscoped.bulk_create(
        [
            FileStep(
                child_id=c.pk,
                division_code=c.division_code,
                action=StepAction.IMPORTED_REVIEWED,
                from_status=FileStatus.DRAFT,
                to_status=FileStatus.REVIEWED,
                by_id=actor.user_id,
                at=now,
            )
            for c in children
        ],
        batch_size=2000,
    )


def require_import_reviewed(actor: Actor, codes: Iterable[str]) -> None:
    """Refuse unless the actor may file every one of these villages' imports as already reviewed."""
    for code in sorted(set(codes)):
        capabilities.require(actor, Capability.FILE_IMPORT_REVIEWED, code)

"""Writes to the registries: re-evaluating a file, the county's confirmation, provincial policy.

A file's categories come from the pure engine (seedling.eligibility); this module compares them with
the file's open episodes and opens (增员) or closes (减员) episodes, so running it again with the same
facts on the same day changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from seedling import eligibility as el
from seedling.access import Actor
from seedling.accounts.enums import Role
from seedling.audit.enums import Action
from seedling.audit.services import audit_record
from seedling.core import clock
from seedling.core.errors import PermissionDenied, ValidationFailed
from seedling.people import enums as people_enums
from seedling.people.models import Child
from seedling.registries import policy as policy_params
from seedling.registries.enums import EntryReason, ExitReason, MembershipStatus, NoticeKind
from seedling.registries.facts import CATEGORY, child_facts
from seedling.registries.models import Determination, Membership, Notice, PolicySetting

HIV = people_enums.DeclaredCategory.HIV_INFECTED


@dataclass
class Outcome:
    """What one re-evaluation did: episodes opened and closed, and whether anything was written."""

    opened: list[Membership] = field(default_factory=list)
    closed: list[Membership] = field(default_factory=list)
    changed: bool = False


def policy_for(province_code: str) -> el.Policy:
    # Allowlisted raw read: policy parameters are not personal data, and re-evaluation runs for any file.
    rows = PolicySetting.unscoped.filter(province_code=province_code).values_list("effective_from", "params")
    return policy_params.build(province_code, list(rows))


def _reasons(reasons: Iterable[el.Reason]) -> list[dict[str, str]]:
    return [r.as_dict() for r in reasons]


def _details(evaluation: el.Evaluation) -> list[dict[str, Any]]:
    return [
        {
            "category": CATEGORY[d.category],
            "applies": d.applies,
            "needs_confirmation": d.needs_confirmation,
            "reasons": _reasons(d.reasons),
            "alerts": _reasons(d.alerts),
            "subtypes": [str(s) for s in d.subtypes],
            "next_recheck": d.next_recheck.isoformat() if d.next_recheck else None,
        }
        for d in evaluation.determinations
    ]


def _codes(value: str) -> set[str]:
    return {c for c in value.split(",") if c}


def _joined(codes: Iterable[str]) -> str:
    ordered = [c for c in CATEGORY.values() if c in set(codes)]
    return "".join(f",{c}" for c in ordered) + ("," if ordered else "")


def _close(row: Membership, as_of: date, reason: str, exit_reasons: list[dict[str, str]]) -> bool:
    """End an episode on ``as_of``; one that opened the same day never lasted a day and is removed."""
    if row.start >= as_of:
        row.delete()
        return False
    row.end, row.exit_reason, row.exit_reasons = as_of, reason, exit_reasons
    row.save(update_fields=["end", "exit_reason", "exit_reasons"])
    return True


def file_reevaluate(
    *,
    child: Child,
    as_of: date,
    cause: str = EntryReason.FACTS_CHANGED,
    policy: el.Policy | None = None,
    notify: bool = False,
) -> Outcome:
    """Evaluate one file on ``as_of`` and bring its episodes and determination cache in line.

    Orphan and de facto unsupported episodes open as suggestions awaiting the county (seed 000:
    县级民政部门认定; domain-rules §4.3); the others enter the roll at once. A suggestion the county
    rejected stays open as rejected while the rules still say so, so it is not suggested again daily.
    Call inside the transaction of the write that caused it. ``notify`` records notices for the
    village's child director (the daily job).
    """
    outcome = Outcome()
    previous = Determination.unscoped.filter(child_id=child.pk).first()
    open_rows: dict[str, Membership | None] = {
        m.category: m for m in Membership.unscoped.filter(child_id=child.pk, end__isnull=True)
    }
    code = child.division_code
    if child.status == people_enums.FileStatus.MERGED:
        # A duplicate folded into another file: its episodes end; the kept file carries on.
        for row in open_rows.values():
            if row is not None and _close(row, as_of, ExitReason.MERGED, []):
                outcome.closed.append(row)
        if previous is not None:
            previous.delete()
        outcome.changed = bool(open_rows) or previous is not None
        return outcome
    facts = child_facts(child)
    evaluation = el.evaluate(facts, as_of, policy or policy_for(code[:2]))
    prev_as_of = previous.evaluated_on if previous is not None and previous.evaluated_on < as_of else None
    for det in evaluation.determinations:
        category = CATEGORY[det.category]
        row = open_rows.pop(category, None)
        if det.applies and row is None:
            row = Membership.unscoped.create(
                child_id=child.pk,
                category=category,
                start=as_of,
                entry_reason=cause,
                reasons=_reasons(det.reasons),
                status=MembershipStatus.SUGGESTED if det.needs_confirmation else MembershipStatus.ACTIVE,
                division_code=code,
            )
            outcome.opened.append(row)
        elif not det.applies and row is not None:
            # exit_reason reads only whether it applied and its codes: rebuild that from the snapshot.
            before = el.Determination(
                det.category, True, tuple(el.Reason(r["code"]) for r in row.reasons), None
            )
            reason = el.exit_reason(before, det, facts, as_of, prev_as_of) or el.ExitReason.OTHER
            if _close(row, as_of, ExitReason(reason.value), _reasons(det.reasons[:1])):
                outcome.closed.append(row)
    # Follow the file after a transfer: the episodes' scope copy is the file's village.
    if Membership.unscoped.filter(child_id=child.pk).exclude(division_code=code).update(division_code=code):
        outcome.changed = True
    determined = {CATEGORY[c] for c in evaluation.categories}
    values = {
        "categories": _joined(determined),
        "details": _details(evaluation),
        "next_recheck": evaluation.next_recheck,
        "discrepancy": (_codes(child.declared_categories) - {HIV}) != (determined - {HIV}),
        "division_code": code,
    }
    if previous is None:
        Determination.unscoped.create(child_id=child.pk, evaluated_on=as_of, **values)
        outcome.changed = True
    elif any(getattr(previous, k) != v for k, v in values.items()) or previous.evaluated_on != as_of:
        changed = any(getattr(previous, k) != v for k, v in values.items())
        for k, v in values.items():
            setattr(previous, k, v)
        previous.evaluated_on = as_of
        previous.save()
        outcome.changed = outcome.changed or changed
    outcome.changed = outcome.changed or bool(outcome.opened or outcome.closed)
    if notify:
        _notify(child, as_of, outcome)
    return outcome


def _notify(child: Child, as_of: date, outcome: Outcome) -> None:
    notices = [
        Notice(
            child_id=child.pk,
            category=m.category,
            kind=NoticeKind.SUGGESTED if m.status == MembershipStatus.SUGGESTED else NoticeKind.ENTERED,
            created_on=as_of,
            division_code=child.division_code,
        )
        for m in outcome.opened
    ] + [
        Notice(
            child_id=child.pk,
            category=m.category,
            kind=NoticeKind.EXITED,
            reason=m.exit_reason,
            created_on=as_of,
            division_code=child.division_code,
        )
        for m in outcome.closed
    ]
    Notice.unscoped.bulk_create(notices)


def on_file_saved(*children: Child) -> None:
    """core.hooks.file_saved handler: people wrote these files; re-evaluate each at once (issue 4 §4)."""
    today = clock.today()
    for child in children:
        filed = not Determination.unscoped.filter(child_id=child.pk).exists()
        file_reevaluate(
            child=child, as_of=today, cause=EntryReason.FILED if filed else EntryReason.FACTS_CHANGED
        )


def files_reevaluate(
    child_ids: Iterable[int], *, as_of: date, cause: str = EntryReason.FACTS_CHANGED, notify: bool = False
) -> list[Outcome]:
    """Re-evaluate many files at once (bulk writers: the ledger import, the daily job).

    Call inside the caller's transaction. Files never evaluated enter with cause FILED.
    """
    ids = list(child_ids)
    evaluated = set(Determination.unscoped.filter(child_id__in=ids).values_list("child_id", flat=True))
    policies: dict[str, el.Policy] = {}
    outcomes = []
    for child in Child.unscoped.filter(pk__in=ids).prefetch_related("parents__situations", "harm_events"):
        province = child.division_code[:2]
        if province not in policies:
            policies[province] = policy_for(province)
        outcomes.append(
            file_reevaluate(
                child=child,
                as_of=as_of,
                cause=cause if child.pk in evaluated else EntryReason.FILED,
                policy=policies[province],
                notify=notify,
            )
        )
    return outcomes


def _county_grant(actor: Actor, code: str) -> bool:
    return any(g.role == Role.COUNTY_STAFF and code.startswith(g.prefix) for g in actor.grants)


@transaction.atomic
def suggestion_confirm(*, actor: Actor, membership: Membership, accept: bool) -> Membership:
    """The county confirms (the child enters the roll) or rejects an orphan / FDU suggestion. Audited."""
    row = Membership.unscoped.select_for_update().get(pk=membership.pk)
    if not _county_grant(actor, row.division_code):
        raise PermissionDenied(
            _("Only the county civil-affairs bureau confirms this status."), code="registry.not_county"
        )
    if row.status != MembershipStatus.SUGGESTED or row.end is not None:
        raise ValidationFailed(_("This suggestion has already been decided."), code="registry.decided")
    row.status = MembershipStatus.ACTIVE if accept else MembershipStatus.REJECTED
    row.confirmed_by_id, row.confirmed_at = actor.user_id, clock.now()
    row.save(update_fields=["status", "confirmed_by", "confirmed_at"])
    audit_record(
        actor=actor,
        action=Action.REGISTRY_CONFIRMED if accept else Action.REGISTRY_REJECTED,
        division_code=row.division_code,
        subject_type="child",
        subject_id=row.child_id,
        detail={"membership": row.pk, "category": row.category},
    )
    return row


@transaction.atomic
def policy_set(*, actor: Actor, province_code: str, effective_from: date, params: dict[str, Any]) -> int:
    """Store one dated version of a province's parameters; its own staff only. Audited.

    The affected files are the province's: their re-check date moves to the version's start (today
    at the latest), and the daily job re-evaluates them, enqueued now when the version is already in
    force. Returns how many files were marked due.
    """
    if not any(g.role == Role.PROVINCE_STAFF and g.prefix == province_code for g in actor.grants):
        raise PermissionDenied(_("Only the province's own staff set its policy."), code="policy.not_province")
    policy_params.version(effective_from, params)  # validates
    if actor.user_id is None:
        raise PermissionDenied(_("Sign in first."), code="auth.required")
    setting, created = PolicySetting.unscoped.update_or_create(
        province_code=province_code,
        effective_from=effective_from,
        defaults={"params": params, "changed_by_id": actor.user_id},
    )
    audit_record(
        actor=actor,
        action=Action.POLICY_CHANGED,
        division_code=province_code,
        subject_type="policy",
        subject_id=setting.pk,
        subject_label=f"{province_code} {effective_from.isoformat()}",
        detail={"effective_from": effective_from.isoformat(), "params": params, "created": created},
    )
    due = max(effective_from, clock.today())
    marked = (
        Determination.unscoped.filter(division_code__startswith=province_code)
        .filter(Q(next_recheck__isnull=True) | Q(next_recheck__gt=due))
        .update(next_recheck=due)
    )
    if due == clock.today():
        from seedling.registries.tasks import recheck_due_task

        transaction.on_commit(lambda: recheck_due_task.enqueue(as_of=due.isoformat()))
    return marked

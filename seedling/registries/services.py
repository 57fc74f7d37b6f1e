"""Writes to the registries: re-evaluating files, the county's confirmation, a new provincial policy.

A file's categories come from the pure engine (seedling.eligibility); ``reevaluation.plan`` compares
them with the file's open episodes and its determination, and this module writes the plans: it opens
(增员) or closes (减员) episodes, so running it again with the same facts on the same day changes
nothing. One file (a web or API write) and a batch (the ledger import, the daily job) share that
core; a batch reads its files with a few ``values()`` queries and writes with a few statements.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from typing import Any

from django.db import connection, transaction
from django.db.models import F, Q, TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from seedling import eligibility as el
from seedling.access import Actor, capabilities
from seedling.access.capabilities import Capability
from seedling.audit.enums import Action
from seedling.audit.services import audit_record
from seedling.core import bulk, clock, hooks
from seedling.core.errors import ValidationFailed
from seedling.people import enums as people_enums
from seedling.people.models import Child, HarmEvent, ParentSituation, Woman
from seedling.policies import selectors as policy_selectors
from seedling.policies.enums import PolicyKind
from seedling.registries import reevaluation as core
from seedling.registries.enums import EntryReason, MembershipStatus, NoticeKind
from seedling.registries.facts import (
    CHILD_FIELDS,
    HARM_FIELDS,
    SITUATION_FIELDS,
    WOMAN_FIELDS,
    child_facts,
    child_facts_of,
    harm_event,
    situation,
    woman_facts,
    woman_facts_of,
)
from seedling.registries.models import Determination, Membership, Notice
from seedling.registries.policy import ELIGIBILITY
from seedling.registries.reevaluation import CHILD, WOMAN, Outcome, Subject

__all__ = [
    "BATCH",
    "CHILD",
    "WOMAN",
    "Outcome",
    "Policies",
    "file_reevaluate",
    "files_reevaluate",
    "on_file_saved",
    "on_policy_set",
    "on_woman_saved",
    "policy_for",
    "reevaluate_batches",
    "suggestion_confirm",
    "woman_reevaluate",
    "women_reevaluate",
]

BATCH = 2000  # files per read and per write statement (and per transaction in the daily job)
MERGED = people_enums.FileStatus.MERGED


def policy_for(province_code: str) -> el.Policy:
    """The province's policy: the national defaults before its first stored version, then its own."""
    rows = policy_selectors.stored(kind=ELIGIBILITY, province_code=province_code)
    if not rows:
        return el.DEFAULT_POLICY
    return el.Policy(name=province_code, versions=policy_selectors.versions_of(ELIGIBILITY, rows))


class Policies(dict[str, el.Policy]):
    """Each province's policy, read once per run."""

    def __missing__(self, province: str) -> el.Policy:
        self[province] = policy = policy_for(province)
        return policy


# --- reading a batch -------------------------------------------------------------------------


def _child_subjects(ids: Sequence[int]) -> list[Subject]:
    """The batch's children and their facts with three ``values()`` queries (no model instances)."""
    relatives: dict[int, dict[str, list[el.Situation]]] = {}
    sits = (
        ParentSituation.unscoped.filter(bulk.ids_in("parent__child_id", ids))
        .order_by("since", "id")
        .values(
            *SITUATION_FIELDS,
            child=F("parent__child_id"),
            role=F("parent__role"),
            d_category=F("parent__disability_category"),
            d_grade=F("parent__disability_grade"),
        )
    )
    for s in sits:
        by_role = relatives.setdefault(s["child"], {})
        by_role.setdefault(s["role"], []).append(situation(s, (s["d_category"], s["d_grade"])))
    harm: dict[int, list[el.HarmEvent]] = {}
    events = HarmEvent.unscoped.filter(bulk.ids_in("child_id", ids)).order_by("occurred_on", "id")
    for h in events.values("child_id", *HARM_FIELDS):
        harm.setdefault(h["child_id"], []).append(harm_event(h))
    rows = Child.unscoped.filter(bulk.ids_in("id", ids)).values(
        "id", "division_code", "status", "declared_categories", *CHILD_FIELDS
    )
    out = []
    for c in rows:
        pk = c["id"]
        facts = None
        if c["status"] != MERGED:
            kin = {role: el.RelativeFacts(tuple(s)) for role, s in relatives.get(pk, {}).items()}
            facts = child_facts_of(c, kin, tuple(harm.get(pk, ())))
        out.append(Subject(CHILD, pk, c["division_code"], facts, c["declared_categories"]))
    return out


def _woman_subjects(ids: Sequence[int]) -> list[Subject]:
    rows = Woman.unscoped.filter(bulk.ids_in("id", ids)).values(
        "id", "division_code", "status", *WOMAN_FIELDS
    )
    return [
        Subject(WOMAN, w["id"], w["division_code"], None if w["status"] == MERGED else woman_facts_of(w))
        for w in rows
    ]


def _stored(kind: str, ids: Sequence[int]) -> dict[int, core.Stored]:
    fk = f"{kind}_id"
    rows = Determination.unscoped.filter(bulk.ids_in(fk, ids)).values_list(fk, *core.STORED_FIELDS)
    return {r[0]: core.Stored(*r[1:]) for r in rows}


def _with_details(stored: dict[int, core.Stored], wanted: list[int]) -> None:
    """Read the JSON of the determinations whose key differs, as the database renders it."""
    by_id = {stored[pk].id: pk for pk in wanted}
    rows = Determination.unscoped.filter(bulk.ids_in("id", list(by_id))).values_list(
        "id", Cast("details", TextField())
    )
    for det_id, text in rows:
        pk = by_id[det_id]
        stored[pk] = stored[pk]._replace(details=text)


def _open(kind: str, ids: Sequence[int]) -> dict[int, list[core.Open]]:
    fk = f"{kind}_id"
    rows = Membership.unscoped.filter(bulk.ids_in(fk, ids), end__isnull=True).values_list(
        fk, *core.OPEN_FIELDS
    )
    out: dict[int, list[core.Open]] = {}
    for r in rows:
        out.setdefault(r[0], []).append(core.Open(*r[1:]))
    return out


# --- writing a batch -------------------------------------------------------------------------


def _follow(kind: str, plans: list[core.Plan]) -> None:
    """Realign the episodes' scope copy with the file's village, for the files whose code moved."""
    wanted = {p.subject.pk: p for p in plans if p.follow}
    if not wanted:
        return
    fk = f"{kind}_id"
    if connection.vendor != "postgresql":
        for pk, p in wanted.items():
            code = p.subject.division_code
            if Membership.unscoped.filter(**{fk: pk}).exclude(division_code=code).update(division_code=code):
                p.outcome.changed = True
        return
    qn = connection.ops.quote_name
    table, col, values = (
        qn(Membership._meta.db_table),
        qn(fk),
        ", ".join(["(%s::bigint, %s::varchar)"] * len(wanted)),
    )
    sql = (
        f"UPDATE {table} AS m SET division_code = v.code FROM (VALUES {values}) AS v(pk, code) "  # noqa: S608
        f"WHERE m.{col} = v.pk AND m.division_code <> v.code RETURNING m.{col}"
    )
    params = [x for pk, p in wanted.items() for x in (pk, p.subject.division_code)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for (pk,) in cursor.fetchall():
            wanted[pk].outcome.changed = True


def _write_determinations(plans: list[core.Plan]) -> None:
    dropped = [p.dropped for p in plans if p.dropped is not None]
    if dropped:
        Determination.unscoped.filter(pk__in=dropped).delete()
    bulk.create(Determination, [p.created for p in plans if p.created is not None])
    # Group by the columns that changed: most re-checks move only the dates.
    by_columns: dict[tuple[str, ...], list[tuple[Any, ...]]] = {}
    for p in plans:
        if p.updated is not None:
            pk, changed = p.updated
            by_columns.setdefault(tuple(changed), []).append((pk, *changed.values()))
    for columns, rows in by_columns.items():
        bulk.update_rows(Determination, "id", columns, rows)


def _notices(plans: list[core.Plan], as_of: date) -> list[Notice]:
    notices = []
    for p in plans:
        s = p.subject
        if s.facts is None:
            continue  # a merge is the user's own act, made on the file page: nothing to tell
        for m in p.outcome.opened:
            kind = NoticeKind.SUGGESTED if m.status == MembershipStatus.SUGGESTED else NoticeKind.ENTERED
            notices.append(
                Notice(category=m.category, kind=kind, created_on=as_of, division_code=s.division_code)
            )
            setattr(notices[-1], f"{s.kind}_id", s.pk)
        for m in p.outcome.closed:
            notices.append(
                Notice(
                    category=m.category,
                    kind=NoticeKind.EXITED,
                    reason=m.exit_reason,
                    created_on=as_of,
                    division_code=s.division_code,
                )
            )
            setattr(notices[-1], f"{s.kind}_id", s.pk)
    return notices


def _write(kind: str, plans: list[core.Plan], as_of: date, notify: bool) -> None:
    """Write the plans of one batch: only the rows that change, a few statements in all."""
    removed = [pk for p in plans for pk in p.removed]
    if removed:
        Membership.unscoped.filter(pk__in=removed).delete()
    closed = [m for p in plans for m in p.outcome.closed]
    bulk.update_rows(
        Membership,
        "id",
        ("end", "exit_reason", "exit_reasons"),
        [(m.pk, m.end, m.exit_reason, m.exit_reasons) for m in closed],
    )
    bulk.create(Membership, [m for p in plans for m in p.outcome.opened])
    _follow(kind, plans)
    _write_determinations(plans)
    if notify:
        bulk.create(Notice, _notices(plans, as_of))
    if kind == CHILD:
        moved = [p.subject.pk for p in plans if p.removed or p.outcome.opened or p.outcome.closed or p.follow]
        if moved:
            hooks.roll_changed.fire(moved)


def _run(
    subjects: list[Subject],
    *,
    as_of: date,
    cause: str,
    policies: Policies,
    notify: bool,
) -> list[Outcome]:
    """Re-evaluate one batch of files of one kind: two reads of stored rows, then the writes."""
    if not subjects:
        return []
    kind = subjects[0].kind
    ids = [s.pk for s in subjects]
    stored, open_rows = _stored(kind, ids), _open(kind, ids)
    evaluations = {
        s.pk: None if s.facts is None else el.evaluate(s.facts, as_of, policies[s.division_code[:2]])
        for s in subjects
    }
    closing_ids = [
        pk for s in subjects for pk in core.to_close(evaluations[s.pk], open_rows.get(s.pk, ()), as_of)
    ]
    closing = Membership.unscoped.in_bulk(closing_ids) if closing_ids else {}
    rendered = {pk: core.details(ev) for pk, ev in evaluations.items() if ev is not None}
    stale = [pk for pk, r in rendered.items() if core.needs_details(stored.get(pk), r)]
    if stale:
        _with_details(stored, stale)
    plans = [
        core.plan(
            s,
            evaluations[s.pk],
            stored.get(s.pk),
            open_rows.get(s.pk, ()),
            closing,
            as_of=as_of,
            # A file never evaluated enters as a new file, whatever brought it here.
            cause=cause if s.pk in stored else EntryReason.FILED,
            rendered=rendered.get(s.pk),
        )
        for s in subjects
    ]
    _write(kind, plans, as_of, notify)
    return [p.outcome for p in plans]


# --- entry points ----------------------------------------------------------------------------


def _one(subject: Subject, as_of: date, cause: str, policy: el.Policy | None, notify: bool) -> Outcome:
    policies = Policies()
    if policy is not None:
        policies[subject.division_code[:2]] = policy
    return _run([subject], as_of=as_of, cause=cause, policies=policies, notify=notify)[0]


def file_reevaluate(
    *,
    child: Child,
    as_of: date,
    cause: str = EntryReason.FACTS_CHANGED,
    policy: el.Policy | None = None,
    notify: bool = False,
) -> Outcome:
    """Evaluate one file on ``as_of`` and bring its episodes and determination cache in line.

    Call inside the transaction of the write that caused it. A file never evaluated enters with
    cause FILED. ``notify`` records notices for the village's child director (the daily job).
    """
    facts = None if child.status == MERGED else child_facts(child)
    subject = Subject(CHILD, child.pk, child.division_code, facts, child.declared_categories)
    return _one(subject, as_of, cause, policy, notify)


def woman_reevaluate(
    *,
    woman: Woman,
    as_of: date,
    cause: str = EntryReason.FACTS_CHANGED,
    policy: el.Policy | None = None,
    notify: bool = False,
) -> Outcome:
    """``file_reevaluate`` for a left-behind woman's file (留守妇女台账)."""
    facts = None if woman.status == MERGED else woman_facts(woman)
    return _one(Subject(WOMAN, woman.pk, woman.division_code, facts), as_of, cause, policy, notify)


def reevaluate_batches(
    kind: str,
    ids: Sequence[int],
    *,
    as_of: date,
    cause: str,
    notify: bool,
    policies: Policies | None = None,
) -> Iterator[list[tuple[int, Outcome]]]:
    """Re-evaluate files of one kind (CHILD or WOMAN) BATCH at a time; yields each batch's outcomes.

    One transaction per batch (a savepoint inside the caller's): a failure undoes its batch only,
    and a re-run finds that batch's files still due.
    """
    load = _child_subjects if kind == CHILD else _woman_subjects
    policies = Policies() if policies is None else policies
    for i in range(0, len(ids), BATCH):
        with transaction.atomic(), _no_collection_pauses():
            subjects = load(ids[i : i + BATCH])
            outcomes = _run(subjects, as_of=as_of, cause=cause, policies=policies, notify=notify)
        yield list(zip((s.pk for s in subjects), outcomes, strict=True))


@contextmanager
def _no_collection_pauses() -> Iterator[None]:
    """A batch allocates some hundred objects per file and keeps them to its end: the cyclic
    collector would walk them again and again (a fifth of the job's time). It runs after the batch."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _many(kind: str, ids: Iterable[int], *, as_of: date, cause: str, notify: bool) -> list[Outcome]:
    wanted = list(dict.fromkeys(ids))
    outcomes: dict[int, Outcome] = {}
    for batch in reevaluate_batches(kind, wanted, as_of=as_of, cause=cause, notify=notify):
        outcomes.update(batch)
    return [outcomes[pk] for pk in wanted if pk in outcomes]


def files_reevaluate(
    child_ids: Iterable[int], *, as_of: date, cause: str = EntryReason.FACTS_CHANGED, notify: bool = False
) -> list[Outcome]:
    """Re-evaluate many files at once (bulk writers: the ledger import, the daily job).

    Call inside the caller's transaction. Files never evaluated enter with cause FILED. Returns one
    outcome per existing file, in the order of ``child_ids``.
    """
    return _many(CHILD, child_ids, as_of=as_of, cause=cause, notify=notify)


def women_reevaluate(
    woman_ids: Iterable[int], *, as_of: date, cause: str = EntryReason.FACTS_CHANGED, notify: bool = False
) -> list[Outcome]:
    """``files_reevaluate`` for left-behind women's files."""
    return _many(WOMAN, woman_ids, as_of=as_of, cause=cause, notify=notify)


def on_file_saved(children: Sequence[Child], *, created: bool) -> None:
    """core.hooks.file_saved handler: people wrote these files (one, or a batch of the ledger
    import); re-evaluate them at once, as of today. A file never evaluated enters with
    cause FILED, whether `created` or not."""
    files_reevaluate([c.pk for c in children], as_of=clock.today())


def on_woman_saved(women: Sequence[Woman]) -> None:
    """core.hooks.woman_saved handler: women's files were written; re-evaluate them at once."""
    women_reevaluate([w.pk for w in women], as_of=clock.today())


@transaction.atomic
def suggestion_confirm(*, actor: Actor, membership: Membership, accept: bool) -> Membership:
    """The county confirms (the child enters the roll) or rejects an orphan / FDU suggestion. Audited."""
    row = Membership.unscoped.select_for_update().get(pk=membership.pk)
    capabilities.require(actor, Capability.DETERMINATION_CONFIRM, row.division_code)
    if row.status != MembershipStatus.SUGGESTED or row.end is not None:
        raise ValidationFailed(_("This suggestion has already been decided."), code="registry.decided")
    row.status = MembershipStatus.ACTIVE if accept else MembershipStatus.REJECTED
    row.confirmed_by_id, row.confirmed_at = actor.user_id, clock.now()
    row.save(update_fields=["status", "confirmed_by", "confirmed_at"])
    if row.child_id:
        hooks.roll_changed.fire([row.child_id])
    audit_record(
        actor=actor,
        action=Action.REGISTRY_CONFIRMED if accept else Action.REGISTRY_REJECTED,
        division_code=row.division_code,
        subject_type="child",
        subject_id=row.child_id or "",  # suggestions are children's: no woman's category awaits the county
        detail={"membership": row.pk, "category": row.category},
    )
    return row


def on_policy_set(*, kind: str, province_code: str, from_day: date) -> None:
    """core.hooks.policy_set handler: a new eligibility version makes the province's files due.

    Their re-check date moves to the version's first day (today at the latest), and the daily job
    re-evaluates them, enqueued on commit when the version is already in force.
    """
    if kind != PolicyKind.ELIGIBILITY:
        return
    files = Determination.unscoped.filter(division_code__startswith=province_code)
    files.filter(Q(next_recheck__isnull=True) | Q(next_recheck__gt=from_day)).update(next_recheck=from_day)
    if from_day == clock.today():
        from seedling.registries.tasks import recheck_due_task

        transaction.on_commit(lambda: recheck_due_task.enqueue(as_of=from_day.isoformat()))


def on_divisions_recoded(moves: dict[str, str], *, counts: dict[str, int], dry_run: bool) -> None:
    """core.hooks.divisions_recoded handler: this app's rows at an old division code move to the new
    one (or are counted, `dry_run`), in the change's transaction (docs/rules/workflow.md#dm-2)."""
    bulk.recode_models(
        (
            Membership,
            Determination,
            Notice,
        ),
        moves,
        counts=counts,
        dry_run=dry_run,
    )

"""The batch path (values() reads, bulk writes) and the per-file path write the same rows."""

import json
from datetime import date

import pytest
from django.db import connection, transaction
from django.db.models import TextField
from django.db.models.functions import Cast

from seedling import eligibility as el
from seedling.people.models import Child, HarmEvent, ParentSituation, Woman
from seedling.people.records import ParentRecord, SituationRecord
from seedling.people.tests.factories import XINGQUN
from seedling.registries import reevaluation as core
from seedling.registries import services
from seedling.registries.enums import EntryReason
from seedling.registries.models import Determination, Membership, Notice

from .test_services import _orphan

D = date(2025, 3, 1)
D2 = date(2025, 6, 1)  # the re-evaluation day


def _fdu(**kw):
    return dict(
        father=ParentRecord(
            role="father",
            name="林建国",
            situations=[SituationRecord(kind="imprisoned", since=date(2024, 5, 1), term_months=60)],
        ),
        mother=ParentRecord(
            role="mother",
            name="王秀英",
            situations=[SituationRecord(kind="lost_contact", since=date(2023, 1, 10))],
        ),
        caregiver_reason="",
        declared_categories=["de_facto_unsupported", "in_difficulty"],
        **kw,
    )


def _varied(file_on, woman_on, actor_of) -> tuple[list[int], list[int]]:
    """Files in every state a re-evaluation meets, with facts changed behind the services' back."""
    from seedling.registries.services import suggestion_confirm

    stays = file_on(D)
    aged = file_on(D, birth_date=date(2009, 6, 1))  # 16 on D2
    returned = file_on(D)
    ParentSituation.unscoped.filter(parent__child=returned, parent__role="father").update(
        until=date(2025, 5, 1)
    )
    fdu = file_on(D, **_fdu())
    found = file_on(D, **_fdu())
    ParentSituation.unscoped.filter(parent__child=found, kind="lost_contact").update(until=date(2025, 5, 15))
    orphan = file_on(D, **_orphan())
    confirmed = file_on(D, **_orphan())
    suggestion_confirm(
        actor=actor_of("demo-county"), membership=Membership.unscoped.get(child=confirmed), accept=True
    )
    merged = file_on(D)
    Child.unscoped.filter(pk=merged.pk).update(status="merged")
    moved = file_on(D)
    Child.unscoped.filter(pk=moved.pk).update(division_code=XINGQUN)
    never = file_on(D)
    Determination.unscoped.filter(child=never).delete()
    Membership.unscoped.filter(child=never).delete()
    same_day = file_on(D2)
    Child.unscoped.filter(pk=same_day.pk).update(hukou_type="urban")
    hiv = file_on(D, declared_categories=["in_difficulty"], hiv=True)
    harmed = file_on(D, declared_categories=["improper_guardianship"])
    HarmEvent.unscoped.create(child=harmed, kind="abuse", occurred_on=date(2025, 1, 5))
    resolved = file_on(D, declared_categories=["improper_guardianship"])
    harm = HarmEvent.unscoped.create(child=resolved, kind="abuse", occurred_on=date(2025, 1, 5))
    services.file_reevaluate(child=resolved, as_of=D)  # enters 监护不当, then assessed safe later
    HarmEvent.unscoped.filter(pk=harm.pk).update(resolved_on=date(2025, 4, 1))
    children = [
        stays,
        aged,
        returned,
        fdu,
        found,
        orphan,
        confirmed,
        merged,
        moved,
        never,
        same_day,
        hiv,
        harmed,
        resolved,
    ]
    sixty = woman_on(D, born=date(1965, 6, 1))  # 60 on D2
    home = woman_on(D)
    Woman.unscoped.filter(pk=home.pk).update(husband_returned_on=date(2025, 5, 1))
    pending = woman_on(D, husband_away_since=date(2024, 12, 1))  # six months on D2
    women = [sixty, home, pending, woman_on(D)]
    return [c.pk for c in children], [w.pk for w in women]


def _rows() -> dict[str, list]:
    def rows(qs, *fields):
        return sorted(qs.values_list(*fields), key=repr)

    return {
        "determinations": rows(
            Determination.unscoped,
            "child_id",
            "woman_id",
            "categories",
            "details",
            "next_recheck",
            "evaluated_on",
            "discrepancy",
            "division_code",
        ),
        "memberships": rows(
            Membership.unscoped,
            "child_id",
            "woman_id",
            "category",
            "start",
            "end",
            "entry_reason",
            "exit_reason",
            "reasons",
            "exit_reasons",
            "status",
            "confirmed_by_id",
            "division_code",
        ),
        "notices": rows(
            Notice.unscoped,
            "child_id",
            "woman_id",
            "category",
            "kind",
            "reason",
            "created_on",
            "division_code",
        ),
    }


class _Undo(Exception):
    pass


def _dry_run(run) -> dict[str, list]:
    """The rows ``run`` leaves, then roll it back so the other path starts from the same state."""
    try:
        with transaction.atomic():
            run()
            rows = _rows()
            raise _Undo
    except _Undo:
        return rows


def _per_file(children: list[int], women: list[int]) -> None:
    for child in Child.unscoped.filter(pk__in=children):
        services.file_reevaluate(child=child, as_of=D2, cause=EntryReason.RECHECK, notify=True)
    for woman in Woman.unscoped.filter(pk__in=women):
        services.woman_reevaluate(woman=woman, as_of=D2, cause=EntryReason.RECHECK, notify=True)


def _batch(children: list[int], women: list[int]) -> None:
    services.files_reevaluate(children, as_of=D2, cause=EntryReason.RECHECK, notify=True)
    services.women_reevaluate(women, as_of=D2, cause=EntryReason.RECHECK, notify=True)


@pytest.mark.parametrize("batch", [3, 1000])
def test_batch_and_per_file_paths_write_the_same_rows(file_on, woman_on, actor_of, monkeypatch, batch):
    children, women = _varied(file_on, woman_on, actor_of)
    before = _rows()
    monkeypatch.setattr(services, "BATCH", batch)  # several batches, or all files in one
    one_by_one = _dry_run(lambda: _per_file(children, women))
    assert _rows() == before
    batched = _dry_run(lambda: _batch(children, women))
    assert batched == one_by_one
    # The day changed things of every kind: the comparison is not between two empty runs.
    exits = {(r[0] is None, r[2], r[6]) for r in batched["memberships"] if r[4] == D2}
    assert {
        (True, "left_behind_woman", "aged_out"),
        (True, "left_behind_woman", "parent_returned"),
        (False, "left_behind", "aged_out"),
        (False, "left_behind", "parent_returned"),
        (False, "left_behind", "merged"),
        (False, "de_facto_unsupported", "found"),
    } <= exits
    entries = {(r[2], r[5], r[9]) for r in batched["memberships"] if r[3] == D2}
    assert ("left_behind_woman", "recheck", "active") in entries
    assert ("left_behind", "filed", "active") in entries  # the file never evaluated
    assert {r[-1] for r in batched["memberships"] if r[0] == children[8]} == {XINGQUN}  # followed the move
    assert not any(r[0] == children[10] for r in batched["memberships"])  # opened and closed on D2
    assert not any(r[0] == children[7] for r in batched["determinations"])  # merged: no determination


def test_the_batch_returns_one_outcome_per_file_in_the_given_order(file_on):
    a, b = file_on(D), file_on(D, birth_date=date(2009, 6, 1))
    outcomes = services.files_reevaluate([b.pk, a.pk, b.pk, 10**9], as_of=D2, cause=EntryReason.RECHECK)
    assert [(len(o.opened), len(o.closed), o.changed) for o in outcomes] == [(0, 1, True), (0, 0, True)]
    assert outcomes[0].closed[0].child_id == b.pk and outcomes[0].closed[0].exit_reason == "aged_out"
    again = services.files_reevaluate([a.pk, b.pk], as_of=D2, cause=EntryReason.RECHECK)
    assert [o.changed for o in again] == [False, False]


def _jsonb_ordered(value) -> bool:
    """jsonb's own key order: shorter keys first, then bytewise."""
    if isinstance(value, dict):
        keys = list(value)
        return keys == sorted(keys, key=lambda k: (len(k.encode()), k.encode())) and all(
            _jsonb_ordered(v) for v in value.values()
        )
    if isinstance(value, list):
        return all(_jsonb_ordered(v) for v in value)
    return True


def test_details_are_rendered_as_the_database_renders_them(file_on):
    child = file_on(D, **_fdu())
    [subject] = services._child_subjects([child.pk])
    rendered = core.details(el.evaluate(subject.facts, D))
    assert _jsonb_ordered(rendered.obj) and json.loads(rendered.text) == rendered.obj
    stored = Determination.unscoped.filter(child=child).values_list(
        Cast("details", TextField()), "details_key"
    )
    [(text, key)] = stored
    assert key == rendered.key
    if connection.vendor == "postgresql":
        assert text == rendered.text  # so an unchanged determination compares as equal strings


@pytest.mark.parametrize("key", ["", "0" * 32])  # none yet, or made by another version of the renderer
def test_a_determination_without_a_current_key_is_compared_by_its_json(file_on, key):
    child = file_on(D)
    Determination.unscoped.filter(child=child).update(details_key=key)
    outcome = services.file_reevaluate(child=child, as_of=D)
    assert outcome.changed is False  # the JSON is the same: nothing changed but the key
    assert Determination.unscoped.get(child=child).details_key[:1] == core.KEY_VERSION


def test_a_current_key_that_differs_means_the_json_changed(file_on):
    child = file_on(D)
    det = Determination.unscoped.get(child=child)
    Determination.unscoped.filter(pk=det.pk).update(
        details=[{"stale": True}], details_key=core.KEY_VERSION + "0" * 31
    )
    assert services.file_reevaluate(child=child, as_of=D).changed is True
    assert Determination.unscoped.get(pk=det.pk).details == det.details


def test_reasons_are_stored_as_codes_and_shown_with_their_text(file_on, actor_of):
    from seedling.registries import selectors

    child = file_on(D)
    det = Determination.unscoped.get(child=child)
    assert "message_zh" not in json.dumps(det.details) and "citation" not in json.dumps(det.details)
    lb = next(d for d in det.details if d["category"] == "left_behind")
    assert lb["reasons"][0] == {"args": ["8"], "code": "LB.AGE_UNDER_16"}
    [episode] = Membership.unscoped.filter(child=child)
    assert episode.reasons == lb["reasons"]
    assert el.shown(episode.reasons[0]).message_zh == "不满16周岁（8周岁）"
    page = selectors.file_registry(actor=actor_of("demo-village"), child=child)
    [shown] = page.categories
    assert shown.reasons[0].message_zh == "不满16周岁（8周岁）"
    assert shown.reasons[0].citation.startswith("川民政厅2020年")
    cells = selectors.export_columns(actor=actor_of("demo-village"), child=child)
    assert cells[1].startswith("农村留守儿童：不满16周岁（8周岁），农村户籍")


def test_a_determination_stored_with_reason_texts_is_shown_then_rewritten(file_on, actor_of):
    from seedling.registries import selectors

    child = file_on(D)
    det = Determination.unscoped.get(child=child)
    legacy = [
        {
            **d,
            "reasons": [
                {"code": r["code"], "citation": "旧出处", "message_zh": "旧说明"} for r in d["reasons"]
            ],
        }
        for d in det.details
    ]
    Determination.unscoped.filter(pk=det.pk).update(details=legacy, details_key="1" + "0" * 31)
    page = selectors.file_registry(actor=actor_of("demo-village"), child=child)
    assert [r.message_zh for r in page.categories[0].reasons][:1] == ["旧说明"]
    services.file_reevaluate(child=child, as_of=D)
    assert Determination.unscoped.get(pk=det.pk).details == det.details

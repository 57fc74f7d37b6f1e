from datetime import date, datetime

import pytest
from django_tasks_db.models import DBTaskResult

from seedling.audit.models import AuditEvent
from seedling.core import clock
from seedling.core.errors import PermissionDenied, ValidationFailed
from seedling.people import services as people
from seedling.people.records import ParentRecord, SituationRecord
from seedling.people.tests.factories import left_behind
from seedling.policies.models import ProvincePolicy
from seedling.policies.services import version_set
from seedling.registries import services
from seedling.registries.models import Determination, Membership
from seedling.registries.policy import ELIGIBILITY

D = date(2025, 3, 1)


def _at(day):
    return clock.freeze(datetime(day.year, day.month, day.day, 9))


def _orphan(**kw):
    dead = [SituationRecord(kind="dead", since=date(2022, 1, 1))]
    return dict(
        father=ParentRecord(role="father", name="林建国", situations=dead),
        mother=ParentRecord(role="mother", name="王秀英", situations=list(dead)),
        caregiver_reason="",
        declared_categories=["orphan"],
        **kw,
    )


def test_filing_a_child_opens_its_episodes_at_once(file_on):
    child = file_on(D)
    rows = list(
        Membership.unscoped.filter(child=child).values_list(
            "category", "start", "end", "status", "entry_reason"
        )
    )
    assert rows == [("left_behind", D, None, "active", "filed")]
    det = Determination.unscoped.get(child=child)
    assert det.categories == ",left_behind,"
    assert det.next_recheck == date(2032, 5, 20)  # 16th birthday
    assert det.evaluated_on == D
    assert det.discrepancy is False
    assert det.division_code == "360313001001"
    lb = next(d for d in det.details if d["category"] == "left_behind")
    assert lb["applies"] is True
    assert [r["code"] for r in lb["reasons"]][:2] == ["LB.AGE_UNDER_16", "LB.RURAL_HUKOU"]


def test_reevaluating_unchanged_facts_changes_nothing(file_on):
    child = file_on(D)
    outcome = services.file_reevaluate(child=child, as_of=D)
    assert (outcome.opened, outcome.closed, outcome.changed) == ([], [], False)
    assert Membership.unscoped.filter(child=child).count() == 1


def test_editing_a_fact_closes_the_episode_with_its_exit_reason(file_on, actor_of):
    child = file_on(D)
    later = date(2025, 6, 1)
    record = people.child_record(child)
    record.father.situations = [
        SituationRecord(kind="away_work", since=date(2023, 2, 1), until=date(2025, 5, 20))
    ]
    with _at(later):
        people.child_update(actor=actor_of("demo-village"), child=child, record=record)
    row = Membership.unscoped.get(child=child, category="left_behind")
    assert (row.start, row.end, row.exit_reason) == (D, later, "parent_returned")
    det = Determination.unscoped.get(child=child)
    assert det.categories == ""
    assert det.discrepancy is True  # the village still declares 农村留守儿童


def test_an_episode_opened_and_closed_the_same_day_leaves_no_trace(file_on, actor_of):
    child = file_on(D)
    record = people.child_record(child)
    record.hukou_type = "urban"
    with _at(D):
        people.child_update(actor=actor_of("demo-village"), child=child, record=record)
    assert Membership.unscoped.filter(child=child).count() == 0


def test_orphan_waits_for_the_county(file_on, actor_of):
    child = file_on(D, **_orphan())
    row = Membership.unscoped.get(child=child, category="orphan")
    assert row.status == "suggested"
    with pytest.raises(PermissionDenied):
        services.suggestion_confirm(actor=actor_of("demo-village"), membership=row, accept=True)
    with pytest.raises(PermissionDenied):
        services.suggestion_confirm(actor=actor_of("demo-county-b"), membership=row, accept=True)
    done = services.suggestion_confirm(actor=actor_of("demo-county"), membership=row, accept=True)
    assert done.status == "active"
    assert done.confirmed_by_id == actor_of("demo-county").user_id
    assert AuditEvent.unscoped.filter(action="registry_confirmed", subject_id=str(child.pk)).count() == 1
    with pytest.raises(ValidationFailed):
        services.suggestion_confirm(actor=actor_of("demo-county"), membership=row, accept=False)


def test_a_rejected_suggestion_is_not_suggested_again(file_on, actor_of):
    child = file_on(D, **_orphan())
    row = Membership.unscoped.get(child=child, category="orphan")
    services.suggestion_confirm(actor=actor_of("demo-county"), membership=row, accept=False)
    outcome = services.file_reevaluate(child=child, as_of=date(2025, 4, 1))
    assert outcome.opened == []
    assert list(
        Membership.unscoped.filter(child=child, category="orphan").values_list("status", flat=True)
    ) == ["rejected"]


def policy_set(actor, province_code, effective_from, params):  # type: ignore[no-untyped-def]
    return version_set(
        actor=actor,
        kind=ELIGIBILITY,
        province_code=province_code,
        effective_from=effective_from,
        params=params,
    )


def test_policy_is_set_by_the_provinces_own_staff_and_marks_its_files_due(file_on, actor_of):
    child = file_on(D)
    with pytest.raises(PermissionDenied):
        policy_set(actor_of("demo-county"), "36", D, {"lb_away_min_months": 3})
    with pytest.raises(ValidationFailed):
        policy_set(actor_of("demo-province"), "36", D, {"lb_away_min_months": 0})
    with _at(D):
        policy_set(
            actor_of("demo-province"),
            "36",
            date(2025, 7, 1),
            {"lb_away_min_months": 3, "fdu_additions": ["deported"]},
        )
    assert Determination.unscoped.filter(next_recheck=date(2025, 7, 1)).count() == 1  # the one file
    assert Determination.unscoped.get(child=child).next_recheck == date(2025, 7, 1)
    stored = ProvincePolicy.objects.get(kind="eligibility", province_code="36")
    assert stored.params["lb_away_min_months"] == 3
    assert AuditEvent.unscoped.filter(action="policy_changed").count() == 1
    policy = services.policy_for("36")
    assert policy.for_date(date(2025, 6, 30)).lb_away_min_months == 6
    assert policy.for_date(date(2025, 7, 1)).lb_away_min_months == 3


def test_a_version_in_force_today_enqueues_the_recheck(file_on, actor_of, django_capture_on_commit_callbacks):
    child = file_on(D)
    with _at(date(2025, 5, 1)), django_capture_on_commit_callbacks(execute=True):
        policy_set(actor_of("demo-province"), "36", date(2025, 4, 1), {"lb_away_min_months": 3})
    # A version already in force: due today, and the job is queued now rather than tomorrow.
    assert Determination.unscoped.get(child=child).next_recheck == date(2025, 5, 1)
    queued = DBTaskResult.objects.get(task_path="seedling.registries.tasks.recheck_due_task")
    assert queued.args_kwargs["kwargs"] == {"as_of": "2025-05-01"}


def test_sichuan_minimum_counts_three_months_away(actor_of):
    # A father away 4 months and a mother away 4 months: left behind under 3 months, not under 6.
    away = [SituationRecord(kind="away_work", since=date(2025, 1, 1))]
    record = left_behind(
        father=ParentRecord(role="father", name="林建国", situations=away),
        mother=ParentRecord(role="mother", name="王秀英", situations=list(away)),
    )
    with _at(date(2025, 5, 1)):
        child = people.child_create(actor=actor_of("demo-village"), record=record).child
    assert Determination.unscoped.get(child=child).categories == ""
    with _at(date(2025, 5, 1)):
        policy_set(actor_of("demo-province"), "36", date(2025, 5, 1), {"lb_away_min_months": 3})
    outcome = services.file_reevaluate(child=child, as_of=date(2025, 5, 1), cause="policy_changed")
    assert [m.category for m in outcome.opened] == ["left_behind"]


def test_merge_ends_the_duplicates_episodes(file_on, actor_of):
    a = file_on(D)
    b = file_on(D)
    with _at(date(2025, 4, 1)):
        people.child_merge(actor=actor_of("demo-village"), keep=a, drop=b)
    row = Membership.unscoped.get(child=b)
    assert (row.end, row.exit_reason) == (date(2025, 4, 1), "merged")
    assert not Determination.unscoped.filter(child=b).exists()
    assert Membership.unscoped.get(child=a).end is None

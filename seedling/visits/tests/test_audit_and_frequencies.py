"""Audit of care-on-the-ground writes, and the provinces' dated visit frequencies; their
page is tested in seedling/web/tests/test_visits.py."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest

from seedling.audit.models import AuditEvent
from seedling.core.errors import PermissionDenied, ValidationFailed
from seedling.policies.models import ProvincePolicy
from seedling.visits import services
from seedling.visits.tests.conftest import file_child, frequencies_set, visit

D = dt.date


def events(action: str, child_id: int) -> list[AuditEvent]:
    return list(AuditEvent.unscoped.filter(action=action, subject_id=str(child_id)).order_by("id"))


def test_each_care_write_is_audited_once_without_personal_detail(actor_of, frozen) -> None:
    actor = actor_of("demo-village")
    child = file_child(actor, risk="medium", since=None)
    data = services.VisitInput(client_token=uuid.uuid4(), visited_on=frozen, mode="home", found="祖母生病")
    recorded = services.visit_record(actor=actor, child=child, data=data)
    services.visit_record(actor=actor, child=child, data=data)  # resubmitted: no second visit, no event
    services.risk_set(actor=actor, child=child, level="medium")
    services.risk_set(actor=actor, child=child, level="high", reason="祖母住院")
    services.pairing_set(actor=actor, child=child, name="王老师", phone="13800000009", org="峡山口中学")
    need = services.care_need_add(actor=actor, child=child, area="health", detail="视力复查")
    service = services.care_service_record(
        actor=actor, need=need, delivered_on=frozen, description="陪同复查", met=True
    )

    [visited] = events("visit_recorded", child.pk)
    assert visited.detail == {
        "visit": recorded.visit.pk,
        "mode": "home",
        "visited_on": "2025-06-30",
        "urgent_reports": 0,
    }
    risks = events("risk_set", child.pk)
    assert [(e.detail["level"], e.detail["confirmed"]) for e in risks] == [("medium", True), ("high", False)]
    [paired] = events("pairing_set", child.pk)
    assert paired.detail == {"removed": False}
    [needed] = events("care_need_added", child.pk)
    assert needed.detail == {"need": need.pk}
    [served] = events("care_service_recorded", child.pk)
    assert served.detail == {"need": need.pk, "service": service.pk, "need_met": True}

    written = [visited, *risks, paired, needed, served]
    for event in written:
        assert (event.division_code, event.subject_type, event.actor_id) == (
            child.division_code,
            "child",
            actor.user_id,
        )
        text = json.dumps(event.detail, ensure_ascii=False)
        for secret in (child.id_number, "13800000009", "视力", "祖母", "health"):
            assert secret not in text


def test_removing_the_pairing_helper_is_audited_as_a_removal(actor_of, frozen) -> None:
    actor = actor_of("demo-village")
    child = file_child(actor, risk="low")
    services.pairing_set(actor=actor, child=child, name="")
    assert [e.detail for e in events("pairing_set", child.pk)] == [{"removed": True}]


def test_a_refused_write_leaves_no_event(actor_of, frozen) -> None:
    child = file_child(actor_of("demo-village"), risk="high")
    with pytest.raises(PermissionDenied):
        visit(actor_of("demo-county-b"), child, frozen)
    with pytest.raises(ValidationFailed):
        services.risk_set(actor=actor_of("demo-village"), child=child, level="low")  # no reason given
    assert events("visit_recorded", child.pk) == events("risk_set", child.pk) == []


# --- visit frequencies ---------------------------------------------------------------------------


def stored() -> list[ProvincePolicy]:
    return list(ProvincePolicy.objects.filter(kind="visit_frequencies"))


def test_only_the_provinces_own_staff_may_set_through_the_service(actor_of, frozen) -> None:
    values = (1, 3, 1, 1, 30)
    for name in ("demo-county", "demo-city"):
        with pytest.raises(PermissionDenied):
            frequencies_set(actor_of(name), "36", frozen, *values)
    province = actor_of("demo-province")
    with pytest.raises(PermissionDenied):
        frequencies_set(province, "43", frozen, *values)
    first = frequencies_set(province, "36", frozen, *values)
    again = frequencies_set(province, "36", frozen, 1, 2, 1, 1, 30)
    # A second version on the same day replaces the first; both changes are audited.
    assert first.pk == again.pk and [r.params["low_visit_months"] for r in stored()] == [2]
    changes = AuditEvent.unscoped.filter(action="visit_policy_changed").order_by("id")
    assert [e.detail["created"] for e in changes] == [True, False]

"""Visits, risk history, urgent reports, pairing and care needs through the services."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from seedling.core.errors import PermissionDenied, ValidationFailed
from seedling.people.enums import GuardianshipStatus
from seedling.people.models import Child
from seedling.people.records import Benefit
from seedling.people.services import InvalidFile
from seedling.visits import schedule, selectors, services
from seedling.visits.models import CareNeed, RiskChange, UrgentReport, Visit
from seedling.visits.tests.conftest import file_child, visit

# A 低保 household: 困境儿童 by the rules, whatever the village declared (晋政民〔2024〕46号 三（一）).
DIBAO = [Benefit(kind="dibao")]

D = dt.date


def test_a_resubmitted_form_makes_one_visit(actor_of, frozen) -> None:
    actor = actor_of("demo-village")
    child = file_child(actor, risk="high")
    token = uuid.uuid4()
    data = services.VisitInput(client_token=token, visited_on=frozen, mode="home", found="祖母生病")
    first = services.visit_record(actor=actor, child=child, data=data)
    again = services.visit_record(actor=actor, child=child, data=data)
    assert (first.created, again.created, again.visit.pk) == (True, False, first.visit.pk)
    assert Visit.unscoped.filter(child=child).count() == 1
    v = first.visit
    assert (v.division_code, v.risk_at_visit, v.visitor_id, v.found) == (
        child.division_code,
        "high",
        actor.user_id,
        "祖母生病",
    )
    # The same token for another child is refused, not silently answered.
    other = file_child(actor, risk="low", name="林小风")
    with pytest.raises(ValidationFailed) as err:
        services.visit_record(actor=actor, child=other, data=data)
    assert err.value.code == "visit.token"


@pytest.mark.parametrize(
    ("extra", "code"),
    [
        ({"visited_on": D(2025, 7, 1)}, "visit.future"),
        ({"visited_on": D(2016, 5, 19)}, "visit.date"),
        ({"mode": "letter"}, "visit.mode"),
        ({"anomaly": True}, "visit.anomaly_note"),
        ({"follow_up_on": D(2025, 6, 1)}, "visit.follow_up"),
        ({"urgent": ["fire"]}, "visit.urgent"),
    ],
)
def test_visit_is_validated(actor_of, frozen, extra, code) -> None:
    actor = actor_of("demo-village")
    child = file_child(actor, risk="medium")
    values = {"client_token": uuid.uuid4(), "visited_on": frozen, "mode": "home", **extra}
    with pytest.raises(ValidationFailed) as err:
        services.visit_record(actor=actor, child=child, data=services.VisitInput(**values))
    assert err.value.code == code
    assert not Visit.unscoped.filter(child=child).exists()


def test_urgent_findings_raise_reports_on_the_file(actor_of, frozen) -> None:
    actor = actor_of("demo-village")
    child = file_child(actor, risk="medium")
    recorded = visit(
        actor,
        child,
        frozen,
        anomaly=True,
        anomaly_note="情绪低落，已联系学校心理老师",
        urgent=["alone_under_16", "violence", "violence"],
    )
    reports = UrgentReport.unscoped.filter(child=child).order_by("trigger")
    assert [(r.trigger, r.visit_id, r.division_code) for r in reports] == [
        ("alone_under_16", recorded.visit.pk, child.division_code),
        ("violence", recorded.visit.pk, child.division_code),
    ]
    assert recorded.visit.anomaly_note == "情绪低落，已联系学校心理老师"


def test_another_county_cannot_record(actor_of, frozen) -> None:
    child = file_child(actor_of("demo-village"), risk="high")
    with pytest.raises(PermissionDenied):
        visit(actor_of("demo-county-b"), child, frozen)


def test_risk_history_who_when_why(actor_of, frozen) -> None:
    actor = actor_of("demo-village")
    child = file_child(actor, risk="medium", since=None)  # guardianship 一般: suggested 中
    with pytest.raises(ValidationFailed) as err:
        services.risk_set(actor=actor, child=child, level="high")
    assert err.value.code == "risk.reason"
    services.risk_set(actor=actor, child=child, level="medium")  # confirmed, no reason needed
    services.risk_set(actor=actor, child=child, level="high", reason="祖母住院，暂无人照料")
    child.refresh_from_db()
    assert child.risk_level == "high"
    rows = list(RiskChange.unscoped.filter(child=child).order_by("at", "id"))
    assert [(r.level, r.suggested, r.by_id, r.effective_on) for r in rows] == [
        ("medium", "", actor.user_id, frozen),  # filed (the hook)
        ("medium", "medium", actor.user_id, frozen),
        ("high", "medium", actor.user_id, frozen),
    ]
    assert rows[2].reason == "祖母住院，暂无人照料"
    assert child.history.first().risk_level == "high"  # the file's own history too


def test_risk_cannot_drop_below_high_without_a_caregiver(actor_of, frozen) -> None:
    # V-5: a left-behind child without an entrusted caregiver must stay at high risk.
    actor = actor_of("demo-village")
    child = file_child(actor, risk="high", caregiver_kind="none", caregiver_name="", caregiver_phone="")
    with pytest.raises(InvalidFile):
        services.risk_set(actor=actor, child=child, level="low", reason="测试")
    child.refresh_from_db()
    assert child.risk_level == "high"
    assert RiskChange.unscoped.filter(child=child).count() == 1


def test_risk_change_in_the_file_joins_the_history(actor_of, frozen) -> None:
    from seedling.people import services as people_services

    actor = actor_of("demo-village")
    child = file_child(actor, risk="low", since=None)
    people_services.child_set_risk(actor=actor, child=child, level="medium")
    people_services.child_set_risk(actor=actor, child=child, level="medium")  # unchanged: no new row
    assert list(RiskChange.unscoped.filter(child=child).values_list("level", flat=True)) == ["low", "medium"]
    with pytest.raises(ValidationFailed):
        people_services.child_set_risk(actor=actor, child=child, level="severe")


def test_overdue_list_agrees_with_the_schedule(actor_of, frozen) -> None:
    """Children of known schedule states; the worklist holds exactly the non-compliant ones, in order."""
    actor = actor_of("demo-village")
    high_never = file_child(actor, risk="high", name="甲")  # overdue + alarm
    high_may = file_child(actor, risk="high", name="乙")
    visit(actor, high_may, D(2025, 5, 20))  # due in June (met May), but 41 days without: alarm
    medium_june = file_child(actor, risk="medium", name="丙")
    visit(actor, medium_june, D(2025, 6, 2))  # met
    low_ok = file_child(actor, risk="low", name="丁")
    visit(actor, low_ok, D(2025, 4, 10))
    visit(actor, low_ok, D(2025, 6, 3), mode="phone")  # met both
    low_late = file_child(actor, risk="low", name="戊")
    visit(actor, low_late, D(2025, 3, 10))  # Q1 met, no contact in May or June: contact overdue
    new_high = file_child(actor, risk="high", name="己", since=D(2025, 6, 25))  # due, filed this month
    rows = selectors.worklist(actor=actor, as_of=frozen)
    assert [r.child.name for r in rows] == ["甲", "乙", "戊", "己"]
    assert [r.schedule.status for r in rows] == ["overdue", "due", "overdue", "due"]
    assert [r.schedule.alarm for r in rows] == [True, True, False, False]
    assert {r.child.pk for r in selectors.overdue(actor=actor, as_of=frozen)} == {high_never.pk, low_late.pk}
    # Each row is what the pure schedule says for the child's own history.
    for row in rows:
        spans = [
            schedule.RiskSpan(level, on)
            for level, on in RiskChange.unscoped.filter(child=row.child).values_list("level", "effective_on")
        ]
        contacts = [
            schedule.Contact(on, schedule.Mode(m))
            for on, m in Visit.unscoped.filter(child=row.child).values_list("visited_on", "mode")
        ]
        assert schedule.schedule(spans, contacts, as_of=frozen) == row.schedule
    # A home visit today takes 甲 off the overdue list.
    visit(actor, high_never, frozen)
    assert high_never.pk not in {r.child.pk for r in selectors.worklist(actor=actor, as_of=frozen)}
    del medium_june, new_high


def test_sibling_village_sees_none_of_it(actor_of, frozen) -> None:
    file_child(actor_of("demo-village"), risk="high")
    assert selectors.worklist(actor=actor_of("demo-county-b"), as_of=frozen) == []


def test_pairing_coverage_and_care_needs(actor_of, frozen) -> None:
    actor = actor_of("demo-village")
    paired = file_child(actor, risk="medium", name="结对", household_benefits=DIBAO)
    unpaired = file_child(actor, risk="medium", name="未结对", household_benefits=DIBAO)
    file_child(actor, risk="low", name="留守", guardianship_status=GuardianshipStatus.GOOD)
    services.pairing_set(actor=actor, child=paired, name="王老师", phone="13800000009", org="峡山口中学")
    county = selectors.division_for(actor=actor_of("demo-county"), code="360313000000")
    report = selectors.compliance(actor=actor_of("demo-county"), division=county, as_of=frozen)
    assert (report.total.in_difficulty, report.total.paired, report.total.pairing_pct) == (2, 1, 50.0)
    assert [c.pk for c in report.unpaired] == [unpaired.pk]
    township = [u for u in report.units if u.code == "360313001000"]
    assert [(u.in_difficulty, u.paired, u.children) for u in township] == [(2, 1, 3)]
    with pytest.raises(InvalidFile):
        services.pairing_set(actor=actor, child=unpaired, name="李", phone="12")
    services.pairing_set(actor=actor, child=paired, name="")
    assert Child.unscoped.get(pk=paired.pk).pairing_phone == ""

    need = services.care_need_add(actor=actor, child=unpaired, area="study", detail="数学辅导")
    services.care_service_record(actor=actor, need=need, delivered_on=frozen, description="志愿者每周辅导")
    assert CareNeed.unscoped.get(pk=need.pk).met_on is None
    services.care_service_record(
        actor=actor, need=need, delivered_on=frozen, description="期末辅导", provider="团委", met=True
    )
    need.refresh_from_db()
    assert (need.met_on, need.services.count(), need.division_code) == (frozen, 2, unpaired.division_code)
    for bad in ({"area": "x", "detail": "a"}, {"area": "study", "detail": " "}):
        with pytest.raises(ValidationFailed):
            services.care_need_add(actor=actor, child=unpaired, **bad)
    with pytest.raises(ValidationFailed):
        services.care_service_record(actor=actor, need=need, delivered_on=frozen, description="")
    with pytest.raises(ValidationFailed):
        services.care_service_record(actor=actor, need=need, delivered_on=D(2025, 7, 2), description="x")
    with pytest.raises(PermissionDenied):
        services.care_service_record(
            actor=actor_of("demo-county-b"), need=need, delivered_on=frozen, description="x"
        )

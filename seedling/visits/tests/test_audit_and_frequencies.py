"""Audit of care-on-the-ground writes, and the provinces' dated visit frequencies (issue 6 §2)."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest

from seedling.accounts.models import RoleAssignment, User
from seedling.audit.models import AuditEvent
from seedling.core import clock
from seedling.core.errors import PermissionDenied, ValidationFailed
from seedling.regions.models import Division
from seedling.visits import selectors, services
from seedling.visits.models import VisitPolicySetting
from seedling.visits.schedule import Kind, Status
from seedling.visits.tests.conftest import file_child, visit

D = dt.date
URL = "/visits/frequencies/36/"


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

MONTHLY_LOW = {
    "effective_from": "2025-07-01",
    "low_contact_months": "1",
    "low_visit_months": "1",
    "medium_visit_months": "1",
    "high_visit_months": "1",
    "alarm_days": "20",
}


def other_province_staff() -> User:
    Division.unscoped.get_or_create(
        code="430000000000", defaults={"name": "湖南省", "level": 1, "edition": "2023"}
    )
    user = User.objects.create(username="hn-province", full_name="湖南测试")
    RoleAssignment.unscoped.create(
        user=user, role="province_staff", division_id="430000000000", division_code="430000000000"
    )
    return user


def home_months(actor, child, as_of: dt.date) -> tuple[int, Status]:  # type: ignore[no-untyped-def]
    row = selectors.schedules(actor=actor, children=[child], as_of=as_of)[0]
    [home] = [o for o in row.schedule.obligations if o.kind is Kind.HOME_VISIT]
    return home.months, home.status


def test_province_staff_add_a_version_and_schedules_follow_it_from_its_date(
    actor_of, client_of, frozen
) -> None:
    village = actor_of("demo-village")
    child = file_child(village, risk="low")
    visit(village, child, D(2025, 5, 10))  # the second quarter's home visit
    client = client_of("demo-province")
    page = client.get(URL)
    assert page.status_code == 200 and 'name="low_visit_months"' in page.content.decode()
    assert page.context["form"].initial["low_visit_months"] == 3  # seed 002's default is offered

    response = client.post(URL, MONTHLY_LOW)
    assert response.status_code == 302 and response["Location"] == URL
    row = VisitPolicySetting.objects.get(province_code="36")
    assert (row.effective_from, row.low_visit_months, row.alarm_days) == (D(2025, 7, 1), 1, 20)
    [event] = AuditEvent.unscoped.filter(action="visit_policy_changed")
    assert (event.division_code, event.detail["low_visit_months"], event.detail["effective_from"]) == (
        "36",
        1,
        "2025-07-01",
    )

    # Today the old version (quarterly) still applies; from 1 July a home visit every month.
    assert home_months(village, child, frozen) == (3, Status.MET)
    # June began under the quarterly rule: missing it does not make the child overdue in July.
    assert home_months(village, child, D(2025, 7, 10)) == (1, Status.DUE)
    with clock.freeze(dt.datetime(2025, 7, 3, 9, tzinfo=clock.SEEDLING_TZ)):
        visit(village, child, D(2025, 7, 2))
    assert home_months(village, child, D(2025, 7, 31)) == (1, Status.MET)
    assert home_months(village, child, D(2025, 9, 2)) == (1, Status.OVERDUE)  # August missed

    listed = client.get(URL).content.decode()
    assert 'data-version="2025-07-01"' in listed and "20" in listed


def test_frequencies_are_validated_at_the_field(client_of, frozen) -> None:
    client = client_of("demo-province")
    cases = [
        ({"low_visit_months": "5"}, "low_visit_months"),
        ({"medium_visit_months": "6"}, "medium_visit_months"),  # medium less often than low
        ({"alarm_days": "0"}, "alarm_days"),
        ({"low_contact_months": "-1"}, "low_contact_months"),
        ({"effective_from": "2025-06-01"}, "effective_from"),  # before today
    ]
    for change, field in cases:
        response = client.post(URL, {**MONTHLY_LOW, **change})
        assert response.status_code == 200, change
        assert list(response.context["form"].errors) == [field], change
        assert 'class="error" role="alert"' in response.content.decode()
    assert not VisitPolicySetting.objects.exists()
    assert not AuditEvent.unscoped.filter(action="visit_policy_changed").exists()


def test_others_may_read_but_not_change_the_frequencies(client_of, frozen) -> None:
    county = client_of("demo-county")
    page = county.get(URL)
    assert page.status_code == 200 and page.context["form"] is None
    assert county.post(URL, MONTHLY_LOW).status_code == 403
    assert client_of("demo-city").post(URL, MONTHLY_LOW).status_code == 403
    assert client_of("demo-village").get(URL).status_code == 403  # county and above only
    outsider = client_of("demo-county")  # reset below to another province's staff
    outsider.force_login(other_province_staff())
    assert outsider.get(URL).status_code == 404
    assert outsider.post(URL, MONTHLY_LOW).status_code == 404
    assert outsider.get("/visits/frequencies/").status_code == 302  # to its own province
    assert client_of("demo-province").get("/visits/frequencies/xx/").status_code == 404
    assert not VisitPolicySetting.objects.exists()


def test_only_the_provinces_own_staff_may_set_through_the_service(actor_of, frozen) -> None:
    values = services.Frequencies(1, 3, 1, 1, 30)
    for name in ("demo-county", "demo-city"):
        with pytest.raises(PermissionDenied):
            services.visit_policy_set(
                actor=actor_of(name), province_code="36", effective_from=frozen, frequencies=values
            )
    province = actor_of("demo-province")
    with pytest.raises(PermissionDenied):
        services.visit_policy_set(
            actor=province, province_code="43", effective_from=frozen, frequencies=values
        )
    first = services.visit_policy_set(
        actor=province, province_code="36", effective_from=frozen, frequencies=values
    )
    again = services.visit_policy_set(
        actor=province,
        province_code="36",
        effective_from=frozen,
        frequencies=services.Frequencies(1, 2, 1, 1, 30),
    )
    # A second version on the same day replaces the first; both changes are audited.
    assert first.pk == again.pk and VisitPolicySetting.objects.get().low_visit_months == 2
    changes = AuditEvent.unscoped.filter(action="visit_policy_changed").order_by("id")
    assert [e.detail["created"] for e in changes] == [True, False]

"""The visit pages through HTTP: scope, one visit per form, compliance against a direct count (and the
API saying the same), the provinces' visit frequencies."""

from __future__ import annotations

import datetime as dt
import re
import uuid

import pytest

from seedling.accounts.models import RoleAssignment, User
from seedling.audit.models import AuditEvent
from seedling.core import clock
from seedling.people.enums import FileStatus
from seedling.people.models import Child
from seedling.people.records import Benefit
from seedling.policies.models import ProvincePolicy
from seedling.regions.models import Division
from seedling.visits import schedule, selectors
from seedling.visits.models import CareNeed, RiskChange, Visit
from seedling.visits.schedule import Kind, Status
from seedling.visits.tests.conftest import file_child, visit
from seedling.workforce.tests.test_api import api

# A 低保 household: 困境儿童 by the rules, whatever the village declared (晋政民〔2024〕46号 三（一）).
DIBAO = [Benefit(kind="dibao")]

D = dt.date


def test_worklist_page_and_one_visit_per_form(actor_of, client_of, frozen) -> None:
    actor = actor_of("demo-village")
    child = file_child(actor, risk="high", name="林小雨")
    client = client_of("demo-village")
    page = client.get("/visits/")
    assert page.status_code == 200
    html = page.content.decode()
    assert f'data-child="{child.pk}"' in html and 'data-status="overdue"' in html
    form = client.get(f"/visits/child/{child.pk}/new/")
    token = re.search(r'name="client_token" value="([0-9a-f-]{36})"', form.content.decode()).group(1)
    post = {"client_token": token, "mode": "home", "visited_on": "2025-06-30", "found": "一切正常"}
    first = client.post(f"/visits/child/{child.pk}/new/", post)
    second = client.post(f"/visits/child/{child.pk}/new/", post)  # the double tap / the resend
    assert first.status_code == second.status_code == 302
    assert first["Location"] == f"/visits/?saved={token}"
    assert Visit.unscoped.filter(child=child).count() == 1
    assert f'data-child="{child.pk}"' not in client.get("/visits/").content.decode()
    # Errors are shown on the form, nothing is written.
    bad = client.post(
        f"/visits/child/{child.pk}/new/",
        {"client_token": str(uuid.uuid4()), "mode": "home", "visited_on": "2025-06-30", "anomaly": "on"},
    )
    assert bad.status_code == 200 and "anomaly_note" in bad.content.decode()
    assert Visit.unscoped.filter(child=child).count() == 1


def test_child_page_is_audited_and_scoped(actor_of, client_of, frozen) -> None:
    child = file_child(actor_of("demo-village"), risk="medium")
    before = AuditEvent.unscoped.filter(subject_id=str(child.pk), action="file_viewed").count()
    assert client_of("demo-township").get(f"/visits/child/{child.pk}/").status_code == 200
    assert AuditEvent.unscoped.filter(subject_id=str(child.pk), action="file_viewed").count() == before + 1
    stranger = client_of("demo-county-b")
    assert stranger.get(f"/visits/child/{child.pk}/").status_code == 404
    assert stranger.get(f"/visits/child/{child.pk}/new/").status_code == 404
    assert stranger.post(f"/visits/child/{child.pk}/risk/", {"level": "low"}).status_code == 404
    assert client_of("demo-auditor").get("/visits/").status_code == 403


def test_risk_pairing_and_needs_through_the_page(actor_of, client_of, frozen) -> None:
    child = file_child(actor_of("demo-village"), risk="medium", since=None)
    client = client_of("demo-village")
    url = f"/visits/child/{child.pk}/"
    assert client.post(url + "risk/", {"level": "high"}).status_code == 302  # refused: no reason
    assert Child.unscoped.get(pk=child.pk).risk_level == "medium"
    client.post(url + "risk/", {"level": "high", "reason": "父母失联"})
    assert Child.unscoped.get(pk=child.pk).risk_level == "high"
    assert RiskChange.unscoped.filter(child=child).count() == 2
    client.post(url + "pairing/", {"name": "王老师", "phone": "13800000009", "org": "峡山口中学"})
    assert Child.unscoped.get(pk=child.pk).pairing_org == "峡山口中学"
    refused = client.post(url + "pairing/", {"name": "王" * 51, "org": "别的单位"}, follow=True)
    assert "结对人员：" in refused.content.decode() and "50" in refused.content.decode()
    assert Child.unscoped.get(pk=child.pk).pairing_org == "峡山口中学"  # nothing half-saved
    client.post(url + "needs/", {"area": "psychology", "detail": "心理疏导"})
    need = CareNeed.unscoped.get(child=child)
    client.post(
        f"/visits/needs/{need.pk}/service/",
        {"delivered_on": "2025-06-30", "description": "心理老师谈话", "met": "on"},
    )
    html = client.get(url).content.decode()
    assert "父母失联" in html and "心理疏导" in html and "心理老师谈话" in html and "王老师" in html


def _direct_count(prefix: str, as_of: dt.date) -> dict[str, dict[str, int]]:
    """Compliance by tier counted straight from the tables, child by child, with the pure schedule."""
    adult = D(as_of.year - 18, as_of.month, 1)
    counts = {
        level: {"children": 0, "compliant": 0, "due": 0, "overdue": 0, "alarms": 0}
        for level in schedule.Level
    }
    for child in Child.unscoped.filter(
        division_code__startswith=prefix, died_on__isnull=True, birth_date__gt=adult
    ).exclude(status=FileStatus.MERGED):
        spans = [
            schedule.RiskSpan(lv, on)
            for lv, on in RiskChange.unscoped.filter(child=child)
            .order_by("at", "id")
            .values_list("level", "effective_on")
        ]
        contacts = [
            schedule.Contact(on, schedule.Mode(m))
            for on, m in Visit.unscoped.filter(child=child).values_list("visited_on", "mode")
        ]
        s = schedule.schedule(spans, contacts, as_of=as_of)
        c = counts[s.level]
        c["children"] += 1
        c[{"met": "compliant", "due": "due", "overdue": "overdue"}[s.status]] += 1
        c["alarms"] += s.alarm
    return counts


def test_county_page_figures_agree_with_a_direct_count(actor_of, client_of, frozen) -> None:
    village = actor_of("demo-village")
    a = file_child(village, risk="high", name="甲", household_benefits=DIBAO)
    b = file_child(village, risk="high", name="乙")
    visit(village, b, D(2025, 6, 20))
    c = file_child(village, risk="medium", name="丙", household_benefits=DIBAO)
    visit(village, c, D(2025, 5, 20))
    d = file_child(village, risk="low", name="丁")
    visit(village, d, D(2025, 4, 1))
    visit(village, d, D(2025, 6, 1), mode="wechat")
    e = file_child(village, risk="low", name="戊", household_benefits=DIBAO)
    from seedling.visits import services

    services.pairing_set(actor=village, child=e, name="王老师", phone="13800000009", org="团委")
    file_child(actor_of("demo-county-b"), risk="high", name="外县", division_code="360302001001")
    html = client_of("demo-county").get("/visits/compliance/360313000000/").content.decode()
    direct = _direct_count("360313", frozen)
    for level, figures in direct.items():
        row = re.search(rf'<tr data-tier="{level}">(.*?)</tr>', html, re.S).group(1)
        shown = {k: int(v) for k, v in re.findall(r'data-k="(\w+)">(\d+)<', row)}
        assert shown == figures, level
    assert direct["high"] == {"children": 2, "compliant": 1, "due": 0, "overdue": 1, "alarms": 1}
    in_difficulty = Child.unscoped.filter(
        division_code__startswith="360313", determination__categories__contains=",in_difficulty,"
    )
    assert f'data-k="in_difficulty">{in_difficulty.count()}<' in html
    assert f'data-k="paired">{in_difficulty.exclude(pairing_name="").count()}<' in html
    assert "甲" in re.search(r'id="unpaired">(.*?)</ul>', html, re.S).group(1)
    assert "甲" in re.search(r'id="alarms">(.*?)</section>', html, re.S).group(1)  # flagged up the line
    # The API says the same.
    body = api("demo-county").get("/api/v1/visits/compliance/360313000000").json()
    assert {t["level"]: {k: t[k] for k in direct["low"]} for t in body["tiers"]} == direct
    assert (body["alarm_ids"], sorted(body["unpaired_ids"])) == ([a.pk], sorted([a.pk, c.pk]))
    # The township and the city see the same alarm.
    for code, who in (("360313001000", "demo-township"), ("360300000000", "demo-city")):
        page = client_of(who).get(f"/visits/compliance/{code}/").content.decode()
        assert "甲" in re.search(r'id="alarms">(.*?)</section>', page, re.S).group(1), who
    assert client_of("demo-county-b").get("/visits/compliance/360313000000/").status_code == 404


@pytest.mark.parametrize("path", ["/visits/", "/visits/compliance/"])
def test_pages_fit_a_phone_without_error(client_of, path) -> None:
    response = client_of("demo-village").get(path, follow=True)
    assert response.status_code == 200


def test_a_small_forms_errors_read_with_their_labels() -> None:
    from django import forms

    from seedling.web.forms import field_errors

    class Form(forms.Form):
        name = forms.CharField(label="结对人员", max_length=2)

        def clean(self):  # type: ignore[no-untyped-def]
            raise forms.ValidationError("整张表有误")

    form = Form({"name": "王老师"})
    assert not form.is_valid()
    message = field_errors(form)
    assert message.startswith("结对人员：") and "2" in message
    assert message.endswith("；整张表有误")  # an error of the whole form, without a label


# --- provincial visit frequencies ------------------------------------------------------------------

FREQUENCIES = "/visits/frequencies/36/"
MONTHLY_LOW = {
    "effective_from": "2025-07-01",
    "low_contact_months": "1",
    "low_visit_months": "1",
    "medium_visit_months": "1",
    "high_visit_months": "1",
    "alarm_days": "20",
}


def stored_frequencies() -> list[ProvincePolicy]:
    return list(ProvincePolicy.objects.filter(kind="visit_frequencies"))


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
    page = client.get(FREQUENCIES)
    assert page.status_code == 200 and 'name="low_visit_months"' in page.content.decode()
    assert page.context["form"].initial["low_visit_months"] == 3  # 晋政民〔2024〕46号's default is offered

    response = client.post(FREQUENCIES, MONTHLY_LOW)
    assert response.status_code == 302 and response["Location"] == FREQUENCIES
    [row] = stored_frequencies()
    assert (row.province_code, row.effective_from) == ("36", D(2025, 7, 1))
    assert (row.params["low_visit_months"], row.params["alarm_days"]) == (1, 20)
    [event] = AuditEvent.unscoped.filter(action="visit_policy_changed")
    assert (
        event.division_code,
        event.detail["params"]["low_visit_months"],
        event.detail["effective_from"],
    ) == (
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

    listed = client.get(FREQUENCIES).content.decode()
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
        response = client.post(FREQUENCIES, {**MONTHLY_LOW, **change})
        assert response.status_code == 200, change
        assert list(response.context["form"].errors) == [field], change
        assert 'class="error" role="alert"' in response.content.decode()
    assert not stored_frequencies()
    assert not AuditEvent.unscoped.filter(action="visit_policy_changed").exists()


def test_others_may_read_but_not_change_the_frequencies(client_of, frozen) -> None:
    county = client_of("demo-county")
    page = county.get(FREQUENCIES)
    assert page.status_code == 200 and page.context["form"] is None
    assert county.post(FREQUENCIES, MONTHLY_LOW).status_code == 403
    assert client_of("demo-city").post(FREQUENCIES, MONTHLY_LOW).status_code == 403
    assert client_of("demo-village").get(FREQUENCIES).status_code == 403  # county and above only
    outsider = client_of("demo-county")  # reset below to another province's staff
    outsider.force_login(other_province_staff())
    assert outsider.get(FREQUENCIES).status_code == 404
    assert outsider.post(FREQUENCIES, MONTHLY_LOW).status_code == 404
    assert outsider.get("/visits/frequencies/").status_code == 302  # to its own province
    assert client_of("demo-province").get("/visits/frequencies/xx/").status_code == 404
    assert not stored_frequencies()

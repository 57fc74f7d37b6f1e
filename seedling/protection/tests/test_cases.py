"""Reports and cases through the services and selectors: scope, clocks, escalation, concurrency,
sealed details, audit."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.http import Http404

from seedling.audit.models import AuditEvent
from seedling.core import clock
from seedling.core.errors import PermissionDenied, StaleEdit, ValidationFailed
from seedling.protection import selectors, services
from seedling.protection.models import Case
from seedling.protection.tests.conftest import child, report
from seedling.visits.tests.conftest import visit

TODAY = dt.date(2026, 9, 25)


def step(actor, case, kind, version=None, **kw):
    data = services.StepInput(kind=kind, done_on=kw.pop("done_on", TODAY), **kw)
    return services.case_step(actor=actor, case=case, data=data, version=version)


def test_village_report_reaches_township_and_county_at_once_not_county_b(actor_of, frozen) -> None:
    village = actor_of("demo-village")
    kid = child(village)
    raised = report(village, child=kid)
    case = raised.case
    assert raised.created and case.urgency == "immediate" and case.division_code == kid.division_code
    assert case.number.startswith("360313-20260925-")
    for who in ("demo-township", "demo-county", "demo-village"):
        rows = selectors.todo(actor_of(who), as_of=TODAY)
        assert [r.case.pk for r in rows] == [case.pk], who
        # The police step is owed and overdue at once.
        assert next((o.step, o.overdue) for o in rows[0].owed) == ("police", True)
    assert selectors.todo(actor_of("demo-county-b"), as_of=TODAY) == []
    with pytest.raises(Http404):
        selectors.case_page(actor=actor_of("demo-county-b"), case_id=case.pk, as_of=TODAY)
    # The same form sent twice opens one case.
    again = services.report_raise(
        actor=village,
        data=services.ReportInput(
            client_token=case.client_token, trigger="alone", seen_at=clock.now(), child=kid
        ),
    )
    assert (again.created, again.case.pk) == (False, case.pk)


def test_the_case_path_with_its_timeline(actor_of, frozen) -> None:
    village, county = actor_of("demo-village"), actor_of("demo-county")
    kid = child(village)
    case = report(village, child=kid).case
    with pytest.raises(PermissionDenied):  # a village director reports; the township and county work the case
        step(village, case, "emergency", safe=True)
    with pytest.raises(ValidationFailed) as missing:
        step(county, case, "police", police_at=clock.now(), police_station="峡山口派出所")
    assert missing.value.code == "step.record"
    step(
        county,
        case,
        "police",
        version=1,
        police_at=clock.now(),
        police_station="峡山口派出所",
        police_record="JCJ-2026-0925-17",
    )
    step(county, case, "emergency", version=2, safe=True, narrative="民警与督导员上门，孩子安全")
    step(county, case, "placement", version=3, placement="kin", where="姑姑家", carer="林某某（姑姑）")
    with pytest.raises(ValidationFailed) as partial:
        step(county, case, "assessment", version=4, areas={"safety": "安全"}, risk="high")
    assert partial.value.code == "step.areas"
    areas = dict.fromkeys(services.ASSESSMENT_AREAS, "已评估")
    step(county, case, "assessment", version=4, areas=areas, risk="high")
    kid.refresh_from_db()
    assert kid.risk_level == "high"  # the conclusion feeds the file's risk level
    ref = step(county, case, "referral", version=5, body="education", narrative="请学校安排寄宿")
    assert ref.due_on == dt.date(2026, 10, 15)  # 10 working days across 国庆
    services.referral_reply(actor=county, step=ref, replied_on=TODAY, reply="已安排寄宿", version=6)
    step(county, case, "closure", version=7, outcome="已落实委托照护，结案")
    case.refresh_from_db()
    assert case.status == "closed" and case.version == 8
    page = selectors.case_page(actor=county, case_id=case.pk, as_of=TODAY)
    assert [s.raw.kind for s in page.steps] == [
        "police",
        "emergency",
        "placement",
        "assessment",
        "referral",
        "closure",
    ]
    assert page.owed == []
    assert page.raw.police_record == "JCJ-2026-0925-17"
    assert selectors.todo(county, as_of=TODAY) == []
    with pytest.raises(ValidationFailed):
        step(county, case, "follow_up", version=8, narrative="回访")


def test_a_stale_step_is_refused(actor_of, frozen) -> None:
    county = actor_of("demo-county")
    case = report(actor_of("demo-village"), child=child(actor_of("demo-village"))).case
    step(county, case, "emergency", version=1, safe=True)
    with pytest.raises(StaleEdit) as stale:
        step(actor_of("demo-township"), case, "plan", version=1, narrative="旧页面提交")
    assert stale.value.code == "protection.stale"


def test_overdue_step_escalates_one_level_up(actor_of, frozen) -> None:
    village = actor_of("demo-village")
    case = report(village, child=child(village), trigger="out_of_school").case
    township, county = actor_of("demo-township"), actor_of("demo-county")
    # Routine: the township's; the county does not hold it while nothing is overdue.
    assert [r.case.pk for r in selectors.todo(township, as_of=TODAY)] == [case.pk]
    assert selectors.todo(county, as_of=TODAY) == []
    late = dt.date(2026, 10, 8)  # due 9-30 (3 working days), so overdue on 10-08
    rows = selectors.todo(county, as_of=late)
    assert [(r.case.pk, r.overdue, r.escalated) for r in rows] == [(case.pk, True, True)]
    assert [r.case.pk for r in selectors.todo(county, as_of=late, overdue_only=True)] == [case.pk]


def test_hotline_report_callback_or_anonymous(actor_of, frozen) -> None:
    county = actor_of("demo-county")
    base = {"source": "hotline", "child_described": "约8岁男孩，常在桥下", "division_code": "360313001001"}
    with pytest.raises(ValidationFailed) as no_number:
        report(county, **base)
    assert no_number.value.code == "report.callback"
    with pytest.raises(ValidationFailed):
        report(county, **base, callback_phone="12")
    ok = report(county, **base, caller_name="王女士", callback_phone="13907990001").case
    anon = report(county, **base, anonymous=True, caller_name="不应保存").case
    assert (ok.callback_phone, anon.caller_name, anon.anonymous) == ("13907990001", "", True)
    with pytest.raises(ValidationFailed) as nobody:
        report(county, trigger="missing")
    assert nobody.value.code == "report.child"
    with pytest.raises(ValidationFailed):
        report(county, trigger="nonsense", child_described="x", division_code="360313001001")
    with pytest.raises(PermissionDenied):  # a place outside the reporter's area
        report(actor_of("demo-county-b"), **base, anonymous=True)


def test_visit_flag_opens_a_case(actor_of, frozen) -> None:
    village = actor_of("demo-village")
    kid = child(village)
    visit(village, kid, TODAY, urgent=["alone_under_16", "violence"], found="孩子一个人在家")
    cases = list(Case.unscoped.filter(child=kid).order_by("id"))
    assert [(c.trigger, c.source) for c in cases] == [("alone", "visit"), ("domestic_violence", "visit")]
    assert cases[0].seen == "孩子一个人在家"
    assert list(selectors.unrouted_flags(village)) == []


def test_sealed_details_only_on_the_case_page_for_case_roles(actor_of, frozen) -> None:
    village = actor_of("demo-village")
    case = report(village, child=child(village), seen="身上多处淤青").case
    step(actor_of("demo-county"), case, "emergency", version=1, safe=True, narrative="父亲酗酒后殴打")
    county_page = selectors.case_page(actor=actor_of("demo-county"), case_id=case.pk, as_of=TODAY)
    assert county_page.case.seen == "身上多处淤青"
    assert county_page.steps[0].narrative == "父亲酗酒后殴打"
    city_page = selectors.case_page(actor=actor_of("demo-city"), case_id=case.pk, as_of=TODAY)
    assert str(city_page.case.seen) == "Restricted to case workers" or "仅限" in str(city_page.case.seen)
    assert "父亲" not in str(city_page.steps[0].narrative)
    # The reads are audited, who and which case.
    reads = AuditEvent.unscoped.filter(action="case_viewed", subject_id=str(case.pk))
    assert sorted(reads.values_list("actor_username", flat=True)) == ["demo-city", "demo-county"]
    # No detail in the audit log either.
    assert not AuditEvent.unscoped.filter(detail__icontains="淤青").exists()
    assert not AuditEvent.unscoped.filter(detail__icontains="酗酒").exists()


def test_township_cannot_see_another_townships_cases(actor_of, frozen) -> None:
    county = actor_of("demo-county")
    # A child found in another township of the same county (湘东区 360313, not 峡山口街道 360313001).
    other = report(
        county, child_described="女孩", division_code="360313100001", anonymous=True, source="hotline"
    )
    mine = report(actor_of("demo-village"), child=child(actor_of("demo-village"))).case
    township = actor_of("demo-township")
    assert [r.case.pk for r in selectors.todo(township, as_of=TODAY)] == [mine.pk]
    with pytest.raises(Http404):
        selectors.case_get(actor=township, case_id=other.case.pk)
    assert other.case.pk in [r.case.pk for r in selectors.todo(county, as_of=TODAY)]


def test_future_time_refused(actor_of, frozen) -> None:
    village = actor_of("demo-village")
    with pytest.raises(ValidationFailed) as future:
        report(village, child=child(village), seen_at=clock.now() + dt.timedelta(days=1))
    assert future.value.code == "report.future"
    assert uuid  # keep the import honest


def test_reveal_is_purpose_bound_audited_and_expires(actor_of, frozen) -> None:
    village = actor_of("demo-village")
    case = report(village, child=child(village), seen="身上多处淤青").case
    city = actor_of("demo-city")
    page = selectors.case_page(actor=city, case_id=case.pk, as_of=TODAY)
    assert page.sealed and "淤青" not in str(page.case.seen)
    with pytest.raises(ValidationFailed) as no_reason:
        services.case_reveal(actor=city, case=case, reason=" ")
    assert no_reason.value.code == "reveal.reason"
    with pytest.raises(PermissionDenied):  # the auditor reads the log, never a case
        services.case_reveal(actor=actor_of("demo-auditor"), case=case, reason="抽查")
    grant = services.case_reveal(actor=city, case=case, reason="市级督办逾期个案")
    opened = selectors.case_page(actor=city, case_id=case.pk, as_of=TODAY)
    assert (opened.sealed, opened.case.seen, opened.revealed_until) == (False, "身上多处淤青", grant.until)
    assert not AuditEvent.unscoped.filter(detail__icontains="淤青").exists()
    # The auditor of the county sees the reveal in the audit log of the area.
    from seedling.access import visible_to

    seen = visible_to(actor_of("demo-auditor"), AuditEvent).filter(
        action="value_revealed", subject_type="case"
    )
    assert [(e.actor_username, e.detail["reason"]) for e in seen] == [("demo-city", "市级督办逾期个案")]
    # Thirty minutes later the details are sealed again.
    with clock.freeze(clock.now() + dt.timedelta(minutes=31)):
        later = selectors.case_page(actor=city, case_id=case.pk, as_of=TODAY)
    assert later.sealed and "淤青" not in str(later.case.seen)
    # The reveal is the city's alone.
    assert selectors.case_page(actor=actor_of("demo-province"), case_id=case.pk, as_of=TODAY).sealed

"""The orphan / de facto unsupported application: lodge, township verification, county decision in
writing, time limits in working days, allowance months, cross-province forwarding, concurrency."""

from __future__ import annotations

import datetime as dt

import pytest

from seedling.audit.models import AuditEvent
from seedling.core import clock
from seedling.core.errors import PermissionDenied, StaleEdit, ValidationFailed
from seedling.people.records import ParentRecord, SituationRecord
from seedling.protection import enums, selectors, services
from seedling.protection.tests.conftest import child
from seedling.registries.models import Membership

D = dt.date


def _orphan() -> dict:
    dead = [SituationRecord(kind="dead", since=D(2022, 1, 1))]
    return dict(
        father=ParentRecord(role="father", name="林建国", situations=dead),
        mother=ParentRecord(role="mother", name="王秀英", situations=list(dead)),
        caregiver_reason="",
        declared_categories=["orphan"],
    )


def _at(day: D):
    return clock.freeze(dt.datetime(day.year, day.month, day.day, 10, tzinfo=clock.SEEDLING_TZ))


def lodge(actor, **kw) -> services.Application:
    data = dict(
        category="orphan", applicant_kind="relative", applicant_name="林某", complete_on=clock.today()
    )
    data.update(kw)
    return services.application_lodge(actor=actor, data=services.ApplicationInput(**data))


def test_orphan_application_from_request_to_allowance(actor_of) -> None:
    village, township, county = actor_of("demo-village"), actor_of("demo-township"), actor_of("demo-county")
    with _at(D(2026, 9, 29)):  # just before 国庆
        kid = child(village, **_orphan())
        assert Membership.unscoped.get(child=kid, category="orphan").status == "suggested"
        app = lodge(village, child=kid, applicant_kind="village", applicant_name="新街居委会")
        assert (app.status, app.division_code, app.cross_province) == ("verifying", "360313001000", False)
        page = selectors.application_page(actor=county, app_id=app.pk, as_of=clock.today())
        assert page.due.verify_due == D(2026, 10, 19)
    with _at(D(2026, 10, 9)):
        with pytest.raises(PermissionDenied):  # the township verifies, not the county
            services.application_verify(
                actor=county, app=app, on=clock.today(), materials="x", conclusion="y", passed=True, version=1
            )
        with pytest.raises(ValidationFailed) as no_conclusion:
            services.application_verify(
                actor=township,
                app=app,
                on=clock.today(),
                materials="死亡证明",
                conclusion=" ",
                passed=True,
                version=1,
            )
        assert no_conclusion.value.code == "app.conclusion"
        app = services.application_verify(
            actor=township,
            app=app,
            on=clock.today(),
            materials="父母死亡证明、户口注销证明",
            conclusion="经数据比对和入户调查，父母均已死亡",
            passed=True,
            version=1,
        )
        assert selectors.application_page(
            actor=county, app_id=app.pk, as_of=clock.today()
        ).due.confirm_due == D(2026, 10, 15)
    with _at(D(2026, 10, 14)):
        with pytest.raises(StaleEdit) as stale:
            services.application_decide(
                actor=county, app=app, confirm=True, reason="符合", on=clock.today(), version=1
            )
        assert stale.value.code == "protection.stale"
        with pytest.raises(PermissionDenied):
            services.application_decide(
                actor=actor_of("demo-county-b"),
                app=app,
                confirm=True,
                reason="x",
                on=clock.today(),
                version=2,
            )
        app = services.application_decide(
            actor=county,
            app=app,
            confirm=True,
            reason="父母双亡，符合孤儿认定条件",
            on=clock.today(),
            version=2,
        )
    assert app.status == "confirmed"
    # The county confirmation queue's last step: the suggested episode is now on the roll.
    assert Membership.unscoped.get(child=kid, category="orphan").status == "active"
    with _at(D(2027, 3, 5)):
        app = services.application_change(
            actor=county, app=app, changed_on=D(2027, 3, 5), note="被收养", version=3
        )
        page = selectors.application_page(actor=county, app_id=app.pk, as_of=clock.today())
    assert (page.due.benefit_from, page.due.benefit_to) == (D(2026, 11, 1), D(2027, 3, 1))
    assert page.months == ["2026-11", "2026-12", "2027-01", "2027-02", "2027-03"]
    steps = AuditEvent.unscoped.filter(subject_type="application", subject_id=str(app.pk))
    assert list(
        steps.filter(action="application_step").order_by("at", "id").values_list("detail__step", flat=True)
    ) == [
        "verified",
        "confirmed",
        "ended",
    ]
    assert steps.filter(action="file_viewed").count() == 3  # every read of the application


def test_refusal_needs_written_reasons(actor_of) -> None:
    village, township, county = actor_of("demo-village"), actor_of("demo-township"), actor_of("demo-county")
    with _at(D(2026, 2, 12)):  # just before 春节
        kid = child(village, **_orphan())
        app = lodge(township, child=kid)
    with _at(D(2026, 2, 13)):
        app = services.application_verify(
            actor=township,
            app=app,
            on=D(2026, 2, 13),
            materials="证明",
            conclusion="母亲下落不明未满期限",
            passed=False,
            version=1,
        )
        page = selectors.application_page(actor=county, app_id=app.pk, as_of=clock.today())
        assert (page.due.verify_due, page.due.confirm_due) == (D(2026, 3, 4), D(2026, 2, 27))
    with _at(D(2026, 2, 26)):
        for blank in ("", "   "):
            with pytest.raises(ValidationFailed) as refused:
                services.application_decide(
                    actor=county, app=app, confirm=False, reason=blank, on=clock.today(), version=2
                )
            assert refused.value.code == "app.reason"
        app = services.application_decide(
            actor=county, app=app, confirm=False, reason="查验结论：不符合条件", on=clock.today(), version=2
        )
    assert app.status == "refused" and app.decision_reason == "查验结论：不符合条件"
    assert Membership.unscoped.get(child=kid, category="orphan").status == "rejected"
    assert selectors.application_page(actor=county, app_id=app.pk, as_of=D(2026, 3, 1)).months == []


def test_confirmation_needs_the_engines_facts(actor_of) -> None:
    village, township, county = actor_of("demo-village"), actor_of("demo-township"), actor_of("demo-county")
    with _at(D(2026, 9, 29)):
        kid = child(village)  # a left-behind child: parents away for work, not an orphan
        app = lodge(township, child=kid, category="de_facto_unsupported")
        app = services.application_verify(
            actor=township, app=app, on=clock.today(), materials="m", conclusion="c", passed=True, version=1
        )
        with pytest.raises(ValidationFailed) as not_eligible:
            services.application_decide(
                actor=county, app=app, confirm=True, reason="同意", on=clock.today(), version=2
            )
    assert not_eligible.value.code == "app.not_eligible"


def test_cross_province_application_is_forwarded(actor_of) -> None:
    township = actor_of("demo-township")
    with _at(D(2026, 9, 29)):
        # Received in 峡山口街道 (Jiangxi) for a child registered in a township of another province.
        with pytest.raises(ValidationFailed) as wrong_place:
            lodge(township, child_name="张小明", hukou_code="360302001000", received_code="360313001000")
        assert wrong_place.value.code == "app.not_hukou"
        app = lodge(township, child_name="张小明", hukou_code="430102001000", received_code="360313001000")
        assert (app.status, app.cross_province, app.division_code) == ("received", True, "430102001000")
        page = selectors.application_page(actor=township, app_id=app.pk, as_of=clock.today())
        assert page.due.forward_due == D(2026, 10, 9) and page.due.verify_due is None
    with _at(D(2026, 9, 30)):
        app = services.application_forward(actor=township, app=app, on=D(2026, 9, 30), version=1)
        page = selectors.application_page(actor=township, app_id=app.pk, as_of=clock.today())
    assert app.status == enums.AppStatus.VERIFYING
    assert page.due.verify_due == D(2026, 10, 27)  # 15 working days for a cross-province application
    # The hukou township (another province) would verify; demo accounts there have none: the receiving
    # township still sees the application it forwarded, and the other county of Jiangxi does not.
    assert [a.pk for a in selectors.applications(actor=township)] == [app.pk]
    assert selectors.applications(actor=actor_of("demo-county-b")) == []


def test_bad_input_is_a_message(actor_of) -> None:
    township = actor_of("demo-township")
    with _at(D(2026, 9, 29)):
        for kw, code in [
            ({"category": "x"}, "app.category"),
            ({"applicant_kind": "x"}, "app.applicant"),
            ({"applicant_name": " "}, "app.applicant_name"),
            ({"complete_on": D(2026, 10, 1)}, "app.future"),
            ({"child_name": "", "hukou_code": ""}, "app.child"),
            ({"child_name": "某", "hukou_code": "12"}, "app.hukou"),
            (
                {
                    "child_name": "某",
                    "hukou_code": "430102001000",
                    "received_code": "360313001000",
                    "applicant_phone": "12",
                },
                "phone.format",
            ),
        ]:
            with pytest.raises(ValidationFailed) as bad:
                lodge(township, **kw)
            assert bad.value.code == code, kw

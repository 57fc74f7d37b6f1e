"""Workforce writes: registration, posts and their history, accounts, training, certificates,
evaluations. Synthetic people on the real divisions of 湘东区."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from seedling.accounts.models import User
from seedling.audit.models import AuditEvent
from seedling.core import identity
from seedling.core.errors import PermissionDenied, ValidationFailed
from seedling.regions.models import Division
from seedling.workforce import selectors, services
from seedling.workforce.models import Appointment, Certificate, TrainingAttendance, Worker
from seedling.workforce.tests.factories import id_number, register

pytestmark = pytest.mark.django_db

XINJIE = "360313001001"  # 新街居委会 (demo-village's village)
SIBLING = "360313001003"
XIASHANKOU = "360313001000"  # 峡山口街道
OTHER_TOWNSHIP_VILLAGE = "360313101003"  # 浏市居委会, 湘东镇
ANYUAN_VILLAGE = "360302001001"


def div(code: str) -> Division:
    return Division.unscoped.get(code=code)


def test_register_a_director(actor_of, frozen) -> None:
    county = actor_of("demo-county")
    worker = register(county, 1, XINJIE, phone="138 1234 5678")
    assert (worker.sex, worker.birth_date, worker.phone, worker.division_code) == (
        "女",
        date(1985, 3, 1),
        "13812345678",
        XINJIE,
    )
    post = Appointment.unscoped.get(worker=worker)
    assert (post.role, post.division_code, post.left_on) == ("director", XINJIE, None)
    event = AuditEvent.unscoped.filter(subject_type="worker", subject_id=str(worker.pk)).get()
    assert (event.action, event.division_code) == ("worker_created", XINJIE)


def test_id_number_is_validated_and_unique(actor_of, frozen) -> None:
    county = actor_of("demo-county")
    with pytest.raises(identity.InvalidIdNumber) as bad:
        register_raw = services.worker_create
        register_raw(
            actor=county,
            name="甲",
            id_number=id_number(1)[:-1] + "0" if not id_number(1).endswith("0") else id_number(1)[:-1] + "1",
            phone="",
            role="director",
            division=div(XINJIE),
            post="",
            employment="part_time",
            appointed_on=date(2024, 1, 1),
        )
    assert bad.value.code == "id_number.checksum"
    register(county, 2, XINJIE)
    with pytest.raises(ValidationFailed) as taken:
        register(county, 2, SIBLING)
    assert taken.value.code == "worker.id_taken" and "测试2" in str(taken.value)
    # Another county learns only that the number is registered elsewhere.
    with pytest.raises(ValidationFailed) as elsewhere:
        register(actor_of("demo-county-b"), 2, ANYUAN_VILLAGE)
    assert elsewhere.value.code == "worker.id_taken" and "测试2" not in str(elsewhere.value)


@pytest.mark.parametrize(
    ("username", "code", "role", "error"),
    [
        ("demo-county", XIASHANKOU, "director", "appointment.division_level"),  # a director sits at a village
        ("demo-county", XINJIE, "supervisor", "appointment.division_level"),
        ("demo-township", XINJIE, "director", "workforce.not_allowed"),  # the county keeps the roster
        ("demo-county-b", XINJIE, "director", "workforce.not_allowed"),  # outside its county
    ],
)
def test_who_registers_where(actor_of, frozen, username: str, code: str, role: str, error: str) -> None:
    with pytest.raises((ValidationFailed, PermissionDenied)) as exc:
        register(actor_of(username), 3, code, role=role)
    assert exc.value.code == error
    assert not Worker.unscoped.exists()


def test_future_appointment_is_refused(actor_of, frozen) -> None:
    with pytest.raises(ValidationFailed) as exc:
        register(actor_of("demo-county"), 4, XINJIE, appointed_on=date(2025, 7, 1))
    assert exc.value.code == "appointment.future"


def test_posts_history_and_home(actor_of, frozen) -> None:
    county = actor_of("demo-county")
    worker = register(county, 5, XINJIE, appointed_on=date(2023, 1, 1))
    second = services.appointment_add(
        actor=county,
        worker=worker,
        role="director",
        division=div(SIBLING),
        post="",
        employment="part_time",
        appointed_on=date(2024, 3, 1),
    )
    with pytest.raises(ValidationFailed) as dup:
        services.appointment_add(
            actor=county,
            worker=worker,
            role="director",
            division=div(SIBLING),
            post="",
            employment="part_time",
            appointed_on=date(2024, 4, 1),
        )
    assert dup.value.code == "appointment.duplicate"
    first = Appointment.unscoped.get(worker=worker, division_code=XINJIE)
    services.appointment_end(actor=county, appointment=first, left_on=date(2025, 6, 1), reason="调任")
    worker.refresh_from_db()
    # The file moves with the remaining post; the ended post stays as history.
    assert worker.division_code == SIBLING
    assert list(
        Appointment.unscoped.filter(worker=worker).order_by("appointed_on").values_list("left_on", flat=True)
    ) == [
        date(2025, 6, 1),
        None,
    ]
    with pytest.raises(ValidationFailed) as again:
        services.appointment_end(actor=county, appointment=first, left_on=date(2025, 6, 2))
    assert again.value.code == "appointment.ended"
    with pytest.raises(ValidationFailed) as before:
        services.appointment_end(actor=county, appointment=second, left_on=date(2024, 1, 1))
    assert before.value.code == "appointment.left_before_appointed"


def test_link_to_an_account_of_the_matching_role(actor_of, frozen) -> None:
    county = actor_of("demo-county")
    director = register(county, 6, XINJIE)
    supervisor = register(county, 7, XIASHANKOU, role="supervisor")
    services.worker_link_user(actor=county, worker=director, username="demo-village")
    assert director.user == User.objects.get(username="demo-village")
    with pytest.raises(ValidationFailed) as mismatch:
        services.worker_link_user(actor=county, worker=supervisor, username="demo-village")
    assert mismatch.value.code == "worker.user_role_mismatch"
    with pytest.raises(ValidationFailed) as outside:
        services.worker_link_user(actor=county, worker=supervisor, username="demo-county-b")
    assert outside.value.code == "worker.user_unknown"
    services.worker_link_user(actor=county, worker=supervisor, username="demo-township")
    services.worker_link_user(actor=county, worker=director, username="")
    director.refresh_from_db()
    assert director.user is None


def test_training_attendance_and_certificate(actor_of, frozen) -> None:
    county = actor_of("demo-county")
    worker = register(county, 8, XINJIE)
    initial = services.training_create(
        actor=county,
        title="2025年儿童主任初任培训",
        kind="initial",
        held_on=date(2025, 3, 10),
        hours=Decimal("16"),
        content="家庭走访、信息更新、强制报告、政策链接",
        division=div("360313000000"),
    )
    attendance = services.attendance_record(actor=county, event=initial, worker=worker, passed=False)
    with pytest.raises(ValidationFailed) as not_passed:
        services.certificate_issue(
            actor=county, attendance=attendance, number="XD-2025-001", issued_on=date(2025, 3, 20)
        )
    assert not_passed.value.code == "certificate.not_passed"
    attendance = services.attendance_record(actor=county, event=initial, worker=worker, passed=True)
    cert = services.certificate_issue(
        actor=county, attendance=attendance, number=" XD-2025-001 ", issued_on=date(2025, 3, 20)
    )
    assert (cert.role, cert.number, cert.division_code) == ("director", "XD-2025-001", XINJIE)
    with pytest.raises(ValidationFailed) as twice:
        services.certificate_issue(
            actor=county, attendance=attendance, number="XD-2025-002", issued_on=date(2025, 3, 20)
        )
    assert twice.value.code == "certificate.duplicate"
    with pytest.raises(ValidationFailed) as revoke:
        services.attendance_record(actor=county, event=initial, worker=worker, passed=False)
    assert revoke.value.code == "training.certificate_issued"
    # A yearly training is not assessed: the flag is dropped.
    yearly = services.training_create(
        actor=county,
        title="年度培训",
        kind="annual",
        held_on=date(2025, 5, 10),
        hours=Decimal("4"),
        content="",
        division=div("360313000000"),
    )
    assert services.attendance_record(actor=county, event=yearly, worker=worker, passed=True).passed is None
    assert TrainingAttendance.unscoped.filter(worker=worker).count() == 2
    file = selectors.worker_file(actor=county, worker_id=worker.pk, as_of=frozen)
    assert (file.training.state, file.training.last_trained_on) == ("ok", date(2025, 5, 10))
    assert [c.number for c in file.certificates] == ["XD-2025-001"]


def test_training_overdue_list(actor_of, frozen) -> None:
    county = actor_of("demo-county")
    old_hand = register(county, 9, XINJIE, appointed_on=date(2020, 1, 1))
    register(county, 10, SIBLING, appointed_on=date(2025, 1, 1))  # new: within the first year
    trained = register(county, 11, OTHER_TOWNSHIP_VILLAGE, appointed_on=date(2020, 1, 1))
    event = services.training_create(
        actor=county,
        title="年度培训",
        kind="annual",
        held_on=date(2024, 9, 1),
        hours=Decimal("8"),
        content="",
        division=div("360313000000"),
    )
    services.attendance_record(actor=county, event=event, worker=trained, passed=None)
    rows = selectors.training_overdue(actor=county, as_of=frozen)
    assert [(r.worker.pk, r.status.reason.code) for r in rows] == [(old_hand.pk, "TRAINING.NEVER_OVERDUE")]
    # The township supervisor of 峡山口 sees the same person; 安源区 sees nobody.
    assert [
        r.worker.pk for r in selectors.training_overdue(actor=actor_of("demo-township"), as_of=frozen)
    ] == [old_hand.pk]
    assert selectors.training_overdue(actor=actor_of("demo-county-b"), as_of=frozen) == []


def test_evaluation_against_the_lists(actor_of, frozen) -> None:
    county, township = actor_of("demo-county"), actor_of("demo-township")
    worker = register(county, 12, XINJIE)
    item = services.duty_item_add(
        actor=township, duty_list="service", text="每月向督导员报告走访情况", division=div(XIASHANKOU)
    )
    with pytest.raises(ValidationFailed) as level:
        services.duty_item_add(
            actor=county, duty_list="service", text="县级条目", division=div("360313000000")
        )
    assert level.value.code == "duty.level"
    items = selectors.duty_items_for(actor=township, worker=worker)
    assert [i["code"] for i in items][-2:] == ["S6", f"L{item.pk}"] and len(items) == 12
    scores = {i["code"]: services.ItemScore("met") for i in items}
    with pytest.raises(ValidationFailed) as missing:
        services.evaluation_record(
            actor=township,
            worker=worker,
            items=items,
            scores={"R1": services.ItemScore("met")},
            period_start=date(2025, 1, 1),
            period_end=date(2025, 6, 30),
            evaluated_on=date(2025, 6, 30),
            grade="competent",
        )
    assert missing.value.code == "evaluation.item_missing"
    evaluation = services.evaluation_record(
        actor=township,
        worker=worker,
        items=items,
        scores=scores,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 6, 30),
        evaluated_on=date(2025, 6, 30),
        grade="competent",
        comment="按时走访",
    )
    assert evaluation.items[-1] == {
        "code": f"L{item.pk}",
        "list": "service",
        "text": "每月向督导员报告走访情况",
        "result": "met",
        "note": "",
    }
    assert evaluation.division_code == XINJIE
    # A village director cannot evaluate; nor can a supervisor evaluate a supervisor.
    with pytest.raises(PermissionDenied):
        services.evaluation_record(
            actor=actor_of("demo-village"),
            worker=worker,
            items=items,
            scores=scores,
            period_start=date(2025, 1, 1),
            period_end=date(2025, 6, 30),
            evaluated_on=date(2025, 6, 30),
            grade="competent",
        )
    supervisor = register(county, 13, XIASHANKOU, role="supervisor")
    with pytest.raises(ValidationFailed) as not_director:
        services.evaluation_record(
            actor=county,
            worker=supervisor,
            items=items,
            scores=scores,
            period_start=date(2025, 1, 1),
            period_end=date(2025, 6, 30),
            evaluated_on=date(2025, 6, 30),
            grade="competent",
        )
    assert not_director.value.code == "evaluation.not_director"


def test_cert_records_move_with_the_home(actor_of, frozen) -> None:
    county = actor_of("demo-county")
    worker = register(county, 14, XINJIE, appointed_on=date(2023, 1, 1))
    event = services.training_create(
        actor=county,
        title="初任培训",
        kind="initial",
        held_on=date(2023, 3, 1),
        hours=Decimal("8"),
        content="",
        division=div("360313000000"),
    )
    attendance = services.attendance_record(actor=county, event=event, worker=worker, passed=True)
    services.certificate_issue(actor=county, attendance=attendance, number="C-14", issued_on=date(2023, 3, 2))
    services.appointment_add(
        actor=county,
        worker=worker,
        role="director",
        division=div(OTHER_TOWNSHIP_VILLAGE),
        post="",
        employment="part_time",
        appointed_on=date(2025, 1, 1),
    )
    services.appointment_end(
        actor=county,
        appointment=Appointment.unscoped.get(worker=worker, division_code=XINJIE),
        left_on=date(2025, 2, 1),
    )
    assert set(Certificate.unscoped.filter(worker=worker).values_list("division_code", flat=True)) == {
        OTHER_TOWNSHIP_VILLAGE
    }
    assert set(TrainingAttendance.unscoped.filter(worker=worker).values_list("division_code", flat=True)) == {
        OTHER_TOWNSHIP_VILLAGE
    }
    # 峡山口's supervisor now sees the old post (history of 新街) but not the file.
    township = actor_of("demo-township")
    assert selectors.worker_list(actor=township, as_of=frozen, current_only=False) == []
    assert selectors.appointment_get(
        actor=township, appointment_id=Appointment.unscoped.get(worker=worker, division_code=XINJIE).pk
    ).left_on == date(2025, 2, 1)

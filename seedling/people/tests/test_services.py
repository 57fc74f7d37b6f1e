"""Filing, duplicates by ID across counties, likely duplicates and merge, transfer, reveal, history."""

from __future__ import annotations

from datetime import date

import pytest
from django.http import Http404

from seedling.audit.models import AuditEvent
from seedling.core.errors import PermissionDenied, ValidationFailed
from seedling.people import enums, selectors, services
from seedling.people.models import Child, Merge, Parent, Transfer
from seedling.people.records import WomanRecord
from seedling.people.tests.factories import ANYUAN_VILLAGE, XINGQUN, XINJIE, id_number, left_behind

pytestmark = pytest.mark.django_db


def test_create_files_the_child_with_parents_and_situations(actor_of) -> None:
    saved = services.child_create(actor=actor_of("demo-village"), record=left_behind())
    child = saved.child
    assert (child.division_code, child.sex, child.birth_date) == (XINJIE, "female", date(2016, 5, 20))
    assert child.declared_categories == ",left_behind,"
    assert child.name_key == "nin-xiao-yu"
    parents = selectors.child_parents(child=child)
    assert sorted(parents) == ["father", "mother"]
    assert [s.kind for s in parents["father"].situations.all()] == ["away_work"]
    assert child.history.count() == 1 and child.history.first().history_user.username == "demo-village"


def test_missing_details_are_filed_and_flagged_not_refused(actor_of) -> None:
    saved = services.child_create(
        actor=actor_of("demo-village"), record=left_behind(caregiver_phone="", schooling="dropped_out")
    )
    codes = ["caregiver.contact_missing", "schooling.reason_required"]
    assert [p.code for p in saved.warnings] == codes
    assert [d["code"] for d in saved.child.missing_details] == codes
    assert saved.child.missing_fields >= 2


def test_invalid_file_reports_every_problem(actor_of) -> None:
    # What makes the record wrong is refused: no name; no entrusted caregiver yet rated below high risk.
    with pytest.raises(services.InvalidFile) as exc:
        services.child_create(
            actor=actor_of("demo-village"),
            record=left_behind(caregiver_kind="none", risk_level="low", name=""),
        )
    assert [p.code for p in exc.value.problems] == ["name.required", "caregiver.none_needs_high_risk"]
    assert not Child.unscoped.exists()


def test_village_director_cannot_file_in_a_sibling_village(actor_of) -> None:
    with pytest.raises(ValidationFailed) as exc:
        services.child_create(actor=actor_of("demo-village"), record=left_behind(division_code=XINGQUN))
    assert exc.value.code == "division.outside"
    with pytest.raises(ValidationFailed) as not_village:
        services.child_create(actor=actor_of("demo-county"), record=left_behind(division_code="360313001000"))
    assert not_village.value.code == "division.not_village"


def test_a_code_of_the_area_that_is_no_known_division_is_a_field_error(actor_of) -> None:
    # Inside the county by its prefix, yet not in the division table: a field error, not a 404.
    county = actor_of("demo-county")
    with pytest.raises(ValidationFailed) as exc:
        services.child_create(actor=county, record=left_behind(division_code="360313999999"))
    assert (exc.value.code, exc.value.field) == ("division.unknown", "division_code")
    assert "360313999999" in exc.value.message
    with pytest.raises(ValidationFailed) as woman:
        services.woman_save(
            actor=county,
            record=WomanRecord(
                division_code="360313999999",
                name="王芳",
                id_number=id_number(date(1990, 2, 3)),
                hukou_type="rural",
                residence="rural",
                husband_away_since=date(2022, 5, 1),
            ),
        )
    assert woman.value.code == "division.unknown"
    assert not Child.unscoped.exists()


def test_same_id_number_in_another_county_says_where_and_nothing_else(actor_of) -> None:
    rec = left_behind()
    services.child_create(actor=actor_of("demo-village"), record=rec)
    again = left_behind(division_code=ANYUAN_VILLAGE, id_number=rec.id_number, name="另一个名字")
    with pytest.raises(services.AlreadyFiled) as exc:
        services.child_create(actor=actor_of("demo-county-b"), record=again)
    assert exc.value.in_area is False and exc.value.child_id is None
    assert exc.value.where == "江西省萍乡市湘东区"
    assert "林小雨" not in exc.value.message and rec.id_number not in exc.value.message
    assert "转移" in exc.value.message
    assert Child.unscoped.count() == 1


def test_same_id_number_in_own_area_points_at_the_file(actor_of) -> None:
    rec = left_behind()
    first = services.child_create(actor=actor_of("demo-village"), record=rec).child
    with pytest.raises(services.AlreadyFiled) as exc:
        services.child_create(actor=actor_of("demo-county"), record=left_behind(id_number=rec.id_number))
    assert exc.value.in_area is True and exc.value.child_id == first.pk


def test_update_keeps_history_of_every_change(actor_of) -> None:
    actor = actor_of("demo-village")
    child = services.child_create(actor=actor, record=left_behind()).child
    rec = services.child_record(child)
    rec.risk_level = enums.RiskLevel.HIGH
    rec.father.situations = []
    services.child_update(actor=actor, child=child, record=rec)
    history = selectors.child_history(actor=actor, child=child)
    changed = [e for e in history if e.what == "child" and e.kind == "~"]
    # Values as a person reads them (choice labels), not stored codes.
    assert changed[0].changes == [("家庭监护风险等级", "中风险", "高风险")]
    assert any(e.what == "situation" and e.kind == "-" for e in history)
    assert all(e.user == "demo-village" for e in history)


def test_likely_duplicates_by_sound_birth_date_and_township(actor_of) -> None:
    actor = actor_of("demo-township")
    a = services.child_create(
        actor=actor,
        record=left_behind(
            name="张丽", id_number="", no_hukou=True, birth_date=date(2017, 3, 1), sex="female"
        ),
    ).child
    b = services.child_create(
        actor=actor, record=left_behind(name="章莉", division_code=XINGQUN, birth_date=date(2017, 3, 1))
    ).child
    services.child_create(actor=actor, record=left_behind(name="章莉", birth_date=date(2017, 3, 2)))
    groups = selectors.duplicate_groups(actor=actor)
    assert [[c.pk for c in g.children] for g in groups] == [[a.pk, b.pk]]
    assert selectors.duplicate_groups(actor=actor_of("demo-county-b")) == []


def test_merge_keeps_both_histories_and_fills_gaps(actor_of) -> None:
    actor = actor_of("demo-township")
    keep = services.child_create(
        actor=actor,
        record=left_behind(
            name="张丽", id_number="", no_hukou=True, ethnicity="", birth_date=date(2017, 3, 1), sex="female"
        ),
    ).child
    drop = services.child_create(
        actor=actor, record=left_behind(name="章莉", birth_date=date(2017, 3, 1))
    ).child
    number = drop.id_number
    merge = services.child_merge(actor=actor, keep=keep, drop=drop)
    keep.refresh_from_db()
    drop.refresh_from_db()
    assert (keep.id_number, keep.no_hukou, keep.ethnicity) == (number, False, "汉族")
    assert (drop.status, drop.merged_into_id, drop.id_number) == ("merged", keep.pk, None)
    assert "id_number" in merge.filled_fields and "ethnicity" in merge.filled_fields
    assert drop.history.count() == 2 and keep.history.count() == 2
    assert Merge.unscoped.count() == 1
    assert AuditEvent.unscoped.filter(action="file_merged", subject_id=str(keep.pk)).count() == 1
    page = selectors.child_list(actor=actor, filters=selectors.ChildFilter())
    assert [c.pk for c in page.items] == [keep.pk]


def test_transfer_request_approve_moves_file_and_history(actor_of) -> None:
    child = services.child_create(actor=actor_of("demo-village"), record=left_behind()).child
    receiving = actor_of("demo-county-b")
    transfer = services.transfer_request(
        actor=receiving, id_number=child.id_number, to_code=ANYUAN_VILLAGE, reason="随母亲迁居安源区"
    )
    with pytest.raises(Http404):
        selectors.child_view(actor=receiving, child_id=child.pk)  # not theirs until approved
    with pytest.raises(PermissionDenied):
        services.transfer_decide(actor=receiving, transfer=transfer, approve=True)
    services.transfer_decide(actor=actor_of("demo-county"), transfer=transfer, approve=True)
    child.refresh_from_db()
    assert child.division_code == ANYUAN_VILLAGE
    assert selectors.child_view(actor=receiving, child_id=child.pk).pk == child.pk
    with pytest.raises(Http404):
        selectors.child_view(actor=actor_of("demo-village"), child_id=child.pk)
    assert child.history.count() == 2  # the whole history follows
    assert Parent.unscoped.filter(child=child).count() == 2
    assert Transfer.unscoped.get().status == "approved"


def test_transfer_rules(actor_of) -> None:
    child = services.child_create(actor=actor_of("demo-village"), record=left_behind()).child
    with pytest.raises(ValidationFailed) as in_area:
        services.transfer_request(actor=actor_of("demo-county"), id_number=child.id_number, to_code=XINGQUN)
    assert in_area.value.code == "transfer.in_area"
    with pytest.raises(ValidationFailed) as none:
        services.transfer_request(
            actor=actor_of("demo-county-b"), id_number=id_number(date(2015, 1, 1)), to_code=ANYUAN_VILLAGE
        )
    assert none.value.code == "transfer.no_file"
    t = services.transfer_request(
        actor=actor_of("demo-county-b"), id_number=child.id_number, to_code=ANYUAN_VILLAGE
    )
    with pytest.raises(ValidationFailed):
        services.transfer_request(
            actor=actor_of("demo-county-b"), id_number=child.id_number, to_code=ANYUAN_VILLAGE
        )
    services.transfer_decide(actor=actor_of("demo-county"), transfer=t, approve=False)
    child.refresh_from_db()
    assert child.division_code == XINJIE


def test_reveal_is_audited_with_reason(actor_of) -> None:
    child = services.child_create(actor=actor_of("demo-village"), record=left_behind()).child
    actor = actor_of("demo-township")
    assert (
        services.child_reveal(actor=actor, child=child, field="id_number", reason="核对户籍")
        == child.id_number
    )
    event = AuditEvent.unscoped.get(action="value_revealed")
    assert (event.actor_username, event.detail) == (
        "demo-township",
        {"field": "id_number", "reason": "核对户籍"},
    )
    with pytest.raises(ValidationFailed):
        services.child_reveal(actor=actor, child=child, field="id_number", reason="")
    with pytest.raises(PermissionDenied):
        services.child_reveal(actor=actor_of("demo-auditor"), child=child, field="id_number", reason="查看")


def test_view_is_audited(actor_of) -> None:
    child = services.child_create(actor=actor_of("demo-village"), record=left_behind()).child
    selectors.child_view(actor=actor_of("demo-county"), child_id=child.pk)
    event = AuditEvent.unscoped.get(action="file_viewed")
    assert (event.actor_username, event.subject_id, event.division_code) == (
        "demo-county",
        str(child.pk),
        XINJIE,
    )

"""The import's validate stage alone: a parsed row applied onto a stored record, and what the
importer was not shown staying as stored."""

from __future__ import annotations

from datetime import date

import pytest

from seedling.core.masking import mask_id_number, mask_phone
from seedling.exchange.ledger_import import (
    Parsed,
    apply_child,
    apply_woman,
    keep_what_the_importer_cannot_see,
)
from seedling.people.records import WomanRecord
from seedling.people.tests.factories import XINJIE, id_number, left_behind

AS_OF = date(2026, 1, 1)
pytestmark = pytest.mark.django_db  # the actors' grants are read from the database


def _row(**values: object) -> Parsed:
    return Parsed(key=None, division_code=XINJIE, values=dict(values))


def test_only_the_columns_present_change_the_stored_record(actor_of) -> None:  # type: ignore[no-untyped-def]
    stored = left_behind()
    p = _row(risk_level="high", father_name="林建华", caregiver_type="relatives")
    rec = apply_child(stored, p, actor=actor_of("demo-county"), as_of=AS_OF)
    assert (rec.risk_level, rec.father.name, rec.caregiver_kind) == ("high", "林建华", "relatives")
    assert (rec.name, rec.home_address, rec.father.phone, rec.mother) == (
        stored.name,
        stored.home_address,
        stored.father.phone,
        stored.mother,
    )
    assert (stored.risk_level, stored.father.name) == ("medium", "林建国")  # the base is not changed
    assert p.errors == []


def test_a_masked_identifier_equal_to_the_stored_mask_keeps_the_stored_value(actor_of) -> None:  # type: ignore[no-untyped-def]
    stored = left_behind()
    p = _row(
        id_number=mask_id_number(stored.id_number),
        father_phone=mask_phone(stored.father.phone),
        caregiver_phone=mask_phone("13812345678"),  # the mask of another number
        mother_phone="139****0000",  # nothing stored to compare with
    )
    rec = apply_child(stored, p, actor=actor_of("demo-county"), as_of=AS_OF)
    assert (rec.id_number, rec.father.phone) == (stored.id_number, stored.father.phone)
    assert (rec.caregiver_phone, rec.mother.phone) == (stored.caregiver_phone, "")
    assert [(column, code) for column, code, _message in p.errors] == [
        ("caregiver_phone", "identifier.masked"),
        ("mother_phone", "identifier.masked"),
    ]
    assert "请填写完整号码" in p.errors[0][2]


def test_hiv_status_changes_only_for_an_importer_who_may_see_it(actor_of) -> None:  # type: ignore[no-untyped-def]
    stored = left_behind(hiv=True)
    p = _row(hiv=False)
    without = apply_child(stored, p, actor=actor_of("demo-township"), as_of=AS_OF)
    assert without.hiv is True
    # The cell is refused whatever the file holds: the answer tells the importer nothing about it.
    assert [(column, code) for column, code, _message in p.errors] == [("hiv", "visibility.hiv")]
    granted = apply_child(stored, _row(hiv=False), actor=actor_of("demo-county"), as_of=AS_OF)
    assert granted.hiv is False


def test_a_woman_s_masked_numbers_follow_the_same_rule(actor_of) -> None:  # type: ignore[no-untyped-def]
    stored = WomanRecord(
        division_code=XINJIE, name="王芳", id_number=id_number(date(1990, 2, 3)), phone="13800000002"
    )
    p = _row(id_number=mask_id_number(stored.id_number), phone="138****0003")
    rec = apply_woman(stored, p, actor=actor_of("demo-county"))
    assert (rec.id_number, rec.phone) == (stored.id_number, stored.phone)
    assert [(column, code) for column, code, _message in p.errors] == [("phone", "identifier.masked")]
    # The function alone, as the validate stage calls it: nothing masked, nothing to keep.
    empty = _row()
    assert keep_what_the_importer_cannot_see(actor_of("demo-county"), stored, rec, empty) == rec
    assert empty.errors == []

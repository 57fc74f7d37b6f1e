"""Regression tests for the leaks and losses that came from deciding visibility in several places.

Each test names the defect it pins. All of them go through the one mechanism, access.visibility.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
import python_calamine
from django.test import Client
from django.urls import reverse

from seedling.accounts.actors import actor_for_user
from seedling.accounts.models import User
from seedling.audit.models import AuditEvent
from seedling.demo.accounts import DEMO_PASSWORD
from seedling.exchange import ledger_export
from seedling.people import selectors, services
from seedling.people.models import Child
from seedling.people.records import WomanRecord
from seedling.people.tests.factories import XINJIE, id_number, left_behind

pytestmark = pytest.mark.django_db


def actor(username: str) -> Any:
    return actor_for_user(User.objects.get(username=username))


def client(username: str) -> Client:
    c = Client()
    c.force_login(User.objects.get(username=username))
    return c


@pytest.fixture
def hiv_child(world: None) -> Child:
    """A left-behind child infected with HIV, filed by demo-county (the demo's holder of the grant)."""
    record = left_behind(hiv=True, declared_categories=["left_behind", "hiv_infected"])
    return services.child_create(actor=actor("demo-county"), record=record).child


def _sheet(data: bytes, name: str) -> list[list[Any]]:
    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    return book.get_sheet_by_name(name).to_python()


def test_the_ledger_export_writes_no_hiv_category_in_the_declared_categories(hiv_child: Child) -> None:
    # Was: 儿童类别（填报） written unfiltered, "艾滋病病毒感染儿童、农村留守儿童" for demo-village.
    for username in ("demo-village", "demo-county"):  # not even for the holder of the grant (ADR 0012)
        out = io.BytesIO()
        ledger_export.ledger_export(actor=actor(username), out=out)
        rows = _sheet(out.getvalue(), "儿童台账")
        header = [str(h).rstrip("*") for h in rows[0]]
        row = next(r for r in rows[1:] if r[header.index("姓名")] == hiv_child.name)
        assert row[header.index("儿童类别（填报）")] == "农村留守儿童"
        assert "是否艾滋病病毒感染" not in header
        assert not any("艾滋病" in str(cell) for r in rows for cell in r)


def test_an_empty_patch_answers_the_file_and_records_a_read(hiv_child: Child) -> None:
    # Was: an empty PATCH returned the whole file and wrote no read audit.
    api = Client()
    token = api.post(
        "/api/v1/auth/token",
        {"username": "demo-village", "password": DEMO_PASSWORD},
        content_type="application/json",
    ).json()["token"]
    before = AuditEvent.unscoped.filter(action="file_viewed").count()
    response = api.patch(
        f"/api/v1/children/{hiv_child.pk}",
        {},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == hiv_child.name and "hiv" not in body
    assert body["declared_categories"] == ["left_behind"]
    assert AuditEvent.unscoped.filter(action="file_viewed").count() == before + 1


def test_the_womens_sheet_shows_the_determined_category(world: None) -> None:
    # Was: 系统判定类别 empty on the women's sheet for a woman on the roll.
    county = actor("demo-county")
    services.woman_save(
        actor=county,
        record=WomanRecord(
            division_code=XINJIE,
            name="许桂兰",
            id_number=id_number(date(1982, 3, 15)),
            hukou_type="rural",
            residence="rural",
            husband_away_since=date(2024, 1, 1),
        ),
    )
    out = io.BytesIO()
    ledger_export.ledger_export(actor=county, out=out)
    rows = _sheet(out.getvalue(), "留守妇女台账")
    header = [str(h).rstrip("*") for h in rows[0]]
    row = next(r for r in rows[1:] if r[header.index("姓名")] == "许桂兰")
    assert row[header.index("系统判定类别")] == "农村留守妇女"
    assert row[header.index("下次复核日期")]


def _unchanged_post(bundle: Any) -> dict[str, Any]:
    """What a browser sends when the edit form is saved without touching it."""
    data: dict[str, Any] = {}
    forms = [bundle.main, *bundle.parents.values()]
    for formset in [*bundle.situations.values(), *([] if bundle.harm_withheld else [bundle.harm])]:
        data.update({f"{formset.prefix}-{k}": v for k, v in formset.management_form.initial.items()})
        forms += formset.forms
    for form in forms:
        for name, field in form.fields.items():
            value = form[name].value()
            if value in (None, "", []) or value is False:
                continue
            if name == "hiv":
                data[form.add_prefix(name)] = field.widget.format_value(value)
            elif isinstance(value, bool):
                data[form.add_prefix(name)] = "on"
            else:
                data[form.add_prefix(name)] = value
    return data


def test_the_hiv_holders_edit_form_shows_the_status_and_saving_it_unchanged_keeps_everything(
    hiv_child: Child,
) -> None:
    # Was: the holder saw the HIV field empty, and saving the form unchanged set the status to unknown.
    county = client("demo-county")
    page = county.get(reverse("web:child_edit", args=[hiv_child.pk]))
    assert '<option value="true" selected>' in page.content.decode()
    before = services.child_record(Child.unscoped.get(pk=hiv_child.pk))
    response = county.post(
        reverse("web:child_edit", args=[hiv_child.pk]), _unchanged_post(page.context["bundle"])
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert services.child_record(Child.unscoped.get(pk=hiv_child.pk)) == before
    # And a director without the grant, saving unchanged, keeps what she cannot see.
    village = client("demo-village")
    page = village.get(reverse("web:child_edit", args=[hiv_child.pk]))
    response = village.post(
        reverse("web:child_edit", args=[hiv_child.pk]), _unchanged_post(page.context["bundle"])
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert services.child_record(Child.unscoped.get(pk=hiv_child.pk)) == before


def test_the_history_shows_no_trace_of_hiv_to_a_reader_without_the_grant(world: None) -> None:
    # Was: "是否艾滋病病毒感染 ＊ → ＊" with date and user, and the categories raw: ",left_behind, → ...".
    county, village = actor("demo-county"), actor("demo-village")
    child = services.child_create(actor=county, record=left_behind()).child
    record = services.child_record(child)
    record.hiv, record.declared_categories = True, ["left_behind", "hiv_infected"]
    services.child_update(actor=county, child=child, record=record)
    seen_by_village = selectors.child_history(actor=village, child=child)
    assert all(e.kind == "+" for e in seen_by_village)  # the change is not even listed
    assert not any("艾滋病" in str(c) for e in seen_by_village for c in e.changes)
    changes = [c for e in selectors.child_history(actor=county, child=child) for c in e.changes]
    assert ("儿童类别（填报）", "农村留守儿童", "农村留守儿童、艾滋病病毒感染儿童") in changes
    assert not any("," in old + new for _label, old, new in changes)


def _round_trip(username: str) -> tuple[Any, Any]:
    """Export the area as `username`, import the workbook again as `username`: (job, export bytes)."""
    from seedling.exchange import ledger_import

    who = actor(username)
    out = io.BytesIO()
    ledger_export.ledger_export(actor=who, out=out)
    job = ledger_import.import_create(actor=who, content=out.getvalue(), dry_run=False)
    return ledger_import.import_run(actor=who, job=job), out.getvalue()


@pytest.mark.parametrize("username", ["demo-village", "demo-county"])
def test_an_importer_keeps_the_stored_hiv_category_its_export_left_out(
    hiv_child: Child, username: str
) -> None:
    # Was: an importer without the grant silently dropped a stored HIV category on re-import.
    job, exported = _round_trip(username)
    assert not any("艾滋病" in str(cell) for r in _sheet(exported, "儿童台账") for cell in r)
    assert job.rejected == 0, job.errors
    kept = Child.unscoped.get(pk=hiv_child.pk)
    assert (kept.hiv, kept.declared_categories) == (True, ",hiv_infected,left_behind,")


def test_a_withheld_cell_imports_back_as_unchanged(world: None) -> None:
    # The city may not see health, harm or custody details: its export says so in the cell, and its
    # re-import of that workbook changes none of them.
    record = left_behind(illness="哮喘（演示）", psych_behaviour="夜间惊醒（演示）", health=["chronic"])
    child = services.child_create(actor=actor("demo-county"), record=record).child
    before = services.child_record(Child.unscoped.get(pk=child.pk))
    job, exported = _round_trip("demo-city")
    rows = _sheet(exported, "儿童台账")
    header = [str(h).rstrip("*") for h in rows[0]]
    row = next(r for r in rows[1:] if r[header.index("姓名")] == child.name)
    assert row[header.index("患病情况")] == "（仅限个案工作人员查看）"
    assert job.rejected == 0, job.errors
    assert services.child_record(Child.unscoped.get(pk=child.pk)) == before

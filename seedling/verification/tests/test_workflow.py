"""The file's workflow: submit, return with a reason naming fields, resubmit, approve; stale reviews;
a director's change reopening a reviewed file; scope and roles (docs/rules/workflow.md#record-workflow)."""

from __future__ import annotations

import json
from io import StringIO

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from seedling.access.actor import Actor, grant_for
from seedling.access.roles import Role
from seedling.audit.models import AuditEvent
from seedling.core import clock
from seedling.core.errors import PermissionDenied, StaleEdit, ValidationFailed
from seedling.exchange.ledger_export import ledger_export
from seedling.people import rules, selectors, services, workflow
from seedling.people.enums import FileStatus, StepAction
from seedling.people.models import Child, FileStep
from seedling.people.tests.factories import left_behind

pytestmark = pytest.mark.django_db


def _file(actor_of) -> Child:
    return services.child_create(actor=actor_of("demo-village"), record=left_behind()).child


def test_submit_return_resubmit_approve(actor_of) -> None:
    village, township = actor_of("demo-village"), actor_of("demo-township")
    child = _file(actor_of)
    assert child.status == FileStatus.DRAFT
    child = workflow.file_submit(actor=village, child=child)
    assert child.status == FileStatus.SUBMITTED
    assert [c.pk for c in selectors.review_queue(actor=township)] == [child.pk]
    child = workflow.file_review(
        actor=township,
        child=child,
        approve=False,
        version=workflow.version_of(child),
        reason="委托照护人电话空号",
        fields=["caregiver_phone"],
    )
    assert child.status == FileStatus.RETURNED
    returned = selectors.returned_files(actor=village)
    assert [(r.child.pk, r.step.reason, r.step.fields) for r in returned] == [
        (child.pk, "委托照护人电话空号", ["caregiver_phone"])
    ]
    child = workflow.file_submit(actor=village, child=child)
    child = workflow.file_review(
        actor=township, child=child, approve=True, version=workflow.version_of(child)
    )
    assert child.status == FileStatus.REVIEWED
    steps = list(FileStep.unscoped.filter(child=child).order_by("at", "id"))
    assert [(s.action, s.from_status, s.to_status) for s in steps] == [
        (StepAction.SUBMITTED, "draft", "submitted"),
        (StepAction.RETURNED, "submitted", "returned"),
        (StepAction.RESUBMITTED, "returned", "submitted"),
        (StepAction.APPROVED, "submitted", "reviewed"),
    ]
    assert [s.by.username for s in steps] == [
        "demo-village",
        "demo-township",
        "demo-village",
        "demo-township",
    ]
    assert AuditEvent.unscoped.filter(action="file_status_changed", subject_id=str(child.pk)).count() == 4
    # The file's own history holds each change of status, with its user.
    statuses = [h.status for h in child.history.order_by("history_date")]
    assert statuses[-4:] == ["submitted", "returned", "submitted", "reviewed"]
    assert selectors.returned_files(actor=village) == []


def test_a_return_must_say_why_and_name_known_fields(actor_of) -> None:
    township = actor_of("demo-township")
    child = workflow.file_submit(actor=actor_of("demo-village"), child=_file(actor_of))
    v = workflow.version_of(child)
    with pytest.raises(ValidationFailed) as exc:
        workflow.file_review(actor=township, child=child, approve=False, version=v, fields=["name"])
    assert exc.value.code == "workflow.reason"
    with pytest.raises(ValidationFailed) as exc:
        workflow.file_review(actor=township, child=child, approve=False, version=v, reason="x")
    assert exc.value.code == "workflow.fields"
    with pytest.raises(ValidationFailed) as exc:
        workflow.file_review(
            actor=township, child=child, approve=False, version=v, reason="x", fields=["nope"]
        )
    assert exc.value.code == "workflow.fields"


def test_a_stale_review_is_refused(actor_of) -> None:
    village, township = actor_of("demo-village"), actor_of("demo-township")
    child = workflow.file_submit(actor=village, child=_file(actor_of))
    loaded = workflow.version_of(child)
    # Meanwhile the county corrects the file (a change that keeps the status).
    services.child_update(
        actor=actor_of("demo-county"),
        child=child,
        record=left_behind(name="林小语", id_number=child.id_number),
    )
    with pytest.raises(StaleEdit):
        workflow.file_review(actor=township, child=child, approve=True, version=loaded)
    assert Child.unscoped.get(pk=child.pk).status == FileStatus.SUBMITTED


def test_a_directors_change_reopens_a_reviewed_file(actor_of) -> None:
    village, township = actor_of("demo-village"), actor_of("demo-township")
    child = workflow.file_submit(actor=village, child=_file(actor_of))
    child = workflow.file_review(
        actor=township, child=child, approve=True, version=workflow.version_of(child)
    )
    services.child_update(
        actor=village, child=child, record=left_behind(name="林小语", id_number=child.id_number)
    )
    child.refresh_from_db()
    assert child.status == FileStatus.DRAFT
    assert FileStep.unscoped.filter(child=child).order_by("-at", "-id").first().action == StepAction.REOPENED


def test_roles_and_areas(actor_of, django_user_model) -> None:
    village, township = actor_of("demo-village"), actor_of("demo-township")
    child = _file(actor_of)
    with pytest.raises(PermissionDenied):
        workflow.file_submit(actor=actor_of("demo-county"), child=child)  # the director submits
    child = workflow.file_submit(actor=village, child=child)
    with pytest.raises(PermissionDenied):
        workflow.file_review(actor=village, child=child, approve=True, version=workflow.version_of(child))
    other = Actor(
        user_id=township.user_id,
        username="other-township",
        grants=(grant_for(Role.TOWNSHIP_SUPERVISOR, "360313101000"),),
    )
    with pytest.raises(PermissionDenied):
        workflow.file_review(actor=other, child=child, approve=True, version=workflow.version_of(child))
    with pytest.raises(ValidationFailed) as exc:
        workflow.file_submit(actor=village, child=child)
    assert exc.value.code == "workflow.wrong_status"


def test_a_county_import_may_be_filed_as_reviewed(actor_of) -> None:
    county = actor_of("demo-county")
    record = left_behind()
    rules.check_child(record, as_of=clock.today())  # the import validates (and normalises) first
    [child] = services.child_create_bulk(actor=county, records=[record], reviewed=True)
    child = Child.unscoped.get(pk=child.pk)
    assert child.status == FileStatus.REVIEWED
    assert FileStep.unscoped.get(child=child).action == StepAction.IMPORTED_REVIEWED
    with pytest.raises(PermissionDenied):
        services.child_create_bulk(actor=actor_of("demo-village"), records=[left_behind()], reviewed=True)


def test_the_import_command_files_as_reviewed_and_says_so(actor_of, tmp_path) -> None:
    county = actor_of("demo-county")
    book = tmp_path / "ledger.xlsx"
    record = left_behind()
    with transaction.atomic():  # a workbook of one file not filed here: made, then rolled back
        services.child_create(actor=county, record=record)
        ledger_export(actor=county, out=str(book))
        transaction.set_rollback(True)
    assert not Child.unscoped.exists()
    wb = openpyxl.load_workbook(book)
    sheet = wb["儿童台账"]
    for cell in sheet[2]:  # the export masks identifiers and contacts: put back the real ones
        header = str(sheet.cell(row=1, column=cell.column).value or "")
        if "身份证" in header:
            cell.value = record.id_number if cell.column_letter == "H" else None
        elif cell.column_letter == "Z":
            cell.value = None
        elif header.startswith("委托照护人") and "电话" in header:
            cell.value = record.caregiver_phone
    wb.save(book)
    with pytest.raises(CommandError):
        call_command("import_ledger", "--user", "demo-village", str(book), "--reviewed", stdout=StringIO())
    out = StringIO()
    call_command("import_ledger", "--user", "demo-county", str(book), "--reviewed", "--json", stdout=out)
    answer = json.loads(out.getvalue())
    assert answer["created"] == 1 and answer["reviewed"] is True, answer["errors"]
    assert Child.unscoped.get().status == FileStatus.REVIEWED

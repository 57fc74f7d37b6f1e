"""The ledger import's batch path: new files are inserted together, yet each row behaves as it did
one at a time (people.services), and every import that wrote is audited once."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import transaction

from seedling.access import visible_to
from seedling.audit.enums import Action
from seedling.audit.models import AuditEvent
from seedling.core import clock, hooks
from seedling.core.masking import mask_id_number
from seedling.exchange import ledger_import
from seedling.exchange.models import JobStatus
from seedling.exchange.tests.test_ledger_import import (
    AS_OF,
    BOTH_AWAY,
    counts,
    errors,
    number,
    row,
    run,
    workbook,
)
from seedling.people import enums, services
from seedling.people.models import Child, HarmEvent, Parent, ParentSituation
from seedling.people.tests.factories import ANYUAN_VILLAGE, XINGQUN, XINJIE, left_behind
from seedling.registries.models import Determination
from seedling.visits import selectors as visit_selectors
from seedling.visits import summary as compliance
from seedling.visits.models import ComplianceFigure, RiskChange
from seedling.visits.schedule import Level

LEFT_BEHIND = {
    "儿童类别（填报）": "农村留守儿童",
    "委托照护人类型": "祖父母",
    "委托照护人姓名": "林祖",
    "委托照护人联系电话": "13800000001",
}
# What differs between two files of different people filed at different moments.
OWN = {"id", "name", "name_key", "id_number", "birth_date", "sex", "created_at", "updated_at"}


@pytest.fixture
def county(actor_of):
    return actor_of("demo-county")


@pytest.fixture
def file_saved():
    """Registers handlers of hooks.file_saved for one test (they are removed after it)."""
    added = []

    def register(handler):
        hooks.file_saved.register(handler)
        added.append(handler)

    yield register
    for handler in added:
        hooks.file_saved.handlers.remove(handler)


def _columns(obj: Any, skip: set[str]) -> dict[str, Any]:
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields if f.attname not in skip}


def _history(model: Any, **lookup: Any) -> list[tuple[str, int | None]]:
    return [(h.history_type, h.history_user_id) for h in model.history.filter(**lookup)]


def _stored(child: Child) -> dict[str, Any]:
    """Everything written for one file: its row, related rows, their history, and the side effects."""
    parents = Parent.unscoped.filter(child=child).order_by("role")
    situations = ParentSituation.unscoped.filter(parent__child=child).order_by("kind")
    return {
        "child": _columns(child, OWN),
        "parents": [_columns(p, {"id", "child_id"}) for p in parents],
        "situations": [_columns(s, {"id", "parent_id"}) for s in situations],
        "harm": [_columns(h, {"id", "child_id"}) for h in HarmEvent.unscoped.filter(child=child)],
        "history": (
            _history(Child, id=child.pk),
            [_history(Parent, id=p.pk) for p in parents],
            [_history(ParentSituation, id=s.pk) for s in situations],
        ),
        "categories": Determination.unscoped.get(child_id=child.pk).categories,
        "risk": [(r.level, r.reason, r.by_id) for r in RiskChange.unscoped.filter(child_id=child.pk)],
    }


def test_a_file_inserted_in_bulk_equals_one_filed_alone(county):
    a = number(date(2014, 4, 2), 301)
    job = run(county, workbook([row("林一", a, **LEFT_BEHIND)]))
    assert counts(job) == (1, 0, 0, 0)
    bulk = visible_to(county, Child).get(id_number=a)
    record = services.child_record(bulk)
    assert record.declared_categories == [enums.DeclaredCategory.LEFT_BEHIND]
    record.id_number, record.name = number(date(2014, 4, 2), 302), "林二"
    alone = services.child_create(actor=county, record=record, as_of=AS_OF).child
    alone.refresh_from_db()
    assert _stored(bulk) == _stored(alone)
    stored = _stored(bulk)
    assert stored["history"][0] == [("+", county.user_id)]
    assert [(level, by) for level, _reason, by in stored["risk"]] == [("medium", county.user_id)]


def test_a_row_that_depends_on_a_file_waiting_in_its_batch(county):
    a = number(date(2014, 4, 2), 311)
    born = date(2014, 4, 2)
    masked = mask_id_number(a)
    # Row 2 finds row 1's new file by name + birth date + village (our exports mask the number).
    same = workbook([row("林一", a), row("林一", masked, born=born)])
    assert counts(run(county, same)) == (1, 0, 1, 0)
    b = number(date(2015, 5, 3), 312)
    changed = workbook([row("林二", b), row("林二", mask_id_number(b), born=date(2015, 5, 3), risk="高")])
    assert counts(run(county, changed)) == (1, 1, 0, 0)
    assert visible_to(county, Child).get(id_number=b).risk_level == enums.RiskLevel.HIGH
    assert visible_to(county, Child).count() == 2


def test_repeats_are_recognised_across_batches(county):
    a = number(date(2014, 4, 2), 321)
    job = run(
        county,
        workbook([row("林一", a), row("林二", number(date(2015, 1, 1), 322)), row("林一", a)]),
        batch=1,
    )
    assert counts(job) == (2, 0, 1, 0)
    job = run(
        county,
        workbook(
            [
                row("林三", number(date(2016, 1, 1), 323)),
                row("林三", number(date(2016, 1, 1), 323), risk="高"),
            ]
        ),
        batch=1,
    )
    assert (counts(job), errors(job)) == ((1, 0, 0, 1), [(5, "", "row.duplicate")])


def test_a_number_filed_in_another_county_is_rejected_there(actor_of, county):
    a = number(date(2014, 4, 2), 331)
    elsewhere = left_behind(division_code=ANYUAN_VILLAGE, id_number=a)
    services.child_create(actor=actor_of("demo-county-b"), record=elsewhere, as_of=AS_OF)
    job = run(county, workbook([row("林一", a), row("林二", number(date(2015, 1, 1), 332))]))
    assert (counts(job), errors(job)) == ((1, 0, 0, 1), [(4, "G", "child.already_filed")])
    assert "萍乡市安源区" in job.errors[0]["message"]


def test_files_filed_one_by_one_after_a_bulk_import_get_their_own_ids(county):
    run(county, workbook([row(f"林{i}", number(date(2014, 1, 1 + i), 340 + i)) for i in range(3)]))
    alone = services.child_create(actor=county, record=left_behind(), as_of=AS_OF).child
    run(county, workbook([row(f"陈{i}", number(date(2015, 1, 1 + i), 350 + i)) for i in range(2)]))
    ids = list(visible_to(county, Child).values_list("pk", flat=True))
    assert len(ids) == len(set(ids)) == 6 and alone.pk in ids
    assert Parent.unscoped.count() == 7  # one father per ledger row, two parents for left_behind()


def test_a_committed_import_is_audited_once_with_its_counts(county):
    content = workbook([row("林一", number(date(2014, 4, 2), 361)), row("林二", 5.1e17)])
    imported = AuditEvent.unscoped.filter(action=Action.IMPORTED)
    run(county, content, dry_run=True)
    assert not imported.exists()
    job = ledger_import.import_create(actor=county, content=content, file_name="台账.xlsx", dry_run=False)
    job = ledger_import.import_run(actor=county, job=job, as_of=AS_OF)
    ledger_import.import_run(actor=county, job=job, as_of=AS_OF)  # already done: nothing again
    event = imported.get()
    assert (event.actor_id, event.division_code) == (county.user_id, "360313000000")
    assert (event.subject_type, event.subject_id, event.subject_label) == (
        "import_job",
        str(job.pk),
        "台账.xlsx",
    )
    assert event.detail == {"total": 2, "created": 1, "updated": 0, "unchanged": 0, "rejected": 1}


def _figures(code: str) -> dict[str, Any]:
    row = ComplianceFigure.unscoped.get(division_code=code)
    return {name: getattr(row, name) for name in compliance.COUNT_FIELDS}


def test_an_import_leaves_its_villages_figures_exact(county):
    # Three batches over one village: the figures are expired by each and recounted once at the end.
    rows = [
        row(f"林{i}", number(date(2014, 1, 1 + i), 370 + i), risk=r, **BOTH_AWAY)
        for i, r in enumerate("高中中低低")
    ]
    job = run(county, workbook(rows), batch=2)
    assert counts(job) == (5, 0, 0, 0)
    today = clock.today()
    figure = ComplianceFigure.unscoped.get(division_code=XINJIE)
    assert compliance.is_valid(figure, today)
    after_import = _figures(XINJIE)
    assert (after_import["high_children"], after_import["medium_children"], after_import["low_children"]) == (
        1,
        2,
        2,
    )
    compliance.expire_villages([XINJIE], as_of=today)
    compliance.refresh_villages([XINJIE], as_of=today)
    assert _figures(XINJIE) == after_import  # what a recount from scratch finds


def test_a_batch_writer_expires_figures_and_a_page_recounts_them(county):
    today = clock.today()
    services.child_create(actor=county, record=left_behind(), as_of=AS_OF)
    assert compliance.is_valid(ComplianceFigure.unscoped.get(division_code=XINJIE), today)
    with transaction.atomic(), compliance.deferred(as_of=today):
        services.child_create(actor=county, record=left_behind(name="林二"), as_of=AS_OF)
        assert _figures(XINJIE)["medium_children"] == 1  # not recounted inside
    assert not compliance.is_valid(ComplianceFigure.unscoped.get(division_code=XINJIE), today)
    village = visit_selectors.division_for(actor=county, code=XINJIE)
    page = visit_selectors.compliance(actor=county, division=village, as_of=today)
    assert page.total.tiers[Level.MEDIUM].children == 2
    assert compliance.is_valid(ComplianceFigure.unscoped.get(division_code=XINJIE), today)


def test_the_total_is_estimated_first_and_exact_when_done(county):
    # Title rows, a blank row and a styled empty row: the estimate counts tags, the job ends exact.
    rows = [row(f"林{i}", number(date(2014, 2, 1 + i), 380 + i)) for i in range(4)]
    content = workbook([*rows[:2], [], *rows[2:]])
    job = ledger_import.import_create(actor=county, content=content, dry_run=False)
    assert 4 <= job.total <= 5
    job = ledger_import.import_run(actor=county, job=job, as_of=AS_OF)
    assert (job.total, counts(job)) == (4, (4, 0, 0, 0))


def test_an_import_recounts_only_the_villages_it_wrote_to(actor_of, county):
    # Another village's figures expired for another reason (the month turned before the daily job):
    # an import elsewhere leaves them to the page or the job, and does not recount a whole county.
    services.child_create(actor=county, record=left_behind(division_code=XINGQUN), as_of=AS_OF)
    today = clock.today()
    compliance.expire_villages([XINGQUN], as_of=today)
    run(county, workbook([row("林一", number(date(2014, 4, 2), 391))]))
    assert compliance.is_valid(ComplianceFigure.unscoped.get(division_code=XINJIE), today)
    assert not compliance.is_valid(ComplianceFigure.unscoped.get(division_code=XINGQUN), today)


def test_the_batch_insert_fires_the_same_hook_as_a_single_save_once_per_batch(county, file_saved):
    fired: list[tuple[list[str], bool]] = []
    file_saved(lambda children, created: fired.append((sorted(c.name for c in children), created)))
    rows = [row(f"林{i}", number(date(2014, 3, 1 + i), 400 + i)) for i in range(5)]
    assert counts(run(county, workbook(rows), batch=3)) == (5, 0, 0, 0)
    assert fired == [(["林0", "林1", "林2"], True), (["林3", "林4"], True)]
    services.child_create(actor=county, record=left_behind(), as_of=AS_OF)
    assert fired[-1] == (["林小雨"], True)  # a single save: the same hook, with a list of one
    assert counts(run(county, workbook([row("林0", number(date(2014, 3, 1), 400), risk="高")]))) == (
        0,
        1,
        0,
        0,
    )
    assert fired[-1] == (["林0"], False)


def test_an_unexpected_error_fails_the_job_and_running_it_again_resumes(county, file_saved, caplog):
    calls: list[int] = []

    def breaks_in_the_second_batch(children, created):
        calls.append(len(children))
        if len(calls) == 2:
            raise RuntimeError("the disk is full")

    file_saved(breaks_in_the_second_batch)
    content = workbook([row(f"林{i}", number(date(2014, 5, 1 + i), 410 + i)) for i in range(5)])
    job = ledger_import.import_create(actor=county, content=content, dry_run=False)
    job = ledger_import.import_run(actor=county, job=job, as_of=AS_OF, batch=2)
    assert job.status == JobStatus.FAILED
    assert "前 2 条数据已导入" in job.failure and "联系系统管理员" in job.failure
    assert "the disk is full" in caplog.text  # the traceback is logged for the administrator
    job.refresh_from_db()
    # Batch 1 committed with the cursor; batch 2 rolled back whole.
    assert (job.status, job.cursor, counts(job), visible_to(county, Child).count()) == (
        JobStatus.FAILED,
        2,
        (2, 0, 0, 0),
        2,
    )
    job = ledger_import.import_run(actor=county, job=job, as_of=AS_OF, batch=2)
    assert (job.status, job.cursor, counts(job), visible_to(county, Child).count()) == (
        JobStatus.DONE,
        5,
        (5, 0, 0, 0),
        5,
    )


def test_an_unexpected_error_fails_a_dry_run_too(county, file_saved):
    def breaks(children, created):
        raise RuntimeError("the disk is full")

    file_saved(breaks)
    job = run(county, workbook([row("林一", number(date(2014, 6, 1), 420))]), dry_run=True)
    assert job.status == JobStatus.FAILED and "没有写入任何数据" in job.failure
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and not visible_to(county, Child).exists()

"""Left-behind women (留守妇女台账) in the registries: episodes on save and in the daily job."""

from datetime import date, datetime

import pytest
from django.db import IntegrityError, transaction

from seedling.core import clock
from seedling.people import services as people
from seedling.people.records import WomanRecord
from seedling.registries import selectors
from seedling.registries.enums import LEFT_BEHIND_WOMAN
from seedling.registries.models import Determination, Membership, Notice
from seedling.registries.tasks import due_woman_ids, recheck_due

D = date(2025, 3, 1)
BORN = date(1975, 8, 10)
SIXTIETH = date(2035, 8, 10)


def _record(woman, **changes) -> WomanRecord:
    fields = (
        "division_code",
        "name",
        "id_number",
        "hukou_type",
        "residence",
        "husband_name",
        "husband_away_since",
    )
    values = {f: getattr(woman, f) for f in fields}
    values.update(changes)
    return WomanRecord(**values)


def test_a_woman_whose_husband_has_been_away_six_months_enters_on_save(woman_on):
    woman = woman_on(D)
    rows = list(
        Membership.unscoped.filter(woman=woman).values_list(
            "category", "start", "end", "status", "entry_reason", "division_code", "child_id"
        )
    )
    assert rows == [(LEFT_BEHIND_WOMAN, D, None, "active", "filed", "360313001001", None)]
    det = Determination.unscoped.get(woman=woman)
    assert (det.categories, det.next_recheck, det.evaluated_on, det.discrepancy) == (
        f",{LEFT_BEHIND_WOMAN},",
        SIXTIETH,
        D,
        False,
    )
    assert [r["code"] for r in det.details[0]["reasons"]] == [
        "LBW.AGE_UNDER_60",
        "LBW.RURAL",
        "LBW.HUSBAND_AWAY",
    ]


def test_a_husband_away_under_six_months_enters_when_the_job_reaches_six(woman_on):
    woman = woman_on(D, husband_away_since=date(2025, 1, 15))
    assert not Membership.unscoped.filter(woman=woman).exists()
    det = Determination.unscoped.get(woman=woman)
    assert (det.categories, det.next_recheck) == ("", date(2025, 7, 15))
    assert due_woman_ids(date(2025, 7, 14)) == []
    assert due_woman_ids(date(2025, 7, 15)) == [woman.pk]
    result = recheck_due(as_of=date(2025, 7, 15))
    assert (result.files, result.opened) == (1, 1)
    row = Membership.unscoped.get(woman=woman)
    assert (row.start, row.entry_reason) == (date(2025, 7, 15), "recheck")
    assert Notice.unscoped.get(woman=woman).kind == "entered"


def test_her_60th_birthday_closes_the_episode_in_the_daily_job(woman_on):
    woman = woman_on(D)
    assert due_woman_ids(SIXTIETH) == [woman.pk]
    first = recheck_due(as_of=SIXTIETH)
    assert first.as_dict() == {"files": 1, "opened": 0, "closed": 1, "changed": 1}
    row = Membership.unscoped.get(woman=woman)
    assert (row.start, row.end, row.exit_reason) == (D, SIXTIETH, "aged_out")
    assert [r["code"] for r in row.exit_reasons] == ["LBW.AGE_60_OR_OVER"]
    notice = Notice.unscoped.get(woman=woman)
    assert (notice.kind, notice.category, notice.reason, notice.child_id) == (
        "exited",
        LEFT_BEHIND_WOMAN,
        "aged_out",
        None,
    )
    det = Determination.unscoped.get(woman=woman)
    assert (det.categories, det.next_recheck, det.evaluated_on) == ("", None, SIXTIETH)
    # Idempotent: the same day again finds nothing due and writes nothing.
    assert recheck_due(as_of=SIXTIETH).as_dict() == {"files": 0, "opened": 0, "closed": 0, "changed": 0}
    assert Membership.unscoped.filter(woman=woman).count() == 1
    assert Notice.unscoped.filter(woman=woman).count() == 1


def test_saving_her_husbands_return_closes_the_episode(woman_on, actor_of):
    woman = woman_on(D)
    later = date(2025, 9, 1)
    with clock.freeze(datetime(2025, 9, 1, 9)):
        people.woman_save(
            actor=actor_of("demo-village"),
            record=_record(woman, husband_returned_on=date(2025, 8, 20)),
            woman=woman,
        )
    row = Membership.unscoped.get(woman=woman)
    assert (row.end, row.exit_reason) == (later, "parent_returned")
    # Saving again unchanged on the same day writes nothing new.
    with clock.freeze(datetime(2025, 9, 1, 10)):
        people.woman_save(
            actor=actor_of("demo-village"),
            record=_record(woman, husband_returned_on=date(2025, 8, 20)),
            woman=woman,
        )
    assert Membership.unscoped.filter(woman=woman).count() == 1
    assert Determination.unscoped.get(woman=woman).evaluated_on == later


def test_the_roll_of_left_behind_women_is_listed_within_scope(woman_on, file_on, actor_of):
    woman = woman_on(date.today())
    child = file_on(date.today())
    county = actor_of("demo-county")
    assert [
        (a.prefix, a.count) for a in selectors.registry_counts(actor=county, category=LEFT_BEHIND_WOMAN)
    ] == [("360313001", 1)]
    members = selectors.registry_members(actor=county, category=LEFT_BEHIND_WOMAN)
    assert [(m.woman_id, m.woman.name, m.child_id) for m in members] == [(woman.pk, "王秀英", None)]
    assert [m.child_id for m in selectors.registry_members(actor=county, category="left_behind")] == [
        child.pk
    ]
    assert selectors.registry_members(actor=actor_of("demo-county-b"), category=LEFT_BEHIND_WOMAN) == []
    assert str(selectors.category_label(LEFT_BEHIND_WOMAN)) == "农村留守妇女"
    assert LEFT_BEHIND_WOMAN in selectors.ROLLS and LEFT_BEHIND_WOMAN not in selectors.LISTABLE


@pytest.mark.parametrize("both", [True, False])
def test_a_row_names_exactly_one_person(woman_on, file_on, both):
    woman, child = woman_on(D), file_on(D)
    row = Membership(
        category=LEFT_BEHIND_WOMAN,
        start=D,
        entry_reason="filed",
        division_code="360313001001",
        child=child if both else None,
        woman=woman if both else None,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        row.save()


def test_the_womens_roll_has_its_page(woman_on, client_of):
    woman = woman_on(date.today())
    page = client_of("demo-county").get(f"/registries/{LEFT_BEHIND_WOMAN}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "农村留守妇女" in body and f"/women/{woman.pk}/" in body and "王秀英" in body
    index = client_of("demo-county").get("/registries/").content.decode()
    assert f"/registries/{LEFT_BEHIND_WOMAN}/" in index
    # Another county sees an empty roll, not her.
    assert (
        "王秀英" not in client_of("demo-county-b").get(f"/registries/{LEFT_BEHIND_WOMAN}/").content.decode()
    )

"""Pre-aggregated compliance (summary.py): the figures agree with the live computation, stay exact
through every write, expire on the right day, and are read through scope."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from typing import Any

from django.core.management import call_command
from django.db.models import F
from django_tasks_db.models import DBTaskResult

from seedling.access import visible_to
from seedling.core import clock
from seedling.people import services as people_services
from seedling.people.enums import DeclaredCategory
from seedling.people.models import Child
from seedling.people.records import Benefit
from seedling.visits import selectors, services, summary, tasks
from seedling.visits.models import ComplianceChild, ComplianceFigure, RiskChange, Visit
from seedling.visits.tests.conftest import file_child, frequencies_set, visit

# A 低保 household: 困境儿童 by the rules, whatever the village declared (晋政民〔2024〕46号 三（一）).
DIBAO = [Benefit(kind="dibao")]

D = dt.date
XINJIE, XINGQUN, LIUSHI = "360313001001", "360313001003", "360313101003"  # two townships of 湘东区
ANYUAN = "360302001001"  # 安源区: another county
PAGES = [
    ("demo-province", "360000000000"),
    ("demo-city", "360300000000"),
    ("demo-county", "360313000000"),
    ("demo-township", "360313001000"),
    ("demo-village", XINJIE),
    ("demo-county-b", "360302000000"),
]


def at(day: dt.date) -> Any:
    return clock.freeze(dt.datetime(day.year, day.month, day.day, 10, 0, tzinfo=clock.SEEDLING_TZ))


def shown(report: selectors.Compliance) -> tuple[Any, ...]:
    """Everything the page shows, as plain values."""

    def unit(u: selectors.UnitFigures) -> tuple[Any, ...]:
        tiers = {level: dataclasses.asdict(t) for level, t in u.tiers.items()}
        return (u.code, tiers, u.in_difficulty, u.paired)

    return (
        unit(report.total),
        [unit(u) for u in report.units],
        [(a.child.pk, a.days_without_home_visit) for a in report.alarms],
        [c.pk for c in report.unpaired],
        report.alarms_more,
        report.unpaired_more,
    )


def both(actor_of: Any, username: str, code: str, as_of: dt.date) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    actor = actor_of(username)
    division = selectors.division_for(actor=actor, code=code)
    live = selectors.compliance_live(actor=actor, division=division, as_of=as_of)
    return shown(selectors.compliance(actor=actor, division=division, as_of=as_of)), shown(live)


def varied_children(actor_of: Any, n: int = 36) -> list[Child]:
    """Children over four villages of two counties: every level and none, filed before and inside the
    current periods, visits either side of month and quarter boundaries, risk changes mid-period,
    children turning 18 in the coming months, some in difficulty, some of those paired."""
    rng = random.Random(6)
    county, county_b = actor_of("demo-county"), actor_of("demo-county-b")
    days = [D(2025, 3, 31), D(2025, 4, 1), D(2025, 5, 30), D(2025, 5, 31), D(2025, 6, 1), D(2025, 6, 29)]
    made = []
    for i in range(n):
        village = rng.choice([XINJIE, XINJIE, XINGQUN, LIUSHI, ANYUAN])
        actor = county_b if village == ANYUAN else county
        since = rng.choice([D(2024, 9, 1), D(2025, 3, 31), D(2025, 4, 1), D(2025, 6, 1), D(2025, 6, 15)])
        born = rng.choice([D(2016, 5, 20), D(2016, 5, 20), D(2007, 7, 15), D(2007, 8, 20)])
        hard = born.year == 2007 or rng.random() < 0.4  # left-behind is under 16 only
        categories = [] if born.year == 2007 else [DeclaredCategory.LEFT_BEHIND]
        child = file_child(
            actor,
            risk=rng.choice(["high", "medium", "low", ""]),
            since=since,
            name=f"童{i}",
            division_code=village,
            birth_date=born,
            declared_categories=categories + ([DeclaredCategory.IN_DIFFICULTY] if hard else []),
        )
        if since <= D(2025, 6, 1) and rng.random() < 0.3:  # a risk change in the middle of June
            with at(D(2025, 6, 12)):
                level = rng.choice(["high", "medium", "low"])
                fresh = Child.unscoped.get(pk=child.pk)
                services.risk_set(actor=actor, child=fresh, level=level, reason="复核调整")
        for day in rng.sample(days, rng.randint(0, 3)):
            visit(actor, child, day, mode=rng.choice(["home", "home", "phone", "wechat"]))
        if hard and rng.random() < 0.5:
            services.pairing_set(actor=actor, child=child, name="王老师", phone="13800000009", org="团委")
        made.append(child)
    return made


def test_figures_agree_with_the_live_computation_at_every_level_and_day(actor_of, frozen) -> None:
    varied_children(actor_of)
    figures, live = both(actor_of, "demo-county", "360313000000", frozen)
    total = figures[0][1]
    # The synthetic set is not trivial: every status and an alarm occur.
    assert sum(t["compliant"] for t in total.values()) > 0 and sum(t["due"] for t in total.values()) > 0
    assert sum(t["overdue"] for t in total.values()) > 0 and sum(t["alarms"] for t in total.values()) > 0
    # Month and quarter ends, children turning 18, alarms starting: recomputed on read, still exact.
    for day in (D(2025, 6, 30), D(2025, 7, 1), D(2025, 7, 20), D(2025, 8, 1), D(2025, 10, 1)):
        with at(day):
            for username, code in PAGES:
                figures, live = both(actor_of, username, code, day)
                assert figures == live, (day, username)
            assert not ComplianceFigure.unscoped.filter(valid_until__lt=day).exists()
    # The two who turn 18 in July and August have left the figures by October.
    born_2007 = Child.unscoped.filter(birth_date__year=2007).count()
    assert born_2007 and not ComplianceChild.unscoped.filter(child__birth_date__year=2007).exists()


def test_county_page_reads_the_figures_with_a_fixed_number_of_queries(
    actor_of, frozen, django_assert_num_queries
) -> None:
    varied_children(actor_of, n=12)
    actor = actor_of("demo-county")
    county = selectors.division_for(actor=actor, code="360313000000")
    before = selectors.compliance(actor=actor, division=county, as_of=frozen)
    # Each write recomputed its village: nothing is left to recompute on read.
    with django_assert_num_queries(6):  # expired?, units, one GROUP BY, alarms (2), unpaired
        selectors.compliance(actor=actor, division=county, as_of=frozen)
    # The page sums the rows: a row changed behind its back shows (no schedule is computed).
    ComplianceFigure.unscoped.filter(division_code=XINGQUN).update(low_children=F("low_children") + 500)
    after = selectors.compliance(actor=actor, division=county, as_of=frozen)
    assert after.total.tiers["low"].children == before.total.tiers["low"].children + 500


def test_every_write_keeps_the_village_exact_without_a_recompute_on_read(actor_of, frozen) -> None:
    village = actor_of("demo-village")
    child = file_child(village, risk="high", name="甲")

    def valid_and_equal() -> None:
        row = ComplianceFigure.unscoped.get(division_code=XINJIE)
        assert summary.is_valid(row, frozen)
        figures, live = both(actor_of, "demo-township", "360313001000", frozen)
        assert figures == live

    row = ComplianceFigure.unscoped.get(division_code=XINJIE)
    assert (row.high_children, row.high_overdue, row.high_alarms) == (1, 1, 1)
    assert ComplianceChild.unscoped.get(child=child).waiting_since == D(2025, 1, 1)
    visit(village, child, D(2025, 6, 20))  # a visit
    row.refresh_from_db()
    assert (row.high_children, row.high_compliant, row.high_alarms) == (1, 1, 0)
    assert ComplianceChild.unscoped.get(child=child).waiting_since is None
    # The alarm comes back 30 days after the visit: the row holds until the day before.
    assert row.valid_until == D(2025, 6, 30)
    valid_and_equal()
    services.risk_set(actor=village, child=child, level="low", reason="父亲返乡")  # a risk change
    row.refresh_from_db()
    assert (row.high_children, row.low_children, row.low_compliant) == (0, 1, 1)
    valid_and_equal()
    other = file_child(village, risk="medium", name="乙", household_benefits=DIBAO)  # a new file
    services.pairing_set(actor=village, child=other, name="李老师", phone="13800000010", org="团委")
    row.refresh_from_db()
    assert (row.medium_children, row.in_difficulty, row.paired) == (1, 1, 1)
    valid_and_equal()


def test_a_transferred_child_leaves_one_village_and_brings_its_visits_to_the_other(actor_of, frozen) -> None:
    holder, receiving = actor_of("demo-county"), actor_of("demo-county-b")
    child = file_child(holder, risk="high", name="迁")
    visit(actor_of("demo-village"), child, D(2025, 6, 25))
    transfer = people_services.transfer_request(
        actor=receiving, id_number=child.id_number, to_code=ANYUAN, reason="随母亲迁居"
    )
    people_services.transfer_decide(actor=holder, transfer=transfer, approve=True)
    old = ComplianceFigure.unscoped.get(division_code=XINJIE)
    new = ComplianceFigure.unscoped.get(division_code=ANYUAN)
    assert (old.high_children, new.high_children, new.high_compliant) == (0, 1, 1)
    assert ComplianceChild.unscoped.get(child=child).division_code == ANYUAN
    # The file's visits and risk history moved too: the receiving area sees them.
    assert set(Visit.unscoped.filter(child=child).values_list("division_code", flat=True)) == {ANYUAN}
    assert set(RiskChange.unscoped.filter(child=child).values_list("division_code", flat=True)) == {ANYUAN}
    for username, code in (("demo-county", "360313000000"), ("demo-county-b", "360302000000")):
        figures, live = both(actor_of, username, code, frozen)
        assert figures == live, username


def test_new_frequencies_in_force_today_expire_the_province(
    actor_of, frozen, django_capture_on_commit_callbacks
) -> None:
    village = actor_of("demo-village")
    child = file_child(village, risk="low", name="季")
    visit(village, child, D(2025, 4, 10))  # the quarter's home visit
    visit(village, child, D(2025, 6, 10), mode="phone")  # June's contact
    assert ComplianceFigure.unscoped.get(division_code=XINJIE).low_compliant == 1
    with django_capture_on_commit_callbacks(execute=True):
        frequencies_set(actor_of("demo-province"), "36", frozen, 1, 1, 1, 1, 30)
    row = ComplianceFigure.unscoped.get(division_code=XINJIE)
    assert row.valid_until == frozen - dt.timedelta(days=1)  # no longer holds today
    queued = DBTaskResult.objects.get(task_path="seedling.visits.tasks.refresh_compliance_task")
    assert queued.args_kwargs["kwargs"] == {"as_of": "2025-06-30"}  # the job, off the request
    figures, live = both(actor_of, "demo-county", "360313000000", frozen)
    assert figures == live
    assert (figures[0][1]["low"]["compliant"], figures[0][1]["low"]["due"]) == (0, 1)


def test_a_version_set_for_later_ends_the_figures_the_day_before(actor_of, frozen) -> None:
    file_child(actor_of("demo-village"), risk="low")
    frequencies_set(actor_of("demo-province"), "36", D(2025, 7, 15), 1, 1, 1, 1, 30)
    assert ComplianceFigure.unscoped.get(division_code=XINJIE).valid_until == D(2025, 6, 30)
    with at(D(2025, 7, 1)):
        summary.refresh_villages([XINJIE], as_of=D(2025, 7, 1))
    assert ComplianceFigure.unscoped.get(division_code=XINJIE).valid_until == D(2025, 7, 14)


def test_the_daily_job_recomputes_only_what_is_due_and_what_was_never_computed(actor_of, frozen) -> None:
    varied_children(actor_of, n=10)
    villages = ComplianceFigure.unscoped.count()
    assert tasks.refresh_due(as_of=frozen).villages == 0  # every write kept its village valid
    ComplianceFigure.unscoped.filter(division_code=XINGQUN).delete()  # as before the first run
    ComplianceChild.unscoped.filter(division_code=XINGQUN).delete()
    assert summary.due_villages(frozen) == [XINGQUN]
    assert tasks.refresh_due(as_of=frozen).villages == 1
    july = D(2025, 7, 1)
    with at(july):
        call_command("refresh_compliance")  # new periods: every village
        assert summary.due_villages(july) == []
        assert tasks.refresh_due(as_of=july).villages == 0  # a second run finds nothing due
        assert ComplianceFigure.unscoped.filter(as_of=july).count() == villages
        for username, code in PAGES[:3]:
            figures, live = both(actor_of, username, code, july)
            assert figures == live


def test_a_day_in_the_past_holds_only_until_the_next_recorded_contact(actor_of, frozen) -> None:
    village = actor_of("demo-village")
    child = file_child(village, risk="high")
    visit(village, child, D(2025, 6, 20))
    summary.refresh_villages([XINJIE], as_of=D(2025, 6, 10))  # a re-run of an old day
    row = ComplianceFigure.unscoped.get(division_code=XINJIE)
    assert (row.as_of, row.valid_until, row.high_compliant) == (D(2025, 6, 10), D(2025, 6, 19), 0)
    # Today the old day's figures do not hold: the page recomputes them.
    figures, live = both(actor_of, "demo-township", "360313001000", frozen)
    assert figures == live and figures[0][1]["high"]["compliant"] == 1


def test_figures_are_read_through_scope(actor_of, client_of, frozen) -> None:
    varied_children(actor_of, n=8)
    other = actor_of("demo-county-b")
    assert not visible_to(other, ComplianceFigure).filter(division_code__startswith="360313").exists()
    assert not visible_to(other, ComplianceChild).filter(division_code__startswith="360313").exists()
    assert visible_to(actor_of("demo-village"), ComplianceFigure).get().division_code == XINJIE
    assert client_of("demo-county-b").get("/visits/compliance/360313000000/").status_code == 404


def test_long_lists_name_the_first_and_count_the_rest(actor_of, client_of, frozen) -> None:
    village = actor_of("demo-village")
    for i, since in enumerate((D(2025, 1, 1), D(2025, 2, 1), D(2025, 3, 1), D(2025, 4, 1))):
        file_child(village, risk="high", since=since, name=f"警{i}", household_benefits=DIBAO)
    county = actor_of("demo-county")
    division = selectors.division_for(actor=county, code="360313000000")
    report = selectors.compliance(actor=county, division=division, as_of=frozen, limit=2)
    assert [a.child.name for a in report.alarms] == ["警0", "警1"]  # the longest waits first
    assert [a.days_without_home_visit for a in report.alarms] == [180, 149]
    assert (report.alarms_more, report.unpaired_more, len(report.unpaired)) == (2, 2, 2)
    live = selectors.compliance_live(actor=county, division=division, as_of=frozen, limit=2)
    assert shown(live) == shown(report)
    html = client_of("demo-county").get("/visits/compliance/360313000000/").content.decode()
    assert html.count('href="/visits/child/') >= 8 and 'data-k="alarms_more"' not in html  # 100: all


def test_chunks_bounded_by_children_give_the_same_figures(actor_of, frozen, monkeypatch) -> None:
    # A ledger can file thousands of children in one village: a chunk of the recount is cut by its
    # children as well as its villages, down to one village at a time, with the same figures.
    varied_children(actor_of, n=20)
    codes = sorted(ComplianceFigure.unscoped.values_list("division_code", flat=True))
    assert len(codes) >= 3
    whole = {r.division_code: r for r in ComplianceFigure.unscoped.all()}
    monkeypatch.setattr(summary, "CHUNK_CHILDREN", 1)
    taken = summary._take(codes)
    assert len(taken) == 1  # the first village alone (each of them holds a child)
    summary.expire_villages(codes, as_of=frozen)
    result = summary.refresh_villages(codes, as_of=frozen)
    assert (result.villages, result.children) == (len(codes), ComplianceChild.unscoped.count())
    for row in ComplianceFigure.unscoped.all():
        assert [getattr(row, f) for f in summary.FIGURE_FIELDS] == [
            getattr(whole[row.division_code], f) for f in summary.FIGURE_FIELDS
        ]

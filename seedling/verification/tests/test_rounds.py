"""Rounds end to end in the service layer: open, verify door to door, return, approve, sign off, spot
check, correct; boards against direct counts; scope; the command line."""

from __future__ import annotations

import json
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.http import Http404

from seedling.access.actor import Actor, grant_for
from seedling.access.roles import Role
from seedling.audit.models import AuditEvent
from seedling.core import clock
from seedling.core.errors import PermissionDenied, ValidationFailed
from seedling.people import services as people
from seedling.people.models import Child
from seedling.people.tests.factories import left_behind
from seedling.verification import ratios, selectors, services
from seedling.verification.enums import SECTIONS, RoundFileState
from seedling.verification.models import CorrectionTask, RoundFile, SpotCheck, SpotCheckFile

pytestmark = pytest.mark.django_db

XINJIE, XINGQUN = "360313001001", "360313001003"  # 峡山口街道
LIUSHI = "360313101003"  # 湘东镇
JINCHENG = "360321101005"  # 莲花县
ANYUAN = "360302001001"  # 安源区


def _files(actor_of) -> dict[str, list[Child]]:
    county, province = actor_of("demo-county"), actor_of("demo-province")
    made: dict[str, list[Child]] = {}
    for code, n in ((XINJIE, 3), (XINGQUN, 1), (LIUSHI, 2)):
        for i in range(n):
            made.setdefault(code, []).append(
                people.child_create(
                    actor=county, record=left_behind(division_code=code, name=f"测试{i}")
                ).child
            )
    for code in (JINCHENG, ANYUAN):
        rec = left_behind(division_code=code, name="外县")
        made[code] = [people.child_create(actor=province, record=rec).child]
    return made


def _direct(round_id: int, prefix: str, state: str | None = None) -> int:
    qs = RoundFile.unscoped.filter(round_id=round_id, division_code__startswith=prefix)
    return qs.filter(state__in=[state] if state else RoundFileState.values).count()


def _verify(actor, rf: RoundFile) -> RoundFile:
    for section in SECTIONS:  # one tap each
        rf = services.round_check(actor=actor, round_file=rf, sections=[section])
    return rf


def test_a_round_from_the_province_down(actor_of) -> None:
    made = _files(actor_of)
    province, village, township, county = (
        actor_of(u) for u in ("demo-province", "demo-village", "demo-township", "demo-county")
    )
    rnd = services.round_open(actor=province, name="2026年第四季度核实", due_on=date(2026, 12, 31))
    assert rnd.files == 8 == _direct(rnd.pk, "36")
    board = selectors.progress(actor=province, rnd=rnd)
    assert board.prefix == "36" and board.total.files == 8
    assert [(u.code, u.files) for u in board.units] == [("360300000000", 8)]

    # The director sees the round's files of the village and verifies one, section by section.
    mine = list(selectors.round_files(actor=village, rnd=rnd))
    assert {rf.child_id for rf in mine} == {c.pk for c in made[XINJIE]}
    first, second = mine[0], mine[1]
    first = services.round_check(actor=village, round_file=first, sections=["basic"])
    assert first.state == RoundFileState.PENDING and first.sections == ["basic"]
    first = _verify(village, first)
    assert first.state == RoundFileState.VERIFIED
    second = _verify(village, second)

    # The township returns one and approves the other.
    second = services.round_review(
        actor=township, round_file=second, approve=False, version=second.version, reason="照护人电话打不通"
    )
    first = services.round_review(actor=township, round_file=first, approve=True, version=first.version)
    assert (second.state, second.sections, second.return_reason) == ("returned", [], "照护人电话打不通")
    board = selectors.progress(actor=county, rnd=rnd)
    assert board.prefix == "360313"
    by = {u.code: u for u in board.units}
    assert (
        by["360313001000"].verified
        == _direct(rnd.pk, "360313001", "verified") + _direct(rnd.pk, "360313001", "approved")
        == 1
    )
    assert by["360313001000"].approved == 1 and by["360313001000"].returned == 1
    assert by["360313001000"].signed_off is False

    # Sign-off waits for 100 %.
    with pytest.raises(ValidationFailed) as exc:
        services.round_sign_off(actor=county, rnd=rnd, township_code="360313001000")
    assert exc.value.code == "round.not_complete"
    for rf in selectors.round_files(actor=village, rnd=rnd):
        if rf.state in (RoundFileState.PENDING, RoundFileState.RETURNED):
            rf = _verify(village, rf)
    # 星群's own director (an actor of that village) verifies its file.
    director = Actor(
        user_id=village.user_id, username="x", grants=(grant_for(Role.VILLAGE_DIRECTOR, XINGQUN),)
    )
    for rf in RoundFile.unscoped.filter(round=rnd, division_code=XINGQUN):
        _verify(director, rf)
    for rf in RoundFile.unscoped.filter(round=rnd, division_code__startswith="360313001", state="verified"):
        services.round_review(actor=township, round_file=rf, approve=True, version=rf.version)
    services.round_sign_off(actor=county, rnd=rnd, township_code="360313001000")
    with pytest.raises(ValidationFailed):
        services.round_sign_off(actor=county, rnd=rnd, township_code="360313001000")  # once
    board = selectors.progress(actor=county, rnd=rnd)
    assert {u.code: u.signed_off for u in board.units}["360313001000"] is True
    assert board.total.approved == _direct(rnd.pk, "360313", "approved") == 4
    # Another county cannot sign off this one's township.
    with pytest.raises(PermissionDenied):
        services.round_sign_off(actor=actor_of("demo-county-b"), rnd=rnd, township_code="360313101000")
    assert AuditEvent.unscoped.filter(action="round_signed_off").count() == 1


def test_a_review_on_a_stale_version_is_refused(actor_of) -> None:
    _files(actor_of)
    rnd = services.round_open(actor=actor_of("demo-county"), name="核实", due_on=date(2026, 12, 31))
    village, township = actor_of("demo-village"), actor_of("demo-township")
    rf = _verify(village, selectors.round_files(actor=village, rnd=rnd)[0])
    services.round_review(actor=township, round_file=rf, approve=False, version=rf.version, reason="重核")
    rf2 = _verify(village, RoundFile.unscoped.get(pk=rf.pk))
    with pytest.raises(services.StaleRoundFile):
        services.round_review(actor=township, round_file=rf2, approve=True, version=rf.version)
    assert RoundFile.unscoped.get(pk=rf.pk).state == RoundFileState.VERIFIED


def test_overdue_units_and_gaps(actor_of) -> None:
    county = actor_of("demo-county")
    people.child_create(
        actor=county,
        record=left_behind(
            division_code=XINJIE,
            caregiver_kind="",
            caregiver_name="",
            caregiver_phone="",
            caregiver_reason="",
            declared_categories=[],
        ),
    )
    rnd = services.round_open(actor=county, name="核实", due_on=date(2026, 1, 31), starts_on=date(2026, 1, 1))
    board = selectors.progress(actor=county, rnd=rnd, as_of=date(2026, 2, 1))
    assert board.overdue_units == 1 and board.units[0].overdue
    assert selectors.progress(actor=county, rnd=rnd, as_of=date(2026, 1, 31)).overdue_units == 0


def test_a_round_is_opened_only_within_ones_area(actor_of) -> None:
    with pytest.raises(PermissionDenied):
        services.round_open(
            actor=actor_of("demo-county"), name="x", due_on=date(2026, 12, 31), division_code="360302000000"
        )
    with pytest.raises(PermissionDenied):
        services.round_open(actor=actor_of("demo-village"), name="x", due_on=date(2026, 12, 31))
    with pytest.raises(ValidationFailed):
        services.round_open(actor=actor_of("demo-county"), name=" ", due_on=date(2026, 12, 31))


def test_spot_check_by_the_city(actor_of) -> None:
    _files(actor_of)
    city = actor_of("demo-city")
    rnd = services.round_open(actor=actor_of("demo-province"), name="核实", due_on=date(2026, 12, 31))
    spot = services.spot_check_draw(actor=city, rnd=rnd, seed=42)
    assert spot.level == "city" and len(spot.population) == 5 and len(spot.drawn) == 3
    assert set(spot.drawn) <= set(spot.population)
    # Redraw refused, and the refusal recorded.
    with pytest.raises(ValidationFailed) as exc:
        services.spot_check_draw(actor=city, rnd=rnd, seed=7)
    assert exc.value.code == "spot_check.drawn"
    assert AuditEvent.unscoped.filter(action="spot_check_redraw_refused").count() == 1
    assert SpotCheck.objects.get(pk=spot.pk).seed == 42
    # The same seed in another round of the same files draws the same.
    again = services.round_open(actor=actor_of("demo-province"), name="核实二", due_on=date(2026, 12, 31))
    spot2 = services.spot_check_draw(actor=city, rnd=again, seed=42)
    assert spot2.drawn == spot.drawn
    files = lambda s: selectors.files_of(selectors.spot_files(actor=city, spot=s))  # noqa: E731
    assert files(spot2) == files(spot)
    # Every drawn file lies in a drawn unit.
    for unit, ids in files(spot).items():
        assert all(Child.unscoped.get(pk=i).division_code.startswith(unit[:6]) for i in ids)


def test_a_city_cannot_draw_another_citys_counties(actor_of) -> None:
    rnd = services.round_open(actor=actor_of("demo-province"), name="核实", due_on=date(2026, 12, 31))
    with pytest.raises(PermissionDenied):
        services.spot_check_draw(actor=actor_of("demo-city"), rnd=rnd, division_code="360400000000")
    with pytest.raises(PermissionDenied):
        services.spot_check_draw(actor=actor_of("demo-county"), rnd=rnd)
    county_round = services.round_open(
        actor=actor_of("demo-county"), name="县核实", due_on=date(2026, 12, 31)
    )
    with pytest.raises(ValidationFailed) as exc:
        services.spot_check_draw(actor=actor_of("demo-city"), rnd=county_round)
    assert exc.value.code == "spot_check.outside"


def test_a_province_draws_half_its_cities(actor_of) -> None:
    rnd = services.round_open(actor=actor_of("demo-province"), name="核实", due_on=date(2026, 12, 31))
    spot = services.spot_check_draw(actor=actor_of("demo-province"), rnd=rnd, seed=1)
    assert spot.level == "province" and len(spot.drawn) == -(-len(spot.population) // 2)
    assert "360300000000" in spot.population


def test_a_disagreement_becomes_a_correction_task(actor_of) -> None:
    _files(actor_of)
    city, county = actor_of("demo-city"), actor_of("demo-county")
    rnd = services.round_open(actor=actor_of("demo-province"), name="核实", due_on=date(2026, 12, 31))
    counties = ["360302000000", "360313000000", "360321000000", "360322000000", "360323000000"]
    seed = next(s for s in range(200) if "360313000000" in ratios.draw_units(counties, 3, s))
    spot = services.spot_check_draw(actor=city, rnd=rnd, seed=seed)
    sample = SpotCheckFile.unscoped.filter(spot_check=spot, unit_code="360313000000").first()
    with pytest.raises(ValidationFailed):
        services.spot_check_record(actor=city, sample=sample, agrees=False)  # name the fields
    with pytest.raises(PermissionDenied):
        services.spot_check_record(actor=county, sample=sample, agrees=True)
    services.spot_check_record(actor=city, sample=sample, agrees=False, wrong_fields=["caregiver_phone"])
    task = CorrectionTask.unscoped.get(sample=sample)
    assert task.due_on == clock.today() + timedelta(days=30) and task.fields == ["caregiver_phone"]
    rates = {r.code: r for r in selectors.error_rates(actor=city, spot=spot)}
    assert rates["360313000000"].disagrees == 1 and rates["360313000000"].error_rate == 1.0
    assert [t.pk for t in selectors.corrections(actor=county)] == [task.pk]
    assert list(selectors.corrections(actor=actor_of("demo-county-b"))) == []
    with pytest.raises(ValidationFailed) as exc:
        services.correction_resolve(actor=county, task=task)
    assert exc.value.code == "correction.not_corrected"
    child = task.child
    people.child_update(
        actor=county,
        child=child,
        record=left_behind(
            division_code=child.division_code,
            name=child.name,
            id_number=child.id_number,
            caregiver_phone="13800000009",
        ),
    )
    services.correction_resolve(actor=county, task=task)
    assert list(selectors.corrections(actor=county)) == []


def test_the_command_line(actor_of) -> None:
    _files(actor_of)

    def run(*args: str) -> dict:
        out = StringIO()
        call_command(*args, "--json", stdout=out)
        return json.loads(out.getvalue())

    opened = run(
        "verification_round",
        "open",
        "--user",
        "demo-province",
        "--name",
        "2026年第四季度核实",
        "--due",
        "2026-12-31",
    )
    assert opened == {"round": opened["round"], "files": 8}
    drawn = run("spot_check_draw", "--user", "demo-city", "--round", str(opened["round"]), "--seed", "9")
    assert drawn["round"] == opened["round"] and drawn["level"] == "city" and drawn["seed"] == 9
    assert len(drawn["population"]) == 5 and len(drawn["drawn"]) == 3
    assert set(drawn["files"]) <= set(drawn["drawn"])
    with pytest.raises(CommandError, match=r"spot_check\.drawn"):
        run("spot_check_draw", "--user", "demo-city", "--round", str(opened["round"]), "--seed", "9")
    progress = run("verification_progress", "--user", "demo-county", "--round", str(opened["round"]))
    assert progress["files"] == 6 and progress["verified"] == 0
    assert [(u["code"], u["files"]) for u in progress["by_unit"]] == [
        ("360313001000", 4),
        ("360313101000", 2),
    ]
    with pytest.raises(CommandError, match="not_found"):
        run("verification_progress", "--user", "demo-county-b", "--round", "999999")


def test_a_round_outside_the_readers_area_is_not_found(actor_of) -> None:
    rnd = services.round_open(actor=actor_of("demo-county"), name="县核实", due_on=date(2026, 12, 31))
    with pytest.raises(Http404):
        selectors.round_get(actor=actor_of("demo-county-b"), round_id=rnd.pk)
    assert selectors.round_get(actor=actor_of("demo-city"), round_id=rnd.pk) == rnd

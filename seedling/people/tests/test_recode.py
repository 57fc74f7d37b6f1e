"""Division code changes (docs/rules/workflow.md#division-maintenance): the real 湘东区 2016 → 2023 change,
files under a township's "其他" placeholder, the bulk move, dry run, rerun, scope, a crash, bad rows."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from seedling.access.roles import Role
from seedling.accounts.actors import actor_for_user
from seedling.accounts.models import RoleAssignment, User
from seedling.audit.enums import Action
from seedling.audit.models import AuditEvent
from seedling.core import division_codes as codes
from seedling.core import hooks
from seedling.core.errors import ValidationFailed
from seedling.people import selectors, services
from seedling.people.models import Child, Woman
from seedling.people.recode import divisions_recode
from seedling.people.records import WomanRecord
from seedling.people.tests.factories import XINJIE, id_number, left_behind
from seedling.people.tests.test_web import api_client
from seedling.regions.changes import check_table, edition_table, read_table
from seedling.regions.loader import load_divisions
from seedling.regions.models import Division
from seedling.regions.selectors import division_level_counts, village_choices
from seedling.registries.models import Membership
from seedling.visits.models import ComplianceChild, ComplianceFigure
from seedling.workforce.models import Appointment
from seedling.workforce.tests.factories import register

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[2] / "regions" / "tests" / "data"
OLD = "360313101001"  # 前后街居委会: in the 2016 table, retired by the 2023 one
PLACEHOLDER = "360313101999"  # 湘东镇's "其他"
CHANGHE, YUNCHENG = "360313101008", "360313101009"  # new in 2023 under 湘东镇
TABLE = (
    "原区划代码,新区划代码,原名称,新名称\n"
    f"{OLD},{CHANGHE},前后街居委会,长荷居委会\n{PLACEHOLDER},{YUNCHENG},其他,云程居委会\n"
)


def woman(code: str, seq: int) -> WomanRecord:
    return WomanRecord(
        division_code=code,
        name=f"周{seq}",
        id_number=id_number(date(1990, 1, 1), place="360313"),
        birth_date=date(1990, 1, 1),
        hukou_type="rural",
        husband_away_since=date(2024, 3, 1),
    )


@pytest.fixture
def changed(actor_of):
    """Files entered in 2016's 湘东镇 (three at 前后街, two and a woman under 其他, a director at 前后街),
    then the 2023 edition loaded: 前后街 is retired, 长荷 and 云程 exist."""
    county = actor_of("demo-county")
    load_divisions(DATA / "county_360313_2016.csv", prefix="360313", edition="2016", today=date(2024, 1, 1))
    old = [
        services.child_create(actor=county, record=left_behind(division_code=OLD, name=f"林{i}")).child
        for i in range(3)
    ]
    other = [
        services.child_create(
            actor=county, record=left_behind(division_code=PLACEHOLDER, name=f"罗{i}")
        ).child
        for i in range(2)
    ]
    services.woman_save(actor=county, record=woman(PLACEHOLDER, 1))
    register(county, 7, OLD)
    untouched = services.child_create(actor=actor_of("demo-village"), record=left_behind()).child
    load_divisions(DATA / "county_360313_2023.csv", prefix="360313", edition="2023", today=date(2024, 2, 1))
    return {"old": old, "other": other, "untouched": untouched}


def table(actor, text: str = TABLE, name: str = "调整表.csv"):
    return check_table(actor=actor, rows=read_table(text.encode()), source=name)


def at(code: str) -> int:
    return (
        Child.unscoped.filter(division_code=code).count() + Woman.unscoped.filter(division_code=code).count()
    )


def test_placeholder_is_created_under_its_township_on_first_use_and_survives_loads(changed) -> None:
    placeholder = Division.unscoped.get(code=PLACEHOLDER)
    assert (placeholder.name, placeholder.level, placeholder.parent_id) == ("其他", 5, "360313101000")
    assert placeholder.retired_on is None  # the 2023 load did not retire it: its township is listed
    assert codes.placeholder_of("360313101000") == PLACEHOLDER and codes.is_placeholder(PLACEHOLDER)
    assert not codes.is_placeholder("360313101000") and not codes.is_placeholder(OLD)


def test_files_at_retired_codes_and_under_the_placeholder_await_reattribution(changed, actor_of) -> None:
    listed = selectors.to_reattribute(actor=actor_of("demo-county"))
    assert [(u.code, u.placeholder, u.children, u.women) for u in listed.units] == [
        (OLD, False, 3, 0),
        (PLACEHOLDER, True, 2, 1),
    ]
    assert {c.pk for c in listed.children} == {c.pk for c in changed["old"] + changed["other"]}
    # Another county sees none of them.
    assert selectors.to_reattribute(actor=actor_of("demo-county-b")).units == []


def test_a_file_at_a_retired_code_can_still_be_edited_where_it_is(changed, actor_of) -> None:
    county = actor_of("demo-county")
    child = changed["old"][0]
    record = replace(services.child_record(child), remarks="仍在原村")
    saved = services.child_update(actor=county, child=child, record=record)
    assert (saved.child.division_code, saved.child.remarks) == (OLD, "仍在原村")
    # But no file may be moved onto a retired code.
    other = changed["other"][0]
    with pytest.raises(ValidationFailed) as exc:
        services.child_update(
            actor=county, child=other, record=replace(services.child_record(other), division_code=OLD)
        )
    assert exc.value.code == "division.retired"


def test_a_code_change_moves_files_in_bulk_with_the_placeholder_emptied(changed, actor_of) -> None:
    county = actor_of("demo-county")
    assert (
        ComplianceFigure.unscoped.filter(division_code=OLD).values_list("medium_children", flat=True)[0] == 3
    )
    report = divisions_recode(actor=county, table=table(county), dry_run=False)
    assert report.errors == []
    assert report.counts["people.child"] == 5 and report.counts["people.woman"] == 1 and report.files == 6
    assert report.counts["workforce.appointment"] == 1 and report.counts["workforce.worker"] == 1
    assert report.counts["visits.compliancefigure"] == 2
    assert at(OLD) == 0 and at(PLACEHOLDER) == 0  # the placeholder is emptied
    assert at(CHANGHE) == 3 and at(YUNCHENG) == 3
    assert set(Child.unscoped.filter(division_code=CHANGHE).values_list("division_id", flat=True)) == {
        CHANGHE
    }
    assert selectors.to_reattribute(actor=county).units == []
    # The rows that hang off the files followed them; the untouched village kept its own.
    moved = [c.pk for c in changed["old"]]
    assert set(Membership.unscoped.filter(child_id__in=moved).values_list("division_code", flat=True)) == {
        CHANGHE
    }
    assert set(
        ComplianceChild.unscoped.filter(child_id__in=moved).values_list("division_code", flat=True)
    ) == {CHANGHE}
    assert Appointment.unscoped.get(division_code=CHANGHE).division_id == CHANGHE
    assert ComplianceFigure.unscoped.get(division_code=CHANGHE).medium_children == 3
    assert ComplianceFigure.unscoped.get(division_code=YUNCHENG).medium_children == 2
    assert Child.unscoped.get(pk=changed["untouched"].pk).division_code == XINJIE
    # Each file's history says so, by whom; the audit log has one event per move, with the batch.
    last = changed["old"][0].history.order_by("-history_id").first()
    assert (last.division_code, last.history_change_reason, last.history_type) == (
        CHANGHE,
        "区划代码调整",
        "~",
    )
    assert last.history_user.username == "demo-county"
    events = AuditEvent.unscoped.filter(action=Action.DIVISIONS_RECODED).order_by("division_code")
    assert [(e.division_code, e.detail["new"], e.detail["batch"]) for e in events] == [
        (OLD, CHANGHE, report.batch),
        (PLACEHOLDER, YUNCHENG, report.batch),
    ]


def test_dry_run_counts_per_table_and_writes_nothing(changed, actor_of) -> None:
    county = actor_of("demo-county")
    history = Child.history.count()
    report = divisions_recode(actor=county, table=table(county), dry_run=True)
    assert (report.files, report.counts["people.child"], report.counts["workforce.appointment"]) == (6, 5, 1)
    assert report.counts["visits.compliancefigure"] == 2 and not report.batch
    assert at(OLD) == 3 and at(PLACEHOLDER) == 3 and at(CHANGHE) == 0
    assert Child.history.count() == history
    assert not AuditEvent.unscoped.filter(action=Action.DIVISIONS_RECODED).exists()
    assert report.as_json()["written"] is False


def test_a_rerun_is_a_no_op(changed, actor_of) -> None:
    county = actor_of("demo-county")
    divisions_recode(actor=county, table=table(county), dry_run=False)
    history = Child.history.count()
    again = divisions_recode(actor=county, table=table(county), dry_run=False)
    assert again.files == 0 and not any(again.counts.values()) and not again.batch
    assert Child.history.count() == history
    assert AuditEvent.unscoped.filter(action=Action.DIVISIONS_RECODED).count() == 2


def test_a_county_cannot_move_another_countys_files(changed, actor_of) -> None:
    other = actor_of("demo-county-b")
    checked = table(other)
    assert [(e.row, e.code) for e in checked.errors] == [(2, "move.old_unknown"), (3, "move.old_unknown")]
    report = divisions_recode(actor=other, table=checked, dry_run=False)
    assert report.files == 0 and at(OLD) == 3
    # Across two counties only the city may: 湘东区's staff do not see 安源区's village, the city does.
    across = f"原区划代码,新区划代码\n{OLD},360302001001\n"
    assert [e.code for e in table(actor_of("demo-county"), across).errors] == ["move.new_unknown"]
    assert table(actor_of("demo-city"), across).errors == []
    # A township supervisor sees both codes of the township but may not change codes.
    inside = "原区划代码,新区划代码\n360313001001,360313001003\n"
    assert [e.code for e in table(actor_of("demo-township"), inside).errors] == ["move.not_allowed"]


def test_a_crash_mid_batch_leaves_nothing_half_written(changed, actor_of) -> None:
    county = actor_of("demo-county")
    history = Child.history.count()

    def crash(moves, *, counts, dry_run):
        raise RuntimeError("disk full")

    hooks.divisions_recoded.register(crash)  # runs after people, registries and visits moved their rows
    try:
        with pytest.raises(RuntimeError):
            divisions_recode(actor=county, table=table(county), dry_run=False)
    finally:
        hooks.divisions_recoded.handlers.remove(crash)
    assert at(OLD) == 3 and at(PLACEHOLDER) == 3 and at(CHANGHE) == 0
    assert Child.history.count() == history
    assert Appointment.unscoped.get(worker__id_number__isnull=False, division_code=OLD)
    assert ComplianceChild.unscoped.filter(division_code=CHANGHE).count() == 0
    assert not AuditEvent.unscoped.filter(action=Action.DIVISIONS_RECODED).exists()


def test_bad_rows_get_a_clear_message_each_and_nothing_moves(changed, actor_of) -> None:
    county = actor_of("demo-county")
    text = (
        "原区划代码,新区划代码\n"
        f"{OLD},{CHANGHE}\n"  # row 2: good
        "36031310100,360313101008\n"  # row 3: 11 digits
        f"{CHANGHE},{CHANGHE}\n"  # row 4: the same
        "360313101555,360313101009\n"  # row 5: no such old code
        f"{PLACEHOLDER},360313101002\n"  # row 6: the new code is retired
        f"{PLACEHOLDER},360313101000\n"  # row 7: a township for a village
        f"{OLD},{YUNCHENG}\n"  # row 8: the same old code, another new code
        f"360313101003,{OLD}\n"  # row 9: a chain (the new code is moved by row 2)
        ",360313101009\n"  # row 10: empty
    )
    checked = table(county, text)
    assert [(e.row, e.column, e.code) for e in checked.errors] == [
        (3, "A", "code.format"),
        (10, "A", "code.missing"),
        (4, "B", "move.same"),
        (5, "A", "move.old_unknown"),
        (6, "B", "move.new_retired"),
        (7, "B", "move.level_mismatch"),
        (8, "B", "move.conflict"),
        (9, "B", "move.new_retired"),
    ]
    messages = [str(e) for e in checked.errors]
    assert messages[0] == "文件第3行A列（原区划代码）：“36031310100”不是12位区划代码。"
    assert (
        messages[6] == f"文件第8行B列（新区划代码）：原代码 {OLD} 在第2行已调整为 {CHANGHE}，"
        "同一代码不能调整为两个新代码。"
    )
    report = divisions_recode(actor=county, table=checked, dry_run=False)
    assert report.files == 0 and not report.counts and at(OLD) == 3


def test_an_edition_diff_maps_renumbered_units_and_lists_the_rest(changed, actor_of, tmp_path) -> None:
    # A later edition renumbers 长荷居委会 (same name, same township) 101008 -> 101010.
    county = actor_of("demo-county")
    divisions_recode(actor=county, table=table(county), dry_run=False)
    lines = (
        (DATA / "county_360313_2023.csv")
        .read_text(encoding="utf-8")
        .replace(f"{CHANGHE},长荷", "360313101010,长荷")
    )
    renumbered = tmp_path / "county_360313_2024.csv"
    renumbered.write_text(lines, encoding="utf-8")
    load_divisions(renumbered, prefix="360313", edition="2024", today=date(2024, 3, 1))
    derived = edition_table(actor=county, edition="2024")
    assert [(m.old, m.new) for m in derived.moves] == [(CHANGHE, "360313101010")] and derived.unmatched == []
    report = divisions_recode(actor=county, table=derived, dry_run=False)
    assert report.counts["people.child"] == 3 and at("360313101010") == 3 and at(CHANGHE) == 0
    # The 2023 load's six retired villages have no successor of the same name: an uploaded table is needed.
    assert len(edition_table(actor=county, edition="2023").unmatched) == 6


def test_the_command_prints_one_json_object(changed, tmp_path, capsys) -> None:
    path = tmp_path / "调整表.csv"
    path.write_text(TABLE, encoding="utf-8")
    call_command("recode_divisions", "--user", "demo-county", "--table", str(path), "--dry-run", "--json")
    out = json.loads(capsys.readouterr().out)
    assert (out["dry_run"], out["files"], out["written"], out["counts"]["people.woman"]) == (
        True,
        6,
        False,
        1,
    )
    assert at(OLD) == 3
    call_command("recode_divisions", "--user", "demo-county", "--table", str(path), "--json")
    out = json.loads(capsys.readouterr().out)
    assert (out["files"], out["written"]) == (6, True) and at(OLD) == 0
    bad = tmp_path / "bad.csv"
    bad.write_text("原区划代码,新区划代码\n1,2\n", encoding="utf-8")
    with pytest.raises(CommandError, match="2 处错误"):
        call_command("recode_divisions", "--user", "demo-county", "--table", str(bad), "--json")


def test_the_page_lists_previews_and_moves_for_county_staff_only(changed, client_of) -> None:
    client = client_of("demo-county")
    page = client.get("/children/reattribute/").content.decode()
    assert f'data-unit="{OLD}"' in page and f'data-unit="{PLACEHOLDER}"' in page
    assert page.count("data-child=") == 5 and page.count("data-woman=") == 1
    upload = SimpleUploadedFile("调整表.csv", TABLE.encode())
    preview = client.post("/children/reattribute/", {"op": "preview", "table": upload}).content.decode()
    assert 'id="recode-report"' in preview and "<td>people.child</td><td>5</td>" in preview and at(OLD) == 3
    bad = SimpleUploadedFile("bad.csv", "原区划代码,新区划代码\n360313101555,360313101009\n".encode())
    refused = client.post("/children/reattribute/", {"op": "apply", "table": bad}).content.decode()
    assert "文件第2行A列（原区划代码）：原代码 360313101555 不是您辖区内区划表中的区划。" in refused
    upload = SimpleUploadedFile("调整表.csv", TABLE.encode())
    done = client.post("/children/reattribute/", {"op": "apply", "table": upload})
    assert done.status_code == 302 and at(OLD) == 0 and at(PLACEHOLDER) == 0
    assert "data-unit=" not in client.get("/children/reattribute/").content.decode()
    assert client_of("demo-village").get("/children/reattribute/").status_code == 403


def test_the_api_lists_files_to_reattribute_in_scope(changed) -> None:
    client, auth = api_client("demo-county")
    body = client.get("/api/v1/children/reattribute", **auth).json()
    assert [(u["code"], u["children"], u["women"]) for u in body["units"]] == [
        (OLD, 3, 0),
        (PLACEHOLDER, 2, 1),
    ]
    assert len(body["children"]) == 5 and len(body["women"]) == 1
    other, other_auth = api_client("demo-county-b")
    assert other.get("/api/v1/children/reattribute", **other_auth).json()["units"] == []
    village, village_auth = api_client("demo-village")
    assert village.get("/api/v1/children/reattribute", **village_auth).status_code == 403


def test_accounts_and_pending_transfers_follow_the_code(changed, actor_of) -> None:
    county = actor_of("demo-county")
    director = User.objects.create(username="recode-director", full_name="测试主任")
    RoleAssignment.unscoped.create(
        user=director, role=Role.VILLAGE_DIRECTOR, division_id=OLD, division_code=OLD
    )
    # 安源区 asks for one of the 其他 files; the request waits at 湘东区.
    anyuan_child = services.child_create(
        actor=actor_of("demo-county-b"), record=left_behind(division_code="360302001001", name="外区")
    ).child
    pending = services.transfer_request(
        actor=county, id_number=anyuan_child.id_number, to_code=PLACEHOLDER, reason="搬家"
    )
    dry = divisions_recode(actor=county, table=table(county), dry_run=True)
    assert (dry.counts["accounts.roleassignment"], dry.counts["people.transfer"]) == (1, 1)
    divisions_recode(actor=county, table=table(county), dry_run=False)
    assert RoleAssignment.unscoped.get(user=director).division_code == CHANGHE
    pending.refresh_from_db()
    assert (pending.to_code, pending.to_division_id, pending.from_code) == (
        YUNCHENG,
        YUNCHENG,
        "360302001001",
    )
    # The director now sees her village's files at their new code.
    assert (
        selectors.child_get(actor=actor_for_user(director), child_id=changed["old"][0].pk).division_code
        == CHANGHE
    )


def test_the_city_moves_files_across_its_counties(changed, actor_of) -> None:
    city = actor_of("demo-city")
    across = f"原区划代码,新区划代码\n{OLD},360302001001\n"
    report = divisions_recode(actor=city, table=table(city, across), dry_run=False)
    assert report.counts["people.child"] == 3 and at("360302001001") == 3
    assert AuditEvent.unscoped.get(action=Action.DIVISIONS_RECODED).actor_username == "demo-city"


def test_placeholders_do_not_count_as_villages(changed, actor_of) -> None:
    county = actor_of("demo-county")
    counts = division_level_counts(actor=county, prefix="360313")
    assert counts[5] == 152  # 湘东区's villages in 2023, without 湘东镇's 其他
    choices = dict(village_choices(actor=county))
    assert choices[PLACEHOLDER] == "湘东镇 · 其他"
    assert choices["360313001999"].startswith("峡山口街道 · 其他（")  # offered before it exists
    assert not Division.unscoped.filter(code="360313001999").exists()

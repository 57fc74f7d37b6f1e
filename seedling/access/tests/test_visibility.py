"""The one visibility mechanism: who sees which sensitive value, where, and what is kept on an edit."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from seedling.access import visibility as v
from seedling.access.actor import Actor, grant_for
from seedling.access.roles import Role
from seedling.core.sensitivity import Sensitivity as S
from seedling.people import enums
from seedling.people.records import ChildRecord, HarmRecord, ParentRecord, SituationRecord

VILLAGE = "360313001001"
OTHER_COUNTY_VILLAGE = "360302001001"


def actor(role: str, code: str, *, hiv: bool = False) -> Actor:
    return Actor(user_id=1, username="u", grants=(grant_for(role, code, hiv=hiv),))


DIRECTOR = actor(Role.VILLAGE_DIRECTOR, VILLAGE)
DIRECTOR_HIV = actor(Role.VILLAGE_DIRECTOR, VILLAGE, hiv=True)
COUNTY = actor(Role.COUNTY_STAFF, "360313000000")
CITY = actor(Role.CITY_STAFF, "360300000000")
CITY_HIV = actor(Role.CITY_STAFF, "360300000000", hiv=True)
AUDITOR = actor(Role.AUDITOR, "360313000000")
OTHER_COUNTY_HIV = actor(Role.COUNTY_STAFF, "360302000000", hiv=True)


def record() -> ChildRecord:
    return ChildRecord(
        division_code=VILLAGE,
        name="林小雨",
        id_number="360313201605200021",
        caregiver_phone="13800000001",
        health=[enums.Health.CHRONIC],
        illness="哮喘",
        psych_behaviour="夜间惊醒",
        hiv=True,
        declared_categories=[enums.DeclaredCategory.LEFT_BEHIND, enums.DeclaredCategory.HIV_INFECTED],
        father=ParentRecord(
            role="father",
            name="林建国",
            phone="13900000002",
            situations=[
                SituationRecord(kind=enums.SituationKind.AWAY_WORK, since=date(2023, 2, 1)),
                SituationRecord(kind=enums.SituationKind.IMPRISONED, since=date(2024, 1, 1), term_months=36),
            ],
        ),
        harm=[HarmRecord(kind=enums.HarmKind.ABUSE, occurred_on=date(2025, 3, 1))],
    )


@pytest.mark.parametrize(
    ("who", "kind", "output", "expected"),
    [
        (DIRECTOR, S.IDENTIFIER, v.Output.FILE, v.Sight.MASKED),
        (DIRECTOR_HIV, S.HIV, v.Output.FILE, v.Sight.CLEAR),
        (DIRECTOR_HIV, S.HIV, v.Output.LIST, v.Sight.ABSENT),
        (DIRECTOR_HIV, S.HIV, v.Output.EXPORT, v.Sight.ABSENT),
        (DIRECTOR, S.HIV, v.Output.FILE, v.Sight.ABSENT),
        (CITY_HIV, S.HIV, v.Output.FILE, v.Sight.CLEAR),
        (OTHER_COUNTY_HIV, S.HIV, v.Output.FILE, v.Sight.ABSENT),
        (AUDITOR, S.HEALTH, v.Output.FILE, v.Sight.WITHHELD),
        (DIRECTOR, S.CUSTODY, v.Output.FILE, v.Sight.CLEAR),
        (COUNTY, S.HARM, v.Output.EXPORT, v.Sight.CLEAR),
        (COUNTY, S.HARM, v.Output.LIST, v.Sight.WITHHELD),
        (CITY, S.HARM, v.Output.FILE, v.Sight.WITHHELD),
        (CITY, S.CUSTODY, v.Output.EXPORT, v.Sight.WITHHELD),
    ],
)
def test_sight_by_role_grant_area_and_output(
    who: Actor, kind: S, output: v.Output, expected: v.Sight
) -> None:
    assert v.sight(who, kind, VILLAGE, output) is expected


def test_projection_of_a_file_for_a_director_without_the_hiv_grant() -> None:
    view = v.project(DIRECTOR, record(), v.Output.FILE)
    assert view.id_number == "360313********0021"
    assert view.caregiver_phone == "138****0001"
    assert view.hiv is None and "hiv" in view.absent
    assert view.declared_categories == [enums.DeclaredCategory.LEFT_BEHIND]
    assert view.illness == "哮喘" and view.harm[0].kind == enums.HarmKind.ABUSE
    assert [s.kind for s in view.father.situations] == ["away_work", "imprisoned"]
    assert view.father.phone == "139****0002"


def test_projection_for_the_city_withholds_case_details_whatever_they_hold() -> None:
    view = v.project(CITY_HIV, record(), v.Output.FILE)
    assert view.hiv is True  # the explicit grant, on the one file
    assert view.illness is v.WITHHELD and str(view.illness)
    assert {"illness", "health", "psych_behaviour", "harm", "disability_grade"} <= view.withheld
    assert list(view.harm) == []
    assert [s.kind for s in view.father.situations] == ["away_work"]
    assert view.rows_withheld
    empty = v.project(CITY, ChildRecord(division_code=VILLAGE, name="x"), v.Output.FILE)
    assert "illness" in empty.withheld  # an empty field is restricted too: absence says nothing


def test_exports_never_carry_hiv_even_for_its_holder() -> None:
    view = v.project(DIRECTOR_HIV, record(), v.Output.EXPORT)
    assert view.hiv is None
    assert enums.DeclaredCategory.HIV_INFECTED not in view.declared_categories
    assert not v.may_see_anywhere(DIRECTOR_HIV, S.HIV, v.Output.EXPORT)
    assert v.may_see_anywhere(DIRECTOR_HIV, S.HIV, v.Output.FILE)
    assert not v.may_see_anywhere(DIRECTOR, S.HIV, v.Output.FILE)


def test_as_dict_leaves_absent_fields_out_and_withheld_ones_empty() -> None:
    body = v.as_dict(v.project(CITY, record(), v.Output.FILE))
    assert "hiv" not in body
    assert body["illness"] is None and body["harm"] is None
    assert body["father"]["phone"] == "139****0002"
    assert [s["kind"] for s in body["father"]["situations"]] == ["away_work"]


def test_an_edit_keeps_what_the_editor_could_not_see() -> None:
    stored = record()
    shown = v.project(CITY, stored, v.Output.FILE)
    # The city edits the name and sends back every value as it was shown to it.
    incoming = replace(
        stored,
        name="林小雨儿",
        id_number=shown.id_number,
        caregiver_phone="",
        hiv=None,
        illness="",
        health=[],
        psych_behaviour="",
        harm=[],
        declared_categories=list(shown.declared_categories),
        father=replace(
            stored.father, phone=shown.father.phone, situations=list(stored.father.situations[:1])
        ),
    )
    kept, problems = v.restore(CITY, stored, incoming, v.Output.FILE)
    assert problems == []
    assert kept.name == "林小雨儿"
    assert kept.id_number == stored.id_number and kept.father.phone == stored.father.phone
    assert kept.caregiver_phone == ""  # cleared on purpose: a masked field left empty is emptied
    assert kept.hiv is True and enums.DeclaredCategory.HIV_INFECTED in kept.declared_categories
    assert kept.illness == "哮喘" and kept.harm == stored.harm and kept.psych_behaviour == "夜间惊醒"
    assert [s.kind for s in kept.father.situations] == ["away_work", "imprisoned"]
    assert stored.name == "林小雨"  # the stored record is not changed


def test_the_hiv_holder_may_change_hiv_status_and_a_masked_mismatch_is_a_problem() -> None:
    stored = record()
    incoming = replace(stored, hiv=False, declared_categories=[], id_number="360313********9999")
    kept, problems = v.restore(DIRECTOR_HIV, stored, incoming, v.Output.FILE)
    assert kept.hiv is False and kept.declared_categories == []
    assert kept.id_number == stored.id_number
    assert [p.code for p in problems] == ["identifier.masked"]


def test_an_import_keeps_the_hiv_category_its_export_left_out() -> None:
    stored = record()
    exported = v.project(DIRECTOR_HIV, stored, v.Output.EXPORT)
    incoming = replace(stored, declared_categories=list(exported.declared_categories))
    kept, _ = v.restore(DIRECTOR_HIV, stored, incoming, v.Output.EXPORT)
    assert enums.DeclaredCategory.HIV_INFECTED in kept.declared_categories
    kept, _ = v.restore(DIRECTOR, stored, incoming, v.Output.EXPORT)
    assert enums.DeclaredCategory.HIV_INFECTED in kept.declared_categories


def test_refused_does_not_depend_on_what_is_stored() -> None:
    for stored in (record(), replace(record(), hiv=False, declared_categories=[])):
        problems = v.refused(DIRECTOR, stored, VILLAGE, {"hiv": True, "name": "x"})
        assert [(p.field, p.code) for p in problems] == [("hiv", "visibility.hiv")]
        assert v.refused(DIRECTOR, stored, VILLAGE, {"hiv": None}) == []
        assert [p.field for p in v.refused(DIRECTOR, stored, VILLAGE, {"hiv": False})] == ["hiv"]
    problems = v.refused(
        CITY,
        record(),
        VILLAGE,
        {
            "declared_categories": ["hiv_infected"],
            "illness": "x",
            "father": {"situations": [SituationRecord(kind=enums.SituationKind.IMPRISONED)], "phone": "1"},
        },
    )
    assert [(p.field, p.code) for p in problems] == [
        ("declared_categories", "visibility.hiv"),
        ("illness", "visibility.case"),
        ("father.situations", "visibility.case"),
    ]
    assert v.refused(COUNTY, record(), VILLAGE, {"illness": "x"}) == []


def test_people_situation_values_are_their_member_names() -> None:
    # records.situation_sensitivity relies on it: value.upper() is the member name.
    assert all(k.value.upper() == k.name for k in enums.SituationKind)


class _Worker:
    """A child director's record as the workforce model declares it (no database needed)."""

    sensitive = {"id_number": S.STAFF_IDENTIFIER, "phone": S.STAFF_CONTACT}
    owner_field = "user_id"

    def __init__(self, user_id: int | None = None) -> None:
        self.id_number, self.phone, self.user_id = "36031319850301002X", "13812345678", user_id
        self.division_code = VILLAGE


@pytest.mark.parametrize(
    ("who", "output", "id_number", "phone"),
    [
        (COUNTY, v.Output.LIST, "36031319850301002X", "13812345678"),  # the county keeps the roster
        (CITY, v.Output.EXPORT, "36031319850301002X", "13812345678"),
        (actor(Role.COUNTY_STAFF, "360302000000"), v.Output.FILE, "360313********002X", "138****5678"),
        (actor(Role.TOWNSHIP_SUPERVISOR, "360313001000"), v.Output.LIST, "360313********002X", "138****5678"),
        # On the worker's own page a supervisor may call the director; the ID number stays masked.
        (actor(Role.TOWNSHIP_SUPERVISOR, "360313001000"), v.Output.FILE, "360313********002X", "13812345678"),
    ],
)
def test_a_workers_numbers(who: Actor, output: v.Output, id_number: str, phone: str) -> None:
    view = v.project(who, _Worker(), output)
    assert (view.id_number, view.phone) == (id_number, phone)


def test_a_worker_sees_their_own_numbers() -> None:
    me = actor(Role.VILLAGE_DIRECTOR, VILLAGE)  # user_id 1
    assert v.project(me, _Worker(user_id=1), v.Output.LIST).id_number == "36031319850301002X"
    assert v.project(me, _Worker(user_id=2), v.Output.LIST).id_number == "360313********002X"
    assert v.project(me, _Worker(user_id=None), v.Output.LIST).phone == "138****5678"


def test_reasons_naming_what_the_reader_may_not_see() -> None:
    from seedling.eligibility import Shown

    items = [
        Shown("LB.AWAY", "父亲外出务工已满7个月", "c"),
        Shown("FDU.ONE.IMPRISONED", "父亲服刑在押", "c", S.CUSTODY),
        Shown("HIV.POSITIVE", "携带艾滋病病毒", "c", S.HIV),
    ]
    assert [r.message_zh for r in v.reasons(COUNTY, items, VILLAGE, v.Output.FILE)] == [
        "父亲外出务工已满7个月",
        "父亲服刑在押",
    ]
    city = v.reasons(CITY, items, VILLAGE, v.Output.FILE)
    assert [r.message_zh for r in city] == ["父亲外出务工已满7个月", v.WITHHELD_REASON]
    assert city[1].citation == ""
    assert len(v.reasons(DIRECTOR_HIV, items, VILLAGE, v.Output.FILE)) == 3


def test_a_history_change_as_each_reader_reads_it() -> None:
    rec = record()
    assert v.change(DIRECTOR, rec, "hiv", None, True, VILLAGE) is None
    assert v.change(DIRECTOR_HIV, rec, "hiv", None, True, VILLAGE) == (None, True)
    assert v.change(DIRECTOR, rec, "id_number", "", "360313201605200021", VILLAGE) == (
        "",
        "360313********0021",
    )
    assert v.change(CITY, rec, "illness", "", "哮喘", VILLAGE) is None
    assert (
        v.change(DIRECTOR, rec, "declared_categories", ",left_behind,", ",hiv_infected,left_behind,", VILLAGE)
        is None
    )
    assert v.change(
        DIRECTOR_HIV, rec, "declared_categories", ",left_behind,", ",hiv_infected,left_behind,", VILLAGE
    ) == (
        ["left_behind"],
        ["hiv_infected", "left_behind"],
    )
    assert v.change(DIRECTOR, rec, "name", "a", "b", VILLAGE) == ("a", "b")


def test_one_value_as_each_reader_sees_it() -> None:
    assert v.shown(DIRECTOR_HIV, S.HIV, True, VILLAGE, v.Output.FILE) is True
    assert v.shown(DIRECTOR, S.HIV, True, VILLAGE, v.Output.FILE) is None
    assert v.shown(CITY, S.HEALTH, "哮喘", VILLAGE, v.Output.FILE) is v.WITHHELD
    assert v.shown(COUNTY, S.CONTACT, "13800000001", VILLAGE, v.Output.LIST) == "138****0001"
    assert v.shown(COUNTY, S.CONTACT, None, VILLAGE, v.Output.LIST) == ""


def test_the_withheld_value_prints_as_the_notice_and_is_never_taken_for_empty() -> None:
    assert v.WITHHELD and len(v.WITHHELD) == 0 and list(v.WITHHELD) == []
    assert str(v.WITHHELD) and repr(v.WITHHELD) == "WITHHELD"


def test_a_projection_reads_through_and_names_itself() -> None:
    view = v.project(CITY, record(), v.Output.FILE)
    assert view.raw.name == view.name == "林小雨" and view.division_code == VILLAGE
    assert repr(view) == "Projected(ChildRecord, file)"
    with pytest.raises(AttributeError):
        view._private  # noqa: B018 - private names are not read through
    assert view["name"] == "林小雨"


def test_a_history_change_of_categories_given_as_lists() -> None:
    assert (
        v.change(DIRECTOR, record(), "declared_categories", ["left_behind"], ["left_behind"], VILLAGE) is None
    )
    assert v.change(DIRECTOR, record(), "declared_categories", None, ["orphan"], VILLAGE) == ([], ["orphan"])


def test_a_single_value_sent_back_as_shown_keeps_the_stored_one() -> None:
    assert (
        v.as_shown(COUNTY, S.CONTACT, "138****0001", "13800000001", VILLAGE, v.Output.FILE) == "13800000001"
    )
    assert (
        v.as_shown(COUNTY, S.CONTACT, "13900000000", "13800000001", VILLAGE, v.Output.FILE) == "13900000000"
    )
    assert (
        v.as_shown(COUNTY, S.CONTACT, "138****9999", "13800000001", VILLAGE, v.Output.FILE) == "138****9999"
    )


def test_every_rule_unlocks_only_for_roles_that_read_files_for_its_purpose() -> None:
    from seedling.access.actor import _ROLES_FOR

    for kind, rule in v.RULES.items():
        assert rule.why, kind
        for roles in rule.clear.values():
            assert roles <= _ROLES_FOR[rule.purpose], kind
    assert Role.AUDITOR not in {
        r for rule in v.RULES.values() for roles in rule.clear.values() for r in roles
    }


def test_a_revealed_record_reads_its_stored_values_but_no_private_attribute() -> None:
    record = ChildRecord(division_code="360313001001", name="林小雨", id_number="360313201605200021")
    shown = v.Revealed(actor("city_staff", "360300000000"), record, v.Output.FILE, record.division_code)
    assert shown.id_number == "360313201605200021"  # as stored, not masked: the reveal was granted
    with pytest.raises(AttributeError):
        shown.__private_thing  # noqa: B018 - an attribute lookup is the test

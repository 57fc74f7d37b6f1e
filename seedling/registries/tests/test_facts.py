from datetime import date

import pytest

from seedling import eligibility as el
from seedling.core.identity import compose
from seedling.people import enums, services
from seedling.people.models import Child, Woman
from seedling.people.records import Benefit, HarmRecord, ParentRecord, SituationRecord
from seedling.people.tests.factories import left_behind
from seedling.registries import facts


@pytest.mark.parametrize(
    ("people_enum", "mapping"),
    [
        (enums.SituationKind, facts.SITUATION),
        (enums.DisabilityCategory, facts.DISABILITY),
        (enums.HukouType, facts.HUKOU),
        (enums.CaregiverKind, facts.CAREGIVER),
        (enums.HarmKind, facts.HARM),
        (enums.Schooling, facts.SCHOOLING),
    ],
)
def test_every_people_code_maps_to_an_engine_member(people_enum, mapping):
    assert set(mapping) == set(people_enum.values)
    # Same meaning on both sides: the people label is the engine's value.
    for code, member in mapping.items():
        assert str(people_enum(code).label) == member.value


def test_categories_map_both_ways():
    assert set(facts.CATEGORY.values()) == set(enums.DeclaredCategory.values)
    assert facts.CATEGORY_OF_CODE["left_behind"] is el.Category.LEFT_BEHIND


def test_disability_needs_category_and_grade():
    assert facts.disability("", 1) is None
    assert facts.disability("intellectual", None) is None
    assert facts.disability("intellectual", 3) == el.Disability(el.DisabilityCategory.INTELLECTUAL, 3)


def test_child_facts_of_a_stored_file(actor_of):
    record = left_behind(
        household_benefits=[Benefit(kind="dibao")],
        child_assistance=[Benefit(kind="tekun")],
        disability_category="physical",
        disability_grade=2,
        hiv=True,
        schooling=enums.Schooling.VOCATIONAL,
        mother=ParentRecord(
            role="mother",
            name="王秀英",
            disability_category="mental",
            disability_grade=3,
            situations=[SituationRecord(kind="severe_disability", since=date(2020, 1, 1))],
        ),
    )
    record.harm = [HarmRecord(kind="abuse", occurred_on=date(2024, 3, 1))]
    # demo-county holds the HIV grant: only a holder may record HIV status.
    child = services.child_create(actor=actor_of("demo-county"), record=record, as_of=date(2025, 1, 1)).child
    f = facts.child_facts(Child.unscoped.get(pk=child.pk))
    assert f.dob == date(2016, 5, 20)
    assert f.hukou is el.HukouType.RURAL
    assert f.father == el.RelativeFacts((el.Situation(el.SituationKind.AWAY_WORK, since=date(2023, 2, 1)),))
    assert f.mother == el.RelativeFacts(
        (
            el.Situation(
                el.SituationKind.SEVERE_DISABILITY,
                since=date(2020, 1, 1),
                disability=el.Disability(el.DisabilityCategory.MENTAL, 3),
            ),
        )
    )
    assert f.caregiver == el.Caregiver(el.CaregiverKind.GRANDPARENTS, True)
    assert f.household == el.Household(dibao=True, tekun=True)
    assert f.disability == el.Disability(el.DisabilityCategory.PHYSICAL, 2)
    assert f.hiv is True
    assert f.harm == (el.HarmEvent(el.HarmKind.ABUSE, date(2024, 3, 1)),)
    assert f.schooling is el.Schooling.VOCATIONAL_SECONDARY


# 川民政厅 2020 专项行动实施方案 二 (seed 000): "本人留在农村居住生活": where she lives, not her 户籍.
# (hukou, residence, resides_rural)
RESIDENCE_CASES = [
    ("urban", "rural", True),  # 城市户 living in the village: 留在农村居住生活
    ("rural", "urban", False),  # 农村户 living in town: not
    ("rural", "rural", True),
    ("rural", "", None),  # not recorded: unknown, never read from the hukou
]


@pytest.mark.parametrize(("hukou", "residence", "rural"), RESIDENCE_CASES)
def test_woman_facts(hukou, residence, rural):
    from seedling.people.models import Woman

    woman = Woman(
        birth_date=date(1990, 1, 1),
        hukou_type=hukou,
        residence=residence,
        husband_away_since=date(2024, 1, 1),
        husband_returned_on=date(2025, 6, 1),
    )
    f = facts.woman_facts(woman)
    assert f == el.WomanFacts(
        dob=date(1990, 1, 1),
        resides_rural=rural,
        husband=el.RelativeFacts(
            (el.Situation(el.SituationKind.AWAY_WORK, since=date(2024, 1, 1), until=date(2025, 6, 1)),)
        ),
    )


def test_the_batch_reads_the_same_facts_as_the_file_page(actor_of):
    # The demo's synthetic files (one of each situation) and a file with every kind of fact.
    from seedling.demo.children import seed_children
    from seedling.registries.services import _child_subjects, _woman_subjects

    seed_children(actor=actor_of("demo-village"), villages=["360313001001"], today=date(2025, 6, 1))
    record = left_behind(
        household_benefits=[Benefit(kind="dibao")],
        disability_category="physical",
        disability_grade=2,
        hiv=True,
        mother=ParentRecord(
            role="mother",
            name="王秀英",
            disability_category="mental",
            disability_grade=3,
            situations=[
                SituationRecord(kind="severe_disability", since=date(2020, 1, 1)),
                SituationRecord(kind="imprisoned", since=date(2019, 1, 1), term_months=12),
            ],
        ),
    )
    record.harm = [
        HarmRecord(kind="abuse", occurred_on=date(2024, 3, 1)),
        HarmRecord(kind="abandonment", occurred_on=date(2023, 3, 1), resolved_on=date(2023, 9, 1)),
    ]
    services.child_create(actor=actor_of("demo-village"), record=record, as_of=date(2025, 1, 1))
    children = Child.unscoped.prefetch_related("parents__situations", "harm_events").order_by("pk")
    assert len(children) >= 14
    expected = [facts.child_facts(c) for c in children]
    batch = _child_subjects([c.pk for c in children])
    assert [s.facts for s in sorted(batch, key=lambda s: s.pk)] == expected
    assert any(f.harm and f.mother.situations for f in expected)  # not a comparison of empty facts

    woman = Woman.unscoped.create(
        name="王秀英",
        id_number=compose("360313", date(1975, 8, 10), 7, "女"),
        birth_date=date(1975, 8, 10),
        hukou_type="rural",
        husband_away_since=date(2024, 1, 1),
        division_id="360313001001",
        division_code="360313001001",
    )
    [subject] = _woman_subjects([woman.pk])
    assert subject.facts == facts.woman_facts(woman)

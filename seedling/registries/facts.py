"""Stored files -> the eligibility engine's facts.

The people app stores English enumeration codes; the engine's enumerations carry the ledger's Chinese
labels (docs/ledger.md). The maps below are explicit, one entry per member, so that a new
member on either side fails the completeness test instead of mapping silently.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from seedling import eligibility as el
from seedling.eligibility import Category
from seedling.people import enums
from seedling.people.models import Child, Woman
from seedling.registries.enums import LEFT_BEHIND_WOMAN

SITUATION: dict[str, el.SituationKind] = {
    enums.SituationKind.AWAY_WORK: el.SituationKind.AWAY_WORK,
    enums.SituationKind.DEAD: el.SituationKind.DEAD,
    enums.SituationKind.MISSING: el.SituationKind.MISSING,
    enums.SituationKind.SERIOUS_ILLNESS: el.SituationKind.SERIOUS_ILLNESS,
    enums.SituationKind.SEVERE_DISABILITY: el.SituationKind.SEVERE_DISABILITY,
    enums.SituationKind.LOST_CONTACT: el.SituationKind.LOST_CONTACT,
    enums.SituationKind.IMPRISONED: el.SituationKind.IMPRISONED,
    enums.SituationKind.COMPULSORY_DETOX: el.SituationKind.COMPULSORY_DETOX,
    enums.SituationKind.OTHER_RESTRICTION: el.SituationKind.OTHER_RESTRICTION,
    enums.SituationKind.GUARDIANSHIP_REVOKED: el.SituationKind.GUARDIANSHIP_REVOKED,
    enums.SituationKind.DEPORTED: el.SituationKind.DEPORTED,
    enums.SituationKind.UNKNOWN: el.SituationKind.UNKNOWN,
    enums.SituationKind.OTHER: el.SituationKind.OTHER,
}
DISABILITY: dict[str, el.DisabilityCategory] = {
    enums.DisabilityCategory.VISUAL: el.DisabilityCategory.VISUAL,
    enums.DisabilityCategory.HEARING: el.DisabilityCategory.HEARING,
    enums.DisabilityCategory.SPEECH: el.DisabilityCategory.SPEECH,
    enums.DisabilityCategory.PHYSICAL: el.DisabilityCategory.PHYSICAL,
    enums.DisabilityCategory.INTELLECTUAL: el.DisabilityCategory.INTELLECTUAL,
    enums.DisabilityCategory.MENTAL: el.DisabilityCategory.MENTAL,
    enums.DisabilityCategory.MULTIPLE: el.DisabilityCategory.MULTIPLE,
}
HUKOU: dict[str, el.HukouType] = {
    enums.HukouType.RURAL: el.HukouType.RURAL,
    enums.HukouType.URBAN: el.HukouType.URBAN,
}
CAREGIVER: dict[str, el.CaregiverKind] = {
    enums.CaregiverKind.GRANDPARENTS: el.CaregiverKind.GRANDPARENTS,
    enums.CaregiverKind.RELATIVES_FRIENDS: el.CaregiverKind.RELATIVES_FRIENDS,
    enums.CaregiverKind.NONE: el.CaregiverKind.NONE,
}
HARM: dict[str, el.HarmKind] = {
    enums.HarmKind.ABUSE: el.HarmKind.ABUSE,
    enums.HarmKind.ABANDONMENT: el.HarmKind.ABANDONMENT,
    enums.HarmKind.ACCIDENTAL_INJURY: el.HarmKind.ACCIDENTAL_INJURY,
    enums.HarmKind.UNLAWFUL_HARM: el.HarmKind.UNLAWFUL_HARM,
}
SCHOOLING: dict[str, el.Schooling] = {
    enums.Schooling.NOT_IN_KINDERGARTEN: el.Schooling.NOT_IN_KINDERGARTEN,
    enums.Schooling.KINDERGARTEN: el.Schooling.KINDERGARTEN,
    enums.Schooling.PRIMARY: el.Schooling.PRIMARY,
    enums.Schooling.JUNIOR_SECONDARY: el.Schooling.JUNIOR_SECONDARY,
    enums.Schooling.SENIOR_SECONDARY: el.Schooling.SENIOR_SECONDARY,
    enums.Schooling.VOCATIONAL: el.Schooling.VOCATIONAL_SECONDARY,
    enums.Schooling.HIGHER: el.Schooling.HIGHER,
    enums.Schooling.SPECIAL: el.Schooling.SPECIAL,
    enums.Schooling.DROPPED_OUT: el.Schooling.DROPPED_OUT,
    enums.Schooling.NOT_IN_SCHOOL: el.Schooling.NOT_IN_SCHOOL,
    enums.Schooling.SUSPENDED: el.Schooling.SUSPENDED,
    enums.Schooling.OTHER: el.Schooling.OTHER,
}
# The engine's categories <-> the ledger's 儿童类别 codes (people.enums.DeclaredCategory), so a
# determination and a village's declaration compare directly.
CATEGORY: dict[Category, str] = {
    Category.ORPHAN: enums.DeclaredCategory.ORPHAN,
    Category.UNSUPPORTED: enums.DeclaredCategory.DE_FACTO_UNSUPPORTED,
    Category.IMPROPER_GUARDIANSHIP: enums.DeclaredCategory.IMPROPER_GUARDIANSHIP,
    Category.DIFFICULTY: enums.DeclaredCategory.IN_DIFFICULTY,
    Category.LEFT_BEHIND: enums.DeclaredCategory.LEFT_BEHIND,
    Category.HIV: enums.DeclaredCategory.HIV_INFECTED,
}
CATEGORY_OF_CODE: dict[str, Category] = {v: k for k, v in CATEGORY.items()}
# Every category the engine determines -> the registries' code (a woman's roll has no ledger code).
CODE: dict[Category, str] = {**CATEGORY, Category.LEFT_BEHIND_WOMAN: LEFT_BEHIND_WOMAN}


# The stored columns the engine reads. The batch loader asks for exactly these with ``values()``;
# a model instance reads the same names, so both paths build facts with the same functions.
CHILD_FIELDS = (
    "birth_date",
    "hukou_type",
    "caregiver_kind",
    "caregiver_name",
    "caregiver_phone",
    "lives_alone",
    "household_benefits",
    "child_assistance",
    "disability_category",
    "disability_grade",
    "hiv",
    "schooling",
    "schooling_until",
    "joined_parent_on",
    "died_on",
    "adopted_on",
)
SITUATION_FIELDS = ("kind", "since", "until", "term_months", "illness", "fulfils_duties")
HARM_FIELDS = ("kind", "occurred_on", "resolved_on")
WOMAN_FIELDS = ("birth_date", "residence", "husband_away_since", "husband_returned_on")
_RESIDES_RURAL = {enums.Residence.RURAL: True, enums.Residence.URBAN: False}

Row = Mapping[str, Any]
_NO_SITUATIONS = el.RelativeFacts()


def disability(category: str, grade: int | None) -> el.Disability | None:
    """A 残疾人证 needs both its category and its grade; a half-filled one is no certificate."""
    if not category or grade is None:
        return None
    return el.Disability(DISABILITY[category], int(grade))


def situation(row: Row, parent_disability: tuple[str, int | None]) -> el.Situation:
    """One ParentSituation's columns; 重残 reads the parent's own disability certificate."""
    kind = SITUATION[row["kind"]]
    return el.Situation(
        kind=kind,
        since=row["since"],
        until=row["until"],
        term_months=row["term_months"],
        disability=disability(*parent_disability) if kind is el.SituationKind.SEVERE_DISABILITY else None,
        illness=row["illness"] or None,
        fulfils_duties=bool(row["fulfils_duties"]),
    )


def harm_event(row: Row) -> el.HarmEvent:
    return el.HarmEvent(HARM[row["kind"]], row["occurred_on"], row["resolved_on"])


def _kinds(benefits: Iterable[dict[str, Any]]) -> set[str]:
    return {b.get("kind", "") for b in benefits or ()}


def child_facts_of(
    child: Row, relatives: Mapping[str, el.RelativeFacts], harm: tuple[el.HarmEvent, ...]
) -> el.ChildFacts:
    """The facts of a child from its CHILD_FIELDS columns, its parents' situations by role, its harm."""
    household = _kinds(child["household_benefits"])
    assistance = _kinds(child["child_assistance"])
    kind = child["caregiver_kind"]
    caregiver = (
        el.Caregiver(CAREGIVER[kind], bool(child["caregiver_name"] and child["caregiver_phone"]))
        if kind
        else None
    )
    return el.ChildFacts(
        dob=child["birth_date"],
        hukou=HUKOU.get(child["hukou_type"]),
        father=relatives.get(enums.ParentRole.FATHER, _NO_SITUATIONS),
        mother=relatives.get(enums.ParentRole.MOTHER, _NO_SITUATIONS),
        caregiver=caregiver,
        lives_alone=child["lives_alone"],
        household=el.Household(
            dibao=enums.Benefit.DIBAO in household,
            # 特困供养 is the child's own benefit, but villages record it on either line (晋政民〔2024〕46号
            # A15/B8).
            tekun=enums.Benefit.TEKUN in household or enums.Benefit.TEKUN in assistance,
        ),
        disability=disability(child["disability_category"], child["disability_grade"]),
        hiv=child["hiv"] is True,
        harm=harm,
        schooling=SCHOOLING.get(child["schooling"]),
        schooling_until=child["schooling_until"],
        joined_parent_on=child["joined_parent_on"],
        died_on=child["died_on"],
        adopted_on=child["adopted_on"],
    )


def _columns(obj: Any, names: Iterable[str]) -> dict[str, Any]:
    return {n: getattr(obj, n) for n in names}


def child_facts(child: Child) -> el.ChildFacts:
    """The facts of a stored child. Prefetch ``parents__situations`` and ``harm_events`` for lists."""
    relatives = {
        parent.role: el.RelativeFacts(
            tuple(
                situation(
                    _columns(s, SITUATION_FIELDS), (parent.disability_category, parent.disability_grade)
                )
                for s in parent.situations.all()
            )
        )
        for parent in child.parents.all()
    }
    harm = tuple(harm_event(_columns(h, HARM_FIELDS)) for h in child.harm_events.all())
    return child_facts_of(_columns(child, CHILD_FIELDS), relatives, harm)


def woman_facts_of(woman: Row) -> el.WomanFacts:
    """川民政厅 2020 专项行动实施方案 §二 农村留守妇女: the husband's work away is the one dated situation
    recorded."""
    away = el.Situation(
        el.SituationKind.AWAY_WORK, since=woman["husband_away_since"], until=woman["husband_returned_on"]
    )
    return el.WomanFacts(
        dob=woman["birth_date"],
        # "本人留在农村居住生活": where she lives, never her 户籍 (docs/rules/eligibility.md#lbw-1);
        # not recorded -> None, the rule says so.
        resides_rural=_RESIDES_RURAL.get(woman["residence"]),
        husband=el.RelativeFacts((away,)),
    )


def woman_facts(woman: Woman) -> el.WomanFacts:
    return woman_facts_of(_columns(woman, WOMAN_FIELDS))

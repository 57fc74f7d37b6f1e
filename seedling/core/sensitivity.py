"""What kind of sensitive personal information a value is (pure, no Django).

This module only names the kinds and says which facts belong to which kind. Who may see each kind,
where, and how it looks to everyone else is decided in one place: ``seedling.access.visibility``.
The kinds follow docs/rules/privacy.md: PIPL art. 28 (sensitive personal information: medical health,
specific identity, all information of minors under 14), the AIDS prevention regulation art. 39 (no
disclosure of anything from which an HIV infection could be inferred), the Mental Health Law art. 4
and the Minors Protection Law art. 103 (no disclosure of a minor's identity in a case).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final


class Sensitivity(StrEnum):
    IDENTIFIER = "identifier"  # ID numbers: a person's key to every other register
    CONTACT = "contact"  # phone numbers
    HEALTH = "health"  # health, illness, disability, psychological and behavioural notes
    HARM = "harm"  # abuse, abandonment, injury, unlawful harm suffered
    CUSTODY = "custody"  # a parent imprisoned, in compulsory detox or otherwise deprived of liberty
    HIV = "hiv"  # HIV infection, and anything that names it (the category, its reasons)
    # A protection case's narrative: what was seen, the assessment, the placement, the intervention
    # (未成年人保护法第103条; docs/rules/protection.md#r-7). Only on the case itself, never in a list,
    # an export or a notice.
    CASE = "case"
    # A child director's or supervisor's own identifiers: staff whom the county appoints and manages.
    STAFF_IDENTIFIER = "staff_identifier"
    STAFF_CONTACT = "staff_contact"


# A parent's (or husband's) situation by the member name its enumerations share (people.enums and
# eligibility.facts both spell IMPRISONED, SERIOUS_ILLNESS, ...). Situations not listed are not
# sensitive: being away for work, dead, missing or out of contact is what the rolls are about.
SITUATION: Final[dict[str, Sensitivity]] = {
    "IMPRISONED": Sensitivity.CUSTODY,
    "COMPULSORY_DETOX": Sensitivity.CUSTODY,
    "OTHER_RESTRICTION": Sensitivity.CUSTODY,
    "SERIOUS_ILLNESS": Sensitivity.HEALTH,
    "SEVERE_DISABILITY": Sensitivity.HEALTH,
}

# Registry categories by their stored code: only one names a health condition.
CATEGORY: Final[dict[str, Sensitivity]] = {"hiv_infected": Sensitivity.HIV}


def of_situation(member_name: str) -> Sensitivity | None:
    return SITUATION.get(member_name)


def of_category(code: str) -> Sensitivity | None:
    return CATEGORY.get(code)

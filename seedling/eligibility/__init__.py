"""Eligibility engine: facts -> determinations with reasons and the next re-check date.

Pure Python (docs/architecture.md#rule-4-policy-is-pure-python-with-explicit-time): no Django, and from
``seedling`` only pure ``core`` modules
(``core.reasons`` and ``core.dated``, shared with the other rule modules; ``core.sensitivity``). See
docs/subsystems/eligibility.md for the rules as implemented.
"""

from seedling.eligibility.determination import Category, Determination, DifficultySubtype, Evaluation
from seedling.eligibility.engine import evaluate
from seedling.eligibility.exits import ExitReason, exit_reason
from seedling.eligibility.facts import (
    Caregiver,
    CaregiverKind,
    ChildFacts,
    Disability,
    DisabilityCategory,
    HarmEvent,
    HarmKind,
    Household,
    HukouType,
    RelativeFacts,
    Schooling,
    Situation,
    SituationKind,
    WomanFacts,
)
from seedling.eligibility.policy import DEFAULT_POLICY, SICHUAN, Policy, PolicyVersion
from seedling.eligibility.reasons import Reason, Shown, shown

__all__ = [
    "DEFAULT_POLICY",
    "SICHUAN",
    "Caregiver",
    "CaregiverKind",
    "Category",
    "ChildFacts",
    "Determination",
    "DifficultySubtype",
    "Disability",
    "DisabilityCategory",
    "Evaluation",
    "ExitReason",
    "HarmEvent",
    "HarmKind",
    "Household",
    "HukouType",
    "Policy",
    "PolicyVersion",
    "Reason",
    "RelativeFacts",
    "Schooling",
    "Shown",
    "Situation",
    "SituationKind",
    "WomanFacts",
    "evaluate",
    "exit_reason",
    "shown",
]

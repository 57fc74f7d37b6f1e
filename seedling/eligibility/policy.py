"""Provincial policy parameters, dated.

The notices leave some thresholds to provinces
(docs/architecture.md#rule-4-policy-is-pure-python-with-explicit-time: parameters, not constants).
A ``Policy`` is a sequence of ``PolicyVersion`` s, each in force from its ``effective_from`` until
the next one; ``for_date`` picks the version in force on a date (``seedling.core.dated``, the one
reading of every dated provincial parameter set). The earliest version also covers dates before it,
so a policy never has a gap.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from seedling.core import dated
from seedling.eligibility.facts import Schooling, SituationKind

# The six situations of 民发〔2019〕62号, also listed in 川民政厅 2020 专项行动实施方案 二.
Q62: frozenset[SituationKind] = frozenset(
    {
        SituationKind.SEVERE_DISABILITY,
        SituationKind.SERIOUS_ILLNESS,
        SituationKind.IMPRISONED,
        SituationKind.COMPULSORY_DETOX,
        SituationKind.OTHER_RESTRICTION,
        SituationKind.LOST_CONTACT,
    }
)
# The two situations 民发〔2020〕125号 added; each province brings them into force on its own date.
ADDITIONS_2020: frozenset[SituationKind] = frozenset(
    {SituationKind.GUARDIANSHIP_REVOKED, SituationKind.DEPORTED}
)

# National demonstration standard (民函〔2018〕4号 attachment 1, 云南 2018 实施方案): the orphan allowance
# continues after 18 while enrolled in general/vocational high school or full-time higher education.
ORPHAN_CONTINUATION_LEVELS: frozenset[Schooling] = frozenset(
    {Schooling.SENIOR_SECONDARY, Schooling.VOCATIONAL_SECONDARY, Schooling.HIGHER}
)


# What a reason quotes as the document behind a threshold when no province has set its own.
NATIONAL_DEFAULT_BASIS = "护苗全国默认值（本省未另行规定）"
# The basis of a province's stored version whose staff named no document.
PROVINCE_UNNAMED_BASIS = "本省设定的参数（未注明文件）"
# 川民政厅 2020 专项行动实施方案 二, as a reason quotes it.
SICHUAN_BASIS = "川民政厅2020年专项行动实施方案二（“可按连续外出务工3个月以上把握”）"
# The Sichuan notice states no day; its first stage (动员部署) ends 2020-04-25, so it was in force by then.
SICHUAN_FROM = date(2020, 4, 25)


@dataclass(frozen=True, slots=True)
class PolicyVersion:
    effective_from: date
    # LB-4, Q1: minimum continuous away-for-work months for a left-behind child. 川民政厅 2020
    # 专项行动实施方案 lets
    # provinces choose ("可按连续外出务工3个月以上把握"); default 6.
    lb_away_min_months: int = 6
    # Q6: the 民发〔2020〕125号 situations in force under this version.
    fdu_additions: frozenset[SituationKind] = ADDITIONS_2020
    # Q6: Fujian/Heilongjiang allow 被遣送出境 in the both-parents clause, Guangdong/Jining only in
    # the one-parent-dead-or-missing clause. Default: both (the superset, as recommended).
    deported_in_both_clause: bool = True
    # FDU-8, Q18: the local serious-illness list; None = no list configured, any recorded 重病 counts
    # (the county still confirms every FDU determination, docs/rules/workflow.md#determination-procedure).
    serious_illnesses: frozenset[str] | None = None
    # FDU-6: 服刑在押 / 强制隔离戒毒 / other restriction count with an imposed term of at least this.
    custody_min_term_months: int = 6
    # FDU-6: 失联 counts after this many months since 公安 accepted the report.
    lost_contact_min_months: int = 6
    # ORP-X1 / FDU-X2, Q5: school levels that continue the status after 18; empty = none.
    orphan_continuation_levels: frozenset[Schooling] = ORPHAN_CONTINUATION_LEVELS
    fdu_continuation_levels: frozenset[Schooling] = ORPHAN_CONTINUATION_LEVELS
    # Q5: re-verify enrolment this often after the 18th birthday.
    continuation_reverify_months: int = 6
    # The document that set this version, quoted by every reason that applies one of its thresholds
    # (docs/rules/eligibility.md#lb-4): a province's stored version carries its own basis.
    basis: str = NATIONAL_DEFAULT_BASIS
    # Derived: the FDU situation sets of docs/rules/eligibility.md#fdu-de-facto-unsupported-children.
    qset_one: frozenset[SituationKind] = field(init=False, repr=False, compare=False)
    qset_both: frozenset[SituationKind] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        months = (
            self.lb_away_min_months,
            self.custody_min_term_months,
            self.lost_contact_min_months,
            self.continuation_reverify_months,
        )
        if min(months) < 1:
            raise ValueError("month thresholds must be at least 1")
        one = Q62 | (self.fdu_additions & ADDITIONS_2020)
        both = one if self.deported_in_both_clause else one - {SituationKind.DEPORTED}
        object.__setattr__(self, "qset_one", one)
        object.__setattr__(self, "qset_both", both)


@dataclass(frozen=True, slots=True)
class Policy:
    name: str
    versions: tuple[PolicyVersion, ...]
    # Evaluations come in runs on the same date (a nightly re-check): remember recent answers.
    _memo: dict[date, tuple[PolicyVersion, date | None]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        dated.check(self.versions)

    def for_date(self, d: date) -> PolicyVersion:
        return dated.in_force(self.versions, d)

    def resolve(self, d: date) -> tuple[PolicyVersion, date | None]:
        """``(for_date(d), next_change(d))``, memoised (hot path of ``evaluate``)."""
        memo = self._memo
        hit = memo.get(d)
        if hit is None:
            if len(memo) >= 256:
                memo.clear()
            hit = memo[d] = (self.for_date(d), self.next_change(d))
        return hit

    def next_change(self, d: date) -> date | None:
        """The first date after ``d`` on which another version takes effect."""
        return dated.next_change(self.versions, d)


# 民发〔2020〕125号 dates from late 2020; its exact issue date could not be verified, and provinces
# brought it into force on their own dates (Fujian: 闽民童〔2021〕31号). 2021-01-01 is the default;
# set each province's implementing date in its own policy.
ADDITIONS_2020_DEFAULT_FROM = date(2021, 1, 1)

DEFAULT_POLICY = Policy(
    name="全国默认",
    versions=(
        PolicyVersion(effective_from=date.min, fdu_additions=frozenset()),
        PolicyVersion(effective_from=ADDITIONS_2020_DEFAULT_FROM),
    ),
)

# 川民政厅 2020 专项行动实施方案 §二: Sichuan counts left-behind children from 3 months of continuous work
# away. Shipped as data (policies migration 0003, province 51); this is the same policy for the pure
# tests: the national default before the notice, then 3 months.
SICHUAN = Policy(
    name="四川省",
    versions=(
        PolicyVersion(effective_from=date.min, fdu_additions=frozenset()),
        PolicyVersion(
            effective_from=SICHUAN_FROM, lb_away_min_months=3, fdu_additions=frozenset(), basis=SICHUAN_BASIS
        ),
        PolicyVersion(effective_from=ADDITIONS_2020_DEFAULT_FROM, lb_away_min_months=3, basis=SICHUAN_BASIS),
    ),
)

"""Workforce policy in pure Python (no Django): yearly training and who sees ID numbers and phones.

Every decision takes an explicit `as_of` and returns a `Reason` (`seedling.core.reasons`: stable
code, Chinese message, citation of the notice; this module's codes are in `CATALOGUE`). Thresholds
the notices leave to provinces are parameters (`TrainingPolicy`), not constants.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final, Literal

from seedling.core.dates import add_months, cn_date
from seedling.core.reasons import Reason, register

S000: Final = "川民政厅2020年“儿童福利信息动态管理精准化提升年”专项行动实施方案"
S002: Final = "晋政民〔2024〕46号"
S003: Final = "云南省农村留守儿童关爱保护和困境儿童福利服务保障体系建设实施方案（2018—2020年）"
S004: Final = "吉民发〔2018〕41号"


# --- yearly training -----------------------------------------------------------------------------

_TRAINING_CITE: Final = (
    S004 + "一（三）：“县级民政部门要对儿童督导员、儿童主任每年至少培训1次”；"
    "初任培训考核合格后，发放培训合格证"
)
CATALOGUE: Final = {
    "TRAINING.NOT_IN_POST": ("目前不在岗，不计培训", _TRAINING_CITE),
    "TRAINING.NEVER_OVERDUE": ("{0}上岗以来未参加培训，应于{1}前参加，已逾期", _TRAINING_CITE),
    "TRAINING.OVERDUE": ("最近一次培训是{0}，应于{1}前再次参加，已逾期", _TRAINING_CITE),
    "TRAINING.NEVER_DUE": ("尚未参加培训，应于{0}前参加", _TRAINING_CITE),
    "TRAINING.OK": ("最近一次培训是{0}，下次应于{1}前参加", _TRAINING_CITE),
}
register(CATALOGUE)


@dataclass(frozen=True, slots=True)
class TrainingPolicy:
    """How often a supervisor or director must be trained. Provincial parameters.

    `interval_months`: 吉民发〔2018〕41号 says at least once a year; read as "no more than 12 months between
    two trainings" (a rolling year, so a January and a following-December training do not leave a
    23-month gap).
    `first_within_months`: how long a new appointee may work before the first training. The notices
    fix no number; Jilin 2018 gave about a month (posts filled by 30 August, first training by
    30 September, 吉民发〔2018〕41号 一（三）). The default, 12, only asks for the yearly rhythm; a province
    sets
    its own.
    """

    interval_months: int = 12
    first_within_months: int = 12


TrainingState = Literal["ok", "overdue", "not_in_post"]


@dataclass(frozen=True, slots=True)
class TrainingStatus:
    state: TrainingState
    due_on: date | None  # the last day a training still counts; the date the answer next changes
    last_trained_on: date | None
    reason: Reason

    @property
    def overdue(self) -> bool:
        return self.state == "overdue"


def training_status(
    *,
    in_post_since: date | None,
    last_trained_on: date | None,
    as_of: date,
    policy: TrainingPolicy = TrainingPolicy(),
) -> TrainingStatus:
    """Is a supervisor or director overdue for the yearly training on `as_of`?

    `in_post_since`: the start of the person's current, continuous service (the earliest
    appointment still current on `as_of`); None when not in post. `last_trained_on`: the latest
    training the person attended (any level or kind), None if never.

    Due date = the later of `last_trained_on + interval_months` and
    `in_post_since + first_within_months`, so someone re-appointed after a break gets the first-
    training allowance again. A training held on the due date counts; overdue from the day after.
    """
    if in_post_since is None or in_post_since > as_of:
        return TrainingStatus(
            "not_in_post",
            None,
            last_trained_on,
            Reason("TRAINING.NOT_IN_POST"),
        )
    due = add_months(in_post_since, policy.first_within_months)
    if last_trained_on is not None:
        due = max(due, add_months(last_trained_on, policy.interval_months))
    if as_of > due:
        if last_trained_on is None:
            reason = Reason("TRAINING.NEVER_OVERDUE", (cn_date(in_post_since), cn_date(due)))
        else:
            reason = Reason("TRAINING.OVERDUE", (cn_date(last_trained_on), cn_date(due)))
        return TrainingStatus("overdue", due, last_trained_on, reason)
    if last_trained_on is None:
        reason = Reason("TRAINING.NEVER_DUE", (cn_date(due),))
    else:
        reason = Reason("TRAINING.OK", (cn_date(last_trained_on), cn_date(due)))
    return TrainingStatus("ok", due, last_trained_on, reason)


# --- who sees ID numbers and phones of the workforce -------------------------------------------

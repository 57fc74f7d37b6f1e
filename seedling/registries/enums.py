"""Enumerations of the registries: 增员 / 减员 with reasons (docs/rules/workflow.md#roll-management); county
confirmation."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from seedling.people.enums import DeclaredCategory

# The registries' categories: the children's (the ledger's 儿童类别 codes) and the women's roll.
LEFT_BEHIND_WOMAN = "left_behind_woman"
CATEGORY_CHOICES = [*DeclaredCategory.choices, (LEFT_BEHIND_WOMAN, _("农村留守妇女"))]
CATEGORY_LABELS = dict(CATEGORY_CHOICES)


class EntryReason(models.TextChoices):
    # 增员: why an episode opened. The determination's own reasons say what holds; this says what moved.
    FILED = "filed", _("New file")  # the first evaluation of a file
    FACTS_CHANGED = "facts_changed", _("File edited")  # an edit of any fact re-evaluates at once
    RECHECK = "recheck", _("Periodic re-check")  # a dated change came due (a birthday, a term reached)
    POLICY_CHANGED = "policy_changed", _("Provincial policy changed")


class ExitReason(models.TextChoices):
    # 减员, the national removal form's reasons plus the ones the rules imply (eligibility.exits).
    AGED_OUT = "aged_out", _("Aged out")
    DIED = "died", _("Died")
    ADOPTED = "adopted", _("Adopted")
    PARENT_RETURNED = "parent_returned", _("Parent returned")
    PARENT_RELEASED = "parent_released", _("Parent released")
    FOUND = "found", _("Parent found")
    MOVED = "moved", _("Moved")
    RECLASSIFIED = "reclassified", _("Reclassified")
    MERGED = "merged", _("File merged into another")  # a duplicate's episodes end on the merge
    OTHER = "other", _("Other")


class MembershipStatus(models.TextChoices):
    # 川民政厅 2020 专项行动实施方案 二, docs/rules/workflow.md#determination-procedure: orphan and de facto
    # unsupported status is confirmed by the county.
    ACTIVE = "active", _("In the registry")
    SUGGESTED = "suggested", _("Awaiting county confirmation")
    REJECTED = "rejected", _("Not confirmed by the county")


class NoticeKind(models.TextChoices):
    ENTERED = "entered", _("entered")
    EXITED = "exited", _("exited")
    SUGGESTED = "suggested", _("suggested for confirmation")

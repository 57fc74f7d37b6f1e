"""The kinds of dated provincial parameters. Values are stored: never rename one."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PolicyKind(models.TextChoices):
    ELIGIBILITY = "eligibility", _("Provincial eligibility policy")  # registries.policy
    VISIT_FREQUENCIES = "visit_frequencies", _("Visit frequencies")  # visits.frequencies
    VERIFICATION = "verification", _("Spot-check ratios")  # verification.ratios

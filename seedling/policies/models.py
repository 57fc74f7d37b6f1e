"""Dated provincial parameters. Data and constraints only."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from seedling.policies.enums import PolicyKind


class ProvincePolicy(models.Model):
    """One dated version of a province's parameters of one kind, set by its staff.

    A version is in force from `effective_from` until the next one of the same kind; before the
    province's first version the kind's defaults apply (`seedling.core.dated.over`). `params` holds
    the kind's parameters as JSON (a key left out takes the default); the kind validates them.

    Not scoped: the rows are published provincial rules, not personal data, and every file and
    schedule in the province must read them (a village director's worklist too; a scoped read from a
    village prefix could never see a province-level row). Who may see a province's page and who may
    add a version is checked by the pages and by `services.version_set`.
    """

    kind = models.CharField(_("kind"), max_length=20, choices=PolicyKind.choices)
    province_code = models.CharField(_("province"), max_length=2)
    effective_from = models.DateField(_("in force from"))
    params = models.JSONField(default=dict)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    set_at = models.DateTimeField(null=True, blank=True)  # empty on versions stored before it was kept
    note = models.CharField(_("basis"), max_length=200, blank=True)

    objects = models.Manager()

    class Meta:
        ordering = ["kind", "province_code", "effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "province_code", "effective_from"], name="one_province_policy_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.province_code} {self.effective_from}"

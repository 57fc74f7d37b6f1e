"""Verification rounds, their files and figures, spot checks and correction tasks. Data and
constraints only (docs/subsystems/verification.md).

Scale: a province round holds a row per living file (a million and more). The progress board never
reads those rows: it groups `RoundTally`, one row per (round, village) kept current by deltas in the
transaction of each step (ADR 0010), so a province board reads its villages' tallies (tens of
thousands of rows at most) by an index on (round, village_code). On PostgreSQL the code columns are
collated "C" (migration 0002) so that the prefix LIKE uses the btree, as on the people's tables.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from seedling.access.models import CaseworkScoped
from seedling.verification import enums


class Round(models.Model):
    """A verification round (核实) over an area: every living file in it is to be verified by `due_on`.

    Not scoped: a round names an area, a date and counts, no person; every level inside the area
    (down to the village director) and above it works on it. Pages check the area against the reader's.
    """

    name = models.CharField(_("name"), max_length=100)
    division_code = models.CharField(_("area"), max_length=12)  # the division opened over
    area_prefix = models.CharField(max_length=12)  # its code prefix (2 to 12 digits)
    level = models.PositiveSmallIntegerField()  # the opening division's level (1 province … 3 county)
    starts_on = models.DateField(_("start"))
    due_on = models.DateField(_("due"))
    files = models.PositiveIntegerField(default=0)  # files in the round when it was opened
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField()

    objects = models.Manager()

    class Meta:
        ordering = ["-opened_at"]
        indexes = [models.Index(fields=["area_prefix"], name="round_area")]

    def __str__(self) -> str:
        return self.name


class RoundFile(CaseworkScoped):
    """One file of a round and where it stands. Filed at the child's village when the round opened."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    child = models.ForeignKey("people.Child", on_delete=models.CASCADE, related_name="+")
    division_code = models.CharField(max_length=12)
    state = models.CharField(max_length=10, choices=enums.RoundFileState.choices, default="pending")
    sections = models.JSONField(default=list, blank=True)  # the ledger sections confirmed so far
    # Completeness when opened, recomputed when verified (docs/rules/workflow.md#completeness).
    gap_caregiver = models.BooleanField(default=False)  # left-behind, no entrusted caregiver
    gap_school = models.BooleanField(default=False)  # out of school, no reason
    missing_fields = models.PositiveSmallIntegerField(default=0)  # required ledger fields still empty
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    return_reason = models.CharField(max_length=300, blank=True)
    version = models.PositiveIntegerField(default=0)  # bumped by every step: a stale review is refused

    class Meta(CaseworkScoped.Meta):
        constraints = [models.UniqueConstraint(fields=["round", "child"], name="one_file_per_round")]
        indexes = [models.Index(fields=["round", "division_code", "id"], name="roundfile_scope")]


class RoundTally(models.Model):
    """The figures of one village in a round, kept by deltas: what every progress board groups.
    Counts only, no person: not scoped (boards check the reader's area)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    village_code = models.CharField(max_length=12)
    files = models.PositiveIntegerField(default=0)
    verified = models.PositiveIntegerField(default=0)  # confirmed door to door (and not returned since)
    approved = models.PositiveIntegerField(default=0)  # approved by the township
    returned = models.PositiveIntegerField(default=0)
    gap_caregiver = models.PositiveIntegerField(default=0)
    gap_school = models.PositiveIntegerField(default=0)
    incomplete = models.PositiveIntegerField(default=0)  # files with a required field empty

    objects = models.Manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "village_code"], name="one_tally_per_round_village")
        ]

    def __str__(self) -> str:
        return f"{self.round_id} {self.village_code}"


class SignOff(models.Model):
    """The county's sign-off of one township of a round (100 %: every file approved)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    township_code = models.CharField(max_length=12)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    objects = models.Manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "township_code"], name="one_sign_off")]

    def __str__(self) -> str:
        return f"{self.round_id} {self.township_code}"


class SpotCheck(models.Model):
    """One draw: a city's counties or a province's cities in a round, from a recorded seed. Once
    drawn it stays drawn (one per round and checking division)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    level = models.CharField(max_length=8, choices=enums.SpotLevel.choices)
    checker_code = models.CharField(max_length=12)  # the city or province that draws
    population = models.JSONField(default=list)  # unit codes drawn from
    drawn = models.JSONField(default=list)  # unit codes drawn
    seed = models.BigIntegerField()
    percent = models.PositiveSmallIntegerField()
    files_per_unit = models.PositiveIntegerField()
    correction_days = models.PositiveIntegerField()
    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    drawn_at = models.DateTimeField()

    objects = models.Manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "checker_code"], name="one_draw_per_checker")]

    def __str__(self) -> str:
        return f"{self.round_id} {self.checker_code} {self.seed}"


class SpotCheckFile(CaseworkScoped):
    """A file drawn for a spot check, and the checker's finding."""

    spot_check = models.ForeignKey(SpotCheck, on_delete=models.CASCADE, related_name="files")
    child = models.ForeignKey("people.Child", on_delete=models.CASCADE, related_name="+")
    division_code = models.CharField(max_length=12)  # the child's village
    unit_code = models.CharField(max_length=12)  # the drawn unit (county or city) it belongs to
    result = models.CharField(max_length=10, choices=enums.SpotResult.choices, default="pending")
    wrong_fields = models.JSONField(default=list, blank=True)
    note = models.CharField(max_length=300, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    checked_at = models.DateTimeField(null=True, blank=True)

    class Meta(CaseworkScoped.Meta):
        indexes = [models.Index(fields=["spot_check", "unit_code"], name="spotfile_unit")]


class CorrectionTask(CaseworkScoped):
    """A disagreement found by a spot check, for the county to correct by `due_on`."""

    sample = models.OneToOneField(SpotCheckFile, on_delete=models.CASCADE, related_name="task")
    child = models.ForeignKey("people.Child", on_delete=models.CASCADE, related_name="+")
    division_code = models.CharField(max_length=12)  # the child's village
    fields = models.JSONField(default=list)
    note = models.CharField(max_length=300, blank=True)
    due_on = models.DateField()
    created_at = models.DateTimeField()
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta(CaseworkScoped.Meta):
        indexes = [models.Index(fields=["division_code", "resolved_at"], name="correction_open")]

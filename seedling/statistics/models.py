"""Pre-aggregated figures of the children's files (docs/adr/0010, docs/subsystems/statistics.md).

Data and constraints only. `FigureChild` says which cell each file counts in; `Figure` holds the
counts of every cell at every level (nation, province, city, county, township, village), moved by
deltas on every write; `FigureSnapshot` keeps each month's end for trends. Every row carries the
code prefix of its area (`code`: "" for the nation, 2 digits for a province … 12 for a village), so
`visible_to` keeps a reader to its own area and below.
"""

from __future__ import annotations

from django.db import models

from seedling.access.models import CaseworkScoped

DIMS = ("categories", "sex", "age_band", "schooling", "guardianship", "parents")


class FigureChild(CaseworkScoped):
    """The cell one child's file counts in today; what the next delta subtracts."""

    child_id = models.BigIntegerField(primary_key=True)
    division_code = models.CharField(max_length=12)
    categories = models.CharField(max_length=200, blank=True)
    sex = models.CharField(max_length=6, blank=True)
    age_band = models.CharField(max_length=5)
    schooling = models.CharField(max_length=20, blank=True)
    guardianship = models.CharField(max_length=10, blank=True)
    parents = models.CharField(max_length=21)
    # The first day the cell can change without a write (a birthday, a situation's date): the daily
    # job recounts the files whose day has come. None: never.
    valid_until = models.DateField(null=True, blank=True, db_index=True)

    class Meta(CaseworkScoped.Meta):
        indexes = [models.Index(fields=["division_code"], name="figurechild_code")]


class Figure(CaseworkScoped):
    """Children in one cell of one area. `level`: 0 nation … 5 village; `code`: the area's prefix."""

    scope_field = "code"

    level = models.PositiveSmallIntegerField()
    code = models.CharField(max_length=12, blank=True)
    categories = models.CharField(max_length=200, blank=True)
    sex = models.CharField(max_length=6, blank=True)
    age_band = models.CharField(max_length=5)
    schooling = models.CharField(max_length=20, blank=True)
    guardianship = models.CharField(max_length=10, blank=True)
    parents = models.CharField(max_length=21)
    children = models.IntegerField(default=0)

    class Meta(CaseworkScoped.Meta):
        constraints = [
            models.UniqueConstraint(fields=["level", "code", *DIMS], name="figure_cell"),
        ]


class FigureSnapshot(CaseworkScoped):
    """A month's end: children per roll-category set of one area (levels nation to township)."""

    scope_field = "code"

    month = models.DateField()  # the first day of the month whose end this is
    level = models.PositiveSmallIntegerField()
    code = models.CharField(max_length=12, blank=True)
    categories = models.CharField(max_length=200, blank=True)
    children = models.IntegerField(default=0)
    taken_at = models.DateTimeField(auto_now_add=True)

    class Meta(CaseworkScoped.Meta):
        constraints = [
            models.UniqueConstraint(fields=["month", "level", "code", "categories"], name="snapshot_cell"),
        ]
        indexes = [models.Index(fields=["level", "code", "month"], name="snapshot_area")]


class Bulletin(CaseworkScoped):
    """A monthly bulletin (月度通报) of an area, frozen when issued: every figure and line is stored as
    rendered and never recomputed (docs/subsystems/statistics.md#the-monthly-bulletin). Filed at the
    issuing area; the units it names read it through their `BulletinUnit` rows."""

    month = models.DateField()  # first day of the month reported
    division_code = models.CharField(max_length=12)  # the issuing area ("" the nation)
    content = models.JSONField(default=dict)
    deadline = models.DateField(null=True, blank=True)  # for the units named behind target
    issued_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(auto_now_add=True)

    class Meta(CaseworkScoped.Meta):
        constraints = [
            models.UniqueConstraint(fields=["month", "division_code"], name="one_bulletin_per_area_month"),
        ]


class BulletinUnit(CaseworkScoped):
    """A unit a bulletin names: it may read the bulletin."""

    bulletin = models.ForeignKey(Bulletin, on_delete=models.CASCADE, related_name="units")
    division_code = models.CharField(max_length=12, db_index=True)
    behind = models.BooleanField(default=False)  # named behind target, with the bulletin's deadline

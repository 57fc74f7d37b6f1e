"""Import jobs: the resumable record of one ledger import (data and constraints only).

A job holds the uploaded workbook, how far it got (`cursor`: data rows done, in file order, committed
in the same transaction as the rows themselves), the counts and the per-row errors. A crash leaves the
job at the last committed batch; running it again resumes there and reaches the same result.
Jobs are private to the user who uploaded them (no division scope: they hold counts and error codes,
and the workbook the user gave us).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Finished")
    FAILED = "failed", _("Failed")


class ImportJob(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    file_name = models.CharField(max_length=200, blank=True)
    content = models.BinaryField()
    dry_run = models.BooleanField(default=True)
    # County staff file the new files as already reviewed (docs/rules/workflow.md#record-workflow).
    reviewed = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.PENDING)
    total = models.PositiveIntegerField(default=0)  # data rows in the file (for the progress bar)
    cursor = models.PositiveIntegerField(default=0)  # data rows done and committed
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list)  # [{"sheet", "row", "column", "code", "message"}]
    sample = models.JSONField(default=list)  # a few outcomes for the dry-run page
    failure = models.TextField(blank=True)
    # Set when the job starts and with every batch: a running job whose heartbeat stopped was killed
    # (seedling.exchange.stalled).
    heartbeat = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"import {self.pk} {self.status}"


class ExportJob(models.Model):
    """One ledger export written in the background: what was asked, how far it got, where the file is.

    Private to the user who asked, like import jobs. The workbook holds personal data, so it lives
    outside the web root, is served only to that user, and is deleted after EXPORT_KEEP_HOURS.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    division_code = models.CharField(max_length=12, blank=True)  # empty: the user's whole area
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.PENDING)
    total = models.PositiveIntegerField(default=0)  # files to write, counted when asked
    done = models.PositiveIntegerField(default=0)  # files written so far
    file_name = models.CharField(max_length=200, blank=True)  # under settings.SEEDLING_EXPORT_DIR
    failure = models.TextField(blank=True)
    heartbeat = models.DateTimeField(null=True, blank=True)  # as on ImportJob

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"export {self.pk} {self.status}"

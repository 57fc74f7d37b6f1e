"""Reads of import jobs: a job is visible to the user who uploaded it, and to nobody else."""

from __future__ import annotations

from django.http import Http404

from seedling.access import Actor
from seedling.exchange.models import ImportJob


def import_job_get(*, actor: Actor, job_id: int) -> ImportJob:
    job = ImportJob.objects.filter(pk=job_id, user_id=actor.user_id or 0).first()
    if job is None:
        raise Http404("Not found.")  # the same answer for "missing" and "someone else's" (ADR 0002)
    return job

"""One error hierarchy for Seedling: a stable code plus a translatable message.

Interfaces turn these into Chinese pages, problem+json (API) or per-row import errors.
"""

from __future__ import annotations

from typing import Any


class SeedlingError(Exception):
    """Base error. `code` is stable (tests, API clients and import reports rely on it)."""

    code = "error"
    status = 400

    def __init__(self, message: str, *, code: str | None = None, field: str | None = None, **params: Any):
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.field = field
        self.params = params

    def __str__(self) -> str:
        return str(self.message)


class ValidationFailed(SeedlingError):
    code = "invalid"
    status = 400


class PermissionDenied(SeedlingError):
    """The actor may not do this. Never used for "outside your area" reads: those are NotFound."""

    code = "forbidden"
    status = 403


class NotFound(SeedlingError):
    """Missing, or outside the actor's area: the two answer the same, so nothing leaks."""

    code = "not_found"
    status = 404


class StaleEdit(SeedlingError):
    """The record changed after the editor loaded it: saving would silently overwrite the later change
    (docs/rules/file.md#f-concurrent-edits). `params` carry who changed it, when, and which fields."""

    code = "stale"
    status = 409

"""Conditional writes: the `If-Match` header carries the version of a file the client last read, so
that a write over a later change is refused (409) instead of silently undoing it."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _

from seedling.core.errors import ValidationFailed


def if_match(request: HttpRequest) -> int | None:
    """The version named by `If-Match` (`3`, `"3"` or `W/"3"`), or None when the header is absent."""
    raw = request.headers.get("If-Match")
    if raw is None:
        return None
    value = raw.strip().removeprefix("W/").strip('"')
    if not value.isdigit() or not 0 < int(value) < 2**31:
        raise ValidationFailed(
            _("If-Match must be the file's version, a whole number, as the last read returned it."),
            code="if_match.invalid",
            field="If-Match",
        )
    return int(value)

"""What the pages' views share besides their forms (those are in `seedling.web.forms`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from django.http import HttpResponse
from django.shortcuts import redirect, render

from seedling.access.decorators import ActorRequest
from seedling.regions.models import Division


def start(
    request: ActorRequest,
    options_of: Callable[..., Sequence[Division] | Sequence[str]],
    to: str,
    template: str,
    context: Mapping[str, Any] | None = None,
) -> HttpResponse:
    """A start page: the actor's options (`options_of(actor=...)`: divisions, or provinces' codes);
    straight to the page `to` of the only one, else `template` lists them to choose from (with
    `context`, when the template is shared by several pages)."""
    options = options_of(actor=request.actor)
    if len(options) == 1:
        only = options[0]
        return redirect(to, only if isinstance(only, str) else only.code)
    return render(request, template, {**(context or {}), "options": options})

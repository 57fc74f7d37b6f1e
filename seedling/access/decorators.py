"""How a view declares its relation to scope. The URL walk test (tests/scoping) reads these marks.

`scoped` views require a signed-in actor (and optionally a capability, from the one catalogue in
`access.capabilities`) and must read through `visible_to` / `get_for_actor`; `public` views touch no
personal or scoped data.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase

from seedling.access import capabilities
from seedling.access.actor import Actor
from seedling.access.capabilities import Capability

View = Callable[..., HttpResponseBase]


class ActorRequest(HttpRequest):
    """The request a view receives: `ActorMiddleware` (pages) or the API's token check has attached
    the actor. Only an annotation: requests are Django's own objects."""

    actor: Actor


def scoped(view: View | None = None, *, may: Capability | None = None) -> Any:
    """Sign-in required; with `may`, a role that holds that capability somewhere (403 otherwise: the
    service checks the place acted on)."""

    def wrap(func: View) -> View:
        @functools.wraps(func)
        def inner(request: ActorRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if may is not None and not capabilities.may(request.actor, may):
                raise PermissionDenied
            return func(request, *args, **kwargs)

        inner.seedling_access = "scoped"  # type: ignore[attr-defined]
        return inner

    return wrap(view) if view is not None else wrap


def public(view: View) -> View:
    """Reviewed: this view shows nothing scoped. It must also be listed in tests/scoping."""
    view.seedling_access = "public"  # type: ignore[attr-defined]
    return view

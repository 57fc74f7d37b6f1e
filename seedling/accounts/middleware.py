"""Attach `request.actor` to every request, built once and lazily."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject

from seedling.accounts.actors import actor_for_user


def client_ip(request: HttpRequest) -> str:
    # Behind the county's reverse proxy the peer is the proxy; REMOTE_ADDR is what we can trust here.
    return request.META.get("REMOTE_ADDR", "") or ""


class ActorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # From here on the request is an ActorRequest (seedling.access.decorators): views read it typed.
        actor = SimpleLazyObject(
            lambda: actor_for_user(
                getattr(request, "user", None),
                ip=client_ip(request),
                user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
            )
        )
        setattr(request, "actor", actor)  # noqa: B010 - HttpRequest declares no `actor`; ActorRequest does
        return self.get_response(request)

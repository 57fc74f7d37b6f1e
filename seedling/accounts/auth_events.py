"""Sign-in, sign-out and failed sign-in go to the audit log.

Django reports these only by signal, so this is the one place signals are used; it holds no
domain logic, it only records.
"""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from seedling.access import anonymous_actor
from seedling.accounts.actors import actor_for_user
from seedling.accounts.middleware import client_ip
from seedling.audit.enums import Action
from seedling.audit.services import audit_record


def _meta(request: HttpRequest | None) -> dict[str, str]:
    if request is None:
        return {"ip": "", "user_agent": ""}
    return {"ip": client_ip(request), "user_agent": request.META.get("HTTP_USER_AGENT", "")[:300]}


@receiver(user_logged_in)
def _on_login(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    actor = actor_for_user(user, **_meta(request))
    audit_record(actor=actor, action=Action.LOGIN, division_code=actor.home_code)


@receiver(user_logged_out)
def _on_logout(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if user is None:
        return
    actor = actor_for_user(user, **_meta(request))
    audit_record(actor=actor, action=Action.LOGOUT, division_code=actor.home_code)


def _known_home(username: str) -> str:
    # A failure against a real account is filed in that account's area, so its auditors see it.
    # Allowlisted raw read: sign-in happens before any actor exists.
    user = get_user_model().objects.filter(username=username).first()
    return actor_for_user(user).home_code if user is not None else ""


@receiver(user_login_failed)
def _on_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    username = str(credentials.get("username", ""))[:150]
    audit_record(
        actor=anonymous_actor(**_meta(request)),
        action=Action.LOGIN_FAILED,
        division_code=_known_home(username),
        username=username,
    )


@receiver(user_locked_out)
def _on_locked_out(
    sender: Any, request: HttpRequest | None = None, username: str = "", **kwargs: Any
) -> None:
    audit_record(
        actor=anonymous_actor(**_meta(request)),
        action=Action.LOCKED_OUT,
        division_code=_known_home(username or ""),
        username=username or "",
    )

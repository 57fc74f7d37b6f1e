"""Bearer tokens: POST /api/v1/auth/token with user name and password; send `Authorization: Bearer …`."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any, cast

from django.contrib.auth import authenticate
from django.http import HttpRequest
from ninja.security import HttpBearer

from seedling.access.decorators import ActorRequest
from seedling.accounts.actors import actor_for_user
from seedling.accounts.middleware import client_ip
from seedling.accounts.models import ApiToken, User
from seedling.core import clock

TOKEN_LIFETIME = dt.timedelta(hours=12)


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def token_issue(*, request: HttpRequest, username: str, password: str) -> str | None:
    """A new token for valid credentials (django-axes counts failures and locks out as on the web)."""
    user = authenticate(request, username=username, password=password)
    if user is None or not user.is_active:
        return None
    key = secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, key_hash=_hash(key), expires_at=clock.now() + TOKEN_LIFETIME)
    return key


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        row = ApiToken.objects.select_related("user").filter(key_hash=_hash(token)).first()
        now = clock.now()
        if row is None or row.expires_at <= now or not row.user.is_active:
            return None
        if row.last_used_at is None or now - row.last_used_at > dt.timedelta(minutes=5):
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)  # cheap: at most every 5 minutes
        user: User = row.user
        request.user = user
        signed_in = cast(ActorRequest, request)  # this check is what attaches the API's actor
        signed_in.actor = actor_for_user(
            user, ip=client_ip(request), user_agent=request.META.get("HTTP_USER_AGENT", "")[:300]
        )
        return user

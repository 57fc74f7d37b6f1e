"""What the verification commands share: the user, errors as CommandError, one JSON object out."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from seedling.access import Actor
from seedling.accounts.actors import actor_for_user
from seedling.accounts.selectors import user_by_username
from seedling.core.errors import SeedlingError

T = TypeVar("T")


def actor(username: str) -> Actor:
    user = user_by_username(username)
    if user is None:
        raise CommandError(f"no active user {username!r}")
    return actor_for_user(user)


def run(call: Callable[[], T]) -> T:
    """Call a service or selector; its refusals become the command's error (exit status 1)."""
    try:
        return call()
    except SeedlingError as exc:
        raise CommandError(f"{exc.code}: {exc}") from exc
    except Http404 as exc:
        raise CommandError(f"not_found: {exc}") from exc


def emit(command: BaseCommand, obj: dict[str, Any], *, as_json: bool, text: str) -> None:
    command.stdout.write(json.dumps(obj, ensure_ascii=False) if as_json else text)

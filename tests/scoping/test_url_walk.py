"""Walk every URL pattern: each view is either scoped or on the reviewed public list."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

# Reviewed: these views show nothing scoped. Adding one here needs a reason.
PUBLIC = {
    "web:login": "the sign-in form",
    "web:logout": "ends the session",
    "web:healthz": "liveness probe, no data",
    "set_language": "stores the language choice in a cookie",
}


def walk(patterns: list, prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str, object]]:
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            yield f"{namespace}{p.name}", prefix + str(p.pattern), p.callback


def patterns() -> list[tuple[str, str, object]]:
    return list(walk(get_resolver().url_patterns))


def test_every_view_is_scoped_or_reviewed_public() -> None:
    problems = []
    for name, route, view in patterns():
        mark = getattr(view, "seedling_access", None)
        if mark == "scoped":
            continue
        if mark == "public" and name in PUBLIC:
            continue
        problems.append(f"{route} ({name}): access mark {mark!r}")
    assert problems == []


def test_public_list_has_no_stale_entries() -> None:
    names = {name for name, _, _ in patterns()}
    assert set(PUBLIC) <= names


@pytest.mark.django_db
def test_scoped_views_without_arguments_send_strangers_to_login() -> None:
    client = Client()
    checked = 0
    for _name, route, view in patterns():
        if getattr(view, "seedling_access", None) != "scoped" or "<" in route:
            continue
        response = client.get("/" + route)
        assert response.status_code == 302 and "/login/" in response["Location"], route
        checked += 1
    assert checked >= 4

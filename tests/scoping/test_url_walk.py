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


# API operations that need no token (reviewed).
PUBLIC_API = {"auth_token": "exchanges a user name and password for a token"}
PUBLIC_API_VIEWS = {
    "openapi_json": "the OpenAPI description, no data",
    "default_home": "the API root, no data",
}


def _path_view(callback: object) -> object | None:
    """django-ninja serves each path through a closure over its (bound) PathView."""
    for cell in getattr(callback, "__closure__", None) or ():
        if hasattr(cell.cell_contents, "operations"):
            return cell.cell_contents
    return None


def test_every_api_operation_needs_a_token_or_is_reviewed_public() -> None:
    problems, operations = [], 0
    for _name, route, view in patterns():
        if not route.startswith("api/v1/"):
            continue
        path_view = _path_view(view)
        if path_view is None:
            func = getattr(view, "func", view)
            if getattr(func, "__name__", "") not in PUBLIC_API_VIEWS:
                problems.append(f"{route}: not an API operation and not reviewed")
            continue
        for op in path_view.operations:  # type: ignore[attr-defined]
            operations += 1
            if not op.auth_callbacks and op.view_func.__name__ not in PUBLIC_API:
                problems.append(f"{route} {op.methods}: no authentication")
    assert problems == []
    assert operations >= 6


def test_every_view_is_scoped_or_reviewed_public() -> None:
    problems = []
    for name, route, view in patterns():
        if route.startswith("api/v1/"):
            continue  # checked operation by operation above
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

"""Fixtures shared by the whole suite.

The test database gets the real divisions of 萍乡市 (3603) and the demo accounts once per session;
each test runs in a transaction that is rolled back. Browser tests (transactional, run last by
pytest-django) seed the same world again for themselves.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client

from seedling.access import Actor
from seedling.accounts.actors import actor_for_user
from seedling.accounts.models import User


def _relax_audit_guard() -> None:
    # The audit table is append-only (migration audit 0002); tests must be able to empty tables.
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_guard SET enforced = 0")


def seed_world() -> None:
    _relax_audit_guard()
    call_command("seed_demo", "--quiet-accounts", "--no-children", stdout=_Null())


class _Null:
    def write(self, *_: object) -> None:
        pass


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> None:
    with django_db_blocker.unblock():
        seed_world()


@pytest.fixture
def world(db: None) -> None:
    """The demo world (already loaded for non-transactional tests)."""


@pytest.fixture
def world_tx(transactional_db: None) -> Iterator[None]:
    """The demo world for transactional tests (browser tests); flushed again after the test."""
    seed_world()
    yield


def demo_user(username: str) -> User:
    return User.objects.get(username=username)


def demo_actor(username: str) -> Actor:
    return actor_for_user(demo_user(username))


def login_client(username: str) -> Client:
    # force_login skips the password check; sign-in itself is tested through the login form.
    client = Client()
    client.force_login(demo_user(username))
    return client


@pytest.fixture
def actor_of(world: None):
    return demo_actor


@pytest.fixture
def client_of(world: None):
    return login_client

"""Audit: sign-in events, the auditor's scoped view, and append-only storage."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import reverse

from seedling.audit.models import AuditEvent
from seedling.audit.selectors import AuditFilter, audit_event_list
from seedling.audit.services import audit_record
from seedling.demo.accounts import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def sign_in(client: Client, username: str, password: str) -> int:
    response = client.post(
        reverse("web:login"), {"username": username, "password": password}, REMOTE_ADDR="10.1.2.3"
    )
    return response.status_code


def test_login_logout_and_failure_are_recorded(world: None) -> None:
    client = Client()
    assert sign_in(client, "demo-village", "wrong-password-1") == 200
    assert sign_in(client, "demo-village", DEMO_PASSWORD) == 302
    client.post(reverse("web:logout"), REMOTE_ADDR="10.1.2.3")
    rows = list(
        AuditEvent.unscoped.filter(actor_username="demo-village")
        .order_by("id")
        .values_list("action", "division_code", "ip")
    )
    assert rows == [
        ("login_failed", "360313001001", "10.1.2.3"),
        ("login", "360313001001", "10.1.2.3"),
        ("logout", "360313001001", "10.1.2.3"),
    ]


def test_failure_for_unknown_user_is_national(world: None) -> None:
    sign_in(Client(), "nobody-here", "whatever-123")
    event = AuditEvent.unscoped.get(actor_username="nobody-here")
    assert (event.action, event.division_code) == ("login_failed", "")


def test_lockout_after_repeated_failures(world: None) -> None:
    client = Client()
    for _ in range(5):
        sign_in(client, "demo-township", "wrong-password-1")
    response = client.post(
        reverse("web:login"), {"username": "demo-township", "password": DEMO_PASSWORD}, REMOTE_ADDR="10.1.2.3"
    )
    assert response.status_code == 429
    assert "30" in response.content.decode()
    assert AuditEvent.unscoped.filter(action="locked_out", actor_username="demo-township").exists()
    assert not AuditEvent.unscoped.filter(action="login", actor_username="demo-township").exists()


def test_auditor_sees_only_events_of_its_area(actor_of) -> None:
    audit_record(actor=actor_of("demo-county"), action="login", division_code="360313000000")
    audit_record(actor=actor_of("demo-county-b"), action="login", division_code="360302000000")
    events = audit_event_list(actor=actor_of("demo-auditor"), filters=AuditFilter())
    assert {e.division_code for e in events} == {"360313000000"}
    assert audit_event_list(actor=actor_of("demo-county"), filters=AuditFilter()) == []


def test_audit_page_is_for_auditors_only(client_of) -> None:
    audit_record(actor=None, action="login_failed", division_code="360302000000", username="b-user")
    audit_record(actor=None, action="login_failed", division_code="360313001001", username="a-user")
    page = client_of("demo-auditor").get(reverse("web:audit_log"))
    body = page.content.decode()
    assert page.status_code == 200
    assert "a-user" in body and "b-user" not in body
    assert client_of("demo-county").get(reverse("web:audit_log")).status_code == 403


def test_audit_log_refuses_update_and_delete(actor_of) -> None:
    event = audit_record(actor=actor_of("demo-county"), action="login", division_code="360313000000")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_guard SET enforced = 1")
    try:
        for statement in (
            "UPDATE audit_auditevent SET action = 'x' WHERE id = %s",
            "DELETE FROM audit_auditevent WHERE id = %s",
        ):
            with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(statement, [event.pk])
    finally:
        with connection.cursor() as cursor:
            cursor.execute("UPDATE audit_guard SET enforced = 0")
    event.refresh_from_db()
    assert event.action == "login"

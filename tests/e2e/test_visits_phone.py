"""A village director on a 360 px phone: the worklist, a home visit for an overdue child through a
dropped connection, and a double submit that makes one visit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from seedling.accounts.actors import actor_for_user
from seedling.accounts.models import User
from seedling.core import clock
from seedling.demo.accounts import DEMO_PASSWORD
from seedling.people import services as people_services
from seedling.people.models import Child
from seedling.people.tests.factories import id_number, left_behind
from seedling.visits.models import RiskChange, Visit

pytestmark = pytest.mark.browser


def overdue_child(name: str, born: dt.date) -> Child:
    """Filed through the services at high risk 100 days ago, never visited: last month was missed."""
    actor = actor_for_user(User.objects.get(username="demo-village"))
    record = left_behind(name=name, risk_level="high", birth_date=born, id_number=id_number(born))
    child = people_services.child_create(actor=actor, record=record).child
    RiskChange.unscoped.filter(child=child).update(effective_on=clock.today() - dt.timedelta(days=100))
    return child


def sign_in(phone, url: str) -> None:  # type: ignore[no-untyped-def]
    phone.goto(f"{url}/login/")
    phone.fill("#id_username", "demo-village")
    phone.fill("#id_password", DEMO_PASSWORD)
    phone.click("main button[type=submit]")
    phone.wait_for_url(f"{url}/")


def test_home_visit_for_an_overdue_child_on_a_phone(live_server, world_tx, phone, output_dir) -> None:  # type: ignore[no-untyped-def]
    child = overdue_child("林小雨", dt.date(2016, 5, 20))
    other = overdue_child("林小风", dt.date(2015, 3, 2))
    url = live_server.url
    sign_in(phone, url)
    phone.goto(f"{url}/visits/")
    row = phone.locator(f'li[data-child="{child.pk}"]')
    assert row.get_attribute("data-status") == "overdue"
    assert "alarm" in (row.get_attribute("class") or "")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.screenshot(path=str(output_dir / "visits-worklist-360.png"), full_page=True)
    button = row.locator("a.button")
    assert button.bounding_box()["height"] >= 44  # a large target

    # One tap to the short form; 入户 is preselected, today's date filled in.
    button.click()
    phone.wait_for_url(f"{url}/visits/child/{child.pk}/new/")
    assert phone.is_checked('input[name="mode"][value="home"]')
    assert phone.input_value("#id_visited_on") == clock.today().isoformat()
    token = phone.input_value('input[name="client_token"]')
    phone.fill("#id_found", "祖母腿伤，孩子按时上学")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.screenshot(path=str(output_dir / "visit-form-360.png"), full_page=True)

    # The connection drops as the director taps save: nothing is sent, nothing typed is lost.
    phone.context.set_offline(True)
    phone.click("form.visit-form button[type=submit]")
    assert phone.locator(".offline-note").is_visible()
    assert Visit.unscoped.filter(child=child).count() == 0
    phone.context.set_offline(False)
    phone.reload()
    assert phone.input_value("#id_found") == "祖母腿伤，孩子按时上学"
    assert phone.input_value('input[name="client_token"]') == token  # the same visit, not a new one

    body = phone.evaluate(
        "new URLSearchParams(new FormData(document.querySelector('form.visit-form'))).toString()"
    )
    phone.click("form.visit-form button[type=submit]")
    phone.wait_for_url(f"{url}/visits/?saved={token}")
    assert phone.locator(f'li[data-child="{child.pk}"]').count() == 0  # left the overdue list
    assert phone.locator(f'li[data-child="{other.pk}"]').count() == 1
    assert phone.evaluate("Object.keys(localStorage).filter(k => k.startsWith('seedling:')).length") == 0

    # The same form sent again (a double tap, or a resend after a lost answer) makes no second visit.
    status = phone.evaluate(
        """async ([path, body]) => {
            const r = await fetch(path, {method: 'POST', body,
                headers: {'Content-Type': 'application/x-www-form-urlencoded'}});
            return r.status;
        }""",
        [f"/visits/child/{child.pk}/new/", body],
    )
    assert status == 200  # the redirect to the worklist, followed
    visits = list(Visit.unscoped.filter(child=child))
    assert [(v.mode, v.found, str(v.client_token)) for v in visits] == [
        ("home", "祖母腿伤，孩子按时上学", token)
    ]

    # The child's page (risk, history, pairing, needs) and the compliance page fit the phone too.
    pages = (
        (f"/visits/child/{child.pk}/", "visits-child-360.png"),
        ("/visits/compliance/", "visits-compliance-360.png"),
    )
    for path, name in pages:
        phone.goto(f"{url}{path}")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 360, path
        phone.screenshot(path=str(output_dir / name), full_page=True)
    phone.goto(f"{url}/visits/child/{child.pk}/")
    assert "祖母腿伤" in phone.locator("#visits").inner_text()


def test_double_tap_on_save_makes_one_visit(live_server, world_tx, phone) -> None:  # type: ignore[no-untyped-def]
    child = overdue_child("林小云", dt.date(2014, 8, 8))
    url = live_server.url
    sign_in(phone, url)
    phone.goto(f"{url}/visits/child/{child.pk}/new/")
    # Two submissions of the same form, as from a double tap on a slow line: at once on PostgreSQL; one
    # after the other on SQLite, where the live server shares one in-memory connection between threads.
    together = connection.vendor == "postgresql"
    statuses = phone.evaluate(
        """async (together) => {
            const form = document.querySelector('form.visit-form');
            const body = new URLSearchParams(new FormData(form)).toString();
            const send = () => fetch(location.pathname, {method: 'POST', body,
                headers: {'Content-Type': 'application/x-www-form-urlencoded'}}).then(r => r.status);
            if (together) return Promise.all([send(), send()]);
            const first = await send();
            return [first, await send()];
        }""",
        together,
    )
    assert statuses == [200, 200]
    assert Visit.unscoped.filter(child=child).count() == 1
    phone.goto(f"{url}/visits/")
    assert phone.locator(f'li[data-child="{child.pk}"]').count() == 0

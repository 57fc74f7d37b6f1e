"""demo-county's statistics dashboard draws its charts on a 360 px phone and at desktop width."""

from __future__ import annotations

import pytest

from seedling.accounts.actors import actor_for_user
from seedling.accounts.models import User
from seedling.demo.accounts import DEMO_PASSWORD
from seedling.people import services as people_services
from seedling.people.tests.factories import left_behind

pytestmark = pytest.mark.browser


def sign_in(page, url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{url}/login/")
    page.fill("#id_username", "demo-county")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{url}/")


def check(page, url: str, width: int, shot) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{url}/statistics/360313000000/")
    assert page.locator('[data-k="total"]').inner_text() == "1"
    for name in ("categories", "structure_sex", "trend", "units"):
        page.wait_for_selector(f'[data-chart="chart-{name}"] svg')  # drawn by the vendored ECharts
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=str(shot), full_page=True)


def test_county_dashboard_charts_on_a_phone_and_a_desktop(
    live_server, world_tx, browser, phone, output_dir
) -> None:  # type: ignore[no-untyped-def]
    people_services.child_create(
        actor=actor_for_user(User.objects.get(username="demo-county")), record=left_behind()
    )
    url = live_server.url
    sign_in(phone, url)
    check(phone, url, 360, output_dir / "statistics-county-360.png")
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    desktop = context.new_page()
    try:
        sign_in(desktop, url)
        check(desktop, url, 1280, output_dir / "statistics-county-desktop.png")
    finally:
        context.close()

"""Provincial parameters and registry notices on a 360 px phone: the eligibility policy and visit
frequency pages of the province's staff, and the notices on a village director's home page."""

from __future__ import annotations

import pytest

from seedling.accounts.actors import actor_for_user
from seedling.accounts.models import User
from seedling.core import clock
from seedling.demo.accounts import DEMO_PASSWORD
from seedling.people import services as people_services
from seedling.people.tests.factories import left_behind
from seedling.policies.models import ProvincePolicy
from seedling.registries.models import Notice

pytestmark = pytest.mark.browser


def sign_in(page, url: str, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{url}/")


def fits(page) -> bool:  # type: ignore[no-untyped-def]
    return page.evaluate("document.documentElement.scrollWidth") <= 360


def test_province_parameters_and_village_notices_on_a_phone(  # type: ignore[no-untyped-def]
    live_server, world_tx, browser, phone, output_dir
) -> None:
    url = live_server.url
    sign_in(phone, url, "demo-province")
    phone.goto(f"{url}/registries/policy/")
    phone.wait_for_url(f"{url}/registries/policy/36/")
    assert fits(phone)
    phone.fill("#id_lb_away_min_months", "3")
    phone.screenshot(path=str(output_dir / "policy-360.png"), full_page=True)
    phone.click("#new button[type=submit]")
    phone.wait_for_url(f"{url}/registries/policy/36/")
    assert phone.locator(".messages li").count() == 1
    assert (
        ProvincePolicy.objects.get(kind="eligibility", province_code="36").params["lb_away_min_months"] == 3
    )

    phone.click("text=走访频次")
    phone.wait_for_url(f"{url}/visits/frequencies/36/")
    phone.fill("#id_low_visit_months", "5")  # not a period of the calendar year
    phone.click("#new button[type=submit]")
    error = phone.locator('[data-field="low_visit_months"] .error')
    assert "1、2、3、4、6或12" in error.inner_text()
    assert fits(phone)
    phone.screenshot(path=str(output_dir / "frequencies-360.png"), full_page=True)
    assert not ProvincePolicy.objects.filter(kind="visit_frequencies").exists()

    actor = actor_for_user(User.objects.get(username="demo-village"))
    child = people_services.child_create(actor=actor, record=left_behind()).child
    Notice.unscoped.create(
        child=child,
        category="left_behind",
        kind="entered",
        created_on=clock.today(),
        division_code=child.division_code,
    )
    village = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, locale="zh-CN")
    page = village.new_page()
    sign_in(page, url, "demo-village")
    notice = page.locator(f'#notices a[href="/children/{child.pk}/"]')
    assert notice.count() == 1 and page.locator("#notices .badge").inner_text() == "1"
    assert fits(page)
    page.screenshot(path=str(output_dir / "home-notices-360.png"), full_page=True)
    village.close()

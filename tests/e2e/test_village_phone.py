"""A village child director signs in on a 360 px phone and sees the village."""

from __future__ import annotations

import pytest

from seedling.demo.accounts import DEMO_PASSWORD

pytestmark = pytest.mark.browser


def test_village_director_signs_in_on_a_phone(live_server, world_tx, phone, output_dir) -> None:
    phone.goto(f"{live_server.url}/login/")
    assert phone.locator("h1").inner_text() == "登录护苗"
    phone.fill("#id_username", "demo-village")
    phone.fill("#id_password", DEMO_PASSWORD)
    phone.click("button[type=submit]")
    phone.wait_for_url(f"{live_server.url}/")
    area = phone.locator("section.area")
    assert area.get_attribute("data-code") == "360313001001"
    assert "新街居委会" in area.inner_text()
    # Usable at 360 px: nothing forces sideways scrolling.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.screenshot(path=str(output_dir / "village-home-360.png"), full_page=True)
    assert (output_dir / "village-home-360.png").stat().st_size > 5000


def test_wrong_password_says_so_in_chinese(live_server, world_tx, phone) -> None:
    phone.goto(f"{live_server.url}/login/")
    phone.fill("#id_username", "demo-village")
    phone.fill("#id_password", "not-the-password")
    phone.click("button[type=submit]")
    assert "用户名或密码不正确" in phone.locator("[role=alert]").inner_text()

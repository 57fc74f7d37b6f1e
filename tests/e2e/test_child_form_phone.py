"""A village director files a child on a 360 px phone: the ID number fills birth date and sex."""

from __future__ import annotations

from datetime import date

import pytest

from seedling.core.identity import compose
from seedling.demo.accounts import DEMO_PASSWORD
from seedling.people.models import Child

pytestmark = pytest.mark.browser


def test_file_a_child_on_a_phone(live_server, world_tx, phone, output_dir) -> None:  # type: ignore[no-untyped-def]
    number = compose("360313", date(2017, 4, 9), 321, "男")
    phone.goto(f"{live_server.url}/login/")
    phone.fill("#id_username", "demo-village")
    phone.fill("#id_password", DEMO_PASSWORD)
    phone.click("button[type=submit]")
    phone.wait_for_url(f"{live_server.url}/")
    phone.goto(f"{live_server.url}/children/new/")
    phone.fill("#id_name", "邓子墨")
    phone.type("#id_id_number", number)
    assert phone.input_value("#id_birth_date") == "2017-04-09"
    assert phone.input_value("#id_sex") == "male"
    phone.select_option("#id_hukou_type", "rural")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.screenshot(path=str(output_dir / "child-form-360.png"), full_page=False)
    phone.click("button.sticky")
    phone.wait_for_url(f"{live_server.url}/children/*/")
    assert "邓子墨" in phone.locator("h1").inner_text()
    assert number not in phone.content()  # masked on the file page
    child = Child.unscoped.get(name="邓子墨")
    assert (child.birth_date, child.sex, child.division_code) == (date(2017, 4, 9), "male", "360313001001")

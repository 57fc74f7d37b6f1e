"""One verification round end to end on the demo (docs/subsystems/verification.md): the province
opens it, demo-village verifies a file on a 360 px phone, demo-township returns one and approves
another, demo-county signs off, demo-city draws its counties (at least 3 of 萍乡市's 5), records one
disagreement, the county corrects it; the boards agree with a direct count at every step."""

from __future__ import annotations

import pytest

from seedling.accounts.actors import actor_for_user
from seedling.accounts.models import User
from seedling.demo.accounts import DEMO_PASSWORD
from seedling.people import services as people
from seedling.people.tests.factories import left_behind
from seedling.verification import ratios
from seedling.verification import services as verification
from seedling.verification.enums import SECTIONS
from seedling.verification.models import Round, RoundFile, SpotCheck, SpotCheckFile

pytestmark = pytest.mark.browser
COUNTIES = ["360302000000", "360313000000", "360321000000", "360322000000", "360323000000"]


def _actor(username: str):
    return actor_for_user(User.objects.get(username=username))


def _page(browser, live_server, username: str, phone: bool = False):
    if phone:
        context = browser.new_context(
            viewport={"width": 360, "height": 740},
            device_scale_factor=2,
            is_mobile=True,
            has_touch=True,
            locale="zh-CN",
        )
    else:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    return page


def _board_agrees(page, live_server, rnd: Round) -> None:
    page.goto(f"{live_server.url}/verification/{rnd.pk}/")
    rows = page.locator("#board tr[data-unit]")
    for i in range(rows.count()):
        row = rows.nth(i)
        prefix = row.get_attribute("data-unit").rstrip("0")
        prefix = prefix.ljust({7: 9, 8: 9, 5: 6, 3: 4, 1: 2}.get(len(prefix), len(prefix)), "0")
        files = RoundFile.unscoped.filter(round=rnd, division_code__startswith=prefix)
        assert int(row.get_attribute("data-files")) == files.count()
        assert (
            int(row.get_attribute("data-verified"))
            == files.filter(state__in=["verified", "approved"]).count()
        )
        assert int(row.get_attribute("data-approved")) == files.filter(state="approved").count()


def test_one_round_end_to_end(live_server, world_tx, browser, output_dir) -> None:
    village_actor = _actor("demo-village")
    a = people.child_create(actor=village_actor, record=left_behind(name="林小雨")).child
    b = people.child_create(actor=village_actor, record=left_behind(name="林小雪")).child

    # The province opens the round.
    province = _page(browser, live_server, "demo-province")
    province.goto(f"{live_server.url}/verification/")
    province.fill("#id_name", "2026年第四季度核实")
    province.fill("#id_due_on", "2026-12-31")
    province.click("#open-round button[type=submit]")
    province.wait_for_url("**/verification/*/")
    rnd = Round.objects.get(name="2026年第四季度核实")
    assert rnd.files == 2
    _board_agrees(province, live_server, rnd)

    # demo-village verifies a file on a 360 px phone, one tap per section.
    phone = _page(browser, live_server, "demo-village", phone=True)
    rf_a = RoundFile.unscoped.get(round=rnd, child=a)
    phone.goto(f"{live_server.url}/verification/file/{rf_a.pk}/")
    for section in SECTIONS:
        phone.click(f"li[data-section={section}] button")
        phone.wait_for_selector(f"li[data-section={section}] .tag")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.screenshot(path=str(output_dir / "verification-checklist-360.png"), full_page=True)
    rf_a.refresh_from_db()
    assert rf_a.state == "verified"
    rf_b = RoundFile.unscoped.get(round=rnd, child=b)
    for section in SECTIONS:
        rf_b = verification.round_check(actor=village_actor, round_file=rf_b, sections=[section])

    # demo-township returns one and approves the other.
    township = _page(browser, live_server, "demo-township")
    township.goto(f"{live_server.url}/verification/file/{rf_b.pk}/")
    township.check("input[name=decision][value=return]")
    township.fill("#id_reason", "照护人电话打不通，请重新核实")
    township.click("#round-review button[type=submit]")
    township.goto(f"{live_server.url}/verification/file/{rf_a.pk}/")
    township.check("input[name=decision][value=approve]")
    township.click("#round-review button[type=submit]")
    assert RoundFile.unscoped.get(pk=rf_a.pk).state == "approved"
    assert RoundFile.unscoped.get(pk=rf_b.pk).state == "returned"
    _board_agrees(township, live_server, rnd)
    # The returned reason reaches the director's phone.
    phone.goto(f"{live_server.url}/verification/{rnd.pk}/files/?state=returned")
    assert "照护人电话打不通" in phone.locator("#round-files").inner_text()
    rf_b = RoundFile.unscoped.get(pk=rf_b.pk)
    for section in SECTIONS:
        rf_b = verification.round_check(actor=village_actor, round_file=rf_b, sections=[section])
    verification.round_review(
        actor=_actor("demo-township"), round_file=rf_b, approve=True, version=rf_b.version
    )

    # demo-county signs off the township.
    county = _page(browser, live_server, "demo-county")
    county.goto(f"{live_server.url}/verification/{rnd.pk}/")
    _board_agrees(county, live_server, rnd)
    county.click("tr[data-unit='360313001000'] button")
    county.wait_for_selector("tr[data-unit='360313001000'] .signed")

    # demo-city draws its counties (3 of 5 at 50 %), with a seed that draws 湘东区.
    seed = next(s for s in range(500) if "360313000000" in ratios.draw_units(COUNTIES, 3, s))
    city = _page(browser, live_server, "demo-city")
    city.goto(f"{live_server.url}/verification/{rnd.pk}/")
    city.fill("#id_seed", str(seed))
    city.click("#draw-form button[type=submit]")
    city.wait_for_url("**/verification/spot/*/")
    spot = SpotCheck.objects.get(round=rnd)
    assert len(spot.population) == 5 and len(spot.drawn) >= 3 and "360313000000" in spot.drawn
    sample = SpotCheckFile.unscoped.filter(spot_check=spot).order_by("pk").first()
    form = city.locator(f"li[data-sample='{sample.pk}'] form")
    form.locator("input[name=result][value=disagrees]").check()
    form.locator("summary").click()
    form.locator("input[name=wrong_fields][value=caregiver_phone]").check()
    form.locator("button[type=submit]").click()
    city.wait_for_selector(f"li[data-sample='{sample.pk}'][data-result=disagrees]")
    assert "100%" in city.locator("#rates tr[data-unit='360313000000']").inner_text()

    # The county corrects the file and closes the task.
    child = sample.child
    people.child_update(
        actor=_actor("demo-county"),
        child=child,
        record=left_behind(name=child.name, id_number=child.id_number, caregiver_phone="13800000009"),
    )
    county.goto(f"{live_server.url}/verification/corrections/")
    county.click("li[data-task] button")
    county.wait_for_selector("#corrections li.muted")
    assert sample.task.__class__.unscoped.get(pk=sample.task.pk).resolved_at is not None
    _board_agrees(county, live_server, rnd)

"""A child living alone, on a 360 px phone: the village director reports it; the township and the county
see it at once; the county records the police report, a placement, an assessment and a referral, and
closes the case; the timeline shows every step; another county sees nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from seedling.accounts.actors import actor_for_user
from seedling.accounts.models import User
from seedling.demo.accounts import DEMO_PASSWORD
from seedling.people import services as people_services
from seedling.people.tests.factories import id_number, left_behind
from seedling.protection.models import Case

pytestmark = pytest.mark.browser


def _phone(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True, locale="zh-CN"
    )
    return context.new_page()


def _sign_in(page, url: str, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{url}/")


def _step(page, url: str, case: Case, kind: str, fields: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{url}/protection/cases/{case.pk}/")
    page.click(f'a[data-step="{kind}"]')
    page.wait_for_url(f"{url}/protection/cases/{case.pk}/step/{kind}/")
    for selector, value in fields.items():
        if selector.startswith("select"):
            page.select_option(selector.split(":", 1)[1], value)
        elif selector.startswith("check"):
            page.check(selector.split(":", 1)[1])
        else:
            page.fill(selector, value)
    page.click("form.step-form button[type=submit]")
    page.wait_for_url(f"{url}/protection/cases/{case.pk}/")


def test_child_living_alone_from_report_to_closure(live_server, world_tx, browser, output_dir) -> None:  # type: ignore[no-untyped-def]
    born = dt.date(2016, 5, 20)
    director = actor_for_user(User.objects.get(username="demo-village"))
    record = left_behind(name="林小雨", birth_date=born, id_number=id_number(born))
    child = people_services.child_create(actor=director, record=record).child
    url = live_server.url

    village = _phone(browser)
    _sign_in(village, url, "demo-village")
    village.goto(f"{url}/protection/report/")
    village.check('input[name="trigger"][value="alone"]')
    village.select_option("#id_child", str(child.pk))
    village.fill("#id_seen", "孩子独自在家三天")
    assert village.evaluate("document.documentElement.scrollWidth") <= 360
    village.screenshot(path=str(output_dir / "protection-report-360.png"), full_page=True)
    village.click("form.report-form button[type=submit]")
    village.wait_for_url(f"{url}/protection/cases/*/")
    case = Case.unscoped.get(child=child)

    for username in ("demo-township", "demo-county"):
        page = _phone(browser)
        _sign_in(page, url, username)
        page.goto(f"{url}/protection/")
        assert page.locator(f'li[data-case="{case.pk}"]').count() == 1, username
        assert "孩子独自在家三天" not in page.content()
    other = _phone(browser)
    _sign_in(other, url, "demo-county-b")
    other.goto(f"{url}/protection/")
    assert other.locator(f'li[data-case="{case.pk}"]').count() == 0
    assert other.goto(f"{url}/protection/cases/{case.pk}/").status == 404

    county = _phone(browser)
    _sign_in(county, url, "demo-county")
    _step(
        county, url, case, "police", {"#id_police_station": "峡山口派出所", "#id_police_record": "JCJ-0925-1"}
    )
    _step(
        county,
        url,
        case,
        "placement",
        {"select:#id_placement": "kin", "#id_where": "姑姑家", "#id_carer": "林某"},
    )
    _step(
        county,
        url,
        case,
        "assessment",
        {
            "#id_safety": "安全",
            "#id_guardianship": "无人监护",
            "#id_health": "良好",
            "#id_schooling": "在校",
            "#id_psychology": "焦虑",
            "select:#id_risk": "high",
        },
    )
    _step(county, url, case, "referral", {"select:#id_body": "education", "#id_narrative": "请学校安排寄宿"})
    _step(county, url, case, "closure", {"#id_outcome": "已落实委托照护"})
    kinds = county.locator("#timeline li").evaluate_all("els => els.map(e => e.dataset.kind)")
    assert kinds == ["report", "police", "placement", "assessment", "referral", "closure"]
    assert county.locator("#case").get_attribute("data-status") == "closed"
    assert county.evaluate("document.documentElement.scrollWidth") <= 360
    county.screenshot(path=str(output_dir / "protection-case-360.png"), full_page=True)

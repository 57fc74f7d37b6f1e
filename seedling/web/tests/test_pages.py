"""Web shell: Chinese by default, English switch, home, division browser, accounts pages."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from seedling.accounts.models import User
from seedling.regions.models import Division

pytestmark = pytest.mark.django_db


def test_login_page_is_chinese_and_uses_local_assets(world: None) -> None:
    body = Client().get(reverse("web:login")).content.decode()
    assert '<html lang="zh-CN">' in body
    assert "登录" in body
    assert "/static/vendor/htmx.min.js" in body
    assert "http://" not in body and "https://" not in body  # no CDN


def test_english_switch(world: None) -> None:
    client = Client()
    response = client.post(reverse("set_language"), {"language": "en", "next": "/login/"})
    assert response.status_code == 302
    body = client.get(reverse("web:login")).content.decode()
    assert '<html lang="en">' in body and "Sign in" in body


def test_anonymous_is_sent_to_login(world: None) -> None:
    response = Client().get(reverse("web:home"))
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_home_of_a_county(client_of) -> None:
    body = client_of("demo-county").get(reverse("web:home")).content.decode()
    assert "湘东区" in body and "安源区" not in body
    townships = Division.unscoped.filter(parent_id="360313000000").count()
    villages = Division.unscoped.filter(code__startswith="360313", level=5).count()
    assert (townships, villages) == (11, 152)
    assert f"<dd>{townships}</dd>" in body and f"<dd>{villages}</dd>" in body
    accounts = User.objects.filter(assignments__division_code__startswith="360313").distinct().count()
    assert f'<dd class="accounts">{accounts}</dd>' in body


def test_home_of_the_village(client_of) -> None:
    body = client_of("demo-village").get(reverse("web:home")).content.decode()
    assert "新街居委会" in body and "儿童主任" in body


def test_division_drill_down_and_counts(client_of) -> None:
    client = client_of("demo-city")
    body = client.get(reverse("web:division_detail", args=["360313000000"])).content.decode()
    assert "峡山口街道" in body
    villages_of_xiashankou = Division.unscoped.filter(parent_id="360313001000").count()
    assert f'<span class="count" title="下级单位">{villages_of_xiashankou}</span>' in body
    assert "萍乡市" in body  # breadcrumb


def test_division_search_by_name_and_code(client_of) -> None:
    client = client_of("demo-county")
    by_name = client.get(reverse("web:division_browser"), {"q": "新街"}).content.decode()
    assert "360313001001" in by_name
    by_code = client.get(reverse("web:division_browser"), {"q": "360313001"}).content.decode()
    assert "峡山口街道" in by_code
    outside = client.get(reverse("web:division_browser"), {"q": "360302"}).content.decode()
    assert "在您的辖区内没有找到" in outside


def test_other_county_division_is_404_in_chinese(client_of) -> None:
    response = client_of("demo-county-b").get(reverse("web:division_detail", args=["360313001001"]))
    assert response.status_code == 404
    assert "不在您的辖区" in response.content.decode()


def test_accounts_pages_need_a_manager(client_of) -> None:
    assert client_of("demo-village").get(reverse("web:account_list")).status_code == 403
    body = client_of("demo-county").get(reverse("web:account_list")).content.decode()
    assert "demo-village" in body and "demo-county-b" not in body and "demo-city" not in body


def test_create_account_through_the_form(client_of) -> None:
    client = client_of("demo-county")
    response = client.post(
        reverse("web:account_create"),
        {
            "username": "xiashan-2",
            "full_name": "测试主任",
            "phone": "",
            "role": "village_director",
            "division_code": "360313001003",
            "password": "a-long-synthetic-pass-42",
        },
    )
    assert response.status_code == 302
    assert User.objects.filter(username="xiashan-2").exists()


def test_create_account_outside_area_is_refused_in_chinese(client_of) -> None:
    client = client_of("demo-county")
    response = client.post(
        reverse("web:account_create"),
        {
            "username": "intruder",
            "full_name": "测试",
            "phone": "",
            "role": "village_director",
            "division_code": "360302001001",
            "password": "a-long-synthetic-pass-42",
        },
    )
    assert response.status_code == 200
    assert "您的辖区内没有这个区划" in response.content.decode()
    assert not User.objects.filter(username="intruder").exists()


def test_account_of_another_county_is_404(client_of) -> None:
    village = User.objects.get(username="demo-village")
    client = client_of("demo-county-b")
    assert client.get(reverse("web:account_detail", args=[village.pk])).status_code == 404
    assert client.post(reverse("web:account_detail", args=[village.pk]), {"op": "disable"}).status_code == 404
    village.refresh_from_db()
    assert village.is_active


def test_disable_through_the_page(client_of) -> None:
    village = User.objects.get(username="demo-village")
    response = client_of("demo-county").post(
        reverse("web:account_detail", args=[village.pk]), {"op": "disable"}
    )
    assert response.status_code == 302
    village.refresh_from_db()
    assert not village.is_active


def test_idle_session_expires(world: None, settings) -> None:
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_COOKIE_AGE <= 30 * 60
    client = Client()
    client.force_login(User.objects.get(username="demo-county"))
    session = client.session
    session.set_expiry(-1)  # as if the idle window had passed
    session.save()
    assert client.get(reverse("web:home")).status_code == 302


def test_passwords_are_hashed_with_argon2() -> None:
    from django.contrib.auth.hashers import get_hasher

    from config.settings import base

    # The test settings put a fast hasher first; production hashes with argon2.
    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    hasher = get_hasher("argon2")
    assert hasher.encode("x-secret-1", hasher.salt()).startswith("argon2$argon2id$")

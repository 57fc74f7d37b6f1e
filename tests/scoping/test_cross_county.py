"""Authorization matrix: same village, sibling village, parent township and county, other county.

Every scoped URL that takes a division code or an object id is requested by each demo account;
out-of-area requests answer 404 (the same as missing), show nothing of the other area, and change
nothing.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from seedling.accounts.models import RoleAssignment, User
from seedling.audit.models import AuditEvent
from seedling.regions.models import Division

pytestmark = pytest.mark.django_db

XINJIE = "360313001001"  # 新街居委会, demo-village's village
SIBLING = "360313001003"  # another village of 峡山口街道
OTHER_COUNTY_VILLAGE = "360302001001"  # a village of 安源区

# username -> (may see XINJIE, may see SIBLING, may see OTHER_COUNTY_VILLAGE)
MATRIX = {
    "demo-village": (True, False, False),
    "demo-township": (True, True, False),
    "demo-county": (True, True, False),
    "demo-county-b": (False, False, True),
    "demo-city": (True, True, True),
    "demo-province": (True, True, True),
}


@pytest.mark.parametrize("username", sorted(MATRIX))
def test_division_pages(client_of, username: str) -> None:
    client = client_of(username)
    for code, allowed in zip((XINJIE, SIBLING, OTHER_COUNTY_VILLAGE), MATRIX[username], strict=True):
        name = Division.unscoped.get(code=code).name
        response = client.get(reverse("web:division_detail", args=[code]))
        assert response.status_code == (200 if allowed else 404), (username, code)
        assert (name in response.content.decode()) is allowed, (username, code)


@pytest.mark.parametrize("username", sorted(MATRIX))
def test_search_never_leaks(client_of, username: str) -> None:
    body = client_of(username).get(reverse("web:division_browser"), {"q": "3603"}).content.decode()
    # 安源区's codes start 360302: they appear exactly for those who may see that county.
    assert ("360302" in body) is MATRIX[username][2]


@pytest.mark.parametrize(
    ("viewer", "subject"),
    [
        ("demo-county-b", "demo-village"),
        ("demo-county-b", "demo-county"),
        ("demo-county", "demo-county-b"),
        ("demo-county", "demo-city"),
    ],
)
def test_accounts_of_another_area_are_404_and_untouched(client_of, viewer: str, subject: str) -> None:
    target = User.objects.get(username=subject)
    assignment = RoleAssignment.unscoped.get(user=target)
    client = client_of(viewer)
    before = AuditEvent.unscoped.count()
    url = reverse("web:account_detail", args=[target.pk])
    get = client.get(url)
    assert get.status_code == 404 and subject not in get.content.decode()
    for data in (
        {"op": "disable"},
        {"op": "revoke", "assignment": assignment.pk},
        {"op": "grant", "role": "village_director", "division_code": XINJIE},
    ):
        assert client.post(url, data).status_code == 404
    target.refresh_from_db()
    assignment.refresh_from_db()
    assert target.is_active and assignment.revoked_at is None
    assert RoleAssignment.unscoped.filter(user=target).count() == 1
    assert AuditEvent.unscoped.count() == before


def test_village_director_sees_only_its_village(client_of) -> None:
    client = client_of("demo-village")
    body = client.get(reverse("web:division_browser")).content.decode()
    assert "新街居委会" in body
    assert client.get(reverse("web:division_detail", args=["360313001000"])).status_code == 404

"""The HIV roll (川民政厅 2020 专项行动实施方案, seed 000: "建立…艾滋病病毒感染儿童…等信息台账"): a roll and
counts for holders of the HIV grant only, in the areas of their grant; a 404 for everyone else
(ADR 0012; docs/rules/privacy.md#health-hiv-and-mental-health-data)."""

from __future__ import annotations

from datetime import date

import pytest

from seedling.audit.models import AuditEvent

D = date(2025, 3, 1)

# (reader, may read the roll) — demo-county holds the HIV grant over 湘东区; nobody else does.
READERS = [
    ("demo-county", True),
    ("demo-village", False),
    ("demo-township", False),
    ("demo-city", False),
    ("demo-province", False),
    ("demo-county-b", False),
    ("demo-auditor", False),
]


@pytest.mark.parametrize(("username", "may"), READERS)
def test_only_holders_of_the_grant_read_the_hiv_roll(username, may, file_on, client_of) -> None:
    child = file_on(D, hiv=True, name="温小禾")
    file_on(D, name="林小雨")
    response = client_of(username).get("/registries/hiv/")
    body = response.content.decode()
    if may:
        assert response.status_code == 200
        assert "温小禾" in body and "林小雨" not in body
        assert '<strong class="count">1</strong>' in body
        event = AuditEvent.unscoped.filter(subject_type="hiv_roll").get()
        assert event.detail == {"children": [child.pk]}
    else:
        assert response.status_code in (302, 403, 404)
        assert "温小禾" not in body and "艾滋病" not in body
        assert not AuditEvent.unscoped.filter(subject_type="hiv_roll").exists()

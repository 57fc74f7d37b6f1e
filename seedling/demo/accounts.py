"""The demo: the real divisions of 萍乡市 (3603) and one account per role, all synthetic."""

from __future__ import annotations

from dataclasses import dataclass

from seedling.access.roles import Role

DEMO_PREFIX = "3603"
DEMO_PASSWORD = "seedling-demo"  # noqa: S105 - printed by `make demo`; demo accounts only


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    role: str
    division_code: str
    # explicitly granted sight of HIV status (docs/rules/privacy.md#health-hiv-and-mental-health-data)
    hiv_access: bool = False


DEMO_ACCOUNTS = (
    DemoAccount("demo-province", "演示省厅", Role.PROVINCE_STAFF, "360000000000"),
    DemoAccount("demo-city", "演示市局", Role.CITY_STAFF, "360300000000"),
    DemoAccount("demo-county", "演示湘东区", Role.COUNTY_STAFF, "360313000000", hiv_access=True),
    DemoAccount("demo-county-b", "演示安源区", Role.COUNTY_STAFF, "360302000000"),
    DemoAccount("demo-township", "演示督导员", Role.TOWNSHIP_SUPERVISOR, "360313001000"),
    DemoAccount("demo-village", "演示儿童主任", Role.VILLAGE_DIRECTOR, "360313001001"),
    DemoAccount("demo-auditor", "演示审计员", Role.AUDITOR, "360313000000"),
)


def accounts_table() -> str:
    lines = [f"演示账号 / demo accounts — 密码 password: {DEMO_PASSWORD}"]
    for demo in DEMO_ACCOUNTS:
        lines.append(f"  {demo.username:<15} {demo.division_code}  {demo.full_name}")
    return "\n".join(lines)

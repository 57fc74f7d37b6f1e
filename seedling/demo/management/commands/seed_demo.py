"""Load the demo: 萍乡市's real divisions and the seven demo accounts. Idempotent."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from seedling.accounts.models import RoleAssignment, User
from seedling.core import clock
from seedling.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_PREFIX, accounts_table
from seedling.regions.loader import SHIPPED_FILE, load_divisions
from seedling.regions.models import Division


class Command(BaseCommand):
    help = "加载演示数据：萍乡市（3603）的真实行政区划和七个演示账号（可重复运行）。"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--quiet-accounts", action="store_true", help="不打印演示账号")
        parser.add_argument("--no-children", action="store_true", help="不建演示儿童档案")

    def handle(self, *args: Any, **options: Any) -> None:
        report = load_divisions(SHIPPED_FILE, prefix=DEMO_PREFIX, today=clock.today())
        self.stdout.write(report.summary())
        created = self._accounts()
        self.stdout.write(f"演示账号：新建 {created} 个，共 {len(DEMO_ACCOUNTS)} 个。")
        if not options["no_children"]:
            filed = self._children()
            self.stdout.write(f"演示儿童档案（虚构）：新建 {filed} 份。")
        if not options["quiet_accounts"]:
            self.stdout.write(accounts_table())

    @transaction.atomic
    def _children(self) -> int:
        from seedling.accounts.actors import actor_for_user
        from seedling.demo.children import seed_children

        actor = actor_for_user(User.objects.get(username="demo-county"))
        # 新街居委会 first (the demo village director's), then a few villages of 峡山口街道 and 湘东区.
        villages = [
            "360313001001",
            *Division.unscoped.filter(code__startswith="360313", level=5)
            .exclude(code="360313001001")
            .order_by("code")
            .values_list("code", flat=True)[:9],
        ]
        return seed_children(actor=actor, villages=villages, today=clock.today())

    @transaction.atomic
    def _accounts(self) -> int:
        created = 0
        for demo in DEMO_ACCOUNTS:
            # Bootstrap: there is no actor yet who could create the first accounts through the services.
            user, was_created = User.objects.get_or_create(
                username=demo.username, defaults={"full_name": demo.full_name}
            )
            if was_created:
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
                created += 1
            division = Division.unscoped.get(code=demo.division_code)
            RoleAssignment.unscoped.get_or_create(
                user=user,
                role=demo.role,
                division_code=division.code,
                revoked_at=None,
                defaults={"division": division, "hiv_access": demo.hiv_access},
            )
        return created

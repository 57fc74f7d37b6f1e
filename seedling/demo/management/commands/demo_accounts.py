"""Print the demo accounts and their password (`make demo` calls it)."""

from typing import Any

from django.core.management.base import BaseCommand

from seedling.demo.accounts import accounts_table


class Command(BaseCommand):
    help = "打印演示账号和密码。"

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(accounts_table())

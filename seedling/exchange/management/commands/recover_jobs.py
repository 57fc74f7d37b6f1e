"""``manage.py recover_jobs``: mark imports and exports whose process died as failed (run it when the
worker starts, and from cron with the daily jobs)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from seedling.core import clock
from seedling.exchange.stalled import fail_stalled


class Command(BaseCommand):
    help = "把进程已终止、仍显示“正在进行”的导入和导出标记为失败（导入可再次运行以继续）。"

    def handle(self, *args: Any, **options: Any) -> None:
        marked = fail_stalled(now=clock.now())
        self.stdout.write(f"已将 {marked} 个中断的导入/导出任务标记为失败。")

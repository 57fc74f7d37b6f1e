"""`manage.py load_divisions`: load the NBS division table, the whole country or one prefix."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from seedling.core import clock
from seedling.regions.loader import SHIPPED_FILE, DivisionLoadError, load_divisions


class Command(BaseCommand):
    help = (
        "导入国家统计局统计用区划代码（可重复运行）：全国，或 --prefix 指定的范围及其上级。"
        "范围内文件中没有的区划被撤销（不删除），重新出现的被恢复；打印新增、更名、迁移、撤销、恢复和未变的条数。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--prefix",
            default="",
            help="只导入代码以此开头的区划（2、4、6、9或12位，如 3603 萍乡市）；默认全国",
        )
        parser.add_argument(
            "--file",
            type=Path,
            default=SHIPPED_FILE,
            help="区划CSV文件（可为 .gz），列为 code,name,level,parent_code；默认随系统提供的2023版",
        )
        parser.add_argument("--edition", default="2023", help="文件的统计用区划代码版本年份，默认 2023")

    def handle(self, *args: Any, prefix: str, file: Path, edition: str, **options: Any) -> None:
        try:
            report = load_divisions(file, prefix=prefix, edition=edition, today=clock.today())
        except DivisionLoadError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(report.summary())

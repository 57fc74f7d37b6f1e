"""python manage.py recode_divisions --user U (--table FILE | --edition E) [--dry-run] [--json]

Moves the files, workforce posts and figures filed at old division codes to their new codes
(川民政厅 2020 专项行动实施方案 attachment 1; docs/rules/workflow.md#division-maintenance): from a change
table (.xlsx/.xls/.ods or UTF-8 .csv with 原区划代码, 新区划代码) or from what the load of edition E
recorded (renumbered units only). One transaction; --dry-run counts and writes nothing.

Exit 0 when the table was applied (or counted); 1 when it has errors (nothing moved), cannot be
read, or the user is unknown. --json prints one object: source, dry_run, moves[{old,new}], files,
counts{"app.model": n}, written, batch, unmatched[], errors[{row,column,code,message}].
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from seedling.accounts.actors import actor_for_user
from seedling.accounts.selectors import user_by_username
from seedling.core.errors import SeedlingError
from seedling.people.recode import recode_from_edition, recode_from_file


class Command(BaseCommand):
    help = (
        "按区划代码调整表（原区划代码→新区划代码）或新版区划的变更，批量调整档案、工作队伍和统计数字的归属。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", required=True)
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("--table", help="区划代码调整表（.xlsx/.xls/.ods 或 UTF-8 .csv）")
        source.add_argument("--edition", help="按该版区划导入时记录的变更（仅重新编码的区划）")
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        user = user_by_username(options["user"])
        if user is None:
            raise CommandError(f"no active user {options['user']!r}")
        actor = actor_for_user(user)
        if options["table"]:
            path = Path(options["table"])
            if not path.is_file():
                raise CommandError(f"找不到文件：{path}")
            content, name = path.read_bytes(), path.name
        try:
            if options["table"]:
                report = recode_from_file(
                    actor=actor, content=content, file_name=name, dry_run=options["dry_run"]
                )
            else:
                report = recode_from_edition(
                    actor=actor, edition=options["edition"], dry_run=options["dry_run"]
                )
        except SeedlingError as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(json.dumps(report.as_json(), ensure_ascii=False))
        else:
            verb = "将调整" if report.dry_run else "已调整"
            self.stdout.write(f"{report.source}：{len(report.moves)} 个代码，{verb}档案 {report.files} 份。")
            for label, n in sorted(report.counts.items()):
                self.stdout.write(f"  {label}: {n}")
            for code in report.unmatched:
                self.stdout.write(f"  未找到新代码（需上传调整表）：{code}")
            for e in report.errors:
                self.stdout.write(f"  {e}")
        if report.errors:
            raise CommandError(f"调整表有 {len(report.errors)} 处错误，未做任何调整。")

"""python manage.py import_ledger FILE --user USERNAME [--dry-run] [--json] (a stable interface).

Exit 0 when the file was processed, even with rejected rows; 1 when it could not be read or the
user is unknown. --json prints one object: created, updated, unchanged, rejected, errors[] with
sheet, row (the Excel row number), column, code and message.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from seedling.accounts.actors import actor_for_user
from seedling.accounts.selectors import user_by_username
from seedling.core.errors import SeedlingError
from seedling.core.tabular import WorkbookUnreadable
from seedling.exchange import ledger_import
from seedling.exchange.models import JobStatus


class Command(BaseCommand):
    help = "Import a ledger workbook (sheets 儿童台账 and 留守妇女台账) as USERNAME."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--user", required=True)
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--json", action="store_true")
        parser.add_argument(
            "--reviewed", action="store_true", help="county staff: file the new files as already reviewed"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = user_by_username(options["user"])
        if user is None:
            raise CommandError(f"no active user {options['user']!r}")
        path = Path(options["file"])
        try:
            job = ledger_import.import_file(
                actor=actor_for_user(user),
                content=path.read_bytes(),
                file_name=path.name,
                dry_run=options["dry_run"],
                reviewed=options["reviewed"],
            )
        except (WorkbookUnreadable, SeedlingError) as exc:
            raise CommandError(str(exc)) from exc
        if job.status == JobStatus.FAILED:
            raise CommandError(job.failure)
        result: dict[str, Any] = {
            "created": job.created,
            "updated": job.updated,
            "unchanged": job.unchanged,
            "rejected": job.rejected,
            "reviewed": job.reviewed,
            "errors": [{k: e[k] for k in ("sheet", "row", "column", "code", "message")} for e in job.errors],
        }
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        verb = "would be" if options["dry_run"] else "were"
        self.stdout.write(
            f"{job.created} created, {job.updated} updated, {job.unchanged} unchanged, "
            f"{job.rejected} rejected ({verb} written; job {job.pk})."
        )
        for e in result["errors"]:
            self.stdout.write(f"{e['sheet']} 第{e['row']}行 {e['column']} [{e['code']}] {e['message']}")

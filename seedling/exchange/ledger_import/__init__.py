"""Import the ledger workbook (docs/ledger.md): the same for the web and the command line.

Each row becomes a `people.records.ChildRecord` / `WomanRecord` and goes through `people.services`
(so through `people.rules`, the one validation). Upsert, idempotent: matched by ID number, or
without one by name + birth date + village; only the columns present in the sheet overwrite the
stored file; a row equal to the stored file writes nothing; a person repeated in one file is filed
once. Rows are committed in batches with the job's cursor, so a crash resumes.

One stage per module, in the order a row takes them:

  read.py      the workbook's sheets and rows; `Error`, a problem of a row placed in the file
  parse.py     a row's cells -> `Parsed` (values, village, key, cell problems)
  match.py     the stored file a row updates; people met earlier in the file
  validate.py  the row applied onto the stored record; what the importer may not change; people.rules
  write.py     new files inserted together (services.child_create_bulk), anything else one by one
  batch.py     one batch of rows through the stages, each row's outcome
  job.py       import_create / import_run (batches, resume, failure) / audit / error report
"""

from seedling.exchange.ledger_import.job import (
    BATCH,
    MAX_LISTED_ERRORS,
    SAMPLE,
    error_report,
    import_create,
    import_file,
    import_run,
    import_run_by_id,
)
from seedling.exchange.ledger_import.match import fingerprint, woman_record
from seedling.exchange.ledger_import.parse import Divisions, Parsed, parse_child, parse_woman
from seedling.exchange.ledger_import.read import Error
from seedling.exchange.ledger_import.validate import (
    apply_child,
    apply_woman,
    keep_what_the_importer_cannot_see,
)

__all__ = [
    "BATCH",
    "MAX_LISTED_ERRORS",
    "SAMPLE",
    "Divisions",
    "Error",
    "Parsed",
    "apply_child",
    "apply_woman",
    "error_report",
    "fingerprint",
    "import_create",
    "import_file",
    "import_run",
    "import_run_by_id",
    "keep_what_the_importer_cannot_see",
    "parse_child",
    "parse_woman",
    "woman_record",
]

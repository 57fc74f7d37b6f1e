"""Pages of the ledger workbook: template, import with a dry run, export."""

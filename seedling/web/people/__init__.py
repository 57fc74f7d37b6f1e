"""Pages of the personal files: children (list, file, edit, reveal, export, duplicates, transfers) and
left-behind women."""

"""Pages of the workforce: roster, training, evaluation, duty lists, coverage, roster workbook."""

"""Core: the bottom layer. Clock, errors, dates, identity numbers, phones, masking, spreadsheet cells
and headers (`cells`, `tabular`); nothing domain-specific."""

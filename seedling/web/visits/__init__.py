"""Pages of visits and care: the worklist, the child's visit page, compliance, visit frequencies."""

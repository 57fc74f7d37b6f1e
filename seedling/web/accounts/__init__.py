"""Pages of accounts, the audit log and the division browser."""

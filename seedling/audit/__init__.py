"""Append-only audit log: sign-ins, account and role changes, reads of personal files, exports."""

"""Users, roles and role assignments to a division."""

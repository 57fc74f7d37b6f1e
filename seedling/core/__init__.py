"""Core: the bottom layer. Clock, errors, identity numbers and masking; nothing domain-specific."""

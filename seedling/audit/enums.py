"""What an audit event records. Values are stable: auditors filter and export by them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    LOGIN = "login", _("Signed in")
    LOGIN_FAILED = "login_failed", _("Sign-in failed")
    LOGOUT = "logout", _("Signed out")
    LOCKED_OUT = "locked_out", _("Locked out after repeated failures")
    ACCOUNT_CREATED = "account_created", _("Account created")
    ACCOUNT_DISABLED = "account_disabled", _("Account disabled")
    ACCOUNT_ENABLED = "account_enabled", _("Account enabled")
    ROLE_GRANTED = "role_granted", _("Role granted")
    ROLE_REVOKED = "role_revoked", _("Role revoked")
    PASSWORD_CHANGED = "password_changed", _("Password changed")
    # Later capabilities: PIPL art. 51 / domain-rules §6 — every read of a personal file and every export.
    FILE_VIEWED = "file_viewed", _("Personal file viewed")
    VALUE_REVEALED = "value_revealed", _("Masked value revealed")
    EXPORTED = "exported", _("List exported")

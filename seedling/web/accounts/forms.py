"""Forms of the accounts, audit log and sign-in pages."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from seedling.audit.enums import Action
from seedling.web.forms import DATE, ActorForm, DivisionCodeField


class RoleGrantForm(ActorForm):
    """A role at a division; the view gives the roles the actor may grant (`choices={"role": ...}`)."""

    purpose = None  # a role may be granted anywhere in the manager's area
    role = forms.ChoiceField(label=_("Role"))
    division_code = DivisionCodeField(required=False)


class AccountCreateForm(RoleGrantForm):
    username = forms.CharField(label=_("User name"), max_length=150)
    full_name = forms.CharField(label=_("Full name"), max_length=50)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    password = forms.CharField(label=_("Initial password"), widget=forms.PasswordInput, min_length=10)

    field_order = ["username", "full_name", "phone", "role", "division_code", "password"]


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), required=False, choices=[("", _("All")), *Action.choices])
    username = forms.CharField(label=_("User"), required=False, max_length=150)
    division_prefix = forms.RegexField(
        label=_("Division code prefix"),
        required=False,
        regex=r"^\d{1,12}$",
        error_messages={"invalid": _("Digits only.")},
    )
    since = forms.DateField(label=_("From"), required=False, widget=DATE)
    until = forms.DateField(label=_("To"), required=False, widget=DATE)


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("The user name or password is not correct. Both are case-sensitive."),
        "inactive": _("This account has been disabled. Ask your county administrator."),
    }

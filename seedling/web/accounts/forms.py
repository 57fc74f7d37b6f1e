"""Web forms. They parse and validate input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from seedling.access import Actor
from seedling.audit.enums import Action
from seedling.regions import codes
from seedling.regions.models import Division
from seedling.regions.selectors import division_get


class DivisionCodeField(forms.CharField):
    def __init__(self, **kwargs: Any):
        kwargs.setdefault("max_length", 12)
        kwargs.setdefault("label", _("Division code"))
        kwargs.setdefault("help_text", _("12 digits, e.g. 360313001001"))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> str:
        value = (super().to_python(value) or "").strip()
        if value and not codes.is_code(value):
            raise forms.ValidationError(_("A division code has 12 digits."), code="division_code")
        return str(value)


def resolve_division(actor: Actor, code: str) -> Division:
    try:
        return division_get(actor=actor, code=code)
    except Http404 as exc:
        raise forms.ValidationError(_("No such division in your area."), code="division_outside") from exc


class AccountCreateForm(forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150)
    full_name = forms.CharField(label=_("Full name"), max_length=50)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    role = forms.ChoiceField(label=_("Role"))
    division_code = DivisionCodeField(required=False)
    password = forms.CharField(label=_("Initial password"), widget=forms.PasswordInput, min_length=10)

    def __init__(self, *args: Any, actor: Actor, roles: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.fields["role"].choices = roles  # type: ignore[attr-defined]
        self.division: Division | None = None

    def clean_division_code(self) -> str:
        code: str = self.cleaned_data["division_code"]
        if code:
            self.division = resolve_division(self.actor, code)
        return code


class RoleGrantForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"))
    division_code = DivisionCodeField(required=False)

    def __init__(self, *args: Any, actor: Actor, roles: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.fields["role"].choices = roles  # type: ignore[attr-defined]
        self.division: Division | None = None

    def clean_division_code(self) -> str:
        code: str = self.cleaned_data["division_code"]
        if code:
            self.division = resolve_division(self.actor, code)
        return code


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), required=False, choices=[("", _("All")), *Action.choices])
    username = forms.CharField(label=_("User"), required=False, max_length=150)
    division_prefix = forms.RegexField(
        label=_("Division code prefix"),
        required=False,
        regex=r"^\d{1,12}$",
        error_messages={"invalid": _("Digits only.")},
    )
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("The user name or password is not correct. Both are case-sensitive."),
        "inactive": _("This account has been disabled. Ask your county administrator."),
    }

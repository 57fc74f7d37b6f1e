"""Workforce web forms. They parse and validate input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from seedling.access import Actor
from seedling.regions import codes
from seedling.regions.models import Division
from seedling.workforce import selectors
from seedling.workforce.enums import (
    DutyList,
    Employment,
    EvaluationGrade,
    ItemResult,
    MismatchKind,
    TrainingKind,
    WorkerRole,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DivisionCodeField(forms.CharField):
    """A 12-digit division code, resolved in the form against the actor's casework area."""

    def __init__(self, **kwargs: Any):
        kwargs.setdefault("max_length", 12)
        kwargs.setdefault("label", _("Division code"))
        kwargs.setdefault("help_text", _("12 digits, e.g. 360313001001"))
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})

    def to_python(self, value: Any) -> str:
        value = "".join(str(super().to_python(value) or "").split())
        if value and not codes.is_code(value):
            raise forms.ValidationError(_("A division code has 12 digits."), code="division_code")
        return value


def resolve_division(actor: Actor, code: str) -> Division:
    try:
        return selectors.division_for(actor=actor, code=code)
    except Http404 as exc:
        raise forms.ValidationError(_("No such division in your area."), code="division_outside") from exc


class ActorForm(forms.Form):
    """A form that resolves its `division_code` field against the actor's area."""

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.division: Division | None = None

    def clean_division_code(self) -> str:
        code: str = self.cleaned_data["division_code"]
        if code:
            self.division = resolve_division(self.actor, code)
        return code


class WorkerCreateForm(ActorForm):
    name = forms.CharField(label=_("Name"), max_length=50)
    id_number = forms.CharField(label=_("ID number"), max_length=30)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    role = forms.ChoiceField(label=_("Post type"), choices=WorkerRole.choices)
    division_code = DivisionCodeField(
        help_text=_("The township (supervisor) or village (director), 12 digits")
    )
    post = forms.CharField(
        label=_("Position"), max_length=50, required=False, help_text=_("e.g. women's director")
    )
    employment = forms.ChoiceField(label=_("Employment"), choices=Employment.choices)
    appointed_on = forms.DateField(label=_("Appointed on"), widget=DATE)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class WorkerEditForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=50)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class AppointmentForm(ActorForm):
    role = forms.ChoiceField(label=_("Post type"), choices=WorkerRole.choices)
    division_code = DivisionCodeField()
    post = forms.CharField(label=_("Position"), max_length=50, required=False)
    employment = forms.ChoiceField(label=_("Employment"), choices=Employment.choices)
    appointed_on = forms.DateField(label=_("Appointed on"), widget=DATE)


class AppointmentEndForm(forms.Form):
    left_on = forms.DateField(label=_("Left on (first day out of post)"), widget=DATE)
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)


class LinkUserForm(forms.Form):
    username = forms.CharField(
        label=_("User name of the account"),
        max_length=150,
        required=False,
        help_text=_("Leave empty to unlink."),
    )


class WorkerFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or ID number"), required=False, max_length=50)
    role = forms.ChoiceField(
        label=_("Post type"), required=False, choices=[("", _("All")), *WorkerRole.choices]
    )
    everyone = forms.BooleanField(label=_("Include those no longer in post"), required=False)


class TrainingForm(ActorForm):
    title = forms.CharField(label=_("Title"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=TrainingKind.choices)
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    hours = forms.DecimalField(label=_("Hours"), max_digits=5, decimal_places=1, min_value=0)
    division_code = DivisionCodeField(label=_("Organised by (division code)"))
    content = forms.CharField(label=_("Content"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


PASSED_CHOICES = [("", _("Not assessed")), ("yes", _("Passed")), ("no", _("Not passed"))]


class AttendanceForm(forms.Form):
    id_number = forms.CharField(label=_("ID number of the attendee"), max_length=30)
    passed = forms.ChoiceField(
        label=_("Assessment (initial training)"), choices=PASSED_CHOICES, required=False
    )

    def passed_value(self) -> bool | None:
        value = self.cleaned_data.get("passed")
        return None if not value else value == "yes"


class CertificateForm(forms.Form):
    number = forms.CharField(label=_("Certificate number"), max_length=40)
    issued_on = forms.DateField(label=_("Issued on"), widget=DATE)


class DutyItemForm(ActorForm):
    duty_list = forms.ChoiceField(label=_("List"), choices=DutyList.choices)
    text = forms.CharField(label=_("Item"), max_length=300)
    division_code = DivisionCodeField(label=_("Township (division code)"))


class EvaluationForm(forms.Form):
    period_start = forms.DateField(label=_("Period from"), widget=DATE)
    period_end = forms.DateField(label=_("Period to"), widget=DATE)
    evaluated_on = forms.DateField(label=_("Evaluated on"), widget=DATE)
    grade = forms.ChoiceField(label=_("Grade"), choices=EvaluationGrade.choices)
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, items: list[dict[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[f"item_{item['code']}"] = forms.ChoiceField(
                label=item["text"], choices=ItemResult.choices, widget=forms.RadioSelect
            )
            self.fields[f"note_{item['code']}"] = forms.CharField(
                label=_("Note"), required=False, max_length=300
            )

    def item_rows(self) -> list[tuple[dict[str, str], forms.BoundField, forms.BoundField]]:
        return [(i, self[f"item_{i['code']}"], self[f"note_{i['code']}"]) for i in self.items]


class ExplanationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Mismatch"), choices=MismatchKind.choices)
    text = forms.CharField(label=_("Written explanation"), widget=forms.Textarea(attrs={"rows": 4}))


class ForwardForm(forms.Form):
    note = forms.CharField(label=_("Covering note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RosterImportForm(forms.Form):
    file = forms.FileField(label=_("Roster workbook (.xlsx)"))
    dry_run = forms.BooleanField(label=_("Check only, write nothing"), required=False)

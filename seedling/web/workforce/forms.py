"""Forms of the workforce pages. They parse and validate input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from seedling.web.forms import DATE, TEXT, ActorForm, DivisionCodeField
from seedling.workforce import services
from seedling.workforce.enums import (
    DutyList,
    Employment,
    EvaluationGrade,
    ItemResult,
    MismatchKind,
    TrainingKind,
    WorkerRole,
)


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
    note = forms.CharField(label=_("Note"), required=False, widget=TEXT)


class WorkerEditForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=50)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=TEXT)


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

    def keywords(self) -> dict[str, Any]:
        value = self.cleaned_data.get("passed")
        return {"id_number": self.cleaned_data["id_number"], "passed": None if not value else value == "yes"}


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
    comment = forms.CharField(label=_("Comment"), required=False, widget=TEXT)

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

    def keywords(self) -> dict[str, Any]:
        """The evaluation's fields, and each item's result and note as `scores`."""
        d = dict(self.cleaned_data)
        codes = [i["code"] for i in self.items]
        d["scores"] = {c: services.ItemScore(d.pop(f"item_{c}"), d.pop(f"note_{c}")) for c in codes}
        return d

    def item_rows(self) -> list[tuple[dict[str, str], forms.BoundField, forms.BoundField]]:
        return [(i, self[f"item_{i['code']}"], self[f"note_{i['code']}"]) for i in self.items]


class ExplanationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Mismatch"), choices=MismatchKind.choices)
    text = forms.CharField(label=_("Written explanation"), widget=forms.Textarea(attrs={"rows": 4}))


class ForwardForm(forms.Form):
    note = forms.CharField(label=_("Covering note"), required=False, widget=TEXT)


class RosterImportForm(forms.Form):
    file = forms.FileField(label=_("Roster workbook (.xlsx)"))
    dry_run = forms.BooleanField(label=_("Check only, write nothing"), required=False)

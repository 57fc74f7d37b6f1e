"""Visit web forms. They parse and validate input; the services decide."""

from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from seedling.people.enums import RiskLevel
from seedling.visits.enums import NeedArea, UrgentTrigger, VisitMode

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 2})


class VisitForm(forms.Form):
    # Generated when the form is rendered; a resubmission carries it again (one visit per form).
    client_token = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)
    mode = forms.ChoiceField(
        label=_("How"), choices=VisitMode.choices, widget=forms.RadioSelect, initial=VisitMode.HOME
    )
    visited_on = forms.DateField(label=_("Date"), widget=DATE)
    found = forms.CharField(label=_("What was found"), required=False, widget=TEXT)
    measures = forms.CharField(label=_("Measures taken"), required=False, widget=TEXT)
    anomaly = forms.BooleanField(label=_("Psychological or behavioural anomaly"), required=False)
    anomaly_note = forms.CharField(label=_("Anomaly and intervention"), required=False, widget=TEXT)
    urgent = forms.MultipleChoiceField(
        label=_("Urgent: report at once"),
        choices=UrgentTrigger.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    needs_note = forms.CharField(label=_("Care needs updated"), required=False, widget=TEXT)
    follow_up_on = forms.DateField(label=_("Follow-up date"), required=False, widget=DATE)

    FIRST_STEP = ("mode", "visited_on", "found")


class RiskForm(forms.Form):
    level = forms.ChoiceField(label=_("Risk level"), choices=RiskLevel.choices, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason (needed when it differs from the suggestion)"), required=False, widget=TEXT
    )


class PairingForm(forms.Form):
    name = forms.CharField(label=_("Pairing helper"), max_length=50, required=False)
    phone = forms.CharField(
        label=_("Phone"), max_length=20, required=False, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    org = forms.CharField(label=_("Unit"), max_length=100, required=False)


class NeedForm(forms.Form):
    area = forms.ChoiceField(label=_("Area"), choices=NeedArea.choices)
    detail = forms.CharField(label=_("Need"), max_length=200)


class ServiceForm(forms.Form):
    delivered_on = forms.DateField(label=_("Delivered on"), widget=DATE)
    description = forms.CharField(label=_("Service"), max_length=200)
    provider = forms.CharField(label=_("Provided by"), max_length=100, required=False)
    met = forms.BooleanField(label=_("The need is met"), required=False)

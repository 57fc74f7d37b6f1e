"""Forms of the verification pages: they parse; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from seedling.web.forms import DATE, TEXT, DivisionCodeField
from seedling.web.people.forms import returnable_choices


class RoundForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100, initial="2026年第四季度核实")
    division_code = DivisionCodeField(label=_("Area (province, city or county)"), required=False)
    starts_on = forms.DateField(label=_("Start"), required=False, widget=DATE)
    due_on = forms.DateField(label=_("Due"), widget=DATE)


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("return", _("Return"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("Reason for returning"), required=False, max_length=300, widget=TEXT)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def keywords(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {"approve": d["decision"] == "approve", "reason": d["reason"] or "", "version": d["version"]}


class DrawForm(forms.Form):
    seed = forms.IntegerField(label=_("Seed (leave empty for a random one)"), required=False, min_value=0)
    division_code = DivisionCodeField(label=_("Drawing as (city or province)"), required=False)


class RecordForm(forms.Form):
    result = forms.ChoiceField(
        label=_("Result"),
        choices=[("agrees", _("Agrees")), ("disagrees", _("Disagrees"))],
        widget=forms.RadioSelect,
    )
    wrong_fields = forms.MultipleChoiceField(
        label=_("Wrong fields"), required=False, widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["wrong_fields"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = returnable_choices()

    def keywords(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {"agrees": d["result"] == "agrees", "wrong_fields": d["wrong_fields"], "note": d["note"] or ""}

"""Forms of the institutions pages. They parse and validate input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from seedling.institutions.enums import ActivityKind, InstitutionKind, Service
from seedling.institutions.services import InstitutionData
from seedling.web.forms import DATE, TEXT, ActorForm, DivisionCodeField


class InstitutionForm(ActorForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=InstitutionKind.choices)
    name = forms.CharField(label=_("Name"), max_length=100)
    division_code = DivisionCodeField(help_text=_("Where it is registered: a village for a children's home"))
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    phone = forms.CharField(label=_("Office phone"), max_length=20, required=False)
    staffing_quota = forms.IntegerField(label=_("Staffing quota"), min_value=0, required=False)
    actual_staff = forms.IntegerField(label=_("Staff in post"), min_value=0, initial=0)
    social_workers = forms.IntegerField(label=_("Child social workers"), min_value=0, initial=0)
    capacity = forms.IntegerField(label=_("Capacity"), min_value=0, required=False)
    occupancy = forms.IntegerField(label=_("Occupancy"), min_value=0, required=False)
    facilities = forms.CharField(label=_("Facilities"), required=False, widget=TEXT)
    equipment = forms.CharField(label=_("Equipment"), required=False, widget=TEXT)
    services = forms.MultipleChoiceField(
        label=_("Services"), choices=Service.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    services_note = forms.CharField(label=_("Other services"), required=False, widget=TEXT)
    opened_on = forms.DateField(label=_("Opened on"), required=False, widget=DATE)

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["kind"]
            del self.fields["division_code"]

    def keywords(self) -> dict[str, Any]:
        """The service's input: `data`, with `kind` and `division` when registering."""
        if "kind" not in self.fields:
            return {"data": self.data_object()}
        return {"kind": self.cleaned_data["kind"], "division": self.division, "data": self.data_object()}

    def data_object(self) -> InstitutionData:
        d = self.cleaned_data
        return InstitutionData(
            name=d["name"],
            address=d["address"],
            phone=d["phone"],
            staffing_quota=d["staffing_quota"],
            actual_staff=d["actual_staff"] or 0,
            social_workers=d["social_workers"] or 0,
            capacity=d["capacity"],
            occupancy=d["occupancy"],
            facilities=d["facilities"],
            equipment=d["equipment"],
            services=tuple(d["services"]),
            services_note=d["services_note"],
            opened_on=d["opened_on"],
        )


class ChecklistForm(forms.Form):
    has_premises = forms.BooleanField(
        label=_("Fixed premises, ventilated, lit and fire-safe"), required=False
    )
    has_equipment = forms.BooleanField(
        label=_("Necessary furniture, books, toys, sports gear, computer, files"), required=False
    )
    has_rules = forms.BooleanField(label=_("Rules, activity plan and emergency plans"), required=False)
    manager = forms.ChoiceField(label=_("Manager from the roster"), required=False)
    manager_name = forms.CharField(label=_("or another manager (name)"), max_length=50, required=False)
    open_hours = forms.CharField(label=_("Opening hours"), max_length=100, required=False)

    def __init__(self, *args: Any, managers: list[tuple[int, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["manager"].choices = [("", "—"), *((str(pk), name) for pk, name in managers)]  # type: ignore[attr-defined]


class ActivityForm(forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    kind = forms.ChoiceField(label=_("Kind"), choices=ActivityKind.choices)
    title = forms.CharField(label=_("Activity"), max_length=100)
    participants = forms.IntegerField(label=_("Participants"), min_value=0, initial=0)
    note = forms.CharField(label=_("Note"), required=False, widget=TEXT)


class CoverForm(forms.Form):
    division_codes = forms.CharField(
        label=_("Villages served (division codes)"),
        help_text=_("12-digit codes, separated by spaces or commas"),
        widget=TEXT,
    )

    def codes(self) -> list[str]:
        text = self.cleaned_data["division_codes"].replace(",", " ").replace("，", " ").replace("、", " ")
        return list(dict.fromkeys(text.split()))


class CloseForm(forms.Form):
    closed_on = forms.DateField(label=_("Closed on"), widget=DATE)


class InstitutionFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=50)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All")), *InstitutionKind.choices]
    )


class ChildCountForm(ActorForm):
    """A village's child population for a year (docs/rules/coverage.md#h-1). `version` is the figure's
    version when the form was loaded (0: a new figure); a stale save is refused by the service."""

    division_code = DivisionCodeField(help_text=_("The village or community, 12 digits"))
    year = forms.IntegerField(label=_("Year"))
    children = forms.IntegerField(
        label=_("Number of children"), help_text=_("All the children of the village")
    )
    source = forms.CharField(label=_("Source"), max_length=100, help_text=_("e.g. 2025年统计年报"))
    version = forms.IntegerField(widget=forms.HiddenInput, initial=0, min_value=0, required=False)

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if editing:  # a correction keeps its village and year
            self.fields["division_code"].disabled = True
            self.fields["year"].disabled = True

    def keywords(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "village": self.division,
            "year": d["year"],
            "children": d["children"],
            "source": d["source"],
            "version": d["version"] or 0,
        }


class ChildCountImportForm(forms.Form):
    file = forms.FileField(label=_("Table (.xlsx, .xls or .csv): 区划代码, 年份, 儿童数, 来源"))

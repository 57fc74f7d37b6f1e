"""Forms of the visit pages. They parse and validate input; the services decide."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from seedling.people.enums import RiskLevel
from seedling.visits import frequencies, services
from seedling.visits.enums import NeedArea, UrgentTrigger, VisitMode
from seedling.visits.schedule import VisitPolicy
from seedling.web.forms import DATE, NUMBER, TEXT, version_field
from seedling.web.policies.forms import PageTexts, ParamLine, VersionForm

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


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

    def keywords(self) -> dict[str, Any]:
        return {"data": services.VisitInput(**self.cleaned_data)}


class RiskForm(forms.Form):
    level = forms.ChoiceField(label=_("Risk level"), choices=RiskLevel.choices, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason (needed when it differs from the suggestion)"), required=False, widget=TEXT
    )
    version = version_field()


class PairingForm(forms.Form):
    name = forms.CharField(label=_("Pairing helper"), max_length=50, required=False)
    phone = forms.CharField(
        label=_("Phone"), max_length=20, required=False, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    org = forms.CharField(label=_("Unit"), max_length=100, required=False)
    version = version_field()


class NeedForm(forms.Form):
    area = forms.ChoiceField(label=_("Area"), choices=NeedArea.choices)
    detail = forms.CharField(label=_("Need"), max_length=200)


class ServiceForm(forms.Form):
    delivered_on = forms.DateField(label=_("Delivered on"), widget=DATE)
    description = forms.CharField(label=_("Service"), max_length=200)
    provider = forms.CharField(label=_("Provided by"), max_length=100, required=False)
    met = forms.BooleanField(label=_("The need is met"), required=False)


def _months(label: StrOrPromise, help_text: StrOrPromise) -> forms.IntegerField:
    # No bounds here: frequencies.problems holds them, and its message is the one shown.
    return forms.IntegerField(label=label, help_text=help_text, widget=NUMBER)


def _in_months(n: int | None) -> str:
    return "—" if n is None else ngettext("%(n)s month", "%(n)s months", n) % {"n": n}


class VisitFrequenciesForm(VersionForm):
    """A new dated version of the province's visit frequencies (晋政民〔2024〕46号 二（二）: the defaults)."""

    kind = frequencies.FREQUENCIES
    texts = PageTexts(
        title=_("Visit frequencies"),
        intro=_(
            "How often children are contacted and visited at each family-guardianship risk level. "
            "晋政民〔2024〕46号 二（二） sets the defaults: low risk contacted every month and "
            "visited every quarter; medium and high risk visited every month. Each version applies "
            "from its date until the next one."
        ),
        default_tag=_("default of 晋政民〔2024〕46号"),
        form_note=_(
            "Periods are calendar periods counted from January: 1, 2, 3, 4, 6 or 12 months. Higher "
            "risk is never visited less often than lower risk."
        ),
        readonly_note=_("Only the province's civil-affairs staff change these frequencies."),
    )
    start_help = _("Today or later; the version in force until then stays as it is.")

    low_contact_months = _months(
        _("Low risk: contact at least every … months"),
        _("Phone, WeChat or a home visit. 晋政民〔2024〕46号: every month."),
    )
    low_visit_months = _months(
        _("Low risk: home visit at least every … months"), _("晋政民〔2024〕46号: every quarter (3).")
    )
    medium_visit_months = _months(
        _("Medium risk: home visit at least every … months"), _("晋政民〔2024〕46号: every month.")
    )
    high_visit_months = _months(
        _("High risk: home visit at least every … months"), _("晋政民〔2024〕46号: every month.")
    )
    alarm_days = forms.IntegerField(
        label=_("Alarm after … days without a home visit (high risk)"),
        help_text=_("Default 30 days. Shown at the top of every worklist and compliance page above."),
        widget=NUMBER,
    )

    @classmethod
    def initial_params(cls, version: VisitPolicy) -> dict[str, Any]:
        return frequencies.params_of(version)

    @classmethod
    def param_lines(cls, version: VisitPolicy) -> list[ParamLine]:
        p = frequencies.params_of(version)
        days = p["alarm_days"]
        return [
            ParamLine("low_contact_months", _("Low risk: contact"), _in_months(p["low_contact_months"])),
            ParamLine("low_visit_months", _("Low risk: home visit"), _in_months(p["low_visit_months"])),
            ParamLine(
                "medium_visit_months", _("Medium risk: home visit"), _in_months(p["medium_visit_months"])
            ),
            ParamLine("high_visit_months", _("High risk: home visit"), _in_months(p["high_visit_months"])),
            ParamLine("alarm_days", _("Alarm"), ngettext("%(n)s day", "%(n)s days", days) % {"n": days}),
        ]

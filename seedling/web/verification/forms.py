"""Forms of the verification pages: they parse; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from seedling.verification import policy
from seedling.web.forms import DATE, NUMBER, TEXT, DivisionCodeField
from seedling.web.people.forms import returnable_choices
from seedling.web.policies.forms import PageTexts, ParamLine, VersionForm


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


def _whole(label: Any, help_text: Any) -> forms.IntegerField:
    # No bounds here: verification.policy.problems holds them, and its message is the one shown.
    return forms.IntegerField(label=label, help_text=help_text, widget=NUMBER)


class SpotCheckRatiosForm(VersionForm):
    """A new dated version of the province's spot-check ratios (川民政厅 2020 专项行动实施方案 三（四）:
    the city checks at least 50 % of its counties, the province at least 50 % of its cities)."""

    kind = policy.RATIOS
    texts = PageTexts(
        title=_("Spot-check ratios"),
        intro=_(
            "How many of its counties a city draws in a verification round, and of its cities the "
            "province; how many files are checked in each drawn unit; how long the county has to "
            "correct a disagreement. 川民政厅 2020 专项行动实施方案 三（四） sets at least 50 % for both "
            "draws. Each version applies from its date until the next one."
        ),
        default_tag=_("Seedling's default (50 %, 50 %, 20 files, 30 days)"),
        form_note=_("A province may raise the ratios, never below the notice's 50 %."),
        readonly_note=_("Only the province's civil-affairs staff change these ratios."),
    )
    start_help = _("Today or later; the version in force until then stays as it is.")

    city_percent = _whole(_("City: share of its counties drawn (%)"), _("At least 50."))
    province_percent = _whole(_("Province: share of its cities drawn (%)"), _("At least 50."))
    files_per_unit = _whole(_("Files checked in each drawn unit"), _("Spread over the unit's townships."))
    correction_days = _whole(_("Days for the county to correct a disagreement"), _("Default 30."))

    @classmethod
    def initial_params(cls, version: Any) -> dict[str, Any]:
        return {k: getattr(version, k) for k in policy.KEYS}

    @classmethod
    def param_lines(cls, version: Any) -> list[ParamLine]:
        return [
            ParamLine("city_percent", _("City draws"), f"{version.city_percent} %"),
            ParamLine("province_percent", _("Province draws"), f"{version.province_percent} %"),
            ParamLine("files_per_unit", _("Files per unit"), str(version.files_per_unit)),
            ParamLine("correction_days", _("Correction time"), str(version.correction_days)),
        ]

"""The provincial eligibility policy form: one dated version of the parameters that the
notices leave to provinces, a kind of provincial parameters (web.policies.forms.VersionForm: the same
form shape and page as the visit frequencies). Each value is checked by registries.policy, the same
check the service runs, so its message shows at the field it is about."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from seedling import eligibility as el
from seedling.people.enums import Schooling, SituationKind
from seedling.registries import policy as policy_params
from seedling.registries.facts import SCHOOLING, SITUATION
from seedling.web.forms import NUMBER
from seedling.web.policies.forms import PageTexts, ParamLine, VersionForm

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

ADDITIONS = [
    (k, SituationKind(k).label) for k in (SituationKind.GUARDIANSHIP_REVOKED, SituationKind.DEPORTED)
]
# Levels a young adult can still be enrolled at; the rest never continue a status after 18.
LEVELS = [
    (k, Schooling(k).label)
    for k in (
        Schooling.PRIMARY,
        Schooling.JUNIOR_SECONDARY,
        Schooling.SENIOR_SECONDARY,
        Schooling.VOCATIONAL,
        Schooling.HIGHER,
        Schooling.SPECIAL,
    )
]
_SITUATION_CODE = {v: k for k, v in SITUATION.items()}
_SCHOOLING_CODE = {v: k for k, v in SCHOOLING.items()}


def _months(label: StrOrPromise, help_text: StrOrPromise) -> forms.IntegerField:
    # No bounds here: registries.policy holds them, and its message is the one shown.
    return forms.IntegerField(label=label, help_text=help_text, widget=NUMBER)


def _levels(label: StrOrPromise, help_text: StrOrPromise) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        help_text=help_text,
        choices=LEVELS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class EligibilityPolicyForm(VersionForm):
    kind = policy_params.ELIGIBILITY
    texts = PageTexts(
        title=_("Provincial eligibility policy"),
        intro=_(
            "The notices leave these thresholds to each province. Each version applies from its date "
            "until the next one; before the province's first version the national defaults apply. A "
            "change is audited, and the province's files are re-checked by the daily job from the "
            "version's first day."
        ),
        default_tag=_("national default"),
        form_note=_(
            "The form starts from the version in force today. A version on a day that already has "
            "one replaces it."
        ),
        readonly_note=_("Only the province's civil-affairs staff change these parameters."),
    )
    start_help = _(
        "This version applies from this day until the next one. The province's files are "
        "re-checked on this day (today, if it has passed)."
    )

    lb_away_min_months = _months(
        _("Left-behind children: minimum months of continuous work away"),
        _(
            "川民政厅 2020 专项行动实施方案: provinces may count parents continuously away for work "
            "for 3 months or more. Seedling's national default is 6."
        ),
    )
    fdu_additions = forms.MultipleChoiceField(
        label=_("民发〔2020〕125号 additions in force under this version"),
        help_text=_(
            "The two situations 民发〔2020〕125号 added for de facto unsupported children. To bring "
            "them into force on the province's implementing date, add a version from that date with "
            "them ticked."
        ),
        choices=ADDITIONS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    deported_in_both_clause = forms.BooleanField(
        label=_("Deportation also counts in the both-parents clause"),
        help_text=_(
            "Fujian (闽民童〔2021〕31号) and Heilongjiang: in both clauses; Guangdong and Jining: only "
            "when the other parent is dead or missing."
        ),
        required=False,
    )
    serious_illnesses = forms.CharField(
        label=_("Local serious-illness list, one per line"),
        help_text=_(
            "Empty: no list, every recorded serious illness counts (the county still confirms each "
            "de facto unsupported child). 民发〔2019〕62号: the local list."
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    custody_min_term_months = _months(
        _("Imprisonment, compulsory detox and other custody: minimum term in months"),
        _("民发〔2019〕62号: a term of 6 months or more."),
    )
    lost_contact_min_months = _months(
        _("Lost contact: minimum months since the police accepted the report"),
        _("民发〔2019〕62号: 6 months or more."),
    )
    orphan_continuation_levels = _levels(
        _("Orphans after 18: school levels that continue the status"),
        _(
            "National demonstration standard (民函〔2018〕4号): general and vocational high school, "
            "full-time higher education."
        ),
    )
    fdu_continuation_levels = _levels(
        _("De facto unsupported children after 18: school levels that continue the status"),
        _(
            "Guangdong: compulsory school, general high school, secondary vocational school, regular "
            "higher education (粤民规字〔2019〕10号)."
        ),
    )
    continuation_reverify_months = _months(
        _("After 18: re-verify enrolment every … months"),
        _("About one school term: 6 months (Seedling's default; no notice fixes it)."),
    )

    def params(self) -> dict[str, Any]:
        """The version's parameters as registries.policy stores them (people enum codes)."""
        d = self.cleaned_data
        illnesses = [line.strip() for line in d.get("serious_illnesses", "").splitlines() if line.strip()]
        return {
            **{k: d.get(k) for k in policy_params.INT_KEYS},
            "deported_in_both_clause": bool(d.get("deported_in_both_clause")),
            "fdu_additions": list(d.get("fdu_additions", [])),
            "serious_illnesses": illnesses or None,
            "orphan_continuation_levels": list(d.get("orphan_continuation_levels", [])),
            "fdu_continuation_levels": list(d.get("fdu_continuation_levels", [])),
        }

    @classmethod
    def initial_params(cls, version: el.PolicyVersion) -> dict[str, Any]:
        """A version's parameters as the fields' values (people enum codes)."""
        return {
            **{k: getattr(version, k) for k in policy_params.INT_KEYS},
            "deported_in_both_clause": version.deported_in_both_clause,
            "fdu_additions": sorted(_SITUATION_CODE[s] for s in version.fdu_additions),
            "serious_illnesses": "\n".join(sorted(version.serious_illnesses or ())),
            "orphan_continuation_levels": sorted(
                _SCHOOLING_CODE[s] for s in version.orphan_continuation_levels
            ),
            "fdu_continuation_levels": sorted(_SCHOOLING_CODE[s] for s in version.fdu_continuation_levels),
        }

    @classmethod
    def param_lines(cls, version: el.PolicyVersion) -> list[ParamLine]:
        v = version
        none = gettext("none")
        return [
            ParamLine("lb_away_min_months", _("Left-behind: months away"), str(v.lb_away_min_months)),
            ParamLine("fdu_additions", _("2020 additions"), _joined(situation_labels(v.fdu_additions), none)),
            ParamLine(
                "deported_in_both_clause",
                _("Deportation in the both-parents clause"),
                gettext("yes") if v.deported_in_both_clause else gettext("no"),
            ),
            ParamLine(
                "serious_illnesses",
                _("Serious illnesses"),
                _joined(sorted(v.serious_illnesses or ()), gettext("no list: any recorded serious illness")),
            ),
            ParamLine("custody_min_term_months", _("Custody term, months"), str(v.custody_min_term_months)),
            ParamLine("lost_contact_min_months", _("Lost contact, months"), str(v.lost_contact_min_months)),
            ParamLine(
                "orphan_continuation_levels",
                _("Orphans after 18, in school"),
                _joined(schooling_labels(v.orphan_continuation_levels), none),
            ),
            ParamLine(
                "fdu_continuation_levels",
                _("De facto unsupported after 18, in school"),
                _joined(schooling_labels(v.fdu_continuation_levels), none),
            ),
            ParamLine(
                "continuation_reverify_months",
                _("Re-verify enrolment, months"),
                str(v.continuation_reverify_months),
            ),
        ]


def _joined(items: list[str], empty: str) -> str:
    return "、".join(items) or empty


def situation_labels(kinds: Any) -> list[str]:
    return sorted(str(SituationKind(_SITUATION_CODE[k]).label) for k in kinds)


def schooling_labels(levels: Any) -> list[str]:
    codes = [_SCHOOLING_CODE[s] for s in levels]
    return [str(Schooling(c).label) for c in Schooling.values if c in codes]  # in the ledger's order

"""The provincial eligibility policy form (issue 4 §2): one dated version of the parameters that the
notices leave to provinces. Each value is checked by registries.policy, the same check the service
runs, so its message shows at the field it is about."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from seedling import eligibility as el
from seedling.core import clock
from seedling.core.errors import ValidationFailed
from seedling.people.enums import Schooling, SituationKind
from seedling.registries import policy as policy_params
from seedling.registries.facts import SCHOOLING, SITUATION
from seedling.web.forms import DATE, NUMBER

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


class EligibilityPolicyForm(forms.Form):
    effective_from = forms.DateField(
        label=_("In force from"),
        widget=DATE,
        help_text=_(
            "This version applies from this day until the next one. The province's files are "
            "re-checked on this day (today, if it has passed)."
        ),
    )
    lb_away_min_months = _months(
        _("Left-behind children: minimum months of continuous work away"),
        _(
            "Seed 000 (Sichuan civil affairs, 2020): provinces may count parents continuously away "
            "for work for 3 months or more. National default 6 (domain-rules LB-4, §7 Q1)."
        ),
    )
    fdu_additions = forms.MultipleChoiceField(
        label=_("民发〔2020〕125号 additions in force under this version"),
        help_text=_(
            "The two situations 民发〔2020〕125号 added for de facto unsupported children. To bring "
            "them into force on the province's implementing date, add a version from that date with "
            "them ticked (domain-rules §2.4, §7 Q6)."
        ),
        choices=ADDITIONS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    deported_in_both_clause = forms.BooleanField(
        label=_("Deportation also counts in the both-parents clause"),
        help_text=_(
            "Fujian and Heilongjiang: in both clauses; Guangdong and Jining: only when the other "
            "parent is dead or missing (domain-rules §7 Q6)."
        ),
        required=False,
    )
    serious_illnesses = forms.CharField(
        label=_("Local serious-illness list, one per line"),
        help_text=_(
            "Empty: no list, every recorded serious illness counts (the county still confirms each "
            "de facto unsupported child). Domain-rules FDU-8, §7 Q18."
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    custody_min_term_months = _months(
        _("Imprisonment, compulsory detox and other custody: minimum term in months"),
        _("民发〔2019〕62号: a term of 6 months or more (domain-rules FDU-6)."),
    )
    lost_contact_min_months = _months(
        _("Lost contact: minimum months since the police accepted the report"),
        _("民发〔2019〕62号: 6 months or more (domain-rules FDU-6, §7 Q8)."),
    )
    orphan_continuation_levels = _levels(
        _("Orphans after 18: school levels that continue the status"),
        _(
            "National demonstration standard (seed 003): general and vocational high school, "
            "full-time higher education (domain-rules ORP-X1)."
        ),
    )
    fdu_continuation_levels = _levels(
        _("De facto unsupported children after 18: school levels that continue the status"),
        _(
            "Guangdong: compulsory school, general high school, secondary vocational school, regular "
            "higher education (domain-rules FDU-X2)."
        ),
    )
    continuation_reverify_months = _months(
        _("After 18: re-verify enrolment every … months"),
        _("Domain-rules §7 Q5: every school term, about 6 months."),
    )

    def keywords(self) -> dict[str, Any]:
        """The service's input: the version's first day and its parameters."""
        return {"effective_from": self.cleaned_data["effective_from"], "params": self.params()}

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

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        day = cleaned.get("effective_from") or clock.today()
        for key, value in self.params().items():
            if key in self.errors:
                continue
            try:
                policy_params.version(day, {key: value})  # the service's own check, one value at a time
            except ValidationFailed as exc:
                self.add_error(key, str(exc).replace(key, f"「{self.fields[key].label}」"))
        return cleaned


def initial_from(version: el.PolicyVersion, today: date) -> dict[str, Any]:
    """The form's starting values: the version in force today, as people enum codes."""
    return {
        "effective_from": today,
        **{k: getattr(version, k) for k in policy_params.INT_KEYS},
        "deported_in_both_clause": version.deported_in_both_clause,
        "fdu_additions": sorted(_SITUATION_CODE[s] for s in version.fdu_additions),
        "serious_illnesses": "\n".join(sorted(version.serious_illnesses or ())),
        "orphan_continuation_levels": sorted(_SCHOOLING_CODE[s] for s in version.orphan_continuation_levels),
        "fdu_continuation_levels": sorted(_SCHOOLING_CODE[s] for s in version.fdu_continuation_levels),
    }


def situation_labels(kinds: Any) -> list[str]:
    return sorted(str(SituationKind(_SITUATION_CODE[k]).label) for k in kinds)


def schooling_labels(levels: Any) -> list[str]:
    codes = [_SCHOOLING_CODE[s] for s in levels]
    return [str(Schooling(c).label) for c in Schooling.values if c in codes]  # in the ledger's order

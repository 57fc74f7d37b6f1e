"""The page of a kind of provincial parameters: one form shape and one list of versions for every kind.

A kind's form (`web.registries.forms.EligibilityPolicyForm`, `web.visits.forms.VisitFrequenciesForm`)
subclasses `VersionForm`: it names its kind and its page's texts, declares one field per parameter,
turns its fields into the stored parameters (`params`) and a version back into fields
(`initial_params`) and into lines of the page (`param_lines`). Its values are checked by the kind's own
`problems`, the check the service runs, so each message shows at the field it is about. The page
is the template web/province_policy.html (with web/_version_form.html), served by `views.version_page`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from django import forms
from django.utils.translation import gettext_lazy as _

from seedling.core import dated
from seedling.core.errors import SeedlingError
from seedling.policies import selectors
from seedling.policies.kinds import Kind
from seedling.policies.models import ProvincePolicy
from seedling.web.forms import DATE

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

FIXED = ("effective_from", "note")


@dataclass(frozen=True)
class PageTexts:
    title: StrOrPromise
    intro: StrOrPromise
    default_tag: StrOrPromise  # marks the versions in force before the province's first one
    form_note: StrOrPromise  # above the form
    readonly_note: StrOrPromise  # instead of the form, for those who may only read


@dataclass(frozen=True)
class ParamLine:
    """One parameter of a version as the page lists it."""

    key: str
    label: StrOrPromise
    value: str


@dataclass(frozen=True)
class VersionRow:
    """One version of the province's parameters as the page lists it."""

    version: Any  # the kind's version (eligibility.PolicyVersion, schedule.VisitPolicy)
    in_force: bool  # the one that applies today
    future: bool  # not in force yet
    stored: ProvincePolicy | None  # None: one of the kind's defaults
    params: list[ParamLine]

    @property
    def effective_from(self) -> date | None:  # None: from the beginning
        day: date = self.version.effective_from
        return None if day == date.min else day


class VersionForm(forms.Form):
    kind: ClassVar[Kind[Any]]
    texts: ClassVar[PageTexts]
    start_help: ClassVar[StrOrPromise]  # under "In force from": from when the version counts

    effective_from = forms.DateField(label=_("In force from"), widget=DATE)
    note = forms.CharField(
        label=_("Basis"),
        required=False,
        max_length=200,
        help_text=_("Optional: the document that sets this version, e.g. 闽民童〔2021〕31号."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["effective_from"].help_text = self.start_help
        self.order_fields(["effective_from", *self.param_names(), "note"])

    def param_names(self) -> list[str]:
        return [name for name in self.fields if name not in FIXED]

    def params(self) -> dict[str, Any]:
        """The version's parameters as the kind stores them (a field that failed: None)."""
        return {name: self.cleaned_data.get(name) for name in self.param_names()}

    def keywords(self) -> dict[str, Any]:
        """The input of `policies.services.version_set` (the view adds the actor and the province)."""
        return {
            "kind": self.kind,
            "effective_from": self.cleaned_data["effective_from"],
            "params": self.params(),
            "note": self.cleaned_data.get("note", ""),
        }

    @classmethod
    def initial_params(cls, version: Any) -> dict[str, Any]:
        """A version's parameters as the fields' values."""
        raise NotImplementedError

    @classmethod
    def param_lines(cls, version: Any) -> list[ParamLine]:
        """A version's parameters as the page lists them."""
        raise NotImplementedError

    @classmethod
    def initial_from(cls, version: Any, today: date) -> dict[str, Any]:
        """The form's starting values: today, and the parameters of `version` (the one in force)."""
        return {"effective_from": today, **cls.initial_params(version)}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for exc in self.kind.problems(self.params()):
            if exc.field not in self.errors:  # a value its field could not read already says so
                self._show(exc)
        return cleaned

    def _show(self, exc: SeedlingError) -> None:
        """A problem at its field, naming the parameter by its label instead of its key."""
        name = exc.field if exc.field in self.fields else None
        if name is None:
            self.add_error(None, str(exc))
        else:
            self.add_error(name, str(exc).replace(name, f"「{self.fields[name].label}」"))


F = TypeVar("F", bound=VersionForm)


def version_form(
    form_class: type[F], data: Mapping[str, Any] | None, province_code: str, today: date
) -> tuple[F, list[VersionRow]]:
    """A page's form (bound to `data` when posted; starting from the version in force today) and its
    versions."""
    rows = version_rows(form_class, province_code, today)
    current = next(r.version for r in rows if r.in_force)
    return form_class(data, initial=form_class.initial_from(current, today)), rows


def version_rows(form_class: type[VersionForm], province_code: str, today: date) -> list[VersionRow]:
    """Every version of the province, newest first (the kind's defaults last), marking today's."""
    kind = form_class.kind
    rows = selectors.stored(kind=kind, province_code=province_code)
    versions = selectors.versions_of(kind, rows)
    current = dated.in_force(versions, today)
    by_day = {r.effective_from: r for r in rows}
    return [
        VersionRow(
            version=v,
            in_force=v is current,
            future=v.effective_from > today,
            stored=by_day.get(v.effective_from),
            params=form_class.param_lines(v),
        )
        for v in reversed(versions)
    ]

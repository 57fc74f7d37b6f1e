"""What the pages' forms share: widgets, the division fields, the form built for one actor, and
`submit`, the body of every view that writes through a form. Forms parse and validate input; the
services decide."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from seedling.access import Actor, Purpose
from seedling.core import division_codes as codes
from seedling.core.errors import SeedlingError
from seedling.regions.models import Division
from seedling.regions.selectors import division_get, village_choices

T = TypeVar("T")

# Widgets are copied into each field, so one instance serves every form.
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 2})
NUMBER = forms.NumberInput(attrs={"inputmode": "numeric"})
BLANK = [("", "—")]


def blank_choices(enum: Any) -> list[tuple[Any, Any]]:
    """An enum's choices after an empty one, for a field that may be left unanswered."""
    return BLANK + list(enum.choices)


def version_field() -> forms.IntegerField:
    """The version of the file a form was loaded from, sent back so that a save over a later change
    is refused, not silently applied (people.services.locked)."""
    return forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1, max_value=2**31 - 1)


class FileVersionForm(forms.Form):
    """The version alone, for a page whose form is several forms bound together."""

    version = version_field()


class DivisionCodeField(forms.CharField):
    """A 12-digit division code typed in; ActorForm resolves it against the actor's area."""

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


class VillageField(forms.ChoiceField):
    """A village or community where the actor files people, chosen from the list ActorForm fills."""

    def __init__(self, **kwargs: Any):
        kwargs.setdefault("label", _("Village or community"))
        super().__init__(**kwargs)


class ActorForm(forms.Form):
    """A form built for one actor: its VillageFields list the actor's villages, `choices` fills other
    choice fields by name, and a `division_code` DivisionCodeField is resolved against the actor's
    area for `purpose` (`self.division`)."""

    purpose: Purpose | None = Purpose.CASEWORK  # None: the whole area

    def __init__(
        self,
        *args: Any,
        actor: Actor,
        choices: Mapping[str, Iterable[tuple[Any, Any]]] | None = None,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.division: Division | None = None
        villages = [f for f in self.fields.values() if isinstance(f, VillageField)]
        if villages:
            # A file already filed at a code retired since keeps it until it is re-attributed.
            kept = str(self.initial.get("division_code") or "")
            listed = village_choices(actor=actor, kept=kept)
            for field in villages:
                field.choices = listed
        for name, options in (choices or {}).items():
            self.fields[name].choices = options  # type: ignore[attr-defined]

    def clean_division_code(self) -> str:
        code: str = self.cleaned_data["division_code"]
        if code and isinstance(self.fields["division_code"], DivisionCodeField):
            try:
                self.division = division_get(actor=self.actor, code=code, purpose=self.purpose)
            except Http404 as exc:
                raise forms.ValidationError(
                    _("No such division in your area."), code="division_outside"
                ) from exc
        return code

    def keywords(self) -> dict[str, Any]:
        """The cleaned data as a service's keywords, the resolved `division` for `division_code`."""
        data = dict(self.cleaned_data)
        if isinstance(self.fields.get("division_code"), DivisionCodeField):
            del data["division_code"]
            data["division"] = self.division
        return data


def field_errors(form: forms.Form) -> str:
    """Each error after its field's label; an error of the whole form (``__all__``) alone."""
    parts = []
    for name, errors in form.errors.items():
        text = " ".join(map(str, errors))
        field = form.fields.get(name)
        parts.append(f"{field.label}：{text}" if field is not None and field.label else text)
    return "；".join(parts)


def _keywords(form: forms.Form | None) -> dict[str, Any]:
    if form is None:
        return {}
    keywords = getattr(form, "keywords", None)
    return keywords() if keywords is not None else dict(form.cleaned_data)


def submit(
    request: HttpRequest,
    form: forms.Form | None,
    write: Callable[..., T],
    *,
    saved: str | Callable[[T], str] | None = None,
    then: Callable[[T], HttpResponse] | None = None,
    invalid: str | None = None,
) -> HttpResponse | None:
    """The body of a view that writes through a form.

    A posted, valid form's data go to `write` (the service call) as keywords: the form's
    `keywords()` when it has one (the service's input built from the fields; ActorForm: the resolved
    division), else its cleaned data; no form (a button) calls `write()`. When it succeeds, `saved`
    becomes a success message and `then(result)` the answer (a redirect). With `then` the page shows
    its form again otherwise (None is returned): the service's refusal goes on the form, at its field
    when the form has it. Without `then` the form is a small one on another page and the view
    redirects whatever happens, so the refusal becomes a message, and so does an invalid form:
    `invalid`, else each field's own error.
    """
    if request.method != "POST":
        return None
    if form is not None and not form.is_valid():
        if then is None:
            messages.error(request, invalid or field_errors(form))
        return None
    try:
        result = write(**_keywords(form))
    except SeedlingError as exc:
        if then is None or form is None:
            messages.error(request, str(exc))
        else:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        return None
    if saved:
        messages.success(request, saved(result) if callable(saved) else saved)
    return then(result) if then is not None else None

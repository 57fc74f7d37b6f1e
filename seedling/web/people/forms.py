"""Forms of the personal file. They parse input into a ChildRecord; `people.rules` validates it."""

from __future__ import annotations

import dataclasses
from typing import Any

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from seedling.access import Actor, visibility
from seedling.core.errors import StaleEdit
from seedling.people import enums
from seedling.people.parsing import ParseError, format_benefits, parse_benefits
from seedling.people.records import (
    ChildRecord,
    HarmRecord,
    ParentRecord,
    SituationRecord,
    WomanRecord,
    situation_sensitivity,
)
from seedling.people.services import AlreadyFiled
from seedling.web.forms import (
    DATE,
    TEXT,
    ActorForm,
    FileVersionForm,
    VillageField,
    blank_choices,
    version_field,
)


class BenefitsField(forms.CharField):
    def __init__(self, **kwargs: Any):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _("e.g. 低保300元/月、特困"))
        super().__init__(**kwargs)

    def clean(self, value: Any) -> Any:
        text = super().clean(value)
        try:
            return parse_benefits(text)
        except ParseError as exc:
            raise forms.ValidationError(str(exc), code="benefits") from exc


class ChildForm(ActorForm):
    """Sections follow the paper ledger of 晋政民〔2024〕46号 (A basic, B family, C caregiver, D pairing, F
    other)."""

    division_code = VillageField()
    name = forms.CharField(label=_("Name"), max_length=50)
    id_number = forms.CharField(
        label=_("ID number"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "text", "autocomplete": "off", "data-id-number": "1"}),
    )
    no_hukou = forms.BooleanField(label=_("No household registration (无户籍)"), required=False)
    sex = forms.ChoiceField(label=_("Sex"), choices=blank_choices(enums.Sex), required=False)
    birth_date = forms.DateField(label=_("Birth date"), required=False, widget=DATE)
    ethnicity = forms.CharField(label=_("Ethnicity"), max_length=20, required=False)
    hukou_type = forms.ChoiceField(label=_("Hukou type"), choices=blank_choices(enums.HukouType))
    home_address = forms.CharField(label=_("Home address"), max_length=200, required=False)
    declared_categories = forms.MultipleChoiceField(
        label=_("Declared categories"),
        required=False,
        choices=enums.DeclaredCategory.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    schooling = forms.ChoiceField(
        label=_("Schooling"), choices=blank_choices(enums.Schooling), required=False
    )
    out_of_school_reason = forms.CharField(
        label=_("Reason for being out of school"), max_length=200, required=False
    )
    schooling_until = forms.DateField(label=_("Expected end of study"), required=False, widget=DATE)
    boarding = forms.ChoiceField(label=_("Boarding"), choices=blank_choices(enums.Boarding), required=False)
    health = forms.MultipleChoiceField(
        label=_("Health"), required=False, choices=enums.Health.choices, widget=forms.CheckboxSelectMultiple
    )
    illness = forms.CharField(label=_("Illness"), max_length=200, required=False)
    disability_category = forms.ChoiceField(
        label=_("Disability category"), choices=blank_choices(enums.DisabilityCategory), required=False
    )
    disability_grade = forms.TypedChoiceField(
        label=_("Disability grade"),
        choices=blank_choices(enums.DisabilityGrade),
        required=False,
        coerce=int,
        empty_value=None,
    )
    # NullBooleanSelect renders a stored True or False as its option (a plain Select would not, and
    # saving the form unchanged would lose the status).
    hiv = forms.NullBooleanField(label=_("HIV infected"), required=False, widget=forms.NullBooleanSelect)
    psych_behaviour = forms.CharField(
        label=_("Daily psychological and behavioural condition"),
        required=False,
        widget=TEXT,
    )
    single_parent = forms.ChoiceField(
        label=_("Single-parent family"), choices=blank_choices(enums.SingleParent), required=False
    )
    guardianship_status = forms.ChoiceField(
        label=_("Guardianship"), choices=blank_choices(enums.GuardianshipStatus), required=False
    )
    guardianship_problem = forms.CharField(label=_("Guardianship problem"), max_length=200, required=False)
    lives_alone = forms.BooleanField(label=_("Lives alone"), required=False)
    caregiver_kind = forms.ChoiceField(
        label=_("Entrusted caregiver"), choices=blank_choices(enums.CaregiverKind), required=False
    )
    caregiver_name = forms.CharField(label=_("Caregiver name"), max_length=50, required=False)
    caregiver_phone = forms.CharField(
        label=_("Caregiver phone"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )
    caregiver_id_number = forms.CharField(label=_("Caregiver ID number"), max_length=30, required=False)
    caregiver_reason = forms.ChoiceField(
        label=_("Reason for entrusted care"), choices=blank_choices(enums.CaregiverReason), required=False
    )
    risk_level = forms.ChoiceField(
        label=_("Family guardianship risk"), choices=blank_choices(enums.RiskLevel), required=False
    )
    income_per_capita = forms.DecimalField(
        label=_("Per-capita income (yuan/year)"), required=False, max_digits=10, decimal_places=2, min_value=0
    )
    household_benefits = BenefitsField(label=_("Household benefits"))
    child_assistance = BenefitsField(label=_("Assistance received"))
    education_assistance = forms.CharField(label=_("Education assistance"), max_length=200, required=False)
    medical_assistance = forms.CharField(label=_("Medical assistance"), max_length=200, required=False)
    other_assistance = forms.CharField(label=_("Other assistance"), max_length=200, required=False)
    social_support = forms.CharField(
        label=_("Support from social organisations"), max_length=200, required=False
    )
    director_name = forms.CharField(label=_("Child director"), max_length=50, required=False)
    pairing_name = forms.CharField(label=_("Pairing helper"), max_length=50, required=False)
    pairing_phone = forms.CharField(
        label=_("Pairing helper phone"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )
    pairing_org = forms.CharField(label=_("Pairing helper unit"), max_length=100, required=False)
    care_needs = forms.CharField(label=_("Care needs"), required=False, widget=TEXT)
    remarks = forms.CharField(label=_("Remarks"), required=False, widget=TEXT)
    filed_by_name = forms.CharField(label=_("Filed by"), max_length=50, required=False)
    filed_on = forms.DateField(label=_("Filed on"), required=False, widget=DATE)
    joined_parent_on = forms.DateField(label=_("Moved to live with a parent on"), required=False, widget=DATE)
    adopted_on = forms.DateField(label=_("Adopted on"), required=False, widget=DATE)
    died_on = forms.DateField(label=_("Died on"), required=False, widget=DATE)

    SECTIONS: tuple[tuple[Any, tuple[str, ...]], ...] = (
        (
            _("Basic information"),
            (
                "division_code",
                "name",
                "id_number",
                "no_hukou",
                "sex",
                "birth_date",
                "ethnicity",
                "hukou_type",
                "home_address",
                "declared_categories",
            ),
        ),
        (
            _("Schooling and health"),
            (
                "schooling",
                "out_of_school_reason",
                "schooling_until",
                "boarding",
                "health",
                "illness",
                "disability_category",
                "disability_grade",
                "hiv",
                "psych_behaviour",
            ),
        ),
        (
            _("Guardianship and entrusted care"),
            (
                "single_parent",
                "guardianship_status",
                "guardianship_problem",
                "lives_alone",
                "caregiver_kind",
                "caregiver_name",
                "caregiver_phone",
                "caregiver_id_number",
                "caregiver_reason",
                "risk_level",
            ),
        ),
        (
            _("Household and assistance"),
            (
                "income_per_capita",
                "household_benefits",
                "child_assistance",
                "education_assistance",
                "medical_assistance",
                "other_assistance",
                "social_support",
            ),
        ),
        (
            _("Pairing, needs and other"),
            (
                "director_name",
                "pairing_name",
                "pairing_phone",
                "pairing_org",
                "care_needs",
                "remarks",
                "filed_by_name",
                "filed_on",
                "joined_parent_on",
                "adopted_on",
                "died_on",
            ),
        ),
    )

    def sections(self) -> list[tuple[Any, list[forms.BoundField]]]:
        return [
            (title, [self[name] for name in names if name in self.fields]) for title, names in self.SECTIONS
        ]


class ParentForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=50, required=False)
    id_number = forms.CharField(label=_("ID number"), max_length=30, required=False)
    phone = forms.CharField(
        label=_("Phone"), max_length=20, required=False, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    address = forms.CharField(label=_("Current address"), max_length=200, required=False)
    health = forms.ChoiceField(label=_("Health"), choices=blank_choices(enums.ParentHealth), required=False)
    work_place = forms.CharField(label=_("Place of work"), max_length=100, required=False)
    disability_category = forms.ChoiceField(
        label=_("Disability category"), choices=blank_choices(enums.DisabilityCategory), required=False
    )
    disability_grade = forms.TypedChoiceField(
        label=_("Disability grade"),
        choices=blank_choices(enums.DisabilityGrade),
        required=False,
        coerce=int,
        empty_value=None,
    )


class SituationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Situation"), choices=blank_choices(enums.SituationKind), required=False)

    def __init__(self, *args: Any, kinds: list[tuple[str, Any]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kinds  # type: ignore[attr-defined]

    since = forms.DateField(label=_("Since"), required=False, widget=DATE)
    until = forms.DateField(label=_("Until"), required=False, widget=DATE)
    term_months = forms.IntegerField(label=_("Term (months)"), required=False, min_value=1, max_value=1200)
    illness = forms.CharField(label=_("Illness"), max_length=100, required=False)
    fulfils_duties = forms.BooleanField(label=_("Still performs support"), required=False)


class HarmForm(forms.Form):
    kind = forms.ChoiceField(label=_("Harm"), choices=blank_choices(enums.HarmKind), required=False)
    occurred_on = forms.DateField(label=_("Occurred on"), required=False, widget=DATE)
    resolved_on = forms.DateField(label=_("Assessed safe on"), required=False, widget=DATE)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


SituationFormSet = formset_factory(SituationForm, extra=2)
HarmFormSet = formset_factory(HarmForm, extra=1)


class ChildFormBundle:
    """The main form, both parents with their situations, and the harm events, bound together.

    The form shows what access.visibility lets the editor see on this file: identifiers masked (sent
    back unchanged, the stored number stays), and no field at all for what the editor may not see (the
    HIV status without the grant; health, harm and custody details for staff above the county). What is
    left out stays as stored: people.services keeps it (access.visibility.restore)."""

    def __init__(
        self, data: Any = None, *, actor: Actor, record: ChildRecord | None = None, version: int | None = None
    ):
        code = record.division_code if record is not None else None
        self.stamp = FileVersionForm(data, initial={"version": version})
        self.record = record
        view = visibility.project(actor, record, visibility.Output.FILE) if record is not None else None
        initial = _initial(view) if view is not None else {}
        self.main = ChildForm(data, actor=actor, initial=initial.get("main"))
        hidden = visibility.unwritable(actor, ChildRecord, code)
        self.withheld = sorted(
            str(self.main.fields[n].label) for n in hidden - {"hiv", "harm"} if n in self.main.fields
        )
        for name in hidden & set(self.main.fields):
            del self.main.fields[name]
        categories = self.main.fields["declared_categories"]
        categories.choices = [  # type: ignore[attr-defined]
            (c, label)
            for c, label in enums.DeclaredCategory.choices
            if (k := visibility.category_kind(c)) is None or not visibility.hidden_kind(actor, k, code)
        ]
        self.parents = {
            role: ParentForm(data, prefix=role, initial=initial.get(role)) for role in ("father", "mother")
        }
        parent_hidden = visibility.unwritable(actor, ParentRecord, code)
        for pform in self.parents.values():
            for name in parent_hidden & set(pform.fields):
                del pform.fields[name]
        kinds = [
            (k, label)
            for k, label in blank_choices(enums.SituationKind)
            if not k or (s := situation_sensitivity(k)) is None or not visibility.hidden_kind(actor, s, code)
        ]
        self.situations_withheld = len(kinds) < len(blank_choices(enums.SituationKind))
        self.situations = {
            role: SituationFormSet(
                data, prefix=f"{role}-sit", initial=initial.get(f"{role}-sit"), form_kwargs={"kinds": kinds}
            )
            for role in ("father", "mother")
        }
        self.harm_withheld = "harm" in hidden
        self.harm = HarmFormSet(data, prefix="harm", initial=initial.get("harm"))
        self.already_filed: AlreadyFiled | None = None  # the clash a save met, for the page to offer

    def _parts(self) -> list[Any]:
        return [
            self.stamp,
            self.main,
            *self.parents.values(),
            *self.situations.values(),
            *([] if self.harm_withheld else [self.harm]),
        ]

    def is_valid(self) -> bool:
        return all([p.is_valid() for p in self._parts()])

    def to_record(self) -> ChildRecord:
        """The record the form describes. Fields it left out are empty here: the service puts the
        stored values back."""
        d: dict[str, Any] = dict(self.main.cleaned_data)
        values: dict[str, Any] = {k: ("" if v is None and k not in _NULLABLE else v) for k, v in d.items()}
        rec = ChildRecord(**values)
        for role in ("father", "mother"):
            p: dict[str, Any] = self.parents[role].cleaned_data
            pvalues: dict[str, Any] = {
                k: ("" if v is None and k != "disability_grade" else v) for k, v in p.items()
            }
            prec = ParentRecord(role=role, **pvalues)
            # SituationForm's fields are SituationRecord's (its note is not asked on the page).
            prec.situations = [
                SituationRecord(**s) for s in self.situations[role].cleaned_data if s.get("kind")
            ]
            setattr(rec, role, prec)
        if not self.harm_withheld:
            rec.harm = [
                HarmRecord(
                    kind=h["kind"], occurred_on=h["occurred_on"], resolved_on=h["resolved_on"], note=h["note"]
                )
                for h in self.harm.cleaned_data
                if h.get("kind")
            ]
        return rec

    def sent(self) -> dict[str, Any]:
        """The sensitive values the form let the editor write (the service checks them against the
        village the file is filed at: a holder of the HIV grant elsewhere may not record it here)."""
        declared = visibility.declared(ChildRecord)
        return {n: v for n, v in self.main.cleaned_data.items() if n in declared and n != "id_number"}

    @property
    def version(self) -> int | None:
        """The version of the file the form was loaded at (None on a new file)."""
        return self.stamp.cleaned_data.get("version")

    def stale(self, exc: StaleEdit) -> None:
        """Someone saved the file since it was loaded: say who, when and what, keep what the editor
        typed, and carry the file's current version so that saving again is a decision, not a slip."""
        self.main.add_error(None, exc.message)
        self.stamp = FileVersionForm(initial={"version": exc.params["version"]})

    def add_problems(self, problems: list[Any]) -> None:
        """Attach rule problems to the field they concern (parents' to the parent form)."""
        for p in problems:
            role, _, name = p.field.partition(".")
            if name and role in self.parents:
                target = self.parents[role]
                target.add_error(name if name in target.fields else None, p.message)
            elif p.field in self.main.fields:
                self.main.add_error(p.field, p.message)
            else:
                self.main.add_error(None, p.message)


_NULLABLE = {
    "birth_date",
    "schooling_until",
    "disability_grade",
    "income_per_capita",
    "filed_on",
    "joined_parent_on",
    "adopted_on",
    "died_on",
    "hiv",
}


def _values(view: visibility.Projected, skip: set[str]) -> dict[str, Any]:
    """A projected record's fields as a form's initial values (what the editor may see, as shown)."""
    return {
        f.name: getattr(view, f.name)
        for f in dataclasses.fields(view.raw)
        if f.name not in skip and f.name not in view.absent and f.name not in view.withheld
    }


def _initial(view: visibility.Projected) -> dict[str, Any]:
    main = _values(view, {"father", "mother", "harm"})
    main["household_benefits"] = format_benefits(view.household_benefits)
    main["child_assistance"] = format_benefits(view.child_assistance)
    out: dict[str, Any] = {"main": main}
    for role in ("father", "mother"):
        parent = getattr(view, role)
        out[role] = _values(parent, {"role", "situations"})
        out[f"{role}-sit"] = [_values(s, set()) for s in parent.situations]
    if "harm" not in view.withheld:
        out["harm"] = [_values(h, set()) for h in view.harm]
    return out


class RevealForm(forms.Form):
    field = forms.CharField(max_length=40)
    reason = forms.CharField(label=_("Reason"), max_length=200)


class TransferRequestForm(ActorForm):
    id_number = forms.CharField(label=_("ID number of the child"), max_length=30)
    to_code = VillageField(label=_("Village the child now lives in"))
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)


class WomanForm(ActorForm):
    division_code = VillageField()
    name = forms.CharField(label=_("Name"), max_length=50)
    id_number = forms.CharField(label=_("ID number"), max_length=30)
    hukou_type = forms.ChoiceField(label=_("Hukou type"), choices=blank_choices(enums.HukouType))
    residence = forms.ChoiceField(
        label=_("Lives in"),
        choices=blank_choices(enums.Residence),
        help_text=_("Where she lives, whatever her hukou: 本人留在农村居住生活."),
    )
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    husband_name = forms.CharField(label=_("Husband's name"), max_length=50, required=False)
    husband_id_number = forms.CharField(label=_("Husband's ID number"), max_length=30, required=False)
    husband_away_since = forms.DateField(label=_("Husband away for work since"), widget=DATE)
    husband_returned_on = forms.DateField(label=_("Husband returned on"), required=False, widget=DATE)
    husband_work_place = forms.CharField(label=_("Husband's place of work"), max_length=100, required=False)
    health = forms.CharField(label=_("Health"), max_length=100, required=False)
    needs = forms.CharField(label=_("Employment or service needs"), required=False, widget=TEXT)
    remarks = forms.CharField(label=_("Remarks"), required=False, widget=TEXT)

    def to_record(self) -> WomanRecord:
        d: dict[str, Any] = {
            k: ("" if v is None and k not in {"husband_returned_on"} else v)
            for k, v in self.cleaned_data.items()
        }
        return WomanRecord(**d)


class ChildFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or ID number"), required=False, max_length=30)
    division = forms.RegexField(label=_("Division code prefix"), required=False, regex=r"^\d{2,12}$")
    category = forms.ChoiceField(
        label=_("Declared category"), required=False, choices=[("", _("All")), *enums.LISTABLE_CATEGORIES]
    )
    risk = forms.ChoiceField(
        label=_("Risk"), required=False, choices=[("", _("All")), *enums.RiskLevel.choices]
    )
    age = forms.ChoiceField(
        label=_("Age"),
        required=False,
        choices=[("", _("All")), ("0-5", "0–5"), ("6-11", "6–11"), ("12-15", "12–15"), ("16-17", "16–17")],
    )
    sex = forms.ChoiceField(label=_("Sex"), required=False, choices=[("", _("All")), *enums.Sex.choices])
    schooling = forms.ChoiceField(
        label=_("Schooling"), required=False, choices=[("", _("All")), *enums.Schooling.choices]
    )
    incomplete = forms.BooleanField(label=_("Incomplete files only"), required=False)
    no_hukou = forms.BooleanField(label=_("Without household registration"), required=False)


def returnable_choices() -> list[tuple[str, str]]:
    """The fields a return or a finding may name, by their labels (the file's own fields, then its parts)."""
    from seedling.people.models import Child
    from seedling.people.workflow import RETURNABLE_FIELDS, field_label

    own = [f.name for f in Child._meta.concrete_fields if f.name in RETURNABLE_FIELDS]
    parts = sorted(RETURNABLE_FIELDS - set(own))
    return [(name, field_label(name)) for name in own + parts]


class ReviewForm(forms.Form):
    """The township's review of a submitted file: approve, or return with a reason naming fields.
    `version` is the file's version when the page was loaded: a stale review is refused."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("return", _("Return"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("Reason for returning"), required=False, max_length=300, widget=TEXT)
    to_correct = forms.MultipleChoiceField(
        label=_("Fields to correct"), required=False, widget=forms.CheckboxSelectMultiple
    )
    version = version_field()

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["to_correct"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = returnable_choices()

    def keywords(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "approve": d["decision"] == "approve",
            "reason": d["reason"] or "",
            "fields": d["to_correct"],
            "version": d["version"],
        }

"""Forms of the protection pages: reports, case steps, applications. They parse; the services decide."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from seedling.core import clock
from seedling.protection import enums, services
from seedling.web.forms import DATE, TEXT, ActorForm, VillageField, blank_choices

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
TEL = forms.TextInput(attrs={"inputmode": "tel"})


class ReportForm(ActorForm):
    client_token = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)
    trigger = forms.ChoiceField(
        label=_("What did you find?"), choices=enums.Trigger.choices, widget=forms.RadioSelect
    )
    child = forms.ChoiceField(label=_("Child"), required=False)
    child_described = forms.CharField(
        label=_("Not filed yet: describe the child"), max_length=200, required=False, widget=TEXT
    )
    seen = forms.CharField(label=_("What was seen"), max_length=2000, required=False, widget=TEXT)
    seen_at = forms.DateTimeField(
        label=_("When"), widget=DATETIME, input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
    )
    place = forms.CharField(label=_("Where"), max_length=200, required=False)
    village = VillageField(required=False, help_text=_("Where a child not filed yet was found."))
    source = forms.ChoiceField(label=_("Source"), choices=enums.Source.choices, initial=enums.Source.VILLAGE)
    caller_name = forms.CharField(label=_("Caller"), max_length=50, required=False)
    callback_phone = forms.CharField(label=_("Callback number"), max_length=20, required=False, widget=TEL)
    anonymous = forms.BooleanField(label=_("Anonymous caller"), required=False)

    FIRST_STEP = ("trigger", "child", "child_described", "seen")

    def __init__(self, *args: Any, children: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.children = {str(c.pk): c for c in children}
        self.fields["child"].choices = [("", "—"), *((str(c.pk), c.name) for c in children)]  # type: ignore[attr-defined]
        village = self.fields["village"]
        village.choices = [("", "—"), *village.choices]  # type: ignore[attr-defined]

    def keywords(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "data": services.ReportInput(
                client_token=d["client_token"],
                trigger=d["trigger"],
                seen_at=d["seen_at"],
                source=d["source"] or enums.Source.VILLAGE,
                seen=d["seen"],
                place=d["place"],
                child=self.children.get(d["child"] or ""),
                child_described=d["child_described"],
                division_code=d.get("village") or "",
                caller_name=d["caller_name"],
                callback_phone=d["callback_phone"],
                anonymous=d["anonymous"],
            )
        }


# The fields each step's form shows (the service checks what each needs).
STEP_FIELDS: dict[str, tuple[str, ...]] = {
    enums.Step.POLICE: ("police_at", "police_station", "police_record"),
    enums.Step.ASSIGN: ("level",),
    enums.Step.EMERGENCY: ("safe", "narrative"),
    enums.Step.PLACEMENT: ("placement", "where", "carer", "narrative"),
    enums.Step.ASSESSMENT: ("safety", "guardianship", "health", "schooling", "psychology", "risk"),
    enums.Step.PLAN: ("narrative",),
    enums.Step.REFERRAL: ("body", "narrative", "due_on"),
    enums.Step.INTERVENTION: ("intervention", "narrative"),
    enums.Step.FOLLOW_UP: ("narrative",),
    enums.Step.CLOSURE: ("outcome", "narrative"),
}


class StepForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    done_on = forms.DateField(label=_("Date"), widget=DATE)
    police_at = forms.DateTimeField(
        label=_("Reported to the police at"),
        widget=DATETIME,
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    police_station = forms.CharField(label=_("Police station"), max_length=100, required=False)
    police_record = forms.CharField(label=_("接处警 record number"), max_length=50, required=False)
    level = forms.TypedChoiceField(
        label=_("Assign to"),
        coerce=int,
        choices=[(4, _("Township station")), (3, _("County minor-protection centre"))],
        required=False,
    )
    safe = forms.BooleanField(label=_("The child's safety has been checked"), required=False)
    placement = forms.ChoiceField(
        label=_("Placement"), choices=blank_choices(enums.Placement), required=False
    )
    where = forms.CharField(label=_("Where"), max_length=200, required=False)
    carer = forms.CharField(label=_("By whom"), max_length=100, required=False)
    safety = forms.CharField(label=_("Safety"), max_length=1000, required=False, widget=TEXT)
    guardianship = forms.CharField(label=_("Guardianship"), max_length=1000, required=False, widget=TEXT)
    health = forms.CharField(label=_("Health"), max_length=1000, required=False, widget=TEXT)
    schooling = forms.CharField(label=_("Schooling"), max_length=1000, required=False, widget=TEXT)
    psychology = forms.CharField(label=_("Psychology"), max_length=1000, required=False, widget=TEXT)
    risk = forms.ChoiceField(
        label=_("Risk conclusion"), choices=blank_choices(enums.RiskConclusion), required=False
    )
    body = forms.ChoiceField(label=_("Referred to"), choices=blank_choices(enums.Body), required=False)
    due_on = forms.DateField(label=_("Reply due"), widget=DATE, required=False)
    intervention = forms.ChoiceField(
        label=_("Intervention"), choices=blank_choices(enums.Intervention), required=False
    )
    outcome = forms.CharField(label=_("Outcome"), max_length=200, required=False)
    narrative = forms.CharField(label=_("Details"), max_length=4000, required=False, widget=TEXT)

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        keep = {"version", "done_on", *STEP_FIELDS.get(kind, ())}
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        if not self.is_bound:
            self.initial.setdefault("done_on", clock.today())
            self.initial.setdefault("police_at", clock.now().strftime("%Y-%m-%dT%H:%M"))

    def keywords(self) -> dict[str, Any]:
        d = self.cleaned_data
        data = services.StepInput(
            kind=self.kind,
            done_on=d["done_on"],
            narrative=d.get("narrative") or "",
            police_at=d.get("police_at"),
            police_station=d.get("police_station") or "",
            police_record=d.get("police_record") or "",
            level=d.get("level") or None,
            safe=bool(d.get("safe")),
            placement=d.get("placement") or "",
            where=d.get("where") or "",
            carer=d.get("carer") or "",
            areas={a: d.get(a) or "" for a in services.ASSESSMENT_AREAS},
            risk=d.get("risk") or "",
            body=d.get("body") or "",
            due_on=d.get("due_on"),
            intervention=d.get("intervention") or "",
            outcome=d.get("outcome") or "",
        )
        return {"data": data, "version": d["version"]}


class ReplyForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    replied_on = forms.DateField(label=_("Replied on"), widget=DATE)
    reply = forms.CharField(label=_("Reply"), max_length=4000, widget=TEXT)


class ApplicationForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=enums.AppCategory.choices)
    child = forms.ChoiceField(label=_("Child"), required=False)
    child_name = forms.CharField(label=_("Child's name (not filed here)"), max_length=50, required=False)
    hukou_code = forms.CharField(label=_("Hukou township code"), max_length=12, required=False)
    received_code = forms.CharField(
        label=_("Received at township code (cross-province)"), max_length=12, required=False
    )
    applicant_kind = forms.ChoiceField(label=_("Applicant"), choices=enums.Applicant.choices)
    applicant_name = forms.CharField(label=_("Applicant's name"), max_length=50)
    applicant_relation = forms.CharField(label=_("Relationship"), max_length=20, required=False)
    applicant_phone = forms.CharField(label=_("Phone"), max_length=20, required=False, widget=TEL)
    complete_on = forms.DateField(label=_("Materials complete on"), widget=DATE)

    def __init__(self, *args: Any, children: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.children = {str(c.pk): c for c in children}
        self.fields["child"].choices = [("", "—"), *((str(c.pk), c.name) for c in children)]  # type: ignore[attr-defined]

    def keywords(self) -> dict[str, Any]:
        d = dict(self.cleaned_data)
        d["child"] = self.children.get(d.get("child") or "")
        return {"data": services.ApplicationInput(**d)}


class ForwardForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    on = forms.DateField(label=_("Forwarded on"), widget=DATE)


class VerifyForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    on = forms.DateField(label=_("Verified on"), widget=DATE)
    materials = forms.CharField(label=_("Materials checked"), max_length=2000, widget=TEXT)
    conclusion = forms.CharField(label=_("Conclusion"), max_length=2000, widget=TEXT)
    passed = forms.BooleanField(label=_("The facts are verified"), required=False)


class DecideForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    on = forms.DateField(label=_("Decided on"), widget=DATE)
    confirm = forms.TypedChoiceField(
        label=_("Decision"),
        coerce=lambda v: v == "1",
        choices=[("1", _("Confirm")), ("0", _("Refuse"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("Written reasons"), max_length=2000, required=False, widget=TEXT)


class ChangeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    changed_on = forms.DateField(label=_("Changed on"), widget=DATE)
    note = forms.CharField(label=_("What changed"), max_length=200)

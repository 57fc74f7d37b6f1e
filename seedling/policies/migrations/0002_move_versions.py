"""Moves the dated versions of the two old tables into ProvincePolicy.

registries.PolicySetting rows become kind "eligibility", their params as they were; visits.
VisitPolicySetting rows become kind "visit_frequencies", their five columns as params. Who set each
version and when are kept. Reversible: going back (after the old tables are recreated, empty, by
reversing their deletion) moves each kind's rows into its old table. The note, which the old
tables did not have, is lost; an eligibility version without who set it cannot go back (the old
column was required) and stops the reversal.
"""

from django.db import migrations
from django.db.migrations.exceptions import IrreversibleError

VISIT_COLUMNS = (
    "low_contact_months",
    "low_visit_months",
    "medium_visit_months",
    "high_visit_months",
    "alarm_days",
)


def forward(apps, schema_editor):
    ProvincePolicy = apps.get_model("policies", "ProvincePolicy")
    PolicySetting = apps.get_model("registries", "PolicySetting")
    VisitPolicySetting = apps.get_model("visits", "VisitPolicySetting")
    rows = [
        ProvincePolicy(
            kind="eligibility",
            province_code=r.province_code,
            effective_from=r.effective_from,
            params=r.params,
            set_by_id=r.changed_by_id,
            set_at=r.changed_at,
        )
        for r in PolicySetting._default_manager.order_by("id")
    ]
    rows += [
        ProvincePolicy(
            kind="visit_frequencies",
            province_code=r.province_code,
            effective_from=r.effective_from,
            params={c: getattr(r, c) for c in VISIT_COLUMNS},
            set_by_id=r.changed_by_id,
            set_at=r.changed_at,
        )
        for r in VisitPolicySetting._default_manager.order_by("id")
    ]
    ProvincePolicy._default_manager.bulk_create(rows)


def backward(apps, schema_editor):
    ProvincePolicy = apps.get_model("policies", "ProvincePolicy")
    PolicySetting = apps.get_model("registries", "PolicySetting")
    VisitPolicySetting = apps.get_model("visits", "VisitPolicySetting")
    for r in ProvincePolicy._default_manager.filter(kind="eligibility").order_by("id"):
        if r.set_by_id is None:
            raise IrreversibleError(
                f"eligibility version {r.province_code} {r.effective_from} has no author; the old table needs one"
            )
        old = PolicySetting._default_manager.create(
            province_code=r.province_code,
            effective_from=r.effective_from,
            params=r.params,
            changed_by_id=r.set_by_id,
        )
        if r.set_at is not None:  # the old column stamps itself on save: put the recorded time back
            PolicySetting._default_manager.filter(pk=old.pk).update(changed_at=r.set_at)
    for r in ProvincePolicy._default_manager.filter(kind="visit_frequencies").order_by("id"):
        VisitPolicySetting._default_manager.create(
            province_code=r.province_code,
            effective_from=r.effective_from,
            changed_by_id=r.set_by_id,
            changed_at=r.set_at,
            **{c: r.params[c] for c in VISIT_COLUMNS if c in r.params},
        )
    ProvincePolicy._default_manager.all().delete()  # moved, not copied: as 0001 left the table


class Migration(migrations.Migration):
    dependencies = [
        ("policies", "0001_initial"),
        ("registries", "0002_woman_episodes_details_key"),
        ("visits", "0004_compliance_figures"),
    ]

    operations = [migrations.RunPython(forward, backward)]

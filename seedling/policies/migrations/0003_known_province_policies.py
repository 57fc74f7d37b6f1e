"""Ships the provincial policies Seedling knows from the notices as data (docs/rules/eligibility.md#lb-4).

Sichuan (51): 川民政厅 2020 专项行动实施方案 二 counts a left-behind child's parents from 3 months of
continuous work away ("对农村留守儿童父母务工时限，各地可按连续外出务工3个月以上把握"). The notice
states no day; its first stage (动员部署) ends 2020-04-25, so it is in force from then at the latest.
Two versions, because a stored version replaces the national defaults from its day on: the 民发〔2020〕
125号 additions stay out until the national default day (2021-01-01), as before. A province whose staff
have already stored a version on one of these days keeps theirs. Reversible: going back removes only
the rows this migration added (no author, the same day, the same note).
"""

import datetime as dt

from django.db import migrations

SICHUAN_NOTE = "川民政厅2020年专项行动实施方案二（“可按连续外出务工3个月以上把握”）"
KNOWN = [
    ("51", dt.date(2020, 4, 25), {"lb_away_min_months": 3, "fdu_additions": []}, SICHUAN_NOTE),
    ("51", dt.date(2021, 1, 1), {"lb_away_min_months": 3}, SICHUAN_NOTE),
]


def forward(apps, schema_editor):
    ProvincePolicy = apps.get_model("policies", "ProvincePolicy")
    for province, day, params, note in KNOWN:
        ProvincePolicy._default_manager.get_or_create(
            kind="eligibility",
            province_code=province,
            effective_from=day,
            defaults={"params": params, "note": note},
        )


def backward(apps, schema_editor):
    ProvincePolicy = apps.get_model("policies", "ProvincePolicy")
    for province, day, _params, note in KNOWN:
        ProvincePolicy._default_manager.filter(
            kind="eligibility", province_code=province, effective_from=day, note=note, set_by=None
        ).delete()


class Migration(migrations.Migration):
    dependencies = [("policies", "0002_move_versions")]

    operations = [migrations.RunPython(forward, backward)]

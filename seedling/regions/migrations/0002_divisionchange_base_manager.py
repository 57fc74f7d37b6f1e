# State only: DivisionChange now takes the scope protocol's Meta (seedling.access.models.Scoped), whose
# base manager is `unscoped` too. A plain manager either way; no SQL.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("regions", "0001_initial"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="divisionchange",
            options={
                "base_manager_name": "unscoped",
                "default_manager_name": "unscoped",
                "ordering": ["-recorded_at", "code"],
            },
        ),
    ]

"""The visit frequency versions now live in policies.ProvincePolicy (moved there by policies 0002)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('visits', '0004_compliance_figures'),
        ('policies', '0002_move_versions'),  # its rows moved there first
    ]

    operations = [
        migrations.DeleteModel(
            name='VisitPolicySetting',
        ),
    ]

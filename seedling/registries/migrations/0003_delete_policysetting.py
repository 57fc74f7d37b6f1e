"""The eligibility versions now live in policies.ProvincePolicy (moved there by policies 0002)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('registries', '0002_woman_episodes_details_key'),
        ('policies', '0002_move_versions'),  # its rows moved there first
    ]

    operations = [
        migrations.DeleteModel(
            name='PolicySetting',
        ),
    ]

"""Pre-aggregated visit compliance: a row of figures per village, and the village counting each child.

Pages above a village read these rows by code prefix (LIKE '36%'). As for people 0002, the code
columns are collated "C" on PostgreSQL so that a plain btree serves the prefix (the database's
C.UTF-8 collation does not); SQLite needs no collation. A later AlterField of these columns must
collate them "C" again on PostgreSQL. After migrating, `manage.py refresh_compliance --all` fills
the figures of the villages already filed (the daily job also picks up villages never computed).
"""

import django.db.models.deletion
import django.db.models.manager
from django.db import migrations, models


TABLES = ("visits_compliancefigure", "visits_compliancechild")


def _collate(collation: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        qn = schema_editor.quote_name
        for table in TABLES:
            schema_editor.execute(
                f"ALTER TABLE {qn(table)} ALTER COLUMN division_code TYPE varchar(12) COLLATE {qn(collation)}"
            )

    return run


class Migration(migrations.Migration):

    dependencies = [
        ('people', '0003_woman_scope_keyset_c_collation'),
        ('visits', '0003_visitor_name'),
    ]

    operations = [
        migrations.CreateModel(
            name='ComplianceChild',
            fields=[
                ('child', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='+', serialize=False, to='people.child')),
                ('division_code', models.CharField(max_length=12, verbose_name='division code')),
                ('waiting_since', models.DateField(blank=True, null=True)),
            ],
            options={
                'base_manager_name': 'unscoped',
                'default_manager_name': 'unscoped',
                'indexes': [models.Index(fields=['division_code'], name='compliance_child_village'), models.Index(condition=models.Q(('waiting_since__isnull', False)), fields=['waiting_since', 'division_code', 'child'], name='compliance_alarm')],
            },
            managers=[
                ('unscoped', django.db.models.manager.Manager()),
            ],
        ),
        migrations.CreateModel(
            name='ComplianceFigure',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('division_code', models.CharField(max_length=12, verbose_name='division code')),
                ('as_of', models.DateField()),
                ('valid_until', models.DateField()),
                ('high_children', models.PositiveIntegerField(default=0)),
                ('high_compliant', models.PositiveIntegerField(default=0)),
                ('high_due', models.PositiveIntegerField(default=0)),
                ('high_overdue', models.PositiveIntegerField(default=0)),
                ('high_alarms', models.PositiveIntegerField(default=0)),
                ('medium_children', models.PositiveIntegerField(default=0)),
                ('medium_compliant', models.PositiveIntegerField(default=0)),
                ('medium_due', models.PositiveIntegerField(default=0)),
                ('medium_overdue', models.PositiveIntegerField(default=0)),
                ('medium_alarms', models.PositiveIntegerField(default=0)),
                ('low_children', models.PositiveIntegerField(default=0)),
                ('low_compliant', models.PositiveIntegerField(default=0)),
                ('low_due', models.PositiveIntegerField(default=0)),
                ('low_overdue', models.PositiveIntegerField(default=0)),
                ('low_alarms', models.PositiveIntegerField(default=0)),
                ('in_difficulty', models.PositiveIntegerField(default=0)),
                ('paired', models.PositiveIntegerField(default=0)),
            ],
            options={
                'base_manager_name': 'unscoped',
                'default_manager_name': 'unscoped',
                'indexes': [models.Index(fields=['valid_until'], name='compliance_valid_until')],
                'constraints': [models.UniqueConstraint(fields=('division_code',), name='compliance_one_per_village')],
            },
            managers=[
                ('unscoped', django.db.models.manager.Manager()),
            ],
        ),
        migrations.RunPython(_collate("C"), _collate("default"), elidable=False),
    ]

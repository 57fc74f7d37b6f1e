"""Collate the code columns of a round's files and figures "C" on PostgreSQL, as people's tables
(people 0002): the prefix LIKE of a board or a list then uses the btree on (round, code). SQLite needs
no collation. A later AlterField of these columns must collate them "C" again on PostgreSQL."""

from django.db import migrations, models

_COLUMNS = (("RoundFile", "division_code"), ("RoundTally", "village_code"))


def _collate(collation: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        qn = schema_editor.quote_name
        for model, column in _COLUMNS:
            table = qn(apps.get_model("verification", model)._meta.db_table)
            schema_editor.execute(
                f"ALTER TABLE {table} ALTER COLUMN {column} TYPE varchar(12) COLLATE {qn(collation)}"
            )

    return run


class Migration(migrations.Migration):
    dependencies = [("verification", "0001_initial")]

    operations = [
        migrations.RemoveIndex(model_name="roundfile", name="roundfile_scope"),
        migrations.RemoveConstraint(model_name="roundtally", name="one_tally_per_round_village"),
        migrations.RunPython(_collate("C"), _collate("default"), elidable=False),
        migrations.AddIndex(
            model_name="roundfile",
            index=models.Index(fields=["round", "division_code", "id"], name="roundfile_scope"),
        ),
        migrations.AddConstraint(
            model_name="roundtally",
            constraint=models.UniqueConstraint(fields=["round", "village_code"], name="one_tally_per_round_village"),
        ),
    ]

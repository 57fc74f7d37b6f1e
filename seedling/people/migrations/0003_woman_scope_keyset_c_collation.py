"""The same one-index keyset for left-behind women as 0002 gives children (see its docstring)."""

from django.db import migrations, models


def _collate(collation: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        qn = schema_editor.quote_name
        table = qn(apps.get_model("people", "Woman")._meta.db_table)
        schema_editor.execute(
            f"ALTER TABLE {table} ALTER COLUMN division_code TYPE varchar(12) COLLATE {qn(collation)}"
        )

    return run


class Migration(migrations.Migration):
    dependencies = [("people", "0002_child_scope_keyset_c_collation")]

    operations = [
        migrations.RemoveIndex(model_name="woman", name="woman_scope_keyset"),
        migrations.RunPython(_collate("C"), _collate("default"), elidable=False),
        migrations.AddIndex(
            model_name="woman",
            index=models.Index(fields=["division_code", "id"], name="woman_scope_keyset"),
        ),
    ]

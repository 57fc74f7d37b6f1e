"""One index for a page of children: scope (LIKE 'prefix%'), keyset and ORDER BY division_code, id.

The varchar_pattern_ops index of 0001 served the LIKE but not the order (another operator family),
so PostgreSQL read, joined and sorted every row of the scope for each page: 0.4 s per page for a
county of 42,000 children (bench/children_list.py). With the column collated "C", a plain btree
serves all three, and a page reads 51 index entries. Division codes are ASCII digits, so "C" orders
them exactly as any other collation does. SQLite has no "C" collation and needs none: the collation
step runs on PostgreSQL only. The model does not declare the collation (SQLite would refuse it), so
a later AlterField of division_code must collate it "C" again on PostgreSQL.
"""

from django.db import migrations, models


def _collate(collation: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        qn = schema_editor.quote_name
        table = qn(apps.get_model("people", "Child")._meta.db_table)
        schema_editor.execute(
            f"ALTER TABLE {table} ALTER COLUMN division_code TYPE varchar(12) COLLATE {qn(collation)}"
        )

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0001_initial"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="child", name="child_scope_keyset"),
        migrations.RunPython(_collate("C"), _collate("default"), elidable=False),
        migrations.AddIndex(
            model_name="child",
            index=models.Index(fields=["division_code", "id"], name="child_scope_keyset"),
        ),
    ]

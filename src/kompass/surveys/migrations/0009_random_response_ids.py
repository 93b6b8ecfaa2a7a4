"""Responses and free-text answers get random ids instead of running numbers, and a
`counted` flag takes the place of the highest counted id (which needs ordered ids).
Rows stored before get new random ids here, so their old order is gone too; the counts
are recounted when next read."""

import secrets

from django.db import migrations, models

import kompass.surveys.models

BATCH = 5000


def _new_ids(count: int, old: set[int]) -> list[int]:
    ids: set[int] = set()
    while len(ids) < count:
        value = secrets.randbelow(2**63 - 1) + 1
        if value not in old:
            ids.add(value)
    return list(ids)


def renumber(apps, schema_editor):
    respondent = apps.get_model("surveys", "Respondent")._meta.db_table
    comment = apps.get_model("surveys", "Comment")._meta.db_table
    state = apps.get_model("surveys", "CountsState")
    with schema_editor.connection.cursor() as cursor:
        for table, references in ((respondent, [(comment, "respondent_id")]), (comment, [])):
            cursor.execute(f"SELECT id FROM {table}")
            old = [row[0] for row in cursor.fetchall()]
            pairs = list(zip(_new_ids(len(old), set(old)), old, strict=True))
            for start in range(0, len(pairs), BATCH):
                chunk = pairs[start : start + BATCH]
                cursor.executemany(f"UPDATE {table} SET id = %s WHERE id = %s", chunk)
                for other, column in references:
                    cursor.executemany(
                        f"UPDATE {other} SET {column} = %s WHERE {column} = %s", chunk
                    )
    state.objects.update(layout="", respondents=0)


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0008_wave_report_files"),
    ]

    operations = [
        migrations.AlterField(
            model_name="respondent",
            name="id",
            field=models.BigIntegerField(
                default=kompass.surveys.models.random_id,
                editable=False,
                primary_key=True,
                serialize=False,
            ),
        ),
        migrations.AlterField(
            model_name="comment",
            name="id",
            field=models.BigIntegerField(
                default=kompass.surveys.models.random_id,
                editable=False,
                primary_key=True,
                serialize=False,
            ),
        ),
        migrations.AddField(
            model_name="respondent",
            name="counted",
            field=models.BooleanField(db_default=False, default=False),
        ),
        migrations.RemoveField(model_name="countsstate", name="last_id"),
        migrations.AddField(
            model_name="countsstate",
            name="version",
            field=models.PositiveBigIntegerField(default=0),
        ),
        migrations.AddIndex(
            model_name="respondent",
            index=models.Index(
                condition=models.Q(("counted", False)),
                fields=["survey"],
                name="respondent_uncounted",
            ),
        ),
        migrations.RunPython(renumber, migrations.RunPython.noop),
    ]

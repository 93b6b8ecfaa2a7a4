"""When a wave was closed: retention of its recipient lists and free-text answers counts
from then. Waves closed before this was recorded count from the day of the upgrade."""

from django.db import migrations, models
from django.utils import timezone


def closed_now(apps, schema_editor):
    apps.get_model("surveys", "Wave").objects.filter(closed=True).update(closed_at=timezone.now())


class Migration(migrations.Migration):
    dependencies = [("surveys", "0004_submitted_draft")]

    operations = [
        migrations.AddField(
            model_name="wave",
            name="closed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="stängd den"),
        ),
        migrations.RunPython(closed_now, migrations.RunPython.noop),
    ]

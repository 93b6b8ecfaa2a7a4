from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("indicators", "0002_indicator_measures")]

    operations = [
        migrations.AddField(
            model_name="metric",
            name="auto_decimals",
            field=models.BooleanField(default=False, verbose_name="decimaler efter värdena"),
        ),
    ]

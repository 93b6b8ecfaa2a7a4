"""A wave's results are computed and shown only once it has closed (until then only its
respondents are counted), and closing is for good. Waves whose last day has passed are
closed; so are waves without a closing date that never took answers on the web (no
links, no personal invitations: imported data). Waves that may still take web answers
stay open until their owner closes them."""

import datetime

from django.db import migrations, models


def close_finished_waves(apps, schema_editor):
    Wave = apps.get_model("surveys", "Wave")
    AnswerLink = apps.get_model("surveys", "AnswerLink")
    PersonalInvitation = apps.get_model("surveys", "PersonalInvitation")
    today = datetime.date.today()
    Wave.objects.filter(closes__lt=today).update(closed=True)
    on_web = set(AnswerLink.objects.values_list("wave_id", flat=True)) | set(
        PersonalInvitation.objects.values_list("wave_id", flat=True)
    )
    Wave.objects.filter(closes__isnull=True).exclude(pk__in=on_web).update(closed=True)


class Migration(migrations.Migration):
    dependencies = [("surveys", "0002_privacy_and_cleanup")]

    operations = [
        migrations.AddField(
            model_name="wave",
            name="closed",
            field=models.BooleanField(default=False, verbose_name="stängd"),
        ),
        migrations.RunPython(close_finished_waves, migrations.RunPython.noop),
    ]

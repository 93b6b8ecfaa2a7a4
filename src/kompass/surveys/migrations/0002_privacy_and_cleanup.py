"""Nothing stored ties answers to a person any more:

- drafts of personal invitations were linked to the invitation (and so to the
  recipient's name); they are now found by another hash of the token, which cannot be
  computed for the drafts saved before, so those are deleted (their holders answer anew);
- imported respondent ids were stored as given; they are replaced by the keyed hash the
  import now stores (same computation as `kompass.surveys.domain.privacy`, written out
  here so that this migration keeps working if that module changes).

Also drops `Survey.split_attribute` (the split is read from the attributes) and names
`AnswerLink.active` (a link can now be closed).
"""

import hashlib
import hmac

from django.conf import settings
from django.db import migrations, models

BATCH = 2000


def delete_personal_drafts(apps, schema_editor):
    apps.get_model("surveys", "Draft").objects.filter(invitation__isnull=False).delete()


def hash_imported_keys(apps, schema_editor):
    Respondent = apps.get_model("surveys", "Respondent")
    Wave = apps.get_model("surveys", "Wave")
    secret = hashlib.sha256(
        b"kompass.surveys.respondent-key\x1f" + settings.SECRET_KEY.encode("utf-8")
    ).digest()
    waves = dict(Wave.objects.values_list("pk", "code"))
    rows = Respondent.objects.filter(source="i").only("pk", "survey_id", "wave_id", "key")
    batch = []
    for respondent in rows.order_by("pk").iterator(chunk_size=BATCH):
        base = hmac.new(secret, f"{respondent.survey_id}\x1f".encode(), hashlib.sha256)
        base.update(f"{waves[respondent.wave_id]}\x1f{respondent.key}".encode())
        respondent.key = base.hexdigest()[:32]
        batch.append(respondent)
        if len(batch) >= BATCH:
            Respondent.objects.bulk_update(batch, ["key"])
            batch = []
    if batch:
        Respondent.objects.bulk_update(batch, ["key"])


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(delete_personal_drafts, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name="draft",
            name="invitation",
        ),
        migrations.RemoveField(
            model_name="survey",
            name="split_attribute",
        ),
        migrations.AlterField(
            model_name="answerlink",
            name="active",
            field=models.BooleanField(default=True, verbose_name="öppen"),
        ),
        migrations.RunPython(hash_imported_keys, migrations.RunPython.noop),
    ]

"""The evaluation's own audit table becomes part of the one audit trail (kompass.audit).

Every row is copied with its time, user, field, before and after: the field's label
becomes the key of `before`/`after`, a bulleted list becomes a list again, "skapad"
becomes a creation, "status" a status change and "import" an import. The text of notes
("underlag ...") is not copied, only its length: notes from interviews stay with the
evaluators, and the trail never held them again after this change.
"""

from django.db import migrations


def _value(text):
    if text is None or text == "":
        return ""
    lines = text.split("\n")
    if all(line.startswith("• ") for line in lines):
        return [line[2:] for line in lines]
    return text


def copy_entries(apps, schema_editor):
    Old = apps.get_model("evaluations", "AuditEntry")
    New = apps.get_model("audit", "AuditEntry")
    labels = {}
    batch = []
    for old in Old.objects.select_related("user", "evaluation").order_by("pk").iterator():
        evaluation = old.evaluation
        if evaluation.pk not in labels:
            organisation = apps.get_model("organisations", "Organisation").objects.get(
                pk=evaluation.organisation_id
            )
            framework = apps.get_model("frameworks", "Framework").objects.get(
                pk=evaluation.framework_id
            )
            labels[evaluation.pk] = (
                f"{organisation.name} {evaluation.date:%Y} ({framework.name})"
            )
        if old.user is not None:
            full = f"{old.user.first_name} {old.user.last_name}".strip()
            who, via = (f"{full} ({old.user.username})" if full else old.user.username), "user"
        else:
            who, via = "kommandoraden", "cli"
        before, after = _value(old.before), _value(old.after)
        action = "update"
        if old.field == "skapad":
            action, before, after = "create", {}, {"utvärdering": after}
        elif old.field == "import":
            action, before, after = "import", {}, {"fil": after}
        else:
            if old.field == "status":
                action = "status"
            if old.field.startswith("underlag "):
                before = {"redacted": True, "characters": len(old.before)} if old.before else ""
                after = {"redacted": True, "characters": len(old.after)} if old.after else ""
            before, after = {old.field: before}, {old.field: after}
        batch.append(
            New(
                at=old.at,
                user_id=old.user_id,
                who=who[:200],
                via=via,
                action=action,
                object_kind="evaluations.evaluation",
                object_id=str(evaluation.pk),
                object_label=labels[evaluation.pk][:300],
                root_kind="evaluations.evaluation",
                root_id=str(evaluation.pk),
                organisation_id=evaluation.organisation_id,
                before=before,
                after=after,
            )
        )
        if len(batch) >= 1000:
            New.objects.bulk_create(batch)
            batch = []
    New.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [
        ("evaluations", "0001_initial"),
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(copy_entries, migrations.RunPython.noop),
        migrations.DeleteModel(name="AuditEntry"),
    ]

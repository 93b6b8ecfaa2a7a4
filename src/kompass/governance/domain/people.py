"""A person's data in one place: find them, export everything the database holds about
them as JSON, erase them.

Finding: the models apps registered as people (`kompass.core.people`), matched on the
fields they named (case-insensitive, whole value). Exporting: the person's own row, then
every row of every model that points at it (foreign key, one-to-one, many-to-many),
found by walking Django's model metadata, so a new model is covered without changes
here; and the trail's entries about the row. Secrets (password hashes, key digests,
token hashes, session values) are left out; binary values are given as their size.
Erasing: the app's function for the row (anonymise or delete), with an entry in the
trail; the export and the erasure are recorded as well (who asked, about which row,
never the data).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from kompass.audit import trail
from kompass.audit.models import AuditEntry
from kompass.core import people

SECRET_FIELDS = {"password", "digest", "token_hash", "session_generation", "token", "secret"}


@dataclass(frozen=True)
class Found:
    kind: str
    label: str  # model label
    pk: str
    name: str

    @property
    def key(self) -> str:
        return f"{self.label}:{self.pk}"


def find(query: str) -> list[Found]:
    """Rows that are a person matching `query` (a user name, an e-mail address, a name)."""
    query = (query or "").strip()
    if not query:
        return []
    out = []
    for registered in people.person_models():
        model = apps.get_model(registered.label)
        condition = Q()
        for field in registered.match:
            condition |= Q(**{f"{field}__iexact": query})
        for row in model.objects.filter(condition)[:50]:
            out.append(Found(registered.kind, registered.label, str(row.pk), str(row)))
    return out


def get_row(key: str):
    """The person row for "label:pk", only of a registered person model."""
    label, _sep, pk = key.partition(":")
    registered = people.person_model(label)
    if registered is None or not pk:
        raise LookupError(f"”{key}” är ingen person (SLAG:ID, t.ex. accounts.user:12)")
    row = apps.get_model(registered.label).objects.filter(pk=pk).first()
    if row is None:
        raise LookupError(f"det finns ingen {registered.label} med id {pk}")
    return registered, row


def row_data(row: models.Model) -> dict:
    """A row's fields as JSON, secrets left out."""
    out = {}
    for field in row._meta.concrete_fields:
        if field.name in SECRET_FIELDS:
            continue
        if isinstance(field, models.BinaryField):
            value = getattr(row, field.attname)
            out[field.name] = f"({len(bytes(value or b''))} byte)"
        elif field.is_relation:
            out[field.name] = trail.jsonable(getattr(row, field.attname))
        else:
            out[field.name] = trail.jsonable(getattr(row, field.attname))
    return out


def referring_rows(row: models.Model):
    """(model label, field name, row) for every row of every model that points at `row`."""
    target = row._meta.concrete_model
    for model in apps.get_models():
        if model._meta.proxy:
            continue
        for field in model._meta.get_fields():
            if not getattr(field, "is_relation", False) or field.auto_created:
                continue
            related = getattr(field, "related_model", None)
            if related is None or related._meta.concrete_model is not target:
                continue
            if field.many_to_many or field.many_to_one or field.one_to_one:
                if not field.concrete and not field.many_to_many:
                    continue
                for other in model.objects.filter(**{field.name: row}).distinct():
                    yield model._meta.label_lower, field.name, other


def export(key: str, *, user) -> dict:
    """Everything the database holds about the person `key` ("accounts.user:12")."""
    registered, row = get_row(key)
    references = []
    seen = set()
    for label, field, other in referring_rows(row):
        if (label, other.pk, field) in seen:
            continue
        seen.add((label, other.pk, field))
        references.append(
            {"model": label, "id": trail.jsonable(other.pk), "via": field, "data": row_data(other)}
        )
    about = AuditEntry.objects.filter(
        Q(object_kind=registered.label, object_id=str(row.pk))
        | Q(root_kind=registered.label, root_id=str(row.pk))
    ).exclude(action__in=(trail.Action.EXPORT,))
    for entry in about:
        if ("audit.auditentry", entry.pk, "object") in seen or (
            "audit.auditentry",
            entry.pk,
            "user",
        ) in seen:
            continue
        seen.add(("audit.auditentry", entry.pk, "object"))
        references.append(
            {"model": "audit.auditentry", "id": entry.pk, "via": "object", "data": row_data(entry)}
        )
    trail.record_change(
        user=user,
        obj=row,
        action=trail.Action.EXPORT,
        after={"rader": 1 + len(references)},
    )
    return {
        "format": "kompass-person/1",
        "exported_at": timezone.now().isoformat(),
        "person": {
            "kind": registered.kind,
            "model": registered.label,
            "id": trail.jsonable(row.pk),
            "data": row_data(row),
        },
        "references": references,
    }


@transaction.atomic
def erase(key: str, *, user) -> str:
    """Erase the person `key` with the app's own function (default: delete the row)."""
    registered, row = get_row(key)
    if registered.erase is not None:
        return registered.erase(row, user)
    trail.record_change(user=user, obj=row, action=trail.Action.ERASE, after={"raderad": True})
    row.delete()
    return "raderad"

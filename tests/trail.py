"""Reading the audit trail in tests: what an object's entries say about one field."""

from kompass.audit.models import AuditEntry


def entries_of(obj, **filters):
    """The entries whose object is `obj` (a model instance), oldest first."""
    return AuditEntry.objects.filter(
        object_kind=obj._meta.label_lower, object_id=str(obj.pk), **filters
    ).order_by("at", "pk")


def history(obj, field: str) -> list[tuple]:
    """(user, before, after) of every entry of `obj` that changed `field`."""
    return [
        (e.user, e.before.get(field, ""), e.after.get(field, ""))
        for e in entries_of(obj)
        if field in e.before or field in e.after
    ]

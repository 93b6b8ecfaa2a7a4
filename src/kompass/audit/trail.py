"""Recording changes: the one mechanism every domain function uses.

    from kompass.audit import trail

    trail.created(user=user, obj=indicator)
    with trail.changing(user=user, obj=indicator):
        indicator.name = name
        indicator.save()
    trail.deleted(user=user, obj=indicator)          # before the row goes
    trail.record_change(user=user, obj=wave, action="close",
                        before={"stängd": False}, after={"stängd": True})

Call it inside the domain function's transaction, after validation: a refused change
records nothing and a stored change is never without its entry. `snapshot()` reads a
model instance's fields as JSON (a foreign key as the label of what it points to, a
decimal as text, a date in ISO form); `changes()` keeps only what differs, down to the
keys of nested JSON.
"""

from __future__ import annotations

import contextlib
import datetime
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import models

from kompass.audit.actor import current
from kompass.audit.kinds import ALWAYS_EXCLUDED, Kind, kind_for
from kompass.audit.models import AuditEntry

Action = AuditEntry.Action


@dataclass(frozen=True)
class ObjectRef:
    """An object that is not (or no longer) a model instance: a deleted row, a whole
    import. `kind` is a model label ("indicators.value") or a name of its own."""

    kind: str
    id: Any
    label: str
    organisation_id: int | None = None


class NeverRecorded(ValueError):
    """An attempt to put survey answers or free-text answers into the trail."""


def jsonable(value: Any) -> Any:
    """A value as JSON: decimals and UUIDs as text, dates in ISO form, model instances
    as their label, containers recursively."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value.is_finite() else str(value)
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [jsonable(v) for v in value]
        return sorted(items, key=str) if isinstance(value, (set, frozenset)) else items
    if isinstance(value, (bytes, memoryview)):
        return f"({len(bytes(value))} byte)"
    return str(value)


def snapshot(obj: models.Model, fields: tuple[str, ...] | None = None, *, m2m=()) -> dict:
    """The fields of `obj` as JSON, by field name. Foreign keys give the label of what
    they point to; `m2m` names many-to-many fields to include (as sorted labels)."""
    kind = kind_for(obj._meta.label_lower)
    out: dict[str, Any] = {}
    for f in obj._meta.concrete_fields:
        if fields is not None and f.name not in fields:
            continue
        if fields is None and (f.name in ALWAYS_EXCLUDED or f.primary_key):
            continue
        if f.name in kind.exclude or isinstance(f, models.BinaryField):
            continue
        if f.is_relation:
            if getattr(obj, f.attname) is None:
                out[f.name] = None
            else:
                out[f.name] = str(getattr(obj, f.name))
        else:
            out[f.name] = jsonable(getattr(obj, f.attname))
    for name in m2m:
        out[name] = sorted(str(o) for o in getattr(obj, name).all())
    return out


def _flatten(value: Any, prefix: str, out: dict) -> None:
    if isinstance(value, dict) and value:
        for key, inner in value.items():
            _flatten(inner, f"{prefix}.{key}" if prefix else str(key), out)
    else:
        out[prefix] = value


def changes(before: dict, after: dict) -> tuple[dict, dict]:
    """Only what differs. Nested dictionaries (JSON fields) are compared key by key and
    named with dotted paths ("data.assumptions.rate"); lists are compared whole."""
    flat_before: dict = {}
    flat_after: dict = {}
    for key in before.keys() | after.keys():
        b, a = before.get(key), after.get(key)
        if isinstance(b, dict) and isinstance(a, dict):
            _flatten(b, key, flat_before)
            _flatten(a, key, flat_after)
        else:
            flat_before[key], flat_after[key] = b, a
    changed = sorted(
        k for k in flat_before.keys() | flat_after.keys() if flat_before.get(k) != flat_after.get(k)
    )
    return (
        {k: flat_before[k] for k in changed if k in flat_before},
        {k: flat_after[k] for k in changed if k in flat_after},
    )


def redacted(value: Any) -> dict:
    """What the trail keeps of a redacted field: that it had a value, and its length."""
    text = "" if value is None else str(value)
    return {"redacted": True, "characters": len(text)}


def _redact(values: dict, kind: Kind) -> dict:
    out = {}
    for key, value in values.items():
        if key.split(".", 1)[0] in kind.redact and value not in (None, "", [], {}):
            out[key] = redacted(value)
        else:
            out[key] = value
    return out


def _identity(obj) -> tuple[str, str, str, int | None]:
    if isinstance(obj, ObjectRef):
        return obj.kind.lower(), str(obj.id), obj.label, obj.organisation_id
    kind = kind_for(obj._meta.label_lower)
    organisation_id = None
    if kind.organisation is not None:
        organisation_id = kind.organisation(obj)
    elif hasattr(obj, "organisation_id"):
        organisation_id = obj.organisation_id
    name = kind.name(obj) if kind.name is not None else str(obj)
    return obj._meta.label_lower, str(obj.pk), name, organisation_id


def record_change(
    *,
    user,
    obj,
    action: str,
    before: dict | None = None,
    after: dict | None = None,
    label: str | None = None,
    root=None,
    organisation_id: int | None = None,
) -> AuditEntry | None:
    """Store one entry. For an update only the changed fields are kept, and nothing is
    stored when nothing changed (None is returned)."""
    kind_label = obj.kind.lower() if isinstance(obj, ObjectRef) else obj._meta.label_lower
    kind = kind_for(kind_label)
    if kind.never:
        raise NeverRecorded(f"{kind_label} förs aldrig in i ändringsloggen")
    before = jsonable(before or {})
    after = jsonable(after or {})
    if action == Action.UPDATE:
        before, after = changes(before, after)
        if not before and not after:
            return None
    object_kind, object_id, object_label, own_organisation = _identity(obj)
    if root is None and kind.root is not None and not isinstance(obj, ObjectRef):
        root = kind.root(obj)
    if root is not None:
        root_kind, root_id, _root_label, root_organisation = _identity(root)
    else:
        root_kind, root_id, root_organisation = object_kind, object_id, None
    actor = current(user)
    return AuditEntry.objects.create(
        user=actor.user,
        who=actor.who[:200],
        via=actor.via,
        action=action,
        object_kind=object_kind,
        object_id=object_id[:64],
        object_label=(label or object_label)[:300],
        root_kind=root_kind,
        root_id=root_id[:64],
        organisation_id=organisation_id or own_organisation or root_organisation,
        before=_redact(before, kind),
        after=_redact(after, kind),
        about_person=kind.about_person,
    )


def created(*, user, obj, m2m=(), **extra) -> AuditEntry | None:
    """A new object: its fields as they were stored."""
    return record_change(
        user=user, obj=obj, action=Action.CREATE, after=snapshot(obj, m2m=m2m), **extra
    )


def deleted(*, user, obj, m2m=(), **extra) -> AuditEntry | None:
    """An object about to be deleted (call it before `delete()`: the id is still known)."""
    return record_change(
        user=user, obj=obj, action=Action.DELETE, before=snapshot(obj, m2m=m2m), **extra
    )


class _Change:
    def __init__(self):
        self.skip = False
        self.extra_before: dict = {}
        self.extra_after: dict = {}

    def note(self, name: str, before: Any, after: Any) -> None:
        """Add a change that is not a field of the object (a list of partners)."""
        self.extra_before[name] = before
        self.extra_after[name] = after


@contextlib.contextmanager
def changing(
    *, user, obj, fields: tuple[str, ...] | None = None, m2m=(), action=Action.UPDATE, **extra
):
    """Record what the block changes in `obj` (compared field by field on exit). An
    exception in the block records nothing."""
    before = snapshot(obj, fields, m2m=m2m)
    change = _Change()
    yield change
    if change.skip:
        return
    after = snapshot(obj, fields, m2m=m2m)
    before.update(change.extra_before)
    after.update(change.extra_after)
    if action != Action.UPDATE:
        before, after = changes(jsonable(before), jsonable(after))
        if not before and not after:
            return
    record_change(user=user, obj=obj, action=action, before=before, after=after, **extra)

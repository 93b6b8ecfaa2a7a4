"""Reading the audit trail: the entries of an object or an organisation, filtered by
kind of object, person, action and dates, as rows for the pages and the export and as
JSON for `kompass audit list`."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from kompass.audit.models import AuditEntry


@dataclass(frozen=True)
class TrailFilter:
    kind: str = ""
    user_id: int | None = None
    action: str = ""
    since: datetime.date | None = None
    until: datetime.date | None = None

    def apply(self, qs: QuerySet) -> QuerySet:
        if self.kind:
            qs = qs.filter(object_kind=self.kind)
        if self.user_id is not None:
            qs = qs.filter(user_id=self.user_id)
        if self.action:
            qs = qs.filter(action=self.action)
        if self.since is not None:
            qs = qs.filter(at__gte=_start_of(self.since))
        if self.until is not None:
            qs = qs.filter(at__lt=_start_of(self.until + datetime.timedelta(days=1)))
        return qs


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def object_entries(kind: str, object_id: str) -> QuerySet:
    """Changes of the object and of what belongs to it (a survey's waves)."""
    return AuditEntry.objects.filter(
        Q(root_kind=kind, root_id=object_id) | Q(object_kind=kind, object_id=object_id)
    ).select_related("user")


def organisation_entries(organisation) -> QuerySet:
    return AuditEntry.objects.filter(organisation=organisation).select_related("user")


def kind_name(kind: str) -> str:
    """ "Utvärdering" for "evaluations.evaluation"; the kind itself when no model has it."""
    try:
        model = apps.get_model(kind)
    except (LookupError, ValueError):
        return kind
    return str(model._meta.verbose_name).capitalize()


def kind_choices(qs: QuerySet) -> list[tuple[str, str]]:
    kinds = qs.order_by().values_list("object_kind", flat=True).distinct()
    return sorted(((k, kind_name(k)) for k in kinds), key=lambda pair: pair[1])


def person_choices(qs: QuerySet) -> list[tuple[int, str]]:
    rows = qs.exclude(user=None).order_by().values_list("user_id", "who").distinct()
    seen: dict[int, str] = {}
    for user_id, who in rows:
        seen.setdefault(user_id, who)
    return sorted(seen.items(), key=lambda pair: pair[1].lower())


def _field_name(kind: str, key: str) -> str:
    head, _, rest = key.partition(".")
    try:
        field = apps.get_model(kind)._meta.get_field(head)
    except (LookupError, ValueError, Exception):
        return key
    name = str(field.verbose_name) if hasattr(field, "verbose_name") else head
    return f"{name}.{rest}" if rest else name


def show_value(value) -> str:
    """A value as the page and the export show it."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("ja") if value else _("nej")
    if isinstance(value, dict) and value.get("redacted"):
        return _("(text som inte sparas i loggen, %(n)s tecken)") % {
            "n": value.get("characters", 0)
        }
    if isinstance(value, list):
        return "\n".join(f"• {show_value(v)}" for v in value) or "–"
    if isinstance(value, dict):
        return "\n".join(f"{k}: {show_value(v)}" for k, v in value.items())
    return str(value)


@dataclass(frozen=True)
class FieldChange:
    name: str
    before: str
    after: str


def field_changes(entry: AuditEntry) -> list[FieldChange]:
    keys = list(dict.fromkeys([*entry.before.keys(), *entry.after.keys()]))
    return [
        FieldChange(
            _field_name(entry.object_kind, key),
            show_value(entry.before.get(key)) if key in entry.before else "–",
            show_value(entry.after.get(key)) if key in entry.after else "–",
        )
        for key in keys
    ]


def entry_json(entry: AuditEntry) -> dict:
    """One entry as `kompass audit list --format json` prints it."""
    return {
        "id": entry.pk,
        "when": timezone.localtime(entry.at).isoformat(),
        "who": entry.who,
        "user": entry.user.username if entry.user_id and entry.user else None,
        "via": entry.via,
        "object": {"kind": entry.object_kind, "id": entry.object_id, "label": entry.object_label},
        "within": None
        if (entry.root_kind, entry.root_id) == (entry.object_kind, entry.object_id)
        else {"kind": entry.root_kind, "id": entry.root_id},
        "organisation": entry.organisation.code or entry.organisation.name
        if entry.organisation_id
        else None,
        "action": entry.action,
        "before": entry.before,
        "after": entry.after,
    }


EXPORT_HEADER = (
    "när",
    "vem",
    "via",
    "händelse",
    "slag",
    "id",
    "objekt",
    "organisation",
    "fält",
    "före",
    "efter",
)


def export_rows(qs: QuerySet):
    """One row per changed field (an entry without fields gives one row)."""
    for entry in qs.select_related("organisation").iterator(chunk_size=500):
        common = [
            timezone.localtime(entry.at).strftime("%Y-%m-%d %H:%M:%S"),
            entry.who,
            entry.get_via_display(),
            entry.get_action_display(),
            kind_name(entry.object_kind),
            entry.object_id,
            entry.object_label,
            entry.organisation.name if entry.organisation_id else "",
        ]
        changes = field_changes(entry) or [FieldChange("", "", "")]
        for change in changes:
            yield [*common, change.name, change.before, change.after]

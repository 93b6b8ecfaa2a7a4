"""Figures into a key-ratio table from CSV or XLSX, in one of three layouts:

* long: one row per organisation, metric and year (`organisation;metric;year;value`, with
  optional `unit`, `source`, `note`);
* wide by organisation: one row per organisation, one column per metric;
* wide by metric: one row per metric, one column per organisation (the layout of the
  benchmark table in seed 001).

Everything is checked before anything is stored; one problem anywhere stores nothing.
`store_records` is also how the Kolada import stores what it fetched."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kompass.accounts.access import can_edit
from kompass.audit import trail
from kompass.core.errors import InputError, InputProblem
from kompass.indicators.domain.tabular import Sheet, is_empty, number, read_table
from kompass.indicators.models import ComparabilityNote, Metric, RatioTable, Value
from kompass.lib.problems import Problems
from kompass.organisations.domain.register import OrganisationResolver
from kompass.organisations.models import Organisation

ALIASES = {
    "organisation": {
        "organisation",
        "organization",
        "kommun",
        "kommunkod",
        "kod",
        "org",
        "organisation (kod eller namn)",
    },
    "metric": {"metric", "nyckeltal", "mått", "matt", "nyckel", "key"},
    "year": {"year", "år", "ar"},
    "value": {"value", "värde", "varde"},
    "unit": {"unit", "enhet"},
    "source": {"source", "källa", "kalla"},
    "note": {"note", "anmärkning", "anmarkning", "kommentar", "not"},
}
LAYOUTS = {
    "long": "lång (en rad per organisation, nyckeltal och år)",
    "wide-organisations": "bred (en rad per organisation, en kolumn per nyckeltal)",
    "wide-metrics": "bred (en rad per nyckeltal, en kolumn per organisation)",
}
MAX_PROBLEMS = 200


def _role(key: str) -> str | None:
    for role, names in ALIASES.items():
        if key in names:
            return role
    return None


@dataclass
class ImportResult:
    layout: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    organisations: int = 0
    metrics: int = 0
    years: list[int] = field(default_factory=list)
    new_metrics: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        """What was stored, in the reader's language (the page's message, the CLI)."""
        text = _(
            "%(created)s nya och %(updated)s ändrade värden (%(unchanged)s oförändrade) för "
            "%(organisations)s organisationer och %(metrics)s nyckeltal, år %(years)s."
        ) % {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "organisations": self.organisations,
            "metrics": self.metrics,
            "years": ", ".join(str(y) for y in self.years),
        }
        if self.new_metrics:
            text += " " + _("Nya nyckeltal: %(names)s.") % {"names": ", ".join(self.new_metrics)}
        return text


@dataclass
class Record:
    line: int
    column: str
    organisation: Organisation
    metric: Metric | str  # str: a metric to create
    year: int
    value: float
    unit: str = ""
    source: str = ""
    note: str = ""


def detect_layout(sheet: Sheet) -> str:
    roles = [_role(k) for k in sheet.keys]
    if "organisation" in roles and "metric" in roles and "value" in roles:
        return "long"
    if roles and roles[0] == "metric":
        return "wide-metrics"
    if roles and roles[0] == "organisation":
        return "wide-organisations"
    raise InputError(
        [
            InputProblem(
                _(
                    "rubrikraden känns inte igen: använd organisation;metric;year;value (lång "
                    "form), organisation följt av ett nyckeltal per kolumn, eller metric följt "
                    "av en organisation per kolumn (bred form)"
                ),
                file=sheet.filename,
                line=1,
            )
        ]
    )


def _year(value, fallback: int | None) -> int:
    if is_empty(value):
        if fallback is None:
            raise ValueError(_("året saknas (kolumnen year/år eller --year)"))
        return fallback
    text = str(value).strip()
    if text.endswith(".0"):
        text = text[:-2]
    if not text.isdigit() or not 1900 <= int(text) <= 2200:
        raise ValueError(_("”%(value)s” är inget år") % {"value": value})
    return int(text)


def import_values(
    *,
    table: RatioTable,
    data: bytes,
    filename: str = "",
    user=None,
    year: int | None = None,
    create_metrics: bool = False,
    source: str = "",
) -> ImportResult:
    """Import figures into `table`; all or nothing."""
    if user is not None and not can_edit(user, table):
        raise PermissionDenied(_("du får inte ändra tabellen"))
    sheet = read_table(data, filename)
    if not sheet.rows:
        raise InputError([InputProblem(_("filen har en rubrikrad men inga värden"), file=filename)])
    layout = detect_layout(sheet)
    problems = Problems(filename, limit=MAX_PROBLEMS, more=_("… och {count} problem till"))
    resolver = OrganisationResolver()
    metrics = list(table.metrics.all())
    by_ref: dict[str, Metric] = {}
    for m in metrics:
        by_ref[m.key.casefold()] = m
        by_ref.setdefault(m.name.casefold(), m)

    add = problems.add

    def metric_for(ref: str, *, row=None, column="") -> Metric | str | None:
        text = str(ref).strip()
        found = by_ref.get(text.casefold())
        if found is not None:
            if found.is_derived:
                add(
                    _("”%(name)s” beräknas ur andra nyckeltal och kan inte importeras")
                    % {"name": found.name},
                    row=row,
                    column=column,
                )
                return None
            return found
        if create_metrics and text:
            return text
        known = ", ".join(m.key for m in metrics if not m.is_derived) or _("inga ännu")
        add(
            _("okänt nyckeltal ”%(text)s” (kända: %(known)s)") % {"text": text, "known": known},
            row=row,
            column=column,
        )
        return None

    def organisation_for(ref, *, row=None, column="") -> Organisation | None:
        if is_empty(ref):
            add(_("organisationen saknas"), row=row, column=column)
            return None
        try:
            return resolver(str(ref).strip())
        except LookupError as exc:
            add(str(exc), row=row, column=column)
            return None

    records: list[Record] = []
    row_notes: list[tuple] = []  # (organisation, metric, text) of wide rows
    roles = {k: _role(k) for k in sheet.keys}
    column_of = {role: key for key, role in roles.items() if role}

    def cell_value(row, key):
        try:
            return number(row.get(key))
        except ValueError as exc:
            add(str(exc), row=row.line, column=sheet.column_label(key))
            return None

    def row_year(row):
        try:
            return _year(row.get(column_of["year"]) if "year" in column_of else "", year)
        except ValueError as exc:
            add(str(exc), row=row.line, column=sheet.column_label(column_of.get("year", "")))
            return None

    if layout == "long":
        if "year" not in column_of and year is None:
            add(_("kolumnen year (år) saknas; lägg till den eller ange året"))
        for row in sheet.rows:
            org = organisation_for(
                row.get(column_of["organisation"]),
                row=row.line,
                column=sheet.column_label(column_of["organisation"]),
            )
            metric = metric_for(
                row.get(column_of["metric"]),
                row=row.line,
                column=sheet.column_label(column_of["metric"]),
            )
            the_year = row_year(row) if ("year" in column_of or year is not None) else None
            value = cell_value(row, column_of["value"])
            if value is None and is_empty(row.get(column_of["value"])):
                add(_("värdet saknas"), row=row.line, column=sheet.column_label(column_of["value"]))
            if org is None or metric is None or the_year is None or value is None:
                continue
            records.append(
                Record(
                    row.line,
                    sheet.column_label(column_of["value"]),
                    org,
                    metric,
                    the_year,
                    value,
                    str(row.get(column_of.get("unit", ""), "") or "").strip(),
                    str(row.get(column_of.get("source", ""), "") or "").strip() or source,
                    str(row.get(column_of.get("note", ""), "") or "").strip(),
                )
            )
    else:
        first = sheet.keys[0]
        data_columns = [k for k in sheet.keys[1:] if k and roles.get(k) is None]
        if "year" not in column_of and year is None:
            add(_("året saknas: lägg till kolumnen year (år) eller ange året"))
        headers: dict[str, object] = {}
        for key in data_columns:
            label = sheet.column_label(key)
            if layout == "wide-organisations":
                headers[key] = metric_for(label, column=label)
            else:
                headers[key] = organisation_for(label, column=label)
        if not data_columns:
            add(_("filen har inga kolumner med värden"))
        for row in sheet.rows:
            ref = row.get(first)
            head = (
                organisation_for(ref, row=row.line, column=sheet.column_label(first))
                if layout == "wide-organisations"
                else metric_for(ref, row=row.line, column=sheet.column_label(first))
            )
            the_year = row_year(row) if ("year" in column_of or year is not None) else None
            # A comment on a wide row is about the row's organisation (or metric), once:
            # not a note repeated beside every figure of the row.
            comment = str(row.get(column_of.get("note", ""), "") or "").strip()
            if comment and head is not None:
                row_notes.append(
                    (head, None, comment)
                    if layout == "wide-organisations"
                    else (None, head, comment)
                )
            for key in data_columns:
                if is_empty(row.get(key)):
                    continue
                value = cell_value(row, key)
                other = headers.get(key)
                if head is None or other is None or value is None or the_year is None:
                    continue
                org, metric = (head, other) if layout == "wide-organisations" else (other, head)
                records.append(
                    Record(
                        row.line,
                        sheet.column_label(key),
                        org,
                        metric,
                        the_year,
                        value,
                        str(row.get(column_of.get("unit", ""), "") or "").strip(),
                        str(row.get(column_of.get("source", ""), "") or "").strip() or source,
                        "",
                    )
                )

    # Duplicates and units.
    seen: dict[tuple, int] = {}
    units: dict[str, tuple[str, int]] = {}
    for r in records:
        metric_key = r.metric.key if isinstance(r.metric, Metric) else r.metric.casefold()
        key = (r.organisation.pk, metric_key, r.year)
        if key in seen:
            name = r.metric.name if isinstance(r.metric, Metric) else r.metric
            add(
                _("%(organisation)s, %(metric)s %(year)s finns redan på rad %(row)s")
                % {
                    "organisation": r.organisation.name,
                    "metric": name,
                    "year": r.year,
                    "row": seen[key],
                },
                row=r.line,
                column=r.column,
            )
        else:
            seen[key] = r.line
        if r.unit:
            declared = r.metric.unit if isinstance(r.metric, Metric) else ""
            if declared and declared.casefold() != r.unit.casefold():
                add(
                    _("enheten ”%(unit)s” stämmer inte med nyckeltalets enhet ”%(declared)s”")
                    % {"unit": r.unit, "declared": declared},
                    row=r.line,
                    column=r.column,
                )
            elif metric_key in units and units[metric_key][0].casefold() != r.unit.casefold():
                add(
                    _("enheten ”%(unit)s” skiljer sig från ”%(other)s” på rad %(row)s")
                    % {"unit": r.unit, "other": units[metric_key][0], "row": units[metric_key][1]},
                    row=r.line,
                    column=r.column,
                )
            else:
                units.setdefault(metric_key, (r.unit, r.line))
    if not records and not problems:
        add(_("filen innehåller inga värden"))
    problems.raise_if_any()
    return store_records(table, records, units, layout, notes=row_notes)


LOOKUP_BATCH = 500  # metric ids per query when reading what is stored


# Rows per INSERT/UPDATE, one query per batch; Django lowers it to what the database takes
# in one statement (SQLite: 999 parameters, so 166 values of 6 columns).
WRITE_BATCH = 5000


@transaction.atomic
def store_records(
    table: RatioTable, records: list[Record], units: dict, layout: str, *, notes=()
) -> ImportResult:
    """Store checked records in bulk (one query per batch of values). `notes` are
    (organisation, metric, text) comments of whole rows, kept once as comparability notes
    of the table (a text already there is not added again)."""
    result = ImportResult(layout=layout)
    created_metrics: dict[str, Metric] = {}
    order = max([m.order for m in table.metrics.all()] + [0])
    used_keys = set(table.metrics.values_list("key", flat=True))
    for r in records:
        if isinstance(r.metric, str):
            ref = r.metric.casefold()
            if ref not in created_metrics:
                base = slugify(r.metric).replace("-", "_")[:70] or "nyckeltal"
                key, n = base, 2
                while key in used_keys:
                    key, n = f"{base}_{n}", n + 1
                used_keys.add(key)
                order += 1
                created_metrics[ref] = Metric.objects.create(
                    table=table,
                    key=key,
                    name=r.metric.strip(),
                    unit=units.get(ref, ("", 0))[0],
                    order=order,
                    auto_decimals=True,
                )
                result.new_metrics.append(r.metric.strip())
            r.metric = created_metrics[ref]
    for metric_key, (unit, _line) in units.items():
        metric = table.metrics.filter(key=metric_key, unit="").first()
        if metric is not None:
            metric.unit = unit
            metric.save(update_fields=["unit"])
    years = sorted({r.year for r in records})
    # Only the stored values of the metrics and years at hand, as plain tuples: the shared
    # Kolada table holds every KPI ever imported, and loading all of them as model
    # instances for each import made the import quadratic.
    metric_ids = sorted({r.metric.pk for r in records})
    existing: dict[tuple[int, int, int], tuple] = {}
    for start in range(0, len(metric_ids), LOOKUP_BATCH):
        rows = Value.objects.filter(
            metric_id__in=metric_ids[start : start + LOOKUP_BATCH], year__in=years
        ).values_list("organisation_id", "metric_id", "year", "pk", "value", "source", "note")
        for org_id, metric_id, year, pk, value, source, note in rows.iterator(chunk_size=5000):
            existing[(org_id, metric_id, year)] = (pk, value, source, note)
    new, changed = [], []
    for r in records:
        current = existing.get((r.organisation.pk, r.metric.pk, r.year))
        if current is None:
            new.append(
                Value(
                    metric_id=r.metric.pk,
                    organisation_id=r.organisation.pk,
                    year=r.year,
                    value=r.value,
                    source=r.source,
                    note=r.note,
                )
            )
        elif current[1:] != (r.value, r.source, r.note):
            changed.append(Value(pk=current[0], value=r.value, source=r.source, note=r.note))
        else:
            result.unchanged += 1
    Value.objects.bulk_create(new, batch_size=WRITE_BATCH)
    Value.objects.bulk_update(changed, ["value", "source", "note"], batch_size=WRITE_BATCH)
    follow_values(metric_ids)
    if notes:
        present = set(table.notes.values_list("organisation_id", "metric_id", "text"))
        fresh = []
        for organisation, metric, text in notes:
            if isinstance(metric, str):
                metric = created_metrics[metric.casefold()]
            key = (getattr(organisation, "pk", None), getattr(metric, "pk", None), text)
            if key not in present:
                present.add(key)
                fresh.append(
                    ComparabilityNote(
                        table=table, organisation=organisation, metric=metric, text=text
                    )
                )
        ComparabilityNote.objects.bulk_create(fresh)
    table.save(update_fields=["updated_at"])
    # The trail counts what an import stored; the figures themselves stay in the table.
    trail.record_change(
        user=None,
        obj=table,
        action=trail.Action.IMPORT,
        after={"nya_värden": len(new), "ändrade_värden": len(changed), "år": sorted(years)},
    )
    result.created, result.updated = len(new), len(changed)
    result.organisations = len({r.organisation.pk for r in records})
    result.metrics = len({r.metric.pk for r in records})
    result.years = years
    return result


MAX_AUTO_DECIMALS = 3


def follow_values(metric_ids) -> None:
    """Set the decimals of metrics whose decimals nobody chose (`auto_decimals`) to the
    most any of their stored values has (at most 3): one query per metric."""
    from kompass.lib.numbers import decimals_of

    for metric in Metric.objects.filter(pk__in=list(metric_ids), auto_decimals=True):
        shown = 0
        for value in metric.values.values_list("value", flat=True).iterator(chunk_size=5000):
            shown = max(shown, decimals_of(round(value, MAX_AUTO_DECIMALS), MAX_AUTO_DECIMALS))
            if shown == MAX_AUTO_DECIMALS:
                break
        if shown != metric.decimals:
            Metric.objects.filter(pk=metric.pk).update(decimals=shown)

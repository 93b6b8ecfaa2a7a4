"""Key-ratio tables: a definition in YAML, figures imported from CSV or XLSX, and the
comparison across organisations with derived ratios, targets and comparability notes.

The definition (docs/formats/key-ratios.md) names the metrics, the derived ratios (as
data: numerator, denominator, factor; `for_each` repeats one definition over several
metrics, e.g. support staff per 100 employees for each function), targets and the notes
on what makes the figures hard to compare. Figures come in one of three layouts:

* long: one row per organisation, metric and year (`organisation;metric;year;value`, with
  optional `unit`, `source`, `note`);
* wide by organisation: one row per organisation, one column per metric;
* wide by metric: one row per metric, one column per organisation (the layout of the
  benchmark table in seed 001).

Everything is checked before anything is stored; one problem anywhere stores nothing.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kompass.accounts.access import can_create_ratio_table, can_edit
from kompass.analytics.ratios import Gap, RatioDefinition, derive, gap_to_target
from kompass.audit import trail
from kompass.core.errors import InputError, InputProblem
from kompass.indicators.domain.tabular import Sheet, is_empty, number, read_table
from kompass.indicators.models import ComparabilityNote, Direction, Metric, RatioTable, Value
from kompass.lib.numbers import format_number
from kompass.lib.problems import Problems
from kompass.lib.yamlfile import YamlLines, load_yaml
from kompass.organisations.domain.register import OrganisationResolver
from kompass.organisations.models import Organisation

KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
# The shared table the Kolada import writes national figures into (kolada/importer.py):
# reserved, so nobody can define it first as a table of their own.
KOLADA_SLUG = "kolada"
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


# --------------------------------------------------------------------------- definition


def define_table(*, text: str, filename: str = "", user=None) -> tuple[RatioTable, bool]:
    """Create or update a table from its YAML definition. Returns (table, created)."""
    data = load_yaml(text, filename)
    return save_definition(
        data=data, user=user, filename=filename, lines=lambda: YamlLines(text).get
    )


def save_definition(
    *,
    data,
    user=None,
    filename: str = "",
    lines=None,
    expected_slug: str | None = None,
    new: bool = False,
) -> tuple[RatioTable, bool]:
    """Create or update a table from its definition as data (what the YAML file holds, or
    what the table form collects). Problems name their field as a path ("metrics[0].name")
    so the form can show each beside its field. `expected_slug`: the form edits this
    table and no other; `new`: the form creates a table, so a short name in use is an
    error (a YAML file with the same short name updates its table). Returns (table,
    created)."""
    problems = Problems(filename, lines=lines)
    problem = problems.at

    if not isinstance(data, dict):
        raise InputError(
            [
                InputProblem(
                    "filen ska vara en YAML-mappning med table, name och metrics", file=filename
                )
            ]
        )
    allowed = {
        "table",
        "name",
        "owner",
        "description",
        "source",
        "comparability",
        "example",
        "metrics",
        "derived",
        "notes",
    }
    for key in data:
        if key not in allowed:
            problem((key,), f"okänt fält ”{key}” (tillåtna: {', '.join(sorted(allowed))})")
    slug = str(data.get("table") or "").strip()
    if not slug:
        problem(("table",), "ange tabellens kortnamn, t.ex. table: aldreomsorg-2020")
    elif not KEY_PATTERN.match(slug):
        problem(("table",), f"kortnamnet ”{slug}” får bara innehålla a–z, 0–9, - och _")
    elif slug == KOLADA_SLUG:
        problem(
            ("table",),
            f"kortnamnet ”{slug}” är reserverat för nyckeltalen som hämtas från Kolada "
            "(kompass kolada import); välj ett annat, t.ex. egna-nyckeltal",
        )
    name = str(data.get("name") or "").strip()
    if not name:
        problem(("name",), "ange tabellens namn")
    owner = None
    if data.get("owner") not in (None, ""):
        try:
            owner = OrganisationResolver()(data["owner"])
        except LookupError as exc:
            problem(("owner",), str(exc))
    example = data.get("example", False)
    if not isinstance(example, bool):
        problem(("example",), "example ska vara true eller false")
        example = False

    metrics = _metric_specs(data.get("metrics"), problem)
    derived = _derived_specs(data.get("derived"), metrics, problem)
    keys = [m["key"] for m in metrics] + [d["key"] for d in derived]
    for key in sorted({k for k in keys if keys.count(k) > 1}):
        problem(("derived",), f"nyckeln ”{key}” används för flera nyckeltal")
    all_specs = {m["key"]: m for m in [*metrics, *derived]}
    notes = _note_specs(data.get("notes"), all_specs, problem)

    existing = RatioTable.objects.filter(slug=slug).first() if slug else None
    if expected_slug is not None and slug != expected_slug:
        problem(("table",), "kortnamnet kan inte ändras för en befintlig tabell")
    elif new and existing is not None:
        problem(("table",), f"kortnamnet ”{slug}” används redan; välj ett annat")
    if existing is not None and user is not None and not can_edit(user, existing):
        # The same words whether the user may see that table or not: the answer must not
        # tell that another organisation's table exists.
        problem(("table",), f"kortnamnet ”{slug}” är upptaget; välj ett annat")
        existing = None
    if existing is not None:
        keep = set(all_specs)
        for metric in existing.metrics.exclude(key__in=keep):
            if metric.values.exists():
                problem(
                    ("metrics",),
                    f"nyckeltalet ”{metric.key}” har värden och kan inte tas bort ur definitionen",
                )
    problems.raise_if_any()
    if user is not None and not can_create_ratio_table(user, owner=owner):
        raise PermissionDenied(
            "du får bara skapa tabeller för organisationer där du är redigerare"
            if owner is not None
            else "bara administratörer får skapa gemensamma tabeller"
        )

    with transaction.atomic():
        created = existing is None
        before = _definition_summary(existing) if existing is not None else {}
        table = existing or RatioTable(
            slug=slug, created_by=user if getattr(user, "pk", None) else None
        )
        table.name = name
        table.owner = owner
        table.description = str(data.get("description") or "").strip()
        table.source = str(data.get("source") or "").strip()
        table.comparability = str(data.get("comparability") or "").strip()
        table.is_example = example
        table.save()
        table.metrics.exclude(key__in=set(all_specs)).delete()
        current = {m.key: m for m in table.metrics.all()}
        for order, spec in enumerate([*metrics, *derived], start=1):
            metric = current.get(spec["key"]) or Metric(table=table, key=spec["key"])
            for attr, value in spec.items():
                if attr not in ("key", "line"):
                    setattr(metric, attr, value)
            metric.order = order
            metric.save()
            current[metric.key] = metric
        table.notes.all().delete()
        ComparabilityNote.objects.bulk_create(
            ComparabilityNote(
                table=table,
                organisation=n["organisation"],
                metric=current.get(n["metric"]) if n["metric"] else None,
                text=n["text"],
            )
            for n in notes
        )
        trail.record_change(
            user=user,
            obj=table,
            action=trail.Action.CREATE if created else trail.Action.UPDATE,
            before=before,
            after=_definition_summary(table),
        )
    return table, created


def _definition_summary(table: RatioTable) -> dict:
    """What the trail keeps of a table's definition: its texts and each metric's
    definition (names, formulas, targets), not its values."""
    return {
        "namn": table.name,
        "ägare": str(table.owner) if table.owner_id else "",
        "beskrivning": table.description,
        "källa": table.source,
        "jämförbarhet": table.comparability,
        "nyckeltal": {
            m.key: {
                "namn": m.name,
                "enhet": m.unit,
                "täljare": m.numerator,
                "nämnare": m.denominator,
                "målvärde": m.target,
                "riktning": m.direction,
            }
            for m in table.metrics.all()
        },
        "anmärkningar": sorted(n.text for n in table.notes.all()),
    }


def _common(spec: dict, path, problem, *, default_decimals: int | None) -> dict:
    """The fields reported and derived metrics share. `default_decimals` None: a metric
    without `decimals` shows its figures with the decimals they have (auto_decimals)."""
    out = {
        "name": str(spec.get("name") or "").strip(),
        "unit": str(spec.get("unit") or "").strip(),
        "source": str(spec.get("source") or "").strip(),
        "description": str(spec.get("description") or "").strip(),
        "group": str(spec.get("group") or "").strip(),
        "kolada_kpi": str(spec.get("kolada") or "").strip(),
        "target_note": str(spec.get("target_note") or "").strip(),
        "direction": str(spec.get("direction") or Direction.NEUTRAL),
        "decimals": default_decimals if default_decimals is not None else 0,
        "auto_decimals": default_decimals is None,
        "target": None,
    }
    if not out["name"]:
        problem((*path, "name"), "ange nyckeltalets namn")
    if out["direction"] not in Direction.values:
        problem(
            (*path, "direction"),
            f"riktningen ska vara higher, lower eller neutral, inte ”{out['direction']}”",
        )
    if spec.get("decimals") is not None:
        if isinstance(spec["decimals"], int) and 0 <= spec["decimals"] <= 6:
            out["decimals"] = spec["decimals"]
            out["auto_decimals"] = False
        else:
            problem((*path, "decimals"), "decimals ska vara ett heltal 0–6")
    if spec.get("target") is not None:
        try:
            out["target"] = number(spec["target"])
        except ValueError as exc:
            problem((*path, "target"), f"målvärdet: {exc}")
    return out


def _metric_specs(raw, problem) -> list[dict]:
    if not isinstance(raw, list) or not raw:
        problem(("metrics",), "ange minst ett nyckeltal under metrics")
        return []
    specs = []
    for index, spec in enumerate(raw):
        path = ("metrics", index)
        if not isinstance(spec, dict):
            problem(path, "varje nyckeltal ska ha key och name")
            continue
        key = str(spec.get("key") or "").strip()
        if not KEY_PATTERN.match(key):
            problem((*path, "key"), f"nyckeln ”{key}” får bara innehålla a–z, 0–9, - och _")
            continue
        out = _common(spec, path, problem, default_decimals=None)
        out.update(key=key, kind=Metric.Kind.REPORTED, numerator=[], denominator=[], factor=1)
        specs.append(out)
    return specs


def _as_keys(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value.strip()]
    if isinstance(value, list):
        return [str(v).strip() for v in value]
    return [str(value)]


def _derived_specs(raw, metrics: list[dict], problem) -> list[dict]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        problem(("derived",), "derived ska vara en lista")
        return []
    reported = {m["key"]: m for m in metrics}
    specs = []
    for index, spec in enumerate(raw):
        path = ("derived", index)
        if not isinstance(spec, dict):
            problem(path, "varje beräknat nyckeltal ska ha key, name och numerator")
            continue
        each = spec.get("for_each")
        if each is None:
            expansions = [None]
        elif isinstance(each, list) and each:
            expansions = [str(e).strip() for e in each]
        else:
            problem((*path, "for_each"), "for_each ska vara en lista med nyckeltal")
            continue
        for item in expansions:
            if item is not None and item not in reported:
                problem((*path, "for_each"), f"okänt nyckeltal ”{item}” i for_each")
                continue

            def fill(text, item=item):
                if item is None or not isinstance(text, str):
                    return text
                return text.replace("{key}", item).replace("{name}", reported[item]["name"])

            filled = {k: (fill(v) if k != "for_each" else v) for k, v in spec.items()}
            for k in ("numerator", "denominator"):
                if isinstance(spec.get(k), list):
                    filled[k] = [fill(v) for v in spec[k]]
            key = str(filled.get("key") or "").strip()
            if not KEY_PATTERN.match(key):
                problem((*path, "key"), f"nyckeln ”{key}” får bara innehålla a–z, 0–9, - och _")
                continue
            out = _common(filled, path, problem, default_decimals=1)
            numerator = _as_keys(filled.get("numerator"))
            denominator = _as_keys(filled.get("denominator"))
            if not numerator:
                problem((*path, "numerator"), "ange täljaren (numerator)")
            for ref in [*numerator, *denominator]:
                if ref not in reported:
                    problem(
                        (*path, "numerator" if ref in numerator else "denominator"),
                        f"”{ref}” är inget rapporterat nyckeltal i tabellen (beräknade kan inte bygga på beräknade)",
                    )
            factor = 1.0
            if filled.get("factor") is not None:
                try:
                    factor = number(filled["factor"])
                except ValueError as exc:
                    problem((*path, "factor"), f"faktorn: {exc}")
            out.update(
                key=key,
                kind=Metric.Kind.DERIVED,
                numerator=numerator,
                denominator=denominator,
                factor=factor,
            )
            specs.append(out)
    return specs


def _note_specs(raw, specs: dict, problem) -> list[dict]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        problem(("notes",), "notes ska vara en lista")
        return []
    resolver = OrganisationResolver()
    notes = []
    for index, spec in enumerate(raw):
        path = ("notes", index)
        if not isinstance(spec, dict) or not str(spec.get("text") or "").strip():
            problem(path, "varje anmärkning behöver text (och organisation och/eller metric)")
            continue
        organisation = None
        if spec.get("organisation") not in (None, ""):
            try:
                organisation = resolver(spec["organisation"])
            except LookupError as exc:
                problem((*path, "organisation"), str(exc))
                continue
        metric = str(spec.get("metric") or "").strip()
        if metric and metric not in specs:
            problem((*path, "metric"), f"okänt nyckeltal ”{metric}”")
            continue
        notes.append(
            {"organisation": organisation, "metric": metric, "text": str(spec["text"]).strip()}
        )
    return notes


# --------------------------------------------------------------------------- import


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
        years = ", ".join(str(y) for y in self.years)
        text = (
            f"{self.created} nya och {self.updated} ändrade värden ({self.unchanged} oförändrade) för "
            f"{self.organisations} organisationer och {self.metrics} nyckeltal, år {years}."
        )
        if self.new_metrics:
            text += f" Nya nyckeltal: {', '.join(self.new_metrics)}."
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
                "rubrikraden känns inte igen: använd organisation;metric;year;value (lång form), "
                "organisation följt av ett nyckeltal per kolumn, eller metric följt av en "
                "organisation per kolumn (bred form)",
                file=sheet.filename,
                line=1,
            )
        ]
    )


def _year(value, fallback: int | None) -> int:
    if is_empty(value):
        if fallback is None:
            raise ValueError("året saknas (kolumnen year/år eller --year)")
        return fallback
    text = str(value).strip()
    if text.endswith(".0"):
        text = text[:-2]
    if not text.isdigit() or not 1900 <= int(text) <= 2200:
        raise ValueError(f"”{value}” är inget år")
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
        raise PermissionDenied("du får inte ändra tabellen")
    sheet = read_table(data, filename)
    if not sheet.rows:
        raise InputError([InputProblem("filen har en rubrikrad men inga värden", file=filename)])
    layout = detect_layout(sheet)
    problems = Problems(filename, limit=MAX_PROBLEMS, more="… och {count} problem till")
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
                    f"”{found.name}” beräknas ur andra nyckeltal och kan inte importeras",
                    row=row,
                    column=column,
                )
                return None
            return found
        if create_metrics and text:
            return text
        known = ", ".join(m.key for m in metrics if not m.is_derived) or "inga ännu"
        add(f"okänt nyckeltal ”{text}” (kända: {known})", row=row, column=column)
        return None

    def organisation_for(ref, *, row=None, column="") -> Organisation | None:
        if is_empty(ref):
            add("organisationen saknas", row=row, column=column)
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
            add("kolumnen year (år) saknas; lägg till den eller ange året")
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
                add("värdet saknas", row=row.line, column=sheet.column_label(column_of["value"]))
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
            add("året saknas: lägg till kolumnen year (år) eller ange året")
        headers: dict[str, object] = {}
        for key in data_columns:
            label = sheet.column_label(key)
            if layout == "wide-organisations":
                headers[key] = metric_for(label, column=label)
            else:
                headers[key] = organisation_for(label, column=label)
        if not data_columns:
            add("filen har inga kolumner med värden")
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
                f"{r.organisation.name}, {name} {r.year} finns redan på rad {seen[key]}",
                row=r.line,
                column=r.column,
            )
        else:
            seen[key] = r.line
        if r.unit:
            declared = r.metric.unit if isinstance(r.metric, Metric) else ""
            if declared and declared.casefold() != r.unit.casefold():
                add(
                    f"enheten ”{r.unit}” stämmer inte med nyckeltalets enhet ”{declared}”",
                    row=r.line,
                    column=r.column,
                )
            elif metric_key in units and units[metric_key][0].casefold() != r.unit.casefold():
                add(
                    f"enheten ”{r.unit}” skiljer sig från ”{units[metric_key][0]}” på rad {units[metric_key][1]}",
                    row=r.line,
                    column=r.column,
                )
            else:
                units.setdefault(metric_key, (r.unit, r.line))
    if not records and not problems:
        add("filen innehåller inga värden")
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


# --------------------------------------------------------------------------- comparison


@dataclass
class Figure:
    value: float | None
    display: str
    note: str = ""  # e.g. "8+3": kept beside the figure
    reason: str = ""  # why a derived figure is missing
    gap: Gap | None = None


@dataclass
class ComparisonRow:
    organisation: Organisation
    figures: dict[str, Figure]
    notes: list[str]


@dataclass
class Comparison:
    table: RatioTable
    year: int | None
    years: list[int]
    metrics: list[Metric]
    rows: list[ComparisonRow]
    metric_notes: dict[str, list[str]]
    table_notes: list[str]

    def column(self, key: str) -> list[tuple[Organisation, Figure]]:
        return [(row.organisation, row.figures[key]) for row in self.rows]


def table_years(table: RatioTable) -> list[int]:
    return sorted(set(Value.objects.filter(metric__table=table).values_list("year", flat=True)))


def definition(metric: Metric) -> RatioDefinition:
    return RatioDefinition(
        metric.key, tuple(metric.numerator), tuple(metric.denominator), metric.factor
    )


def figures_for(
    metrics: list[Metric], values: dict[str, float], notes: dict[str, str]
) -> dict[str, Figure]:
    """Reported and derived figures of one organisation and year, with gaps to targets."""
    names = {m.key: m.name for m in metrics}
    out: dict[str, Figure] = {}
    for m in metrics:
        if m.is_derived:
            derived = derive(definition(m), values, names)
            value, reason = derived.value, derived.reason
        else:
            value, reason = values.get(m.key), ""
        gap = (
            gap_to_target(
                value,
                m.target,
                direction=m.direction,
                decimals=m.decimals,
                unit=m.unit,
                gettext=_,
            )
            if m.target is not None
            else None
        )
        out[m.key] = Figure(
            value=value,
            display=format_number(value, m.decimals),
            note=notes.get(m.key, ""),
            reason=reason,
            gap=gap,
        )
    return out


def comparison(table: RatioTable, *, year: int | None = None, organisation_ids=None) -> Comparison:
    """The table for one year (the latest by default): one row per organisation with
    values, every metric as a column, derived ratios computed, notes beside them."""
    years = table_years(table)
    if year is None and years:
        year = years[-1]
    metrics = list(table.metrics.all())
    rows_values: dict[int, dict[str, float]] = defaultdict(dict)
    rows_notes: dict[int, dict[str, str]] = defaultdict(dict)
    organisations: dict[int, Organisation] = {}
    qs = Value.objects.filter(metric__table=table, year=year).select_related(
        "organisation", "metric"
    )
    if organisation_ids is not None:
        qs = qs.filter(organisation_id__in=organisation_ids)
    for v in qs:
        organisations[v.organisation_id] = v.organisation
        rows_values[v.organisation_id][v.metric.key] = v.value
        if v.note:
            rows_notes[v.organisation_id][v.metric.key] = v.note
    org_notes: dict[int | None, list[str]] = defaultdict(list)
    metric_notes: dict[str, list[str]] = defaultdict(list)
    table_notes: list[str] = []
    for n in table.notes.select_related("metric"):
        if n.metric_id and not n.organisation_id:
            metric_notes[n.metric.key].append(n.text)
        elif n.organisation_id and n.metric_id:
            rows_notes[n.organisation_id][n.metric.key] = "; ".join(
                x for x in (rows_notes[n.organisation_id].get(n.metric.key, ""), n.text) if x
            )
        elif n.organisation_id:
            org_notes[n.organisation_id].append(n.text)
        else:
            table_notes.append(n.text)
    rows = [
        ComparisonRow(
            org, figures_for(metrics, rows_values[pk], rows_notes[pk]), org_notes.get(pk, [])
        )
        for pk, org in sorted(organisations.items(), key=lambda item: _order_key(table, item[1]))
    ]
    return Comparison(table, year, years, metrics, rows, dict(metric_notes), table_notes)


def _order_key(table: RatioTable, organisation: Organisation):
    # The table's owner first (the benchmark is about it), then by name.
    return (0 if organisation.pk == table.owner_id else 1, organisation.name)


def comparison_data(table: RatioTable, comp: Comparison) -> dict:
    """A comparison as plain data: what `kompass ratios show --format json` prints and the
    API answers, so both say the same."""
    return {
        "table": table.slug,
        "name": table.name,
        "source": table.source,
        "comparability": table.comparability,
        "example": table.is_example,
        "year": comp.year,
        "years": comp.years,
        "metrics": [
            {
                "key": m.key,
                "name": m.name,
                "unit": m.unit,
                "derived": m.is_derived,
                "numerator": m.numerator,
                "denominator": m.denominator,
                "factor": m.factor,
                "target": m.target,
                "direction": m.direction,
            }
            for m in comp.metrics
        ],
        "rows": [
            {
                "organisation": {"code": r.organisation.code, "name": r.organisation.name},
                "notes": r.notes,
                "values": {
                    key: {
                        "value": f.value,
                        "shown": f.display,
                        "note": f.note or None,
                        "missing": f.reason or None,
                        "gap": float(f.gap.difference)
                        if f.gap and f.gap.difference is not None
                        else None,
                        "gap_text": f.gap.text if f.gap else None,
                    }
                    for key, f in r.figures.items()
                },
            }
            for r in comp.rows
        ],
    }

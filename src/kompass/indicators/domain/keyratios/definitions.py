"""Defining a key-ratio table: from its YAML file (docs/formats/key-ratios.md) or from
what the table form collects, checked field by field, stored in one transaction.

A definition names the metrics, the derived ratios (as data: numerator, denominator,
factor; `for_each` repeats one definition over several metrics, e.g. support staff per 100
employees for each function), targets and the notes on what makes the figures hard to
compare. Problems name their field as a path ("metrics[0].name"), so the form can show
each beside its field."""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from kompass.accounts.access import can_create_ratio_table, can_edit
from kompass.audit import trail
from kompass.core.errors import InputError, InputProblem
from kompass.indicators.domain.tabular import number
from kompass.indicators.models import ComparabilityNote, Direction, Metric, RatioTable
from kompass.lib.problems import Problems
from kompass.lib.yamlfile import YamlLines, load_yaml
from kompass.organisations.domain.register import OrganisationResolver

KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
# The shared table the Kolada import writes national figures into (kolada/importer.py):
# reserved, so nobody can define it first as a table of their own.
KOLADA_SLUG = "kolada"


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
                    _("filen ska vara en YAML-mappning med table, name och metrics"),
                    file=filename,
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
            problem(
                (key,),
                _("okänt fält ”%(key)s” (tillåtna: %(allowed)s)")
                % {"key": key, "allowed": ", ".join(sorted(allowed))},
            )
    slug = str(data.get("table") or "").strip()
    if not slug:
        problem(("table",), _("ange tabellens kortnamn, t.ex. table: aldreomsorg-2020"))
    elif not KEY_PATTERN.match(slug):
        problem(
            ("table",),
            _("kortnamnet ”%(slug)s” får bara innehålla a–z, 0–9, - och _") % {"slug": slug},
        )
    elif slug == KOLADA_SLUG:
        problem(
            ("table",),
            _(
                "kortnamnet ”%(slug)s” är reserverat för nyckeltalen som hämtas från Kolada "
                "(kompass kolada import); välj ett annat, t.ex. egna-nyckeltal"
            )
            % {"slug": slug},
        )
    name = str(data.get("name") or "").strip()
    if not name:
        problem(("name",), _("ange tabellens namn"))
    owner = None
    if data.get("owner") not in (None, ""):
        try:
            owner = OrganisationResolver()(data["owner"])
        except LookupError as exc:
            problem(("owner",), str(exc))
    example = data.get("example", False)
    if not isinstance(example, bool):
        problem(("example",), _("example ska vara true eller false"))
        example = False

    metrics = _metric_specs(data.get("metrics"), problem)
    derived = _derived_specs(data.get("derived"), metrics, problem)
    keys = [m["key"] for m in metrics] + [d["key"] for d in derived]
    for key in sorted({k for k in keys if keys.count(k) > 1}):
        problem(("derived",), _("nyckeln ”%(key)s” används för flera nyckeltal") % {"key": key})
    all_specs = {m["key"]: m for m in [*metrics, *derived]}
    notes = _note_specs(data.get("notes"), all_specs, problem)

    existing = RatioTable.objects.filter(slug=slug).first() if slug else None
    if expected_slug is not None and slug != expected_slug:
        problem(("table",), _("kortnamnet kan inte ändras för en befintlig tabell"))
    elif new and existing is not None:
        problem(
            ("table",), _("kortnamnet ”%(slug)s” används redan; välj ett annat") % {"slug": slug}
        )
    if existing is not None and user is not None and not can_edit(user, existing):
        # The same words whether the user may see that table or not: the answer must not
        # tell that another organisation's table exists.
        problem(("table",), _("kortnamnet ”%(slug)s” är upptaget; välj ett annat") % {"slug": slug})
        existing = None
    if existing is not None:
        keep = set(all_specs)
        for metric in existing.metrics.exclude(key__in=keep):
            if metric.values.exists():
                problem(
                    ("metrics",),
                    _("nyckeltalet ”%(key)s” har värden och kan inte tas bort ur definitionen")
                    % {"key": metric.key},
                )
    problems.raise_if_any()
    if user is not None and not can_create_ratio_table(user, owner=owner):
        raise PermissionDenied(
            _("du får bara skapa tabeller för organisationer där du är redigerare")
            if owner is not None
            else _("bara administratörer får skapa gemensamma tabeller")
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
        problem((*path, "name"), _("ange nyckeltalets namn"))
    if out["direction"] not in Direction.values:
        problem(
            (*path, "direction"),
            _("riktningen ska vara higher, lower eller neutral, inte ”%(direction)s”")
            % {"direction": out["direction"]},
        )
    if spec.get("decimals") is not None:
        if isinstance(spec["decimals"], int) and 0 <= spec["decimals"] <= 6:
            out["decimals"] = spec["decimals"]
            out["auto_decimals"] = False
        else:
            problem((*path, "decimals"), _("decimals ska vara ett heltal 0–6"))
    if spec.get("target") is not None:
        try:
            out["target"] = number(spec["target"])
        except ValueError as exc:
            problem((*path, "target"), _("målvärdet: %(reason)s") % {"reason": exc})
    return out


def _metric_specs(raw, problem) -> list[dict]:
    if not isinstance(raw, list) or not raw:
        problem(("metrics",), _("ange minst ett nyckeltal under metrics"))
        return []
    specs = []
    for index, spec in enumerate(raw):
        path = ("metrics", index)
        if not isinstance(spec, dict):
            problem(path, _("varje nyckeltal ska ha key och name"))
            continue
        key = str(spec.get("key") or "").strip()
        if not KEY_PATTERN.match(key):
            problem(
                (*path, "key"),
                _("nyckeln ”%(key)s” får bara innehålla a–z, 0–9, - och _") % {"key": key},
            )
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
        problem(("derived",), _("derived ska vara en lista"))
        return []
    reported = {m["key"]: m for m in metrics}
    specs = []
    for index, spec in enumerate(raw):
        path = ("derived", index)
        if not isinstance(spec, dict):
            problem(path, _("varje beräknat nyckeltal ska ha key, name och numerator"))
            continue
        each = spec.get("for_each")
        if each is None:
            expansions = [None]
        elif isinstance(each, list) and each:
            expansions = [str(e).strip() for e in each]
        else:
            problem((*path, "for_each"), _("for_each ska vara en lista med nyckeltal"))
            continue
        for item in expansions:
            if item is not None and item not in reported:
                problem(
                    (*path, "for_each"), _("okänt nyckeltal ”%(key)s” i for_each") % {"key": item}
                )
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
                problem(
                    (*path, "key"),
                    _("nyckeln ”%(key)s” får bara innehålla a–z, 0–9, - och _") % {"key": key},
                )
                continue
            out = _common(filled, path, problem, default_decimals=1)
            numerator = _as_keys(filled.get("numerator"))
            denominator = _as_keys(filled.get("denominator"))
            if not numerator:
                problem((*path, "numerator"), _("ange täljaren (numerator)"))
            for ref in [*numerator, *denominator]:
                if ref not in reported:
                    problem(
                        (*path, "numerator" if ref in numerator else "denominator"),
                        _(
                            "”%(key)s” är inget rapporterat nyckeltal i tabellen (beräknade kan "
                            "inte bygga på beräknade)"
                        )
                        % {"key": ref},
                    )
            factor = 1.0
            if filled.get("factor") is not None:
                try:
                    factor = number(filled["factor"])
                except ValueError as exc:
                    problem((*path, "factor"), _("faktorn: %(reason)s") % {"reason": exc})
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
        problem(("notes",), _("notes ska vara en lista"))
        return []
    resolver = OrganisationResolver()
    notes = []
    for index, spec in enumerate(raw):
        path = ("notes", index)
        if not isinstance(spec, dict) or not str(spec.get("text") or "").strip():
            problem(path, _("varje anmärkning behöver text (och organisation och/eller metric)"))
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
            problem((*path, "metric"), _("okänt nyckeltal ”%(key)s”") % {"key": metric})
            continue
        notes.append(
            {"organisation": organisation, "metric": metric, "text": str(spec["text"]).strip()}
        )
    return notes

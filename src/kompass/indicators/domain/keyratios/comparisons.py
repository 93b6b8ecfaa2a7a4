"""The comparison of one key-ratio table across organisations for one year: reported
and derived figures, gaps to targets and the comparability notes beside them, as data
that the page, the report, the API and `kompass ratios show` all use."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext as _

from kompass.analytics.ratios import Gap, RatioDefinition, derive, gap_to_target
from kompass.indicators.models import Metric, RatioTable, Value
from kompass.lib.numbers import format_number
from kompass.organisations.models import Organisation


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
    """The years the table has values for (the database picks them out: a national table
    holds tens of thousands of values)."""
    years = Value.objects.filter(metric__table=table).values_list("year", flat=True)
    return list(years.distinct().order_by("year"))


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
    # Plain tuples, the organisations fetched once each: a national table has thousands
    # of values a year, and a model object per value (with its organisation and metric
    # joined in) cost most of the page.
    keys = {m.pk: m.key for m in metrics}
    qs = Value.objects.filter(metric__table=table, year=year)
    if organisation_ids is not None:
        qs = qs.filter(organisation_id__in=organisation_ids)
    for organisation_id, metric_id, value, note in qs.values_list(
        "organisation_id", "metric_id", "value", "note"
    ):
        rows_values[organisation_id][keys[metric_id]] = value
        if note:
            rows_notes[organisation_id][keys[metric_id]] = note
    organisations.update(Organisation.objects.in_bulk(list(rows_values)))
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

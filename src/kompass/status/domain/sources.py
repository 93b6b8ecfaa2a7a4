"""Where the figures of a status analysis come from: a key-ratio table (reported and
derived figures for every organisation in it) or an organisation's own indicators.

A `Source` holds the figures (what each means: direction, target, decimals) and their
values as one long Polars frame (organisation code, metric, year, value), so the pure
analysis in `kompass.analytics.status` gets the same input whichever the source is.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import polars as pl
from django.utils.translation import gettext as _

from kompass.analytics.ratio_frames import SCHEMA, derive_frame
from kompass.analytics.status import FigureSpec
from kompass.indicators.domain.keyratios import KOLADA_SLUG, definition
from kompass.indicators.models import (
    ComparabilityNote,
    Indicator,
    IndicatorValue,
    PeriodType,
    RatioTable,
    Value,
)
from kompass.organisations.models import Organisation


@dataclass(frozen=True)
class Source:
    kind: str  # "table" or "indicators"
    key: str  # the table's slug, or the organisation's code
    label: str
    figures: tuple[FigureSpec, ...]
    values: pl.DataFrame
    organisations: frozenset[str]  # codes of every organisation with a value in the source
    years: tuple[int, ...]
    comparability: str = ""  # about the whole source
    notes: dict[str, list[str]] = field(default_factory=dict)  # metric -> notes

    def notes_for(self, organisation: str, metric: str) -> list[str]:
        """Comparability notes for one organisation's figure: the figure's own, the
        organisation's, and those on this very value."""
        return [
            *self.notes.get(metric, []),
            *self.notes.get(f"{organisation}:", []),
            *self.notes.get(f"{organisation}:{metric}", []),
        ]


def _frame(rows: list[tuple[str, str, int, float]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=SCHEMA, orient="row")


def table_source(table: RatioTable) -> Source:
    """Every figure of a key-ratio table, derived ratios computed for every organisation
    and year, with the table's comparability notes."""
    metrics = list(table.metrics.all())
    rows = list(
        Value.objects.filter(metric__table=table).values_list(
            "organisation__code", "metric__key", "year", "value"
        )
    )
    reported = _frame(rows)
    derived = derive_frame(reported, [definition(m) for m in metrics if m.is_derived])
    values = pl.concat([reported, derived]) if not derived.is_empty() else reported
    figures = tuple(
        FigureSpec(
            key=m.key,
            name=m.name,
            direction=m.direction,
            target=m.target,
            decimals=m.decimals,
            unit=m.unit,
        )
        for m in metrics
    )
    notes: dict[str, list[str]] = defaultdict(list)
    for note in ComparabilityNote.objects.filter(table=table).select_related(
        "metric", "organisation"
    ):
        org = note.organisation.code if note.organisation_id else ""
        metric = note.metric.key if note.metric_id else ""
        if org:
            notes[f"{org}:{metric}"].append(note.text)
        elif metric:
            notes[metric].append(note.text)
        else:
            notes[""].append(note.text)
    for code, key, year, text in (
        Value.objects.filter(metric__table=table)
        .exclude(note="")
        .values_list("organisation__code", "metric__key", "year", "note")
    ):
        notes[f"{code}:{key}"].append(f"{year}: {text}")
    comparability = "\n".join(t for t in [table.comparability, *notes.pop("", [])] if t)
    return Source(
        kind="table",
        key=table.slug,
        label=table.name,
        figures=figures,
        values=values,
        organisations=frozenset(code for code, *_ in rows),
        years=tuple(sorted({year for _, _, year, _ in rows})),
        comparability=comparability,
        notes=dict(notes),
    )


def indicator_source(organisation: Organisation) -> Source:
    """The organisation's own indicators as figures. A yearly indicator gives its year's
    value; a quarterly, monthly or weekly one the last period of each year (what the year
    ended on). An indicator with a Kolada id is compared with the other organisations'
    values of that KPI in the Kolada table; the others have no peers."""
    indicators = list(Indicator.objects.filter(organisation=organisation).order_by("name"))
    rows: list[tuple[str, str, int, float]] = []
    for value in (
        IndicatorValue.objects.filter(indicator__in=indicators)
        .order_by("indicator_id", "period_start")
        .values_list("indicator_id", "period_start", "value")
    ):
        rows.append((organisation.code, f"i{value[0]}", value[1].year, value[2]))
    frame = _frame(rows)
    if not frame.is_empty():  # the last period of each year
        frame = frame.group_by(["organisation", "metric", "year"], maintain_order=True).last()
    # An indicator with a Kolada id finds its peers in the figures fetched from Kolada.
    by_kpi = {i.kolada_kpi.lower(): f"i{i.pk}" for i in indicators if i.kolada_kpi}
    peer_rows = [
        (code, by_kpi[key], year, value)
        for code, key, year, value in Value.objects.filter(
            metric__table__slug=KOLADA_SLUG, metric__key__in=list(by_kpi)
        )
        .exclude(organisation=organisation)
        .values_list("organisation__code", "metric__key", "year", "value")
    ]
    if peer_rows:
        frame = pl.concat([frame, _frame(peer_rows)])
    figures = tuple(
        FigureSpec(
            key=f"i{i.pk}",
            name=i.name
            if i.period_type == PeriodType.YEAR
            else _("%(name)s (årets sista period)") % {"name": i.name},
            direction=i.direction,
            target=i.target,
            decimals=i.decimals,
            unit=i.unit,
        )
        for i in indicators
    )
    return Source(
        kind="indicators",
        key=organisation.code,
        label=_("Egna indikatorer för %(name)s") % {"name": organisation.name},
        figures=figures,
        values=frame.select(list(SCHEMA)),
        organisations=frozenset(frame["organisation"].to_list()),
        years=tuple(sorted(set(frame["year"].to_list()))),
    )

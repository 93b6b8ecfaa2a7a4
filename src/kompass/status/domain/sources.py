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
from kompass.indicators.domain.keyratios.comparisons import definition
from kompass.indicators.domain.keyratios.definitions import KOLADA_SLUG
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
    kind: str  # "table", "indicators" or "kolada"
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


KOLADA = "kolada"
KOLADA_YEARS = 10  # a KPI group's values are fetched for the last ten years


def kolada_years(today=None) -> list[int]:
    """The years a Kolada group is read for: the ten before the current one (Kolada
    publishes a year's figures during the next)."""
    import datetime

    year = (today or datetime.date.today()).year
    return list(range(year - KOLADA_YEARS, year))


def kolada_group_source(*, group_id: str, client, years: list[int] | None = None) -> Source:
    """A Kolada KPI group as figures, every municipality's values fetched through the
    Kolada v3 client (not stored). Kolada says nothing about which way is better, so a
    KPI takes its direction, target and decimals from the same KPI in the shared table
    "Nyckeltal från Kolada" when one is set there; otherwise it is listed without a
    direction, and the note says where to set one. A group Kolada does not know, or
    Kolada not answering, is an `InputError` in plain Swedish."""
    from kompass.core.errors import InputError, InputProblem
    from kompass.indicators.kolada.client import KoladaError
    from kompass.indicators.kolada.groups import group_figures
    from kompass.indicators.models import Metric

    known = set(
        Organisation.objects.filter(
            kind=Organisation.Kind.MUNICIPALITY, code__isnull=False
        ).values_list("code", flat=True)
    )
    try:
        fetched = group_figures(
            client=client, group_id=group_id, years=years or kolada_years(), known=known
        )
    except KoladaError as exc:
        raise InputError([InputProblem(str(exc), field="kpi_group")]) from None
    stored = {
        m.key: m
        for m in Metric.objects.filter(
            table__slug=KOLADA_SLUG, key__in=[k.id.lower() for k in fetched.kpis]
        )
    }
    figures = []
    notes: dict[str, list[str]] = defaultdict(list)
    for kpi in fetched.kpis:
        metric = stored.get(kpi.id.lower())
        direction = metric.direction if metric is not None else "neutral"
        if direction == "neutral":
            notes[kpi.id].append(
                _(
                    "Kolada anger inte om högre eller lägre är bättre; ange riktningen för "
                    "%(kpi)s i tabellen ”Nyckeltal från Kolada” så rangordnas det."
                )
                % {"kpi": kpi.id}
            )
        figures.append(
            FigureSpec(
                key=kpi.id,
                name=f"{kpi.title} ({kpi.id})",
                direction=direction,
                target=metric.target if metric is not None else None,
                decimals=metric.decimals if metric is not None else 1,
                unit=kpi.unit,
            )
        )
    rows = [(code, kpi, year, value) for code, kpi, year, value in fetched.values]
    if not rows:
        raise InputError(
            [
                InputProblem(
                    _("Kolada har inga värden för kommunerna i %(group)s åren %(years)s.")
                    % {
                        "group": f"{fetched.group.id} ({fetched.group.title})",
                        "years": f"{min(years or kolada_years())}–{max(years or kolada_years())}",
                    },
                    field="kpi_group",
                )
            ]
        )
    comparability = _(
        "Värdena är hämtade från Kolada (RKA, CC BY 4.0) för %(years)s; Koladas definitioner "
        "kan ändras mellan år."
    ) % {"years": f"{min(years or kolada_years())}–{max(years or kolada_years())}"}
    if fetched.missing:
        comparability += " " + _("%(n)s värden saknas i Kolada.") % {"n": fetched.missing}
    return Source(
        kind=KOLADA,
        key=fetched.group.id,
        label=_("Kolada: %(title)s") % {"title": fetched.group.title},
        figures=tuple(figures),
        values=_frame(rows),
        organisations=frozenset(code for code, *_ in rows),
        years=tuple(sorted({year for _, _, year, _ in rows})),
        comparability=comparability,
        notes=dict(notes),
    )

"""Reports of key ratios and indicators, built as data (`kompass.reports.document`) so the
page, the PDF, the Word file and the XLSX export show the same figures and charts.

* `build_table_report`: a key-ratio table for one year, the comparison across
  organisations with the comparability notes beside the figures, a chart per ratio with a
  target (target line and the gap to it) and the notes on comparability.
* `build_indicator_report`: one indicator's run or control chart with its sentence.
* `build_dashboard_report`: an organisation's dashboard.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from kompass.analytics import spc
from kompass.analytics.spc import format_value
from kompass.indicators.domain.dashboard import Dashboard, PerspectiveGroup
from kompass.indicators.domain.indicators import (
    ChartError,
    analyse_indicator,
    indicator_status,
    measure_unit,
)
from kompass.indicators.domain.keyratios.comparisons import Comparison, comparison
from kompass.indicators.kolada.importer import TABLE_NAME as KOLADA_TABLE_NAME
from kompass.indicators.kolada.importer import TABLE_SLUG as KOLADA_TABLE_SLUG
from kompass.indicators.models import Indicator, Metric, RatioTable
from kompass.lib.numbers import decimals_of, format_number
from kompass.reports.charts import BarChart, HLine, LineChart, Series
from kompass.reports.document import (
    BulletList,
    Cell,
    Chart,
    Column,
    Heading,
    KeyFigure,
    KeyFigures,
    Paragraph,
    Report,
    Section,
    Table,
)
from kompass.reports.exports import file_stem

EXAMPLE = gettext_noop("Exempeldata – syntetiska siffror för demonstration")


def metric_label(metric: Metric) -> str:
    return f"{metric.name} ({metric.unit})" if metric.unit else metric.name


def _figure_cell(figure, decimals: int) -> Cell:
    if figure.value is None:
        return Cell(value=None, display="–", note=figure.reason)
    # The figure is already formatted with its metric's decimals (a national table has
    # thousands: not twice).
    cell = Cell(value=float(figure.value), display=figure.display, decimals=decimals)
    if figure.note:
        cell.display = f"{cell.display} ({figure.note})"
    return cell


def comparison_table(
    comp: Comparison,
    *,
    metrics: list[Metric] | None = None,
    focus=None,
    by_metric: bool | None = None,
) -> Table:
    """The comparison as a table. With few organisations (as in seed 001's benchmark) the
    metrics are rows and the organisations columns; with many, the other way round. Cell
    notes (such as "8+3") stay in the cell, each organisation's scope notes are in their
    own row or column, and a ratio with a target gets a row or column with the gap."""
    metrics = metrics or comp.metrics
    if by_metric is None:
        by_metric = len(comp.rows) <= 8
    caption = comp.table.name
    if comp.year and str(comp.year) not in caption:
        caption = f"{caption}, {comp.year}"
    footnotes = []
    for m in metrics:
        for note in comp.metric_notes.get(m.key, []):
            footnotes.append(f"{m.name}: {note}")
        if m.is_derived:
            footnotes.append(
                _("%(name)s beräknas som %(formula)s.")
                % {"name": m.name, "formula": formula_text(m, comp.metrics)}
            )

    def gap_cell(figure, metric):
        gap = figure.gap
        if gap is None or gap.difference is None:
            return Cell.text(_("–"))
        return Cell.number(gap.difference, metric.decimals, sign=True)

    if by_metric:
        columns = [Column(_("Nyckeltal"))] + [
            Column(r.organisation.name, numeric=True) for r in comp.rows
        ]
        rows = []
        for m in metrics:
            rows.append(
                [Cell.text(metric_label(m))]
                + [_figure_cell(r.figures[m.key], m.decimals) for r in comp.rows]
            )
            if m.target is not None:
                target = format_number(m.target, decimals_of(m.target))
                rows.append(
                    [
                        Cell.text(
                            _("– avvikelse från målvärdet %(target)s") % {"target": target}, "low"
                        )
                    ]
                    + [gap_cell(r.figures[m.key], m) for r in comp.rows]
                )
        if any(r.notes for r in comp.rows):
            rows.append(
                [Cell.text(_("Jämförbarhet"))]
                + [Cell.text(_("; ").join(r.notes) or "–") for r in comp.rows]
            )
        return Table(
            caption=caption, columns=columns, rows=rows, footnotes=footnotes, sheet=_("Jämförelse")
        )

    columns = [Column(_("Organisation"))]
    for m in metrics:
        columns.append(Column(metric_label(m), numeric=True))
        if m.target is not None:
            columns.append(
                Column(
                    _("Avvikelse från målvärdet %(target)s")
                    % {"target": format_number(m.target, decimals_of(m.target))},
                    numeric=True,
                )
            )
    columns.append(Column(_("Jämförbarhet")))
    rows = []
    for row in comp.rows:
        emphasis = "high" if focus is not None and row.organisation.pk == focus.pk else ""
        cells = [Cell.text(row.organisation.name, emphasis)]
        for m in metrics:
            cells.append(_figure_cell(row.figures[m.key], m.decimals))
            if m.target is not None:
                cells.append(gap_cell(row.figures[m.key], m))
        cells.append(Cell.text(_("; ").join(row.notes)))
        rows.append(cells)
    return Table(
        caption=caption, columns=columns, rows=rows, footnotes=footnotes, sheet=_("Jämförelse")
    )


def group_average_table(comp: Comparison, *, focus, label: str) -> Table:
    """The focus organisation beside the unweighted mean of the others in its peer group
    (as Kolada's and SKR's group averages are: each municipality counts once), metric by
    metric, with how many of them have a value."""
    from statistics import fmean

    columns = [
        Column(_("Nyckeltal")),
        Column(focus.name, numeric=True),
        Column(_("Ovägt medelvärde för de övriga"), numeric=True),
        Column(_("Antal med värde"), numeric=True),
    ]
    rows = []
    for m in comp.metrics:
        others = [
            r.figures[m.key].value
            for r in comp.rows
            if r.organisation.pk != focus.pk and r.figures[m.key].value is not None
        ]
        own = next((r.figures[m.key] for r in comp.rows if r.organisation.pk == focus.pk), None)
        rows.append(
            [
                Cell.text(metric_label(m)),
                _figure_cell(own, m.decimals) if own is not None else Cell.text(_("–")),
                Cell.number(fmean(others), m.decimals) if others else Cell.text(_("–")),
                Cell.number(len(others), 0),
            ]
        )
    return Table(
        caption=_("%(name)s och medelvärdet för %(group)s, %(year)s")
        % {"name": focus.name, "group": label, "year": comp.year},
        columns=columns,
        rows=rows,
        sheet=_("Gruppmedelvärde"),
    )


def formula_text(metric: Metric, metrics: list[Metric]) -> str:
    names = {m.key: m.name.lower() for m in metrics}
    numerator = " + ".join(names.get(k, k) for k in metric.numerator)
    text = numerator
    if metric.denominator:
        denominator = " + ".join(names.get(k, k) for k in metric.denominator)
        text = (
            f"({numerator}) / ({denominator})"
            if len(metric.denominator) > 1 or len(metric.numerator) > 1
            else f"{numerator} / {denominator}"
        )
    if metric.factor != 1:
        text = f"{format_number(metric.factor, 0)} × {text}"
    return text


# Bars per organisation are readable, and drawn in a moment, up to about this many; a
# national table (290 municipalities) is shown as its table, and as a chart once the user
# picks an organisation and its peers.
MAX_CHART_BARS = 40


def _metric_pairs(comp: Comparison, metric: Metric) -> list:
    return [(org, fig) for org, fig in comp.column(metric.key) if fig.value is not None]


def _target_label(metric: Metric) -> str:
    if metric.target is None:
        return ""
    return _("Målvärde %(target)s") % {
        "target": format_number(metric.target, decimals_of(metric.target))
    }


def metric_table(comp: Comparison, metric: Metric) -> Table:
    """One metric's figures per organisation, with the gaps to its target: the data
    table behind its chart."""
    pairs = _metric_pairs(comp, metric)
    columns = [Column(_("Organisation")), Column(metric_label(metric), numeric=True)]
    rows = [[Cell.text(org.name), _figure_cell(fig, metric.decimals)] for org, fig in pairs]
    if metric.target is not None:
        columns.append(Column(_("Avvikelse från målvärdet"), numeric=True))
        columns.append(Column(_("Kommentar")))
        for row, (_org, fig) in zip(rows, pairs, strict=True):
            gap = fig.gap
            row.append(
                Cell.number(gap.difference, metric.decimals, sign=True)
                if gap and gap.difference is not None
                else Cell.text(_("–"))
            )
            row.append(Cell.text(gap.text if gap else ""))
    return Table(
        caption=f"{metric.name} {comp.year}",
        columns=columns,
        rows=rows,
        sheet=metric.name,
    )


def metric_chart(comp: Comparison, metric: Metric, *, key: str = "") -> Chart:
    """Bars per organisation for one metric, with the target as a line."""
    pairs = _metric_pairs(comp, metric)
    categories = [org.name for org, _fig in pairs]
    values = [round(float(fig.value), metric.decimals) for _org, fig in pairs]
    target_label = _target_label(metric)
    spec = BarChart(
        categories=categories,
        series=[Series(metric.name, values)],
        value_label=metric.unit or metric.name,
        decimals=metric.decimals,
        reference_line=metric.target,
        reference_label=target_label,
    )
    described = ", ".join(f"{org.name} {fig.display}" for org, fig in pairs)
    description = f"{metric.name} {comp.year}: {described}."
    if metric.target is not None:
        description += f" {target_label}."
    return Chart(
        spec,
        f"{metric.name} {comp.year}",
        description,
        metric_table(comp, metric),
        key=key or f"m-{metric.key}",
    )


def _short(value, indicator: Indicator) -> str:
    """A key figure: the number (with % when that is the unit), the unit goes below it."""
    return format_value(value, indicator.decimals, "%" if measure_unit(indicator) == "%" else "")


def chart_metrics(comp: Comparison) -> list[Metric]:
    """Metrics that get a chart: those with a target, else the first derived one."""
    with_target = [m for m in comp.metrics if m.target is not None]
    if with_target:
        return with_target
    derived = [m for m in comp.metrics if m.is_derived]
    return derived[:1] or comp.metrics[:1]


def build_table_report(
    table: RatioTable,
    *,
    year: int | None = None,
    focus=None,
    organisation_ids=None,
    chart_metric: str = "",
    peers_label: str = "",
) -> Report:
    """`peers_label`: the focus is compared with a peer group (an SKR group names its
    grouping year); the report then shows the group's average beside the focus."""
    comp = comparison(table, year=year, organisation_ids=organisation_ids)
    report = Report(
        title=table.name,
        subtitle=_("Nyckeltal %(year)s") % {"year": comp.year} if comp.year else _("Nyckeltal"),
        meta=[
            (k, v) for k, v in ((_("Källa"), table.source), (_("År"), str(comp.year or "–"))) if v
        ],
        notice=_(EXAMPLE) if table.is_example else "",
        # The slug often names the year already ("lund-aldreomsorg-2020"): not twice.
        filename=file_stem(
            "nyckeltal",
            table.slug,
            None if table.slug.endswith(f"-{comp.year}") else comp.year or "alla",
        ),
    )
    if table.description:
        report.add(Section(_("Om tabellen"))).add(Paragraph(table.description))
    if not comp.rows:
        report.add(Section(_("Jämförelse"))).add(
            Paragraph(
                _("Tabellen har inga värden ännu. Importera en fil med nyckeltal."), style="muted"
            )
        )
        return report
    comparison_section = report.add(
        Section(_("Jämförelse mellan organisationer"), anchor="jamforelse")
    )
    if table.comparability:
        comparison_section.add(Paragraph(table.comparability, style="caution"))
    comparison_section.add(comparison_table(comp, focus=focus))
    if peers_label and focus is not None:
        comparison_section.add(group_average_table(comp, focus=focus, label=peers_label))
    metrics = chart_metrics(comp)
    if chart_metric:
        chosen = [m for m in comp.metrics if m.key == chart_metric]
        metrics = chosen or metrics
    chart_section = report.add(Section(_("Diagram och avvikelse från mål"), anchor="diagram"))
    for index, metric in enumerate(metrics):
        if metric.target is not None:
            chart_section.add(Heading(metric.name))
            if metric.target_note:
                chart_section.add(Paragraph(metric.target_note))
        if len(_metric_pairs(comp, metric)) > MAX_CHART_BARS:
            chart_section.add(
                Paragraph(
                    _(
                        "Diagrammet ritas när högst %(n)s organisationer jämförs (välj en "
                        "organisation och en jämförelsegrupp). Tabellen har alla värden."
                    )
                    % {"n": MAX_CHART_BARS},
                    style="muted",
                )
            )
            chart_section.add(metric_table(comp, metric))
        else:
            chart_section.add(metric_chart(comp, metric, key=f"t{table.pk}m{index}"))
    notes = list(comp.table_notes)
    for row in comp.rows:
        notes.extend(f"{row.organisation.name}: {n}" for n in row.notes)
    for metric in comp.metrics:
        notes.extend(f"{metric.name}: {n}" for n in comp.metric_notes.get(metric.key, []))
    for row in comp.rows:
        for metric in comp.metrics:
            figure = row.figures[metric.key]
            if figure.reason:
                notes.append(f"{row.organisation.name}, {metric.name}: {figure.reason}")
    if notes or table.comparability:
        section = report.add(Section(_("Jämförbarhet"), anchor="jamforbarhet"))
        if table.comparability:
            section.add(Paragraph(table.comparability))
        if notes:
            section.add(BulletList(notes))
    return report


# --------------------------------------------------------------------------- indicators


def control_chart_spec(
    result: spc.SpcResult, *, name: str, unit: str, decimals: int, target: float | None = None
) -> LineChart:
    """The run or control chart of an analysis: the series, the centre line and limits
    per phase, the target as a line and the points that signal. Indicator pages and
    reports and `kompass spc --format svg` draw this same picture."""
    scale = 100.0 if result.chart == "p" else 1.0

    def scaled(value):
        return None if value is None else value * scale

    points = result.points
    steps = [Series(_centre_name(result), [scaled(p.centre) for p in points])]
    if any(p.upper is not None for p in points):
        steps.append(Series(_("Övre styrgräns"), [scaled(p.upper) for p in points]))
        steps.append(Series(_("Nedre styrgräns"), [scaled(p.lower) for p in points]))
    lines = []
    if target is not None:
        lines.append(
            HLine(
                target,
                _("Målvärde %(target)s") % {"target": format_number(target, decimals_of(target))},
                "dashed",
                "#009E73",
            )
        )
    highlight = [i for i, p in enumerate(points) if p.in_signal_run or p.outside]
    return LineChart(
        x=[p.period for p in points],
        series=[Series(name, [scaled(p.value) for p in points])],
        value_label="%" if result.chart == "p" else unit,
        lines=lines,
        steps=steps,
        highlight=highlight,
        highlight_label=_("Signal") if highlight else "",
        phase_starts=[ph.start for ph in result.phases[1:]],
        decimals=decimals,
    )


def _centre_name(result: spc.SpcResult) -> str:
    return _("Median") if result.chart == "run" else _("Medelvärde")


def indicator_chart(indicator: Indicator, result: spc.SpcResult, *, key: str = "") -> Chart:
    """The run or control chart as a LineChart spec with its sentence and data table."""
    scale = 100.0 if result.chart == "p" else 1.0
    unit = "%" if result.chart == "p" else measure_unit(indicator)
    decimals = indicator.decimals

    def scaled(value):
        return None if value is None else value * scale

    points = result.points
    centre_name = _centre_name(result)
    has_limits = any(p.upper is not None for p in points)
    spec = control_chart_spec(
        result, name=indicator.name, unit=unit, decimals=decimals, target=indicator.target
    )
    value_column = _("Värde (%(unit)s)") % {"unit": unit} if unit else _("Värde")
    columns = [Column(_("Period")), Column(value_column, numeric=True)]
    if result.chart in ("p", "u"):
        columns.insert(1, Column(_("Antal"), numeric=True))
        columns.insert(2, Column(_("Nämnare"), numeric=True))
    columns.append(Column(centre_name, numeric=True))
    if has_limits:
        columns += [
            Column(_("Nedre styrgräns"), numeric=True),
            Column(_("Övre styrgräns"), numeric=True),
        ]
    columns += [Column(_("Fas")), Column(_("Signal"))]
    rows = []
    for p in points:
        row = [Cell.text(p.period)]
        if result.chart in ("p", "u"):
            row += [
                Cell.number(p.raw, 0 if float(p.raw).is_integer() else 2),
                Cell.number(p.denominator, 0 if float(p.denominator).is_integer() else 2),
            ]
        row.append(Cell.number(scaled(p.value), decimals))
        row.append(Cell.number(scaled(p.centre), decimals))
        if has_limits:
            row += [Cell.number(scaled(p.lower), decimals), Cell.number(scaled(p.upper), decimals)]
        flag = ""
        if p.outside:
            flag = _("över övre gränsen") if p.outside == "above" else _("under nedre gränsen")
        elif p.in_signal_run:
            flag = _("i en lång serie")
        row += [Cell.text(result.phases[p.phase].name), Cell.text(flag, "high" if flag else "")]
        rows.append(row)
    table = Table(
        caption=_("%(name)s: värden") % {"name": indicator.name},
        columns=columns,
        rows=rows,
        sheet=indicator.name,
    )
    caption = _("%(name)s, %(chart)s %(first)s–%(last)s") % {
        "name": indicator.name,
        "chart": _(spc.CHART_NAMES[result.chart]),
        "first": points[0].period,
        "last": points[-1].period,
    }
    description = f"{caption}. {spc.chart_text(result, gettext=_)}"
    return Chart(spec, caption, description, table, key=key or f"ind{indicator.pk}")


def build_indicator_report(indicator: Indicator, *, chart: str | None = None) -> Report:
    values = list(indicator.values.all())
    result, problem = None, ""
    if values:
        try:
            result = analyse_indicator(indicator, chart, values=values)
        except ChartError as exc:  # values stored around the rules: say so, draw nothing
            problem = str(exc)
    status = indicator_status(indicator, result, values)
    report = Report(
        title=indicator.name,
        subtitle=f"{indicator.organisation.display_name} · {indicator.get_perspective_display()}",
        meta=[
            (k, v)
            for k, v in (
                (_("Enhet"), measure_unit(indicator)),
                (_("Riktning"), indicator.get_direction_display()),
                (_("Källa"), indicator.source),
                (_("Basperiod"), indicator.baseline_period),
            )
            if v
        ],
        notice=_(EXAMPLE) if indicator.is_example else "",
        filename=file_stem("indikator", indicator.organisation.name, indicator.name),
    )
    overview = report.add(Section(_("Läget"), anchor="laget"))
    if indicator.description:
        overview.add(Paragraph(indicator.description))
    unit = measure_unit(indicator)
    unit_text = f" {unit}" if unit and unit != "%" else ""
    figures = [
        KeyFigure(
            _("Senaste värde"),
            _short(status.latest, indicator),
            f"{unit_text.strip()} {status.latest_period or ''}".strip(),
        ),
    ]
    if indicator.target is not None:
        figures.append(
            KeyFigure(
                _("Målvärde"),
                format_value(
                    indicator.target,
                    decimals_of(indicator.target),
                    "%" if unit == "%" else "",
                ),
                status.gap.text if status.gap else "",
            )
        )
    if status.baseline is not None:
        figures.append(
            KeyFigure(
                _("Basvärde"),
                _short(status.baseline, indicator),
                (
                    _("%(period)s; förändring %(change)s %(unit)s")
                    % {
                        "period": indicator.baseline_period,
                        "change": status.change_display,
                        "unit": _("procentenheter") if unit == "%" else unit,
                    }
                ).strip(),
            )
        )
    signal = {"signal": _("Ja"), "random": _("Nej")}.get(status.signal, "–")
    figures.append(KeyFigure(_("Signal"), signal, status.signal_label))
    overview.add(KeyFigures(figures))
    if problem:
        overview.add(Paragraph(problem, style="caution"))
        return report
    if result is None:
        overview.add(
            Paragraph(
                _("Inga värden ännu. Lägg in värden för att se diagram och signal."), style="muted"
            )
        )
        return report
    chart_section = report.add(Section(_("Diagram"), anchor="diagram"))
    chart_section.add(Paragraph(spc.chart_text(result, gettext=_), style="lead"))
    chart_section.add(indicator_chart(indicator, result))
    if len(result.phases) > 1:
        items = []
        for phase in result.phases:
            start = result.points[phase.start].period
            items.append(
                ngettext(
                    "%(name)s (från %(start)s, %(n)s punkt): %(text)s",
                    "%(name)s (från %(start)s, %(n)s punkter): %(text)s",
                    phase.n,
                )
                % {
                    "name": phase.name,
                    "start": start,
                    "n": phase.n,
                    "text": spc.phase_text(result, phase, gettext=_),
                }
            )
        chart_section.add(BulletList(items, title=_("Faser")))
    chart_section.add(Paragraph(method_text(result.chart), style="muted"))
    peers = indicator_peer_section(indicator)
    if peers is not None:
        report.add(peers)
    return report


def indicator_peer_section(indicator: Indicator, peer_key: str = "skr") -> Section | None:
    """For an indicator fed from Kolada: the same KPI for the organisation's peers, year
    by year, from the shared Kolada table (median and number of peers with a value)."""
    import statistics

    from kompass.indicators.models import Value
    from kompass.organisations.domain.peers import resolve_peers

    if not indicator.kolada_kpi:
        return None
    peers = resolve_peers(indicator.organisation, peer_key)
    if peers is None:
        return None
    values = Value.objects.filter(
        metric__table__slug=KOLADA_TABLE_SLUG, metric__kolada_kpi__iexact=indicator.kolada_kpi
    ).values_list("organisation_id", "year", "value")
    own: dict[int, float] = {}
    others: dict[int, list[float]] = {}
    for organisation_id, year, value in values:
        if organisation_id == indicator.organisation_id:
            own[year] = value
        elif organisation_id in peers.organisation_ids:
            others.setdefault(year, []).append(value)
    years = sorted(set(own) | set(others))
    if not others:
        return None
    decimals = indicator.decimals
    rows = [
        [
            Cell.text(str(year)),
            Cell.number(own.get(year), decimals) if year in own else Cell.text(_("–")),
            Cell.number(statistics.median(others[year]), decimals)
            if others.get(year)
            else Cell.text(_("–")),
            Cell.number(len(others.get(year, [])), 0),
        ]
        for year in years
    ]
    section = Section(_("Jämfört med andra (Kolada)"), anchor="jamfort")
    section.add(
        Paragraph(
            _("%(peers)s. Värden för %(kpi)s ur tabellen %(table)s.")
            % {
                "peers": peers.description,
                "kpi": indicator.kolada_kpi,
                "table": KOLADA_TABLE_NAME,
            },
            style="muted",
        )
    )
    section.add(
        Table(
            caption=_("%(org)s och %(peers)s, %(kpi)s")
            % {
                "org": indicator.organisation.name,
                "peers": peers.label,
                "kpi": indicator.kolada_kpi,
            },
            columns=[
                Column(_("År")),
                Column(indicator.organisation.name, numeric=True),
                Column(_("Median, jämförelsegrupp"), numeric=True),
                Column(_("Antal jämförda"), numeric=True),
            ],
            rows=rows,
            sheet=_("Jämfört med andra"),
        )
    )
    return section


def method_text(chart: str) -> str:
    if chart == "run":
        return _(
            "Körschemat har medianen som mittlinje. En signal om verklig förändring är en serie "
            "längre än avrundat log2(n) + 3 punkter på samma sida om medianen, eller färre "
            "korsningar av medianen än den nedre 5-procentsgränsen i binomialfördelningen med "
            "n − 1 försök (Anhøjs regler). Punkter på medianen räknas inte. Reglerna prövas från "
            "%(n)s punkter."
        ) % {"n": spc.MIN_RUN_POINTS}
    limits = {
        "i": _(
            "medelvärdet ± 3/1,128 × genomsnittlig glidande variationsvidd (variationsvidder "
            "större än 3,267 × genomsnittet sållas bort och genomsnittet räknas om)"
        ),
        "p": "p̄ ± 3 × √(p̄(1 − p̄)/n)",
        "u": "ū ± 3 × √(ū/n)",
    }[chart]
    return _(
        "Styrgränserna är %(limits)s, beräknade per fas från minst %(n)s punkter. "
        "Punkter utanför gränserna och Anhøjs regler runt mittlinjen signalerar en särskild orsak."
    ) % {"limits": limits, "n": spc.MIN_LIMIT_POINTS}


# --------------------------------------------------------------------------- dashboard


def dashboard_charts(group: PerspectiveGroup) -> list[Chart]:
    """The run or control chart of each indicator of a perspective that has values to
    draw, with its sentence and data table: the same pictures as on the indicator's own
    page, on the dashboard and in its PDF and Word files."""
    return [
        indicator_chart(card.indicator, card.result, key=f"dash{card.indicator.pk}")
        for card in group.cards
        if card.result is not None and card.result.points
    ]


def build_dashboard_report(dashboard: Dashboard) -> Report:
    org = dashboard.organisation
    report = Report(
        title=_("Indikatorer och nyckeltal: %(org)s") % {"org": org.display_name},
        subtitle=_("Jämförelsegrupp: %(group)s") % {"group": dashboard.peer_label},
        filename=file_stem("indikatorer", org.name),
    )
    if any(c.indicator.is_example for g in dashboard.groups for c in g.cards):
        report.notice = _(EXAMPLE)
    summary = report.add(Section(_("Översikt"), anchor="oversikt"))
    summary.add(
        KeyFigures(
            [
                KeyFigure(_("Indikatorer"), str(dashboard.indicator_count)),
                KeyFigure(_("Med signal"), str(dashboard.signal_count)),
                KeyFigure(
                    _("Mål nådda"),
                    _("%(met)s av %(total)s")
                    % {"met": dashboard.met_count, "total": dashboard.with_target},
                ),
            ]
        )
    )
    for group in dashboard.groups:
        section = report.add(Section(group.label, anchor=f"perspektiv-{group.key}"))
        if not group.cards:
            section.add(Paragraph(_("Inga indikatorer i det här perspektivet."), style="muted"))
            continue
        rows = []
        for card in group.cards:
            s = card.status
            rows.append(
                [
                    Cell.text(card.indicator.name),
                    Cell.text(
                        f"{s.latest_display} ({s.latest_period})" if s.latest_period else "–"
                    ),
                    Cell.text(s.gap.text if s.gap else _("inget målvärde")),
                    Cell.text(s.signal_label, "high" if s.signal == "signal" else ""),
                    Cell.text(s.text),
                ]
            )
        section.add(
            Table(
                caption=group.label,
                columns=[
                    Column(_("Indikator")),
                    Column(_("Senaste värde")),
                    Column(_("Mot målet")),
                    Column(_("Signal")),
                    Column(_("Vad diagrammet visar")),
                ],
                rows=rows,
                sheet=group.label,
            )
        )
        for chart in dashboard_charts(group):
            section.add(chart)
    section = report.add(Section(_("Nyckeltal jämfört med andra"), anchor="nyckeltal"))
    section.add(Paragraph(dashboard.peer_description, style="muted"))
    if not dashboard.ratio_rows:
        section.add(Paragraph(_("Inga nyckeltal för organisationen ännu."), style="muted"))
        return report
    rows = []
    for r in dashboard.ratio_rows:
        s = r.summary
        rows.append(
            [
                Cell.text(f"{r.metric.name} ({r.table.name}, {r.year})"),
                _figure_cell(r.own, r.metric.decimals),
                Cell.number(s.median, r.metric.decimals) if s.n else Cell.text(_("–")),
                Cell.text(f"{r.display(s.minimum)}–{r.display(s.maximum)}" if s.n else "–"),
                Cell.number(s.n, 0),
                Cell.text(r.position),
                Cell.text(_("; ").join(r.notes)),
            ]
        )
    section.add(
        Table(
            caption=_("Nyckeltal jämfört med jämförelsegruppen"),
            columns=[
                Column(_("Nyckeltal")),
                Column(org.name, numeric=True),
                Column(_("Median, jämförelsegrupp"), numeric=True),
                Column(_("Spridning")),
                Column(_("Antal jämförda"), numeric=True),
                Column(_("Läge")),
                Column(_("Jämförbarhet")),
            ],
            rows=rows,
            sheet=_("Nyckeltal"),
        )
    )
    return report

"""The status analysis as a report: the deviation chart with its table, the ranked
figures with their notes, the figures without a direction, and what was chosen (*vägval*):
prioritised deviations, those consciously left, and where each cause analysis stands.

Built once as data (`kompass.reports.document`) and rendered to the page, PDF, DOCX and
XLSX alike."""

from __future__ import annotations

from django.utils.translation import gettext as _

from kompass.followup.domain.measures import plan_measures
from kompass.lib.numbers import format_number
from kompass.reports.charts import DeviationChart
from kompass.reports.document import (
    BulletList,
    Cell,
    Chart,
    Column,
    KeyFigure,
    KeyFigures,
    Paragraph,
    Report,
    Section,
    Table,
)
from kompass.reports.exports import file_stem
from kompass.status import texts
from kompass.status.domain.analysis import StatusAnalysis
from kompass.status.domain.choices import current_choices
from kompass.status.models import Choice


def _value(value, decimals: int, unit: str = "") -> str:
    if value is None:
        return "–"
    text = format_number(value, decimals)
    return f"{text}\u00a0%" if unit == "%" else f"{text} {unit}".strip()


def _median_position(row) -> float | None:
    p = row.peers
    if p.median is None or p.p25 is None or p.p75 is None or p.p75 <= p.p25:
        return None
    if row.direction == "lower":
        return (p.p75 - p.median) / (p.p75 - p.p25)
    return (p.median - p.p25) / (p.p75 - p.p25)


def deviation_chart(analysis: StatusAnalysis) -> Chart:
    rows = [r for r in analysis.rows if r.band_position is not None or r.peers.n]
    spec = DeviationChart(
        labels=[r.name for r in rows],
        positions=[r.band_position for r in rows],
        medians=[_median_position(r) for r in rows],
        band_label=_("Mellersta hälften av jämförelsegruppen"),
        median_label=_("Median"),
        value_label=analysis.organisation.name,
        axis_label=_("Läge mot jämförelsegruppen (höger är bättre)"),
        worse_label=_("Sämre"),
        better_label=_("Bättre"),
        worse_quartile_label=_("sämre kvartil"),
        better_quartile_label=_("bättre kvartil"),
    )
    ranked = list(analysis.result.ranked)
    below = [r for r in ranked if r.band_position is not None and r.band_position < 0]
    description = _(
        "%(org)s jämfört med %(peers)s %(year)s: %(n)s nyckeltal, varav %(below)s sämre än "
        "jämförelsegruppens sämre kvartil. Varje rad är ett nyckeltal; bandet är den mellersta "
        "hälften av jämförelsegruppen och punkten organisationens värde."
    ) % {
        "org": analysis.organisation.name,
        "peers": analysis.peers.label,
        "year": analysis.year,
        "n": len(rows),
        "below": len(below),
    }
    return Chart(
        spec=spec,
        caption=_("Avvikelser mot jämförelsegruppen"),
        description=description,
        table=figures_table(analysis, caption=_("Avvikelsediagrammets siffror")),
        key="deviation",
    )


def figures_table(analysis: StatusAnalysis, *, caption: str, neutral: bool | None = None) -> Table:
    """One row per figure: value, peers, percentile, gap to target and trend."""
    rows = [r for r in analysis.rows if neutral is None or (r.direction == "neutral") == neutral]
    return Table(
        caption=caption,
        columns=[
            Column(_("Nyckeltal")),
            Column(_("Värde"), numeric=True),
            Column(_("Antal i jämförelsen"), numeric=True),
            Column(_("Median"), numeric=True),
            Column(_("Kvartiler"), numeric=True),
            Column(_("Percentil"), numeric=True),
            Column(_("Mot målvärdet"), numeric=True),
            Column(_("Utveckling")),
        ],
        rows=[
            [
                Cell.text(r.name),
                Cell(r.value, _value(r.value, r.decimals, r.unit), decimals=r.decimals),
                Cell.number(r.peers.n),
                Cell.number(r.peers.median, r.decimals),
                Cell.text(
                    f"{format_number(r.peers.p25, r.decimals)}–{format_number(r.peers.p75, r.decimals)}"
                    if r.peers.n
                    else "–"
                ),
                Cell.number(r.percentile, 0),
                Cell.number(r.target_gap, r.decimals, sign=True),
                Cell.text(texts.signal_label(r.trend.signal)),
            ]
            for r in rows
        ],
        sheet=caption,
    )


def _choices_section(analysis: StatusAnalysis) -> Section:
    section = Section(_("Vägval"), anchor="vagval")
    choices = [
        c
        for c in current_choices(analysis.organisation)
        if c.source_kind == analysis.source.kind and c.source_key == analysis.source.key
    ]
    prioritised = [c for c in choices if c.decision == Choice.Decision.PRIORITISED]
    left = [c for c in choices if c.decision == Choice.Decision.LEFT]
    if not choices:
        section.add(
            Paragraph(
                _(
                    "Inga vägval ännu. Välj vilka avvikelser ni ska arbeta med och vilka ni "
                    "medvetet lämnar, med motivering."
                ),
                "muted",
            )
        )
        return section
    section.add(
        Paragraph(
            _(
                "%(prioritised)s avvikelser prioriteras och %(left)s lämnas medvetet. Ett nytt "
                "beslut om samma avvikelse ersätter det tidigare, som finns kvar i historiken."
            )
            % {"prioritised": len(prioritised), "left": len(left)}
        ),
        Table(
            caption=_("Vägval: vad som prioriteras och vad som medvetet lämnas"),
            columns=[
                Column(_("Nyckeltal")),
                Column(_("Beslut")),
                Column(_("Motivering")),
                Column(_("Förväntad effekt")),
                Column(_("Insats")),
                Column(_("Beslutat av")),
                Column(_("Datum")),
                Column(_("Orsaksanalys och plan")),
            ],
            rows=[
                [
                    Cell.text(f"{c.metric_name} ({c.year})"),
                    Cell.text(c.get_decision_display()),
                    Cell.text(c.motivation),
                    Cell.text(c.expected_effect if c.is_prioritised else "–"),
                    Cell.text(c.get_effort_display() if c.effort else "–"),
                    Cell.text(c.decided_by),
                    Cell.text(c.decided_on.isoformat()),
                    Cell.text(_cause_status(c) if c.is_prioritised else "–"),
                ]
                for c in [*prioritised, *left]
            ],
            sheet=_("Vägval"),
        ),
    )
    return section


def _cause_status(choice: Choice) -> str:
    analysis = getattr(choice, "cause_analysis", None)
    if analysis is None:
        return _("Orsaksanalys saknas ännu.")
    if analysis.plan_id is None:
        return _("Orsaksanalys gjord (%(n)s orsaker); handlingsplan saknas.") % {
            "n": analysis.causes.count()
        }
    measures = plan_measures(analysis.plan)
    text = _("Handlingsplan: %(plan)s.") % {"plan": analysis.plan.title}
    if measures.only_activities:
        text += " " + _("Planen mäter bara aktiviteter, ingen effekt.")
    elif measures.no_indicators:
        text += " " + _("Planen har inga indikatorer ännu.")
    return text


def build_status_report(analysis: StatusAnalysis) -> Report:
    organisation = analysis.organisation
    result = analysis.result
    report = Report(
        title=_("Nulägesanalys %(year)s: %(name)s")
        % {"year": analysis.year, "name": organisation.name},
        subtitle=analysis.source.label,
        meta=[
            (_("Jämförelsegrupp"), f"{analysis.peers.label} ({len(analysis.peers.codes)})"),
            (_("År"), str(analysis.year)),
        ],
        filename=file_stem("nulagesanalys", organisation.name, analysis.year),
    )
    overview = report.add(Section(_("Översikt"), anchor="oversikt"))
    below = [r for r in result.ranked if r.percentile is not None and r.percentile < 25]
    overview.add(
        KeyFigures(
            [
                KeyFigure(_("Rangordnade nyckeltal"), str(len(result.ranked))),
                KeyFigure(
                    _("Sämre än tre av fyra i jämförelsen"),
                    str(len(below)),
                    _("percentil under 25"),
                ),
                KeyFigure(_("Utan riktning"), str(len(result.neutral))),
            ]
        )
    )
    for note in analysis.general_notes():
        overview.add(Paragraph(note, "caution"))
    if analysis.source.comparability:
        overview.add(Paragraph(analysis.source.comparability, "muted"))
    overview.add(
        Paragraph(
            _(
                "Percentilen är andelen i jämförelsegruppen som har ett sämre värde (lika "
                "värden räknas till hälften), så högre är alltid bättre. Organisationen själv "
                "räknas inte in i jämförelsegruppen. Kvartilerna är interpolerade mellan "
                "värdena."
            ),
            "muted",
        )
    )
    if result.rows:
        overview.add(deviation_chart(analysis))

    ranked = report.add(Section(_("Avvikelser, sämst först"), anchor="avvikelser"))
    if result.ranked or result.unranked:
        ranked.add(figures_table(analysis, caption=_("Nyckeltal med riktning"), neutral=False))
    else:
        ranked.add(Paragraph(_("Inga nyckeltal med riktning att rangordna."), "muted"))
    notes = [
        f"{row.name}: {' '.join(analysis.notes(row))}" for row in result.rows if analysis.notes(row)
    ]
    if notes:
        ranked.add(BulletList(notes, title=_("Att tänka på")))
    trends = [f"{row.name}: {analysis.trend_text(row)}" for row in result.rows]
    if trends:
        ranked.add(BulletList(trends, title=_("Utveckling över åren")))
    if result.neutral:
        neutral = report.add(Section(_("Nyckeltal utan riktning"), anchor="utan-riktning"))
        neutral.add(
            Paragraph(
                _("Varken högre eller lägre värde är bättre; de visas men rangordnas inte."),
                "muted",
            ),
            figures_table(analysis, caption=_("Nyckeltal utan riktning"), neutral=True),
        )
    report.add(_choices_section(analysis))
    return report

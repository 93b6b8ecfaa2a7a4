"""Survey reports built as data: the cohort summary and the feedback report of one
organisation, in the shape of seed 000 (Table 2 with the highest value of each column in
bold and the lowest in italics, the largest and smallest changes, distributions per role
and wave, selected versus other municipalities).

Every figure comes from `SurveyResults` (computed once per survey); a hidden cell is
written "dolt" with its reason, a hidden number of respondents "färre än k" or "dolt", in
the page, the PDF, the Word file and the XLSX alike. Results of an open wave are not
shown, only its respondents.
"""

from __future__ import annotations

from itertools import pairwise

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kompass.analytics.survey_analysis import ORGANISATION
from kompass.analytics.survey_stats import extremes, ranked_changes
from kompass.lib.numbers import format_number, format_percent
from kompass.reports.charts import SEQUENTIAL, Series, StackedBarChart
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
from kompass.reports.registry import extra_sections
from kompass.surveys.domain.results import Count, Stat, SurveyResults, survey_results
from kompass.surveys.models import Comment, Survey

# Translated where the report is built (in the reader's language), not at import.
EXAMPLE_NOTICE = gettext_noop(
    "Exempeldata – syntetiska svar för demonstration, inte en verklig enkät."
)
DECIMALS = 2


def caution_text(caution) -> str:
    """A response-rate caution (`survey_stats.RateCaution`) as a sentence."""
    if caution.code == "few_respondents":
        return _("färre än %(k)s svarande: resultaten visas inte") % {
            "k": format_number(caution.value)
        }
    if caution.code == "small_group":
        return _("få svarande (%(n)s): tolka med försiktighet") % {
            "n": format_number(caution.value)
        }
    if caution.code == "low_rate":
        return _("låg svarsfrekvens (%(rate)s): tolka med försiktighet") % {
            "rate": format_percent(caution.value)
        }
    if caution.code == "falling_rate":
        return _("svarsfrekvensen har sjunkit från %(before)s till %(now)s") % {
            "before": format_percent(caution.previous),
            "now": format_percent(caution.value),
        }
    return _("antalet svar har sjunkit från %(before)s till %(now)s") % {
        "before": format_number(caution.previous),
        "now": format_number(caution.value),
    }


def join_and(parts: list[str]) -> str:
    """A list in running text: a; a och b; a, b och c (in the reader's language)."""
    if len(parts) < 2:
        return "".join(parts)
    return _("%(items)s och %(last)s") % {"items": ", ".join(parts[:-1]), "last": parts[-1]}


def _reason(code: str | None, k: int) -> str:
    return {
        "hidden": _("färre än %(k)s svar, eller dolt så att en mindre grupp inte kan räknas fram")
        % {"k": k},
        "theme_part_hidden": _("ett påstående i temat är dolt"),
        "wave_hidden": _("dolt i en av omgångarna"),
        "wave_open": _("omgången är öppen: resultaten visas när den har stängt"),
        "few_respondents": _("färre än %(k)s svarande") % {"k": k},
    }.get(code or "", "")


def count_cell(count: Count, k: int) -> Cell:
    """A number of respondents: the figure, "färre än k" or "dolt"."""
    if count.suppressed == "few_respondents":
        return Cell(
            None, _("färre än %(k)s") % {"k": k}, "suppressed", _reason(count.suppressed, k)
        )
    if count.suppressed:
        return Cell(
            None, _("dolt"), "suppressed", _("dolt så att en mindre grupp inte kan räknas fram")
        )
    return Cell.number(count.value)


def count_text(count: Count, k: int) -> str:
    return count_cell(count, k).display


def mean_cell(stat: Stat, k: int, emphasis: str = "") -> Cell:
    if stat.suppressed:
        return Cell(None, _("dolt"), "suppressed", _reason(stat.suppressed, k))
    if stat.mean is None:
        return Cell(None, "–")
    cell = Cell.number(stat.mean, DECIMALS, emphasis=emphasis)
    cell.note = {"high": _("högst"), "low": _("lägst")}.get(emphasis, "")
    return cell


def change_cell(change, emphasis: str = "") -> Cell:
    if change.hidden or change.diff is None:
        return Cell(
            None, _("dolt") if change.hidden else "–", "suppressed" if change.hidden else ""
        )
    cell = Cell.number(change.diff, DECIMALS, sign=True, emphasis=emphasis)
    cell.note = {"high": _("störst"), "low": _("minst")}.get(emphasis, "")
    return cell


def _mark(rows: list[list[Cell]], columns: list[int]) -> None:
    """Bold the highest and italicise the lowest value of each given column."""
    for column in columns:
        values = [row[column].value if row[column].numeric else None for row in rows]
        found = extremes(values, DECIMALS)
        for index in found.high:
            rows[index][column].emphasis = "high"
            rows[index][column].note = _("högst")
        for index in found.low:
            rows[index][column].emphasis = "low"
            rows[index][column].note = _("lägst")


def _full_waves(results: SurveyResults):
    """Waves in which most of the organisations have at least k respondents (at least
    half as many as in the widest wave): the cohort's comparable waves. A follow-up sent
    to a few is shown apart. (Counted from what the tables show: which organisations
    have answers below k is not told.)"""
    answered = results.result_waves
    counts = {
        w.code: sum(
            1 for o in results.organisations if results.at_least_k(w.code, {ORGANISATION: o})
        )
        for w in answered
    }
    widest = max(counts.values(), default=0)
    return [w for w in answered if counts[w.code] * 2 >= widest], counts


def _item_label(results: SurveyResults, item) -> str:
    return f"{item.code}. {results.layout.texts.get(item.code, item.code)}"


def _short(wave) -> str:
    return wave.name


def _anonymity(results: SurveyResults) -> Paragraph:
    return Paragraph(
        _(
            "Resultat visas bara för grupper med minst %(k)s svar. Där en grupp döljs döljs också "
            "andra celler, så att det dolda inte kan räknas fram ur de visade, inte heller genom "
            "att kombinera tabeller eller utnyttja att antal är heltal. Dolda värden står som "
            "”dolt”, och antalet svarande i en grupp med färre än %(k)s som ”färre än %(k)s”. "
            "”Vet ej” räknas och redovisas men ingår aldrig i medelvärdet."
        )
        % {"k": results.k},
        "muted",
    )


def respondents_section(results: SurveyResults, organisation: str | None = None) -> Section:
    section = Section(_("Svarande och svarsfrekvens"), anchor="svarande")
    split = results.layout.split
    values = list(split.values) if split else []
    columns = [Column(_("Omgång")), Column(_("Svarande"), numeric=True)]
    columns += [Column(split.label_of(v), numeric=True) for v in values]
    if split:
        columns.append(Column(_("Ej angiven"), numeric=True))
    columns += [Column(_("Inbjudna"), numeric=True), Column(_("Svarsfrekvens"), numeric=True)]
    rows, cautions = [], []
    base = {ORGANISATION: organisation} if organisation else {}
    k = results.k
    for wave in results.waves:
        rate = results.rate_row(wave.code, organisation)
        row = [Cell.text(wave.name), count_cell(rate["respondents"], k)]
        if split:
            for value in values:
                row.append(count_cell(results.count(wave.code, {**base, split.code: value}), k))
            row.append(count_cell(results.count(wave.code, {**base, split.code: None}), k))
        row.append(Cell.number(rate["invited"]) if rate["invited"] is not None else Cell(None, "–"))
        row.append(
            Cell(rate["rate"], format_percent(rate["rate"]))
            if rate["rate"] is not None
            else Cell(None, "–")
        )
        rows.append(row)
        cautions += [f"{wave.name}: {caution_text(c)}." for c in rate["cautions"]]
    section.add(Table(_("Antal svarande per omgång"), columns, rows, sheet=_("Svarande")))
    if cautions:
        section.add(Paragraph("\n".join(cautions), "caution"))
    for wave in results.waves:
        if wave.open:
            section.add(
                Paragraph(
                    _("%(wave)s är öppen: resultaten visas när omgången har stängt.")
                    % {"wave": wave.name},
                    "muted",
                )
            )
    return section


def _means_table(results, waves, caption, group=None, sheet="", cohort_waves=None) -> Table:
    """Statements x waves (means) and the change between consecutive waves, marked."""
    columns = [Column(_("Påstående"))]
    columns += [Column(_("Snitt %(wave)s") % {"wave": _short(w)}, numeric=True) for w in waves]
    pairs = list(pairwise(waves))
    columns += [Column(f"{_short(b)} – {_short(a)}", numeric=True) for a, b in pairs]
    rows = []
    for position, item in results.scale_items:
        if item.kind != "numeric":
            continue
        row = [Cell.text(_item_label(results, item))]
        for wave in waves:
            row.append(mean_cell(results.stat(position, results.cell(wave.code, group)), results.k))
        for a, b in pairs:
            row.append(change_cell(results.change(position, a.code, b.code, group)))
        rows.append(row)
    _mark(rows, list(range(1, len(columns))))
    return Table(
        caption,
        columns,
        rows,
        footnotes=[_("Högsta värdet i varje kolumn är fetstilt, lägsta kursivt.")],
        sheet=sheet,
    )


def _changes_list(results: SurveyResults, a, b, group=None) -> list:
    changes = []
    for position, item in results.scale_items:
        if item.kind == "numeric":
            changes.append((item.code, results.change(position, a.code, b.code, group).diff))
    largest, smallest = ranked_changes(changes, 3, DECIMALS)
    by_code = {item.code: position for position, item in results.scale_items}

    def describe(rank):
        parts = []
        for code in rank:
            position = by_code[code]
            diff = results.change(position, a.code, b.code, group).diff
            verb = _("ökat") if diff >= 0 else _("minskat")
            parts.append(
                f"{code}. {results.layout.texts.get(code, code)} ({verb} {format_number(abs(diff), DECIMALS)})"
            )
        return join_and(parts)

    blocks = []
    if largest:
        blocks.append(
            BulletList(
                [describe(rank) for rank in largest],
                title=_("Störst förändring från %(a)s till %(b)s") % {"a": a.name, "b": b.name},
                ordered=True,
            )
        )
        blocks.append(
            BulletList(
                [describe(rank) for rank in smallest],
                title=_("Minst förändring från %(a)s till %(b)s") % {"a": a.name, "b": b.name},
                ordered=True,
            )
        )
    return blocks


def _interval_table(results, a, b, group=None, caption="") -> Table:
    columns = [
        Column(_("Påstående")),
        Column(_("Förändring"), numeric=True),
        Column(_("95 % konfidensintervall, från"), numeric=True),
        Column(_("till"), numeric=True),
    ]
    rows = []
    for position, item in results.scale_items:
        if item.kind != "numeric":
            continue
        change = results.change(position, a.code, b.code, group)
        rows.append(
            [
                Cell.text(_item_label(results, item)),
                change_cell(change),
                Cell.number(change.low, DECIMALS, sign=True)
                if change.low is not None
                else Cell(None, "–"),
                Cell.number(change.high, DECIMALS, sign=True)
                if change.high is not None
                else Cell(None, "–"),
            ]
        )
    return Table(
        caption
        or _("Förändring %(a)s → %(b)s med 95 %% konfidensintervall") % {"a": a.name, "b": b.name},
        columns,
        rows,
        footnotes=[
            _(
                "Omgångarna är anonyma och oberoende urval; intervallet är Welchs för skillnaden "
                "mellan två medelvärden. Ett intervall som inte omfattar 0 tyder på en verklig förändring."
            )
        ],
        sheet=_("Förändring %(a)s-%(b)s") % {"a": a.code, "b": b.code},
    )


def _themes_table(results, waves, group=None, caption="", sheet="") -> Table:
    columns = [Column(_("Tema"))] + [Column(_short(w), numeric=True) for w in waves]
    rows = []
    for t, theme in enumerate(results.layout.themes):
        row = [Cell.text(results.layout.theme_names.get(theme.code, theme.code))]
        for wave in waves:
            row.append(
                mean_cell(results.stat(t, results.cell(wave.code, group), theme=True), results.k)
            )
        rows.append(row)
    _mark(rows, list(range(1, len(columns))))
    return Table(caption or _("Genomsnitt per tema"), columns, rows, sheet=sheet or _("Teman"))


def _split_table(results, waves, base: dict, caption: str, sheet: str) -> Table | None:
    split = results.layout.split
    if split is None:
        return None
    columns = [Column(_("Påstående"))]
    keys = []
    for wave in waves:
        for value in split.values:
            columns.append(Column(f"{split.label_of(value)} {_short(wave)}", numeric=True))
            keys.append((wave, value))
    rows = []
    for position, item in results.scale_items:
        if item.kind != "numeric":
            continue
        row = [Cell.text(_item_label(results, item))]
        for wave, value in keys:
            cell = results.cell(wave.code, {**base, split.code: value})
            row.append(mean_cell(results.stat(position, cell), results.k))
        rows.append(row)
    return Table(caption, columns, rows, sheet=sheet)


def distribution_chart(
    results, position, item, waves, base: dict, key: str, title: str, *, whole: bool = False
) -> Chart | None:
    """Share of answers on each step per role and wave (the seed's diagrams); with
    `whole`, of the group as a whole per wave (when every role group is hidden)."""
    split = None if whole else results.layout.split
    groups = []
    for wave in waves:
        options = (
            [(split.label_of(v), {**base, split.code: v}) for v in split.values] if split else []
        )
        if not options:
            options = [(title, dict(base))]
        for label, group in options:
            groups.append(
                (f"{label}, {wave.name}", results.stat(position, results.cell(wave.code, group)))
            )
    shown = [(label, stat) for label, stat in groups if stat.shown and stat.dist]
    hidden = [label for label, stat in groups if stat.suppressed]
    if not shown:
        return None
    steps = [str(s) for s in item.steps]
    labels = results.layout.step_labels.get(item.code) or steps
    labels = labels if len(labels) == len(steps) else steps
    segments = [
        Series(label, [stat.dist[step] for _l, stat in shown])
        for step, label in zip(steps, labels, strict=True)
    ]
    columns = [Column(_("Grupp")), Column("n", numeric=True)] + [
        Column(s, numeric=True) for s in steps
    ]
    columns += [Column(_("Snitt"), numeric=True), Column(_("Vet ej"), numeric=True)]
    rows = []
    for label, stat in shown:
        rows.append(
            [Cell.text(label), Cell.number(stat.n)]
            + [Cell(stat.dist[s], format_percent(stat.dist[s])) for s in steps]
            + [Cell.number(stat.mean, DECIMALS), Cell.number(stat.dont_know)]
        )
    means = "; ".join(f"{label}: {format_number(stat.mean, DECIMALS)}" for label, stat in shown)
    description = _(
        "Andel svar på varje skalsteg för påstående %(code)s. Genomsnitt: %(means)s."
    ) % {
        "code": item.code,
        "means": means,
    }
    layout_split = results.layout.split
    if whole and layout_split is not None:
        description += " " + _(
            "Hela organisationen visas: grupperna per %(split)s är för små för att visas."
        ) % {"split": layout_split.label.lower()}
    if hidden:
        description += " " + _("Dolda grupper: %(groups)s.") % {"groups": ", ".join(hidden)}
    return Chart(
        spec=StackedBarChart(
            categories=[label for label, _s in shown],
            segments=segments,
            value_label=_("Andel svar (%)"),
            colors=SEQUENTIAL if len(steps) == 7 else None,
        ),
        caption=f"{_item_label(results, item)}",
        description=description,
        table=Table(
            _("Svarsfördelning, påstående %(code)s") % {"code": item.code},
            columns,
            rows,
            sheet=_("Fördelning %(key)s %(code)s") % {"key": key, "code": item.code},
        ),
        key=f"{key}-{item.code}" + ("-alla" if whole else ""),
    )


def _about(survey: Survey, results: SurveyResults) -> Section:
    tree = survey.framework.tree
    section = Section(_("Om enkäten"), anchor="om")
    if survey.description:
        section.add(Paragraph(survey.description))
    if tree.about or tree.description:
        section.add(Paragraph(tree.about or tree.description))
    for area in tree.areas:
        items = [f"{i.code}. {i.text}" for i in area.all_items]
        section.add(BulletList(items, title=area.name))
    section.add(_anonymity(results))
    return section


def _meta(survey: Survey, results: SurveyResults) -> list[tuple[str, str]]:
    return [
        (_("Instrument"), str(survey.framework)),
        (_("Omgångar"), ", ".join(w.name for w in results.waves) or "–"),
        (_("Organisationer"), format_number(len(results.cohort))),
        (_("Minsta gruppstorlek"), format_number(results.k)),
    ]


def build_cohort_report(survey: Survey, results: SurveyResults | None = None) -> Report:
    results = results or survey_results(survey)
    report = Report(
        title=_("%(name)s – sammanställning för kohorten") % {"name": survey.name},
        subtitle=str(survey.framework),
        meta=_meta(survey, results),
        notice=_(EXAMPLE_NOTICE) if survey.is_example else "",
        filename=f"enkat-{survey.slug}",
    )
    report.add(_about(survey, results))
    report.add(respondents_section(results))
    full, org_counts = _full_waves(results)
    if not full:
        text = (
            _("Resultaten visas när omgången har stängt.")
            if any(w.open for w in results.answered_waves)
            else _("Inga svar ännu.")
        )
        report.add(Section(_("Resultat"), [Paragraph(text)]))
        return report
    main = Section(_("Genomsnitt och förändring per påstående"), anchor="tabell")
    main.add(
        _means_table(
            results,
            full,
            _("Genomsnitt och förändring per påstående, samtliga organisationer"),
            sheet=_("Genomsnitt"),
        )
    )
    for a, b in pairwise(full):
        main.add(*_changes_list(results, a, b))
        main.add(_interval_table(results, a, b))
    report.add(main)
    partial = [w for w in results.result_waves if w not in full]
    if partial:
        section = Section(_("Omgångar med färre organisationer"), anchor="uppfoljning")
        notes = [
            _(
                "I %(wave)s hade %(n)s av %(all)s organisationer minst %(k)s svarande; omgången jämförs därför för sig. Tolka med försiktighet."
            )
            % {"wave": w.name, "n": org_counts[w.code], "all": len(results.cohort), "k": results.k}
            for w in partial
        ]
        section.add(Paragraph("\n".join(notes), "caution"))
        section.add(
            _means_table(
                results,
                results.result_waves,
                _("Genomsnitt i samtliga omgångar"),
                sheet=_("Alla omgångar"),
            )
        )
        report.add(section)
    report.add(Section(_("Teman"), [_themes_table(results, results.result_waves)], anchor="teman"))
    split = results.layout.split
    if split:
        section = Section(_("Per %(split)s") % {"split": split.label.lower()}, anchor="roller")
        table = _split_table(
            results,
            results.result_waves,
            {},
            _("Genomsnitt per %(split)s och omgång") % {"split": split.label.lower()},
            _("Per grupp"),
        )
        section.add(table)
        for position, item in results.scale_items:
            if item.kind != "numeric":
                continue
            chart = distribution_chart(
                results, position, item, results.result_waves, {}, "kohort", _("Samtliga")
            )
            if chart:
                section.add(chart)
        report.add(section)
    for attribute in results.layout.attributes:
        if attribute.split:
            continue
        report.add(_attribute_section(results, attribute))
    report.add(_organisations_section(results))
    for extra in extra_sections("enkat", survey):
        report.add(extra)
    return report


def _attribute_section(results: SurveyResults, attribute) -> Section:
    section = Section(
        _("Efter %(label)s") % {"label": attribute.label.lower()}, anchor=f"attr-{attribute.code}"
    )
    waves = results.result_waves
    columns = [Column(_("Påstående"))]
    keys = []
    for value in attribute.values:
        for wave in waves:
            columns.append(Column(f"{attribute.label_of(value)} {_short(wave)}", numeric=True))
            keys.append((value, wave))
    rows = []
    for position, item in results.scale_items:
        if item.kind != "numeric":
            continue
        row = [Cell.text(_item_label(results, item))]
        for value, wave in keys:
            row.append(
                mean_cell(
                    results.stat(position, results.cell(wave.code, {attribute.code: value})),
                    results.k,
                )
            )
        rows.append(row)
    section.add(
        Table(
            _("Genomsnitt efter %(label)s") % {"label": attribute.label.lower()},
            columns,
            rows,
            sheet=attribute.label,
        )
    )
    if len(waves) > 1:
        for value in attribute.values:
            group = {attribute.code: value}
            first, last = waves[0], waves[-1]
            if results.count(first.code, group).value != 0 and (
                results.count(last.code, group).value != 0
            ):
                section.add(
                    _interval_table(
                        results,
                        first,
                        last,
                        group,
                        _("%(value)s: förändring %(a)s → %(b)s")
                        % {"value": attribute.label_of(value), "a": first.name, "b": last.name},
                    )
                )
    split = results.layout.split
    if split and attribute.level == "organisation":
        for value in attribute.values:
            table = _split_table(
                results,
                waves,
                {attribute.code: value},
                _("%(value)s per %(split)s")
                % {"value": attribute.label_of(value), "split": split.label.lower()},
                f"{attribute.label_of(value)} {split.label}",
            )
            section.add(table)
    return section


def _organisations_section(results: SurveyResults) -> Section:
    waves = results.waves
    columns = [Column(_("Organisation"))] + [Column(_short(w), numeric=True) for w in waves]
    rows = []
    for code in results.cohort:
        info = results.organisations[code]
        rows.append(
            [Cell.text(info.name)]
            + [count_cell(results.count(w.code, {ORGANISATION: code}), results.k) for w in waves]
        )
    return Section(
        _("Organisationer"),
        [
            Table(
                _("Antal svarande per organisation och omgång"),
                columns,
                rows,
                sheet=_("Organisationer"),
            )
        ],
        anchor="organisationer",
    )


def build_organisation_report(
    survey: Survey, organisation, results: SurveyResults | None = None
) -> Report:
    results = results or survey_results(survey)
    code = organisation.key
    own = {ORGANISATION: code}
    report = Report(
        title=_("%(org)s – återrapport") % {"org": organisation.display_name},
        subtitle=survey.name,
        meta=_meta(survey, results),
        notice=_(EXAMPLE_NOTICE) if survey.is_example else "",
        filename=file_stem("enkat", survey.slug, organisation.name),
    )
    # Waves whose results the organisation can be shown: its number of respondents is
    # shown and at least k. A wave it had answers in but fewer than k (or a number
    # hidden so that a smaller group cannot be worked out) gets a plain sentence instead
    # of columns of "dolt"; a report with no such wave is that sentence and the counts.
    waves = [
        w for w in results.result_waves if (results.count(w.code, own).value or 0) >= results.k
    ]
    withheld = [
        (w, results.count(w.code, own))
        for w in results.result_waves
        if w not in waves and results.count(w.code, own).value != 0
    ]
    if not waves and withheld:
        report.add(
            Section(
                _("Resultat"),
                [Paragraph(withheld_sentence(organisation, withheld, results.k))],
                anchor="resultat",
            )
        )
        report.add(respondents_section(results, code))
        report.add(Section(_("Om enkäten"), [_anonymity(results)], anchor="om"))
        return report
    report.add(_about(survey, results))
    report.add(respondents_section(results, code))
    if not waves:
        text = (
            _("Resultaten visas när omgången har stängt.")
            if any(w.open for w in results.answered_waves)
            else _("Organisationen har inga resultat att visa ännu.")
        )
        report.add(Section(_("Resultat"), [Paragraph(text)]))
        return report
    if withheld:
        report.add(
            Section(
                _("Omgångar som inte visas"),
                [Paragraph(withheld_sentence(organisation, withheld, results.k))],
                anchor="visas-inte",
            )
        )
    figures = []
    for wave in waves:
        figures.append(
            KeyFigure(
                wave.name, count_text(results.count(wave.code, own), results.k), _("svarande")
            )
        )
    main = Section(_("Egna resultat jämfört med kohorten"), anchor="resultat")
    main.add(KeyFigures(figures))
    columns = [Column(_("Påstående"))]
    for wave in waves:
        columns.append(Column(f"{organisation.name} {_short(wave)}", numeric=True))
        columns.append(Column(_("Alla %(wave)s") % {"wave": _short(wave)}, numeric=True))
    pairs = list(pairwise(waves))
    columns += [
        Column(f"{organisation.name} {_short(b)} – {_short(a)}", numeric=True) for a, b in pairs
    ]
    rows = []
    for position, item in results.scale_items:
        if item.kind != "numeric":
            continue
        row = [Cell.text(_item_label(results, item))]
        for wave in waves:
            row.append(mean_cell(results.stat(position, results.cell(wave.code, own)), results.k))
            row.append(mean_cell(results.stat(position, results.cell(wave.code)), results.k))
        for a, b in pairs:
            row.append(change_cell(results.change(position, a.code, b.code, own)))
        rows.append(row)
    main.add(
        Table(
            _("Genomsnitt per påstående: %(org)s och samtliga") % {"org": organisation.name},
            columns,
            rows,
            sheet=_("Egna och alla"),
        )
    )
    main.add(_anonymity(results))
    report.add(main)
    report.add(
        Section(
            _("Teman"),
            [
                _themes_table(
                    results,
                    waves,
                    own,
                    _("Genomsnitt per tema, %(org)s") % {"org": organisation.name},
                )
            ],
            anchor="teman",
        )
    )
    split = results.layout.split
    section = Section(_("Svarsfördelning per påstående"), anchor="fordelning")
    if split:
        section.add(
            _split_table(
                results,
                waves,
                own,
                _("%(org)s per %(split)s")
                % {"org": organisation.name, "split": split.label.lower()},
                _("Per grupp"),
            )
        )
    for position, item in results.scale_items:
        if item.kind != "numeric":
            continue
        chart = distribution_chart(results, position, item, waves, own, code, organisation.name)
        if chart is None and split is not None:
            chart = distribution_chart(
                results, position, item, waves, own, code, organisation.name, whole=True
            )
        if chart:
            section.add(chart)
    report.add(section)
    comments = comments_section(survey, results, organisation, waves)
    if comments:
        report.add(comments)
    return report


def withheld_sentence(organisation, withheld: list, k: int) -> str:
    """One plain sentence for the waves whose results an organisation cannot be shown:
    how many answered, as it may be told ("färre än 5", never the exact small number),
    and why."""
    few = [w.name for w, count in withheld if count.suppressed == "few_respondents"]
    hidden = [w.name for w, count in withheld if count.suppressed != "few_respondents"]
    parts = []
    if few:
        parts.append(
            _(
                "%(org)s hade färre än %(k)s svarande i %(waves)s. Så få svar redovisas inte, "
                "eftersom enskilda personers svar då skulle kunna räknas fram."
            )
            % {"org": organisation.display_name, "k": k, "waves": join_and(few)}
        )
    if hidden:
        parts.append(
            _(
                "Resultaten för %(org)s i %(waves)s visas inte: de är dolda så att en mindre "
                "grupp inte kan räknas fram ur dem."
            )
            % {"org": organisation.display_name, "waves": join_and(hidden)}
        )
    parts.append(_("Kohortens samlade resultat finns i sammanställningen för kohorten."))
    return " ".join(parts)


def comments_section(survey, results: SurveyResults, organisation, waves) -> Section | None:
    """Free-text answers of the organisation, only where its cell for the question is
    shown (the group reaches k and no subtraction can isolate a smaller group)."""
    texts = results.text_items
    if not texts:
        return None
    code = organisation.key
    section = Section(_("Fritextsvar"), anchor="fritext")
    any_shown = False
    for position, item in texts:
        for wave in waves:
            cell = results.cell(wave.code, {ORGANISATION: code})
            stat = results.stat(position, cell)
            title = f"{results.layout.texts.get(item.code, item.code)} – {wave.name}"
            if stat.suppressed:
                section.add(
                    Paragraph(
                        f"{title}: "
                        + _("svaren visas inte (%(reason)s).")
                        % {"reason": _reason(stat.suppressed, results.k)},
                        "muted",
                    )
                )
                continue
            if not stat.n:
                continue
            answers = list(
                Comment.objects.filter(
                    survey=survey,
                    item=item.code,
                    respondent__wave_id=wave.pk,
                    respondent__organisation=organisation,
                )
                .order_by("text")
                .values_list("text", flat=True)
            )
            if answers:
                any_shown = True
                section.add(Heading(title), BulletList(answers))
    return section if any_shown or section.blocks else None


def build_survey_report(options: dict) -> Report:
    """For `kompass report survey SLUG [--organisation CODE]`."""
    from kompass.organisations.domain.register import find_organisation

    survey = Survey.objects.select_related("framework").filter(slug=options["slug"]).first()
    if survey is None:
        raise LookupError(f"det finns ingen enkät ”{options['slug']}”")
    if options.get("organisation"):
        organisation = find_organisation(options["organisation"])
        if not survey.members.filter(organisation=organisation).exists():
            raise LookupError(f"{organisation.name} ingår inte i enkätens kohort")
        return build_organisation_report(survey, organisation)
    return build_cohort_report(survey)

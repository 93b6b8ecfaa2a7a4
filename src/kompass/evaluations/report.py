"""The evaluation report, built as data (`reports.document.Report`) in the structure of
SKR's Kommunkompassen reports: what the instrument is, how the evaluation was done,
results, comparisons, summary comments, one section per area, and the appendix tables.

Every figure comes from `score_sheet` (the one scoring function); the HTML page, the PDF
and the Word file are renderings of this one object.
"""

from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kompass.evaluations.domain.comparisons import reference_groups, top_scorers
from kompass.evaluations.domain.scores import score_sheet
from kompass.evaluations.domain.workflow import approval_lines
from kompass.evaluations.models import Evaluation, Finding
from kompass.lib.numbers import format_number
from kompass.reports.charts import BarChart, Series
from kompass.reports.document import (
    BulletList,
    Cell,
    Chart,
    Column,
    Columns,
    KeyFigure,
    KeyFigures,
    Paragraph,
    Report,
    Section,
    Table,
)
from kompass.reports.registry import extra_sections

EXAMPLE_NOTICE = gettext_noop(
    "Exempeldata – syntetiska uppgifter för demonstration, inte en verklig utvärdering."
)


def _list(values: list[str]) -> str:
    if not values:
        return ""
    if len(values) == 1:
        return values[0]
    return ", ".join(values[:-1]) + " " + _("och") + " " + values[-1]


def profile_chart(evaluation: Evaluation, sheet, groups, key: str) -> Chart:
    """Area scores of this evaluation beside the reference groups' averages."""
    categories = [f"{a.code}. {a.name}" for a in sheet.areas]
    own = f"{evaluation.organisation.name} {evaluation.date:%Y}"
    series = [Series(own, [a.shown for a in sheet.areas])]
    columns = [Column(_("Område")), Column(own, numeric=True)]
    for group in groups:
        series.append(
            Series(f"{group.label} (n = {group.n})", [a.shown for a in group.sheet.areas])
        )
        columns.append(Column(f"{group.label} (n = {group.n})", numeric=True))
    rows = [
        [Cell.text(cat)] + [Cell.number(s.values[i]) for s in series]
        for i, cat in enumerate(categories)
    ]
    rows.append([Cell.text(_("Totalt"))] + [Cell.number(sum(s.values)) for s in series])
    maximum = float(max(a.max for a in sheet.areas))
    names = "; ".join(
        _("%(group)s %(total)s poäng (n = %(n)s)")
        % {"group": g.label, "total": g.sheet.shown, "n": g.n}
        for g in groups
    )
    description = _(
        "Poängprofil per område (max %(max)s poäng per område). %(own)s har totalt %(total)s av %(all)s poäng."
    ) % {
        "max": format_number(maximum),
        "own": own,
        "total": sheet.shown,
        "all": format_number(sheet.max),
    }
    if names:
        description += " " + _("Jämförelse: %(names)s.") % {"names": names}
    return Chart(
        spec=BarChart(
            categories=categories,
            series=series,
            value_label=_("Poäng"),
            max_value=maximum,
            horizontal=True,
        ),
        caption=_("%(own)s jämfört med %(groups)s")
        % {
            "own": own,
            "groups": _list([g.label.lower() if i else g.label for i, g in enumerate(groups)]),
        },
        description=description,
        table=Table(_("Poäng per område"), columns, rows, total_rows=1),
        key=key,
    )


def build_evaluation_report(
    evaluation: Evaluation, *, compare_with: str = "", groups: list | None = None, user=None
) -> Report:
    """The report; `compare_with` names one more reference group (a key from
    `reference_groups`) to draw as its own profile chart."""
    tree = evaluation.framework.tree
    sheet = score_sheet(evaluation)
    org = evaluation.organisation
    title = _("%(framework)s – Analys av %(organisation)s") % {
        "framework": tree.name,
        "organisation": org.display_name,
    }
    evaluators = ", ".join(
        evaluation.evaluator_names or [str(u) for u in evaluation.evaluators.all()]
    )
    meta = [(_("Datum"), f"{evaluation.date:%Y-%m-%d}")]
    if evaluators:
        meta.append(
            (
                _("Utvärderare"),
                evaluators
                + (
                    f", {evaluation.evaluator_organisation}"
                    if evaluation.evaluator_organisation
                    else ""
                ),
            )
        )
    meta.append((_("Ramverk"), str(evaluation.framework)))
    meta.append((_("Status"), evaluation.get_status_display()))
    # Four eyes: who asked for publication and who approved it, on the first page.
    meta.extend(approval_lines(evaluation))
    report = Report(
        title=title,
        subtitle=f"{evaluation.date:%Y-%m-%d}"
        + (f" · {_('Utvärderare')} {evaluators}" if evaluators else ""),
        meta=meta,
        notice=_(EXAMPLE_NOTICE) if evaluation.is_example else "",
        filename=slugify(f"{tree.name} {org.name} {evaluation.date:%Y}"),
    )

    # 1. The instrument
    about = report.add(Section(_("Vad är %(name)s?") % {"name": tree.name}, anchor="om"))
    about.add(Paragraph(tree.about or tree.description))

    # 2. How it was done and the results
    how = report.add(
        Section(
            _("%(org)s i förhållande till %(name)s: en sammanfattande genomgång")
            % {"org": org.display_name, "name": tree.name},
            anchor="sammanfattning",
        )
    )
    how.add(Paragraph(_("Utvärderingen"), style="lead"))
    facts = []
    first = evaluation.is_first
    facts.append(
        _("Det var kommunens första utvärdering.")
        if first
        else _("Det var en förnyad utvärdering; kommunen har utvärderats tidigare.")
    )
    if evaluation.fieldwork:
        facts.append(_("Utvärderingen genomfördes %(when)s.") % {"when": evaluation.fieldwork})
    if evaluation.interviewees:
        line = _("Antal intervjuade: %(n)s") % {"n": evaluation.interviewees}
        if evaluation.interview_groups:
            line += " (" + ", ".join(evaluation.interview_groups) + ")"
        facts.append(line + ".")
    if evaluation.documents_reviewed:
        facts.append(_("Underlag: %(docs)s.") % {"docs": ", ".join(evaluation.documents_reviewed)})
    if evaluation.method:
        how.add(Paragraph(evaluation.method))
    how.add(BulletList(facts))

    results = report.add(Section(_("Sammanfattning av resultat"), anchor="resultat"))
    results.add(
        KeyFigures(
            [
                KeyFigure(
                    _("Totalpoäng"),
                    f"{sheet.shown} / {format_number(sheet.max)}",
                    _("poäng av möjliga"),
                )
            ]
        )
    )
    area_rows = [
        [Cell.text(f"{a.code}. {a.name}"), Cell.number(a.shown), Cell.number(a.max)]
        for a in sheet.areas
    ]
    area_rows.append([Cell.text(_("Totalt")), Cell.number(sheet.shown), Cell.number(sheet.max)])
    area_table = Table(
        _("Poäng per område"),
        [Column(_("Område")), Column(_("Uppnått"), True), Column(_("Max"), True)],
        area_rows,
        total_rows=1,
    )
    results.add(
        Chart(
            spec=BarChart(
                [f"{a.code}. {a.name}" for a in sheet.areas],
                [Series(f"{org.name} {evaluation.date:%Y}", [a.shown for a in sheet.areas])],
                value_label=_("Poäng"),
                max_value=float(max(a.max for a in sheet.areas)),
                horizontal=True,
            ),
            caption=_("Totalpoäng och poängfördelning per område"),
            description=_("%(org)s fick %(total)s av %(max)s poäng. ")
            % {"org": org.name, "total": sheet.shown, "max": format_number(sheet.max)}
            + "; ".join(f"{a.code}. {a.name}: {a.shown}" for a in sheet.areas)
            + ".",
            table=area_table,
            key="areas",
        )
    )
    if not sheet.complete:
        results.add(
            Paragraph(
                _("Alla delområden har inte fått poäng ännu (%(done)s av %(all)s).")
                % {"done": sheet.scored_count, "all": sheet.subarea_count},
                style="caution",
            )
        )

    # 3. Comparisons
    comparisons = report.add(Section(_("Jämförelser"), anchor="jamforelser"))
    groups = list(reference_groups(evaluation, user=user) if groups is None else groups)
    present = [g for g in groups if g.sheet is not None]
    national = [g for g in present if g.key in ("national", "previous")]
    peers = [g for g in present if g.key == "first_population"] or [
        g for g in present if g.key == "population"
    ]
    if national:
        comparisons.add(profile_chart(evaluation, sheet, national, "profile-national"))
    if peers:
        comparisons.add(profile_chart(evaluation, sheet, peers, "profile-peers"))
    chosen = [g for g in present if g.key == compare_with and g not in national + peers]
    if chosen:
        comparisons.add(profile_chart(evaluation, sheet, chosen, "profile-chosen"))
    group_rows = [
        [
            Cell.text(g.label),
            Cell.text(g.description),
            Cell.number(g.n),
            Cell.number(g.sheet.shown) if g.sheet else Cell.text("–"),
        ]
        for g in groups
    ]
    comparisons.add(
        Table(
            _("Jämförelsegrupper"),
            [
                Column(_("Grupp")),
                Column(_("Innehåller")),
                Column(_("Antal utvärderingar"), True),
                Column(_("Totalpoäng"), True),
            ],
            group_rows,
        )
    )
    if not present:
        comparisons.add(
            Paragraph(
                _(
                    "Det finns ännu inga andra publicerade utvärderingar med samma ramverk att jämföra med."
                ),
                style="muted",
            )
        )

    if evaluation.summary:
        report.add(Section(_("Sammanfattande kommentarer"), anchor="kommentarer")).add(
            Paragraph(evaluation.summary)
        )

    # 4. Per area
    texts = {t.area_code: t.analysis for t in evaluation.area_texts.all()}
    findings: dict[tuple[str, str], list[str]] = {}
    for f in evaluation.findings.all():
        findings.setdefault((f.area_code, f.kind), []).append(f.text)
    named: dict[str, list] = {}
    for g in evaluation.good_examples.all():
        named.setdefault(g.area_code, []).append(g)
    tops = top_scorers(evaluation)
    for area in tree.areas:
        scored = sheet.area(area.code)
        section = report.add(
            Section(
                _("Område %(code)s %(name)s") % {"code": area.code, "name": area.name},
                anchor=f"omrade-{area.code}",
            )
        )
        if area.description:
            section.add(Paragraph(area.description))
        section.add(BulletList([s.name for s in area.subareas], title=_("Utvärderade delområden")))
        if texts.get(area.code):
            section.add(
                Paragraph(_("Sammanfattande analys"), style="lead"), Paragraph(texts[area.code])
            )
        section.add(
            KeyFigures([KeyFigure(_("Poäng"), f"{scored.shown} / {format_number(scored.max)}")])
        )
        strengths = findings.get((area.code, Finding.Kind.STRENGTH), [])
        improvements = findings.get((area.code, Finding.Kind.IMPROVEMENT), [])
        section.add(
            Columns(
                _("Styrkor"),
                [BulletList(strengths or [_("Inga angivna")])],
                _("Förbättringsmöjligheter"),
                [BulletList(improvements or [_("Inga angivna")])],
            )
        )
        examples = [f"{g.name}: {g.text}" if g.text else g.name for g in named.get(area.code, [])]
        if examples:
            section.add(BulletList(examples, title=_("Goda exempel i andra organisationer")))
        top_lines = []
        for sub in area.subareas:
            best = tops.get(sub.code) or []
            if best:
                top_lines.append(
                    f"{sub.code} {sub.name}: "
                    + ", ".join(
                        f"{t.organisation} ({t.shown}/{format_number(t.max)}, {t.year})"
                        for t in best
                    )
                )
        if top_lines:
            section.add(
                BulletList(top_lines, title=_("Högst poäng bland publicerade utvärderingar"))
            )

    # Sections other apps add (e.g. what was done on earlier improvement opportunities).
    for section in extra_sections("utvardering", evaluation):
        report.add(section)

    # 5. Appendix
    appendix = report.add(Section(_("Översikt av poängfördelning"), anchor="bilaga"))
    appendix.add(
        Paragraph(_("Tabellerna visar resultatet fördelat på delområden inom respektive område."))
    )
    for area in sheet.areas:
        rows = [
            [
                Cell.text(f"{s.code} {s.name}"),
                Cell.number(s.shown) if s.score is not None else Cell.text("–"),
                Cell.number(s.max),
            ]
            for s in area.subareas
        ]
        rows.append([Cell.text(_("Summa")), Cell.number(area.shown), Cell.number(area.max)])
        appendix.add(
            Table(
                f"{area.code}. {area.name}",
                [Column(_("Delområde")), Column(_("Uppnått"), True), Column(_("Max"), True)],
                rows,
                total_rows=1,
                sheet=_("Område %(code)s") % {"code": area.code},
            )
        )
    rows = [
        [Cell.text(f"{a.code}. {a.name}"), Cell.number(a.shown), Cell.number(a.max)]
        for a in sheet.areas
    ]
    rows.append([Cell.text(_("Totalt")), Cell.number(sheet.shown), Cell.number(sheet.max)])
    appendix.add(
        Table(
            _("Totalt per område"),
            [Column(_("Område")), Column(_("Uppnått"), True), Column(_("Max"), True)],
            rows,
            total_rows=1,
            sheet=_("Totalt"),
        )
    )
    return report

"""The collaboration project report: partners, team and plan, degree of success, the
checklists over time and, when the project has one, its socio-economic account.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from kompass.collaboration.domain import assessments as assess
from kompass.collaboration.domain.account import financing_source, project_result
from kompass.collaboration.domain.defaults import public_actors
from kompass.collaboration.models import Degree, Person, Project
from kompass.collaboration.report.account import account_sections
from kompass.collaboration.report.common import EXAMPLE_NOTICE, pct
from kompass.reports.charts import LineChart, Series, StackedBarChart
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
from kompass.reports.registry import extra_sections

CHECKLIST_ORDER = ("samverkan-villkor", "samverkan-faser")


def _period(project: Project) -> str:
    if project.start_date and project.end_date:
        return f"{project.start_date:%Y-%m-%d} – {project.end_date:%Y-%m-%d}"
    if project.start_date:
        return _("från %(d)s") % {"d": f"{project.start_date:%Y-%m-%d}"}
    return "–"


def _partner_table(partners) -> Table:
    actors = public_actors()
    rows = []
    total = Decimal(0)
    for p in partners:
        total += p.financing_share or 0
        rows.append(
            [
                Cell.text(p.organisation.name),
                Cell.text(p.organisation.get_kind_display()),
                Cell.text(p.role or "–"),
                Cell.text(actors.get(p.actor, "–")),
                pct(p.financing_share / 100, 2)
                if p.financing_share is not None
                else Cell.text("–"),
            ]
        )
    rows.append(
        [Cell.text(_("Summa")), Cell.text(""), Cell.text(""), Cell.text(""), pct(total / 100, 2)]
    )
    return Table(
        _("Parter och finansiering"),
        [
            Column(_("Organisation")),
            Column(_("Typ")),
            Column(_("Roll")),
            Column(_("Aktör i kalkylen")),
            Column(_("Finansieringsandel"), True),
        ],
        rows,
        total_rows=1,
        sheet=_("Parter"),
    )


def _people_table(project: Project, group: str, caption: str) -> Table | Paragraph:
    people = [p for p in project.people.all() if p.group == group]
    if not people:
        return Paragraph(_("%(what)s: inte ifyllt ännu.") % {"what": caption}, style="muted")
    return Table(
        caption,
        [Column(_("Namn")), Column(_("Roll")), Column(_("Organisation"))],
        [
            [Cell.text(p.name), Cell.text(p.role or "–"), Cell.text(p.organisation_name or "–")]
            for p in people
        ],
        sheet=caption,
    )


def _plan_table(project: Project) -> Table | Paragraph:
    steps = list(project.plan_steps.all())
    if not steps:
        return Paragraph(
            _(
                "Implementeringsplanen saknas. Erfarenheten är att implementeringen sällan kommer "
                "igång om den inte planeras från början."
            ),
            style="caution",
        )
    return Table(
        _("Implementeringsplan"),
        [Column(_("Åtgärd")), Column(_("Ansvarig")), Column(_("Klart senast")), Column(_("Läge"))],
        [
            [
                Cell.text(s.action),
                Cell.text(s.responsible or "–"),
                Cell.text(f"{s.due:%Y-%m-%d}" if s.due else "–"),
                Cell.text(s.get_state_display()),
            ]
            for s in steps
        ],
        sheet=_("Implementeringsplan"),
    )


def _degree_section(project: Project, assessments) -> Section:
    section = Section(_("Grad av framgång"), anchor="framgang")
    section.add(
        BulletList(
            [
                f"{value}. {label}" if value else str(label)
                for value, label in Degree.choices
                if value
            ],
            title=_("Tre grader av framgång"),
            ordered=False,
        )
    )
    if not assessments:
        section.add(
            Paragraph(
                _(
                    "Inga bedömningar ännu. Gör en bedömning för att följa graden av framgång över tid."
                ),
                style="muted",
            )
        )
        return section
    latest = assessments[-1]
    section.add(
        KeyFigures(
            [
                KeyFigure(
                    _("Uppnådd grad"),
                    str(latest.degree_reached),
                    latest.get_degree_reached_display(),
                ),
                KeyFigure(
                    _("Eftersträvad grad"),
                    str(latest.degree_aimed),
                    latest.get_degree_aimed_display(),
                ),
            ]
        )
    )
    by_date: dict = {}
    for a in assessments:
        by_date.setdefault(a.date, a)
    dates = sorted(by_date)
    x = [f"{d:%Y-%m-%d}" for d in dates]
    reached = [float(by_date[d].degree_reached) for d in dates]
    aimed = [float(by_date[d].degree_aimed) for d in dates]
    table = Table(
        _("Grad av framgång över tid"),
        [Column(_("Datum")), Column(_("Uppnådd grad"), True), Column(_("Eftersträvad grad"), True)],
        [
            [Cell.text(x[i]), Cell.number(reached[i]), Cell.number(aimed[i])]
            for i in range(len(dates))
        ],
        sheet=_("Grad av framgång"),
    )
    section.add(
        Chart(
            spec=LineChart(
                x=x,
                series=[Series(_("Uppnådd grad"), reached), Series(_("Eftersträvad grad"), aimed)],
                value_label=_("Grad (0–3)"),
                integer_ticks=True,
            ),
            caption=_("Uppnådd och eftersträvad grad av framgång över tid"),
            description=_("Senast (%(date)s): uppnådd grad %(r)s, eftersträvad grad %(a)s.")
            % {"date": x[-1], "r": int(reached[-1]), "a": int(aimed[-1])},
            table=table,
            key="degrees",
        )
    )
    return section


def _checklist_sections(project: Project, assessments) -> list[Section]:
    sections = []
    families: dict[int, list] = {}
    for a in assessments:
        families.setdefault(a.framework_id, []).append(a)
    # The twelve conditions first, then the phase questions, then any other checklist.
    order = {family: i for i, family in enumerate(CHECKLIST_ORDER)}
    groups = sorted(
        families.values(),
        key=lambda g: (order.get(g[0].framework.family, len(order)), g[0].framework.family),
    )
    for index, group in enumerate(groups):
        latest = group[-1]
        tree = latest.framework.tree
        section = Section(tree.name, anchor=f"checklista-{index + 1}")
        if tree.description:
            section.add(Paragraph(tree.description, style="muted"))
        t = assess.tally(latest)
        section.add(
            KeyFigures(
                [
                    KeyFigure(
                        _("Uppfyllt (ja) %(date)s") % {"date": f"{latest.date:%Y-%m-%d}"},
                        f"{t.fulfilled} / {t.total}",
                        _("merparten uppfylld")
                        if t.majority_fulfilled
                        else _("mindre än hälften uppfylld"),
                    )
                ]
            )
        )
        answers = {a.item_code: a for a in latest.answers.all()}
        for area in tree.areas:
            rows = []
            for item in area.all_items:
                answer = answers.get(item.code)
                rows.append(
                    [
                        Cell.text(f"{item.code} {item.text}"),
                        Cell.text(
                            assess.answer_label(item, answer.value)
                            if answer and answer.value
                            else _("Ej besvarad")
                        ),
                        Cell.text(answer.comment if answer and answer.comment else "–"),
                    ]
                )
            section.add(
                Table(
                    f"{area.name} ({latest.date:%Y-%m-%d})",
                    [Column(_("Villkor eller fråga")), Column(_("Svar")), Column(_("Kommentar"))],
                    rows,
                    sheet=f"{tree.name[:18]} {area.code}",
                )
            )
        if latest.comment:
            section.add(Paragraph(latest.comment))
        if len(group) > 1:
            section.add(_checklist_over_time(tree, group, index))
        sections.append(section)
    return sections


def _checklist_over_time(tree, group, index) -> Chart:
    tallies = [assess.tally(a) for a in group]
    values = list(tallies[0].labels)
    labels = [tallies[0].labels[v] for v in values] + [_("Ej besvarad")]
    x = [f"{a.date:%Y-%m-%d}" for a in group]
    segments = []
    for i, value in enumerate([*values, "__none"]):
        segments.append(
            Series(
                labels[i],
                [
                    (t.unanswered if value == "__none" else t.counts.get(value, 0)) / t.total
                    for t in tallies
                ],
            )
        )
    rows = [
        [Cell.text(x[j])]
        + [Cell.number(t.counts.get(v, 0)) for v in values]
        + [Cell.number(t.unanswered)]
        for j, t in enumerate(tallies)
    ]
    return Chart(
        spec=StackedBarChart(
            categories=x, segments=segments, value_label=_("Andel av frågorna (%)")
        ),
        caption=_("%(name)s över tid") % {"name": tree.name},
        description="; ".join(
            _("%(date)s: %(yes)s av %(n)s uppfyllda")
            % {"date": x[j], "yes": t.fulfilled, "n": t.total}
            for j, t in enumerate(tallies)
        )
        + ".",
        table=Table(
            _("Antal svar per bedömning: %(name)s") % {"name": tree.name},
            [Column(_("Datum"))] + [Column(lbl, True) for lbl in labels],
            rows,
            sheet=_("%(name)s över tid") % {"name": tree.name[:20]},
        ),
        key=f"checklist-time-{index}",
    )


def build_project_report(project: Project) -> Report:
    partners = list(project.partners.select_related("organisation"))
    report = Report(
        title=project.name,
        subtitle=_("Samverkansprojekt · %(period)s") % {"period": _period(project)},
        meta=[
            (_("Period"), _period(project)),
            (_("Parter"), ", ".join(p.organisation.name for p in partners) or "–"),
        ],
        notice=_(EXAMPLE_NOTICE) if project.is_example else "",
        filename=file_stem("samverkansprojekt", project.name),
    )
    about = report.add(Section(_("Om projektet"), anchor="om"))
    if project.purpose:
        about.add(Paragraph(_("Syfte och mål"), style="lead"), Paragraph(project.purpose))
    if project.target_group:
        about.add(Paragraph(_("Målgrupp"), style="lead"), Paragraph(project.target_group))
    about.add(_partner_table(partners))

    org = report.add(Section(_("Organisation och implementering"), anchor="organisation"))
    org.add(_people_table(project, Person.Group.TEAM, _("Projektteam")))
    org.add(_people_table(project, Person.Group.STEERING, _("Styrgrupp")))
    org.add(_plan_table(project))

    assessments = assess.history(project)
    report.add(_degree_section(project, assessments))
    for section in _checklist_sections(project, assessments):
        report.add(section)

    result, problems = project_result(project)
    if result is not None:
        if financing_source(project) == "account":
            report.sections.append(
                Section(_("Om finansieringen"), anchor="finansiering").add(
                    Paragraph(
                        _(
                            "Parterna saknar finansieringsandelar; kalkylens egen fördelning används."
                        ),
                        style="caution",
                    )
                )
            )
        for section in account_sections(result, detail=False):
            report.add(section)
    else:
        section = report.add(Section(_("Samverkansbokslut"), anchor="bokslut"))
        if problems:
            section.add(
                Paragraph(_("Kalkylen kan inte räknas ut ännu:"), style="caution"),
                BulletList([str(p) for p in problems]),
            )
        else:
            section.add(
                Paragraph(_("Projektet har ingen socioekonomisk kalkyl ännu."), style="muted")
            )
    for section in extra_sections("samverkansprojekt", project):
        report.add(section)
    return report

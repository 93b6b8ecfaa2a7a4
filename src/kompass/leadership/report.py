"""The leadership-development dialogue as a report: the principles assessed over time, the
programme plans in the methods table, and the self-assessment that follows them up."""

from __future__ import annotations

from django.utils.translation import gettext as _

from kompass.leadership.domain.assessments import current_framework, principles_over_time
from kompass.leadership.domain.programme import methods_table
from kompass.leadership.models import Activity, Assessment, ProgrammePlan
from kompass.reports.document import Cell, Column, Paragraph, Report, Section, Table
from kompass.reports.exports import file_stem


def build_dialogue_report(organisation) -> Report:
    framework = current_framework()
    report = Report(
        title=_("Ledarskapsutveckling: %(name)s") % {"name": organisation.name},
        subtitle=framework.name if framework else "",
        filename=file_stem("ledarskapsutveckling", organisation.name),
    )
    principles = report.add(Section(_("Principerna över tid"), anchor="principer"))
    assessments = list(
        Assessment.objects.filter(organisation=organisation).prefetch_related("answers")
    )
    if framework is None or not assessments:
        principles.add(
            Paragraph(
                _(
                    "Ingen bedömning ännu. Låt ledningsgruppen bedöma de sju principerna och "
                    "dialogkartans frågor; bedöm igen efter en tid för att se utvecklingen."
                ),
                "muted",
            )
        )
    else:
        rows = principles_over_time(framework, assessments)
        principles.add(
            Table(
                caption=_("Principerna, bedömning för bedömning"),
                columns=[Column(_("Princip"))]
                + [Column(f"{a.date:%Y-%m-%d} ({a.group})") for a in assessments],
                rows=[
                    [Cell.text(f"{r.code}. {r.statement}")] + [Cell.text(v) for v in r.answers]
                    for r in rows
                ],
                sheet=_("Principer"),
            )
        )
        if framework.tree.source:
            principles.add(
                Paragraph(_("Källa: %(source)s") % {"source": framework.tree.source}, "muted")
            )
    plans = report.add(Section(_("Programplaner i metodtabellen"), anchor="programplaner"))
    plan_list = list(
        ProgrammePlan.objects.filter(organisation=organisation)
        .select_related("followup_survey")
        .prefetch_related("activities")
    )
    if not plan_list:
        plans.add(
            Paragraph(
                _("Ingen programplan ännu. Skapa en och placera aktiviteterna i metodtabellen."),
                "muted",
            )
        )
    for plan in plan_list:
        table = methods_table(plan)
        plans.add(
            Table(
                caption=plan.name,
                columns=[Column(_("Nivå"))]
                + [Column(label) for _k, label in Activity.Kind.choices],
                rows=[
                    [Cell.text(level)]
                    + [Cell.text("; ".join(a.title for a in acts) or "–") for _k, acts in cells]
                    for level, cells in table
                ],
                sheet=plan.name,
            )
        )
        if plan.followup_survey:
            plans.add(
                Paragraph(
                    _("Princip 7 följs upp med självskattningen i enkäten ”%(survey)s”.")
                    % {"survey": plan.followup_survey.name}
                )
            )
        else:
            plans.add(
                Paragraph(
                    _("Ingen självskattning är kopplad för att följa upp planen (princip 7)."),
                    "caution",
                )
            )
    return report

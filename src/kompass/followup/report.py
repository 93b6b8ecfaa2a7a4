"""Follow-up as report data.

- `followthrough_section(evaluation)`: the section a renewed evaluation's report gets
  (registered with `kompass.reports.registry.register_section("utvardering", ...)`): every
  improvement opportunity of the previous evaluation with the actions taken on it. The
  evaluation report is read by everyone who may read the evaluation, so the section names
  actions, plans, dates and status, but not the people responsible nor their notes.
- `build_plan_report(plan)`: an action plan as a report (`kompass report actionplan ID`,
  and the downloads on the plan page), for the organisation's members.
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from kompass.followup.domain.followthrough import follow_through
from kompass.followup.domain.indicators import brief
from kompass.followup.domain.plans import is_overdue, status_counts, status_text
from kompass.followup.models import Action, ActionNote, ActionPlan
from kompass.reports.charts import BarChart, Series
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

EXAMPLE_NOTICE = gettext_noop("Exempeldata – en syntetisk handlingsplan för demonstration.")


def _of(part: int, whole: int) -> str:
    return _("%(part)s av %(whole)s") % {"part": part, "whole": whole}


def followthrough_section(evaluation) -> Section | None:
    """What was done on each improvement opportunity of the previous evaluation."""
    result = follow_through(evaluation)
    if result is None:
        return None
    previous = result.previous
    today = timezone.localdate()
    year = f"{previous.date:%Y}"
    section = Section(
        _("Uppföljning av förbättringsmöjligheterna från %(year)s") % {"year": year},
        anchor="uppfoljning",
    )
    section.add(
        Paragraph(
            _(
                "%(org)s utvärderades senast %(date)s. Tabellen visar, för varje förbättringsmöjlighet "
                "från den utvärderingen, de åtgärder som kommunen registrerat i sina handlingsplaner "
                "och deras status den %(today)s."
            )
            % {
                "org": previous.organisation.display_name,
                "date": f"{previous.date:%Y-%m-%d}",
                "today": f"{today:%Y-%m-%d}",
            }
        )
    )
    actions = result.actions
    counts = status_counts(actions)
    section.add(
        KeyFigures(
            [
                KeyFigure(
                    _("Förbättringsmöjligheter med åtgärder"),
                    _of(result.with_actions, len(result.items)),
                ),
                KeyFigure(_("Åtgärder klara"), _of(counts[Action.Status.DONE], len(actions))),
                KeyFigure(
                    _("Åtgärder som pågår eller är planerade"),
                    str(counts[Action.Status.PLANNED] + counts[Action.Status.IN_PROGRESS]),
                ),
            ]
        )
    )
    rows = []
    for item in result.items:
        label = item.label + (f" ({_('borttagen ur utvärderingen')})" if item.removed else "")
        for action in item.actions:
            rows.append(
                [
                    Cell.text(label),
                    Cell.text(action.title),
                    Cell.text(action.plan.title),
                    Cell.text(
                        status_text(action, today),
                        emphasis="high" if action.status == Action.Status.DONE else "",
                    ),
                ]
            )
    if rows:
        notes = [
            _("Status enligt handlingsplanerna i Kompass den %(today)s.")
            % {"today": f"{today:%Y-%m-%d}"}
        ]
        if any(item.removed for item in result.items):
            notes.append(
                _(
                    "”Borttagen ur utvärderingen”: texten har senare tagits bort ur utvärderingen "
                    "från %(year)s men finns kvar i en handlingsplan."
                )
                % {"year": year}
            )
        section.add(
            Table(
                _("Förbättringsmöjligheter från %(year)s och åtgärder") % {"year": year},
                [
                    Column(_("Förbättringsmöjlighet (%(year)s)") % {"year": year}),
                    Column(_("Åtgärd")),
                    Column(_("Handlingsplan")),
                    Column(_("Status")),
                ],
                rows,
                footnotes=notes,
                sheet=_("Uppföljning"),
            )
        )
    else:
        section.add(
            Paragraph(
                _("Inga åtgärder är registrerade på förbättringsmöjligheterna från %(year)s.")
                % {"year": year},
                style="muted",
            )
        )
    untouched = [item.label for item in result.items if not item.actions]
    if untouched:
        section.add(
            BulletList(
                untouched,
                title=_("Förbättringsmöjligheter från %(year)s utan registrerade åtgärder (%(n)s)")
                % {"year": year, "n": len(untouched)},
            )
        )
    return section


def _action_rows(actions, today) -> list[list[Cell]]:
    rows = []
    for action in actions:
        indicators = ", ".join(
            f"{b.name}: {b.latest}" for b in (brief(i) for i in action.indicators.all())
        )
        rows.append(
            [
                Cell.text(action.title),
                Cell.text(action.owner.name),
                Cell.text(f"{action.start_date:%Y-%m-%d}"),
                Cell.text(f"{action.due_date:%Y-%m-%d}"),
                Cell.text(
                    status_text(action, today),
                    emphasis="high" if is_overdue(action, today) else "",
                ),
                Cell.text(indicators or "–"),
            ]
        )
    return rows


def _action_columns() -> list[Column]:
    return [
        Column(_("Åtgärd")),
        Column(_("Ansvarig")),
        Column(_("Startdatum")),
        Column(_("Klart senast")),
        Column(_("Status")),
        Column(_("Indikatorer (senaste värde)")),
    ]


def status_chart(actions: list) -> Chart:
    """How many of the plan's actions are in each status, as bars with the counts as a
    table: the plan's page and its report show the same chart."""
    counts = status_counts(actions)
    labels = [str(label) for _value, label in Action.Status.choices]
    values = [counts[value] for value, _label in Action.Status.choices]
    return Chart(
        spec=BarChart(
            labels,
            [Series(_("Åtgärder"), values)],
            value_label=_("Antal åtgärder"),
            integer_ticks=True,
        ),
        caption=_("Åtgärder per status"),
        description=ngettext(
            "Planen har %(n)s åtgärd: ", "Planen har %(n)s åtgärder: ", len(actions)
        )
        % {"n": len(actions)}
        + ", ".join(f"{label.lower()} {value}" for label, value in zip(labels, values, strict=True))
        + ".",
        table=Table(
            _("Åtgärder per status"),
            [Column(_("Status")), Column(_("Antal"), numeric=True)],
            [
                [Cell.text(label), Cell.number(value)]
                for label, value in zip(labels, values, strict=True)
            ],
        ),
        key="plan-status",
    )


def build_plan_report(plan: ActionPlan) -> Report:
    today = timezone.localdate()
    organisation = plan.organisation
    meta = [(_("Organisation"), organisation.display_name)]
    if plan.evaluation is not None:
        meta.append(
            (
                _("Utvärdering"),
                f"{plan.evaluation.framework.name} {plan.evaluation.date:%Y-%m-%d}",
            )
        )
    meta.append((_("Läget den"), f"{today:%Y-%m-%d}"))
    report = Report(
        title=plan.title,
        subtitle=organisation.display_name,
        meta=meta,
        notice=_(EXAMPLE_NOTICE) if plan.is_example else "",
        filename=file_stem("handlingsplan", organisation.name, plan.created_at.year),
    )
    actions = list(
        plan.actions.select_related("owner", "opportunity")
        .prefetch_related("indicators")
        .order_by("due_date", "pk")
    )
    counts = status_counts(actions)
    overdue = sum(1 for a in actions if is_overdue(a, today))
    summary = report.add(Section(_("Sammanfattning"), anchor="sammanfattning"))
    if plan.description:
        summary.add(Paragraph(plan.description))
    summary.add(
        KeyFigures(
            [
                KeyFigure(_("Åtgärder"), str(len(actions))),
                KeyFigure(_("Klara"), str(counts[Action.Status.DONE])),
                KeyFigure(_("Försenade"), str(overdue)),
            ]
        )
    )
    if actions:
        summary.add(status_chart(actions))
    else:
        summary.add(Paragraph(_("Planen har inga åtgärder ännu."), style="muted"))
    columns = _action_columns()
    for opportunity in plan.opportunities.all():
        own = [a for a in actions if a.opportunity_id == opportunity.pk]
        title = opportunity.label
        section = report.add(Section(title))
        if opportunity.area_name:
            section.add(
                Paragraph(
                    _("Område %(code)s %(name)s")
                    % {"code": opportunity.area_code, "name": opportunity.area_name},
                    style="muted",
                )
            )
        if own:
            section.add(Table(_("Åtgärder"), columns, _action_rows(own, today)))
        else:
            section.add(Paragraph(_("Inga åtgärder ännu."), style="muted"))
    loose = [a for a in actions if a.opportunity_id is None]
    if loose:
        report.add(Section(_("Övriga åtgärder"))).add(
            Table(_("Övriga åtgärder"), columns, _action_rows(loose, today))
        )
    history = [
        f"{note.at:%Y-%m-%d} {note.action.title}: "
        + (
            f"{Action.Status(note.status_from).label if note.status_from else ''} → "
            f"{Action.Status(note.status_to).label}. "
            if note.status_to
            else ""
        )
        + note.shown_text
        for note in ActionNote.objects.filter(action__plan=plan)
        .select_related("action")
        .order_by("-at", "-pk")[:30]
    ]
    if history:
        report.add(Section(_("Senaste anteckningar"))).add(BulletList(history))
    return report

"""Assessments of a project against checklist frameworks (the twelve conditions, the phase
questions, or any other `kind: checklist` instrument), with the degree of success reached
and aimed for, and how both develop over time."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from kompass.accounts.access import check_can_edit
from kompass.audit import trail
from kompass.collaboration.models import Answer, Assessment, Project
from kompass.core.errors import InputError, InputProblem
from kompass.frameworks.models import Framework

DONT_KNOW = "vet_ej"


def checklist_frameworks():
    # The leadership-development principles are a checklist too, but an organisation's
    # management group assesses them (leadership app), not a collaboration project.
    return (
        Framework.objects.filter(kind=Framework.Kind.CHECKLIST)
        .exclude(family="ledarskapsutveckling")
        .order_by("family", "version")
    )


def answer_choices(item) -> list[tuple[str, str]]:
    """(value, label) for an item: the options of a choice scale or the steps of an
    agreement scale, and "don't know" when the scale has it. A free-text item has none:
    its answer is the comment. Labels go through gettext: the common answers ("Ja",
    "Delvis", "Nej", "Vet ej") have English translations; others show as written."""
    scale = item.scale
    if scale is None or scale.type == "text":
        return []
    if scale.type == "choice":
        choices = [(o.value, _(o.label)) for o in scale.options]
    else:
        choices = [(str(step), _(scale.label(step))) for step in scale.steps]
    if scale.dont_know:
        choices.append((DONT_KNOW, _(scale.dont_know)))
    return choices


def answer_label(item, value: str) -> str:
    return dict(answer_choices(item)).get(value, "")


@transaction.atomic
def save_assessment(
    *,
    project: Project,
    user,
    framework: Framework,
    date: datetime.date | None,
    degree_reached,
    degree_aimed,
    comment: str = "",
    answers: dict[str, tuple[str, str]],
    assessment: Assessment | None = None,
) -> Assessment:
    """Create or replace an assessment. `answers` maps item code -> (value, comment);
    an empty value leaves the item unanswered."""
    check_can_edit(user, project)
    if framework.kind != Framework.Kind.CHECKLIST:
        raise InputError(
            [InputProblem(_("välj ett ramverk av typen checklista"), field="framework")]
        )
    tree = framework.tree
    items = {item.code: item for item in tree.items}
    problems: list[InputProblem] = []
    if date is None:
        problems.append(InputProblem(_("ange datum för bedömningen"), field="date"))
    else:
        clash = Assessment.objects.filter(project=project, framework=framework, date=date)
        if assessment is not None:
            clash = clash.exclude(pk=assessment.pk)
        if clash.exists():
            problems.append(
                InputProblem(
                    _("det finns redan en bedömning med %(framework)s den %(date)s")
                    % {"framework": framework.name, "date": f"{date:%Y-%m-%d}"},
                    field="date",
                )
            )
    degrees = {}
    for key, value, low in (
        ("degree_reached", degree_reached, 0),
        ("degree_aimed", degree_aimed, 1),
    ):
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = None
        if number is None or number < low or number > 3:
            problems.append(
                InputProblem(
                    _("graden av framgång ska vara %(low)s–3 (fick %(value)s)")
                    % {"low": low, "value": repr(value)},
                    field=key,
                )
            )
        degrees[key] = number
    for code, (value, _comment) in answers.items():
        if code not in items:
            problems.append(
                InputProblem(
                    _("okänd fråga ”%(code)s” i %(framework)s")
                    % {"code": code, "framework": framework.name},
                    field=code,
                )
            )
            continue
        allowed = [v for v, _label in answer_choices(items[code])]
        if value and value not in allowed:
            problems.append(
                InputProblem(
                    _("svaret ”%(value)s” finns inte på skalan (%(choices)s)")
                    % {"value": value, "choices": ", ".join(allowed)},
                    field=code,
                )
            )
    if problems:
        raise InputError(problems)
    new = assessment is None
    if assessment is None:
        assessment = Assessment(project=project, framework=framework)
    before = {} if new else {**trail.snapshot(assessment), "svar": _answer_lines(assessment)}
    assessment.date = date
    assessment.degree_reached = degrees["degree_reached"]
    assessment.degree_aimed = degrees["degree_aimed"]
    assessment.comment = comment
    assessment.updated_by = user
    assessment.save()
    assessment.answers.all().delete()
    Answer.objects.bulk_create(
        Answer(assessment=assessment, item_code=code, value=value, comment=note)
        for code, (value, note) in answers.items()
        if value or note
    )
    after = {**trail.snapshot(assessment), "svar": _answer_lines(assessment)}
    trail.record_change(
        user=user,
        obj=assessment,
        action=trail.Action.CREATE if new else trail.Action.UPDATE,
        before=before,
        after=after,
    )
    return assessment


def _answer_lines(assessment: Assessment) -> dict[str, str]:
    return {a.item_code: a.value or "–" for a in assessment.answers.all()}


@transaction.atomic
def delete_assessment(*, assessment: Assessment, user) -> None:
    check_can_edit(user, assessment.project)
    trail.deleted(user=user, obj=assessment)
    assessment.delete()


@dataclass
class Tally:
    """How an assessment came out: counts per answer value, in scale order."""

    framework: Framework
    counts: dict[str, int] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    unanswered: int = 0
    total: int = 0

    @property
    def fulfilled(self) -> int:
        return self.counts.get("ja", 0)

    @property
    def majority_fulfilled(self) -> bool:
        """Seed 004: lasting success needs most of the conditions fulfilled."""
        return self.fulfilled * 2 > self.total


def tally(assessment: Assessment) -> Tally:
    tree = assessment.framework.tree
    answers = {a.item_code: a.value for a in assessment.answers.all()}
    result = Tally(assessment.framework)
    for item in tree.items:
        for value, label in answer_choices(item):
            result.counts.setdefault(value, 0)
            result.labels.setdefault(value, label)
        value = answers.get(item.code, "")
        result.total += 1
        if value:
            result.counts[value] = result.counts.get(value, 0) + 1
        else:
            result.unanswered += 1
    return result


def history(project: Project) -> list[Assessment]:
    """The project's assessments in date order, with framework and answers loaded."""
    return list(
        project.assessments.select_related("framework")
        .prefetch_related("answers")
        .order_by("date", "framework__family")
    )

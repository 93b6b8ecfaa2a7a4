"""A management group's assessments of its leadership development against the seven
principles and the dialogue map, dated, so the development shows over time."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from kompass.accounts.access import can_edit
from kompass.core.errors import InputError, InputProblem
from kompass.frameworks.models import Framework
from kompass.leadership.models import Answer, Assessment

FAMILY = "ledarskapsutveckling"
DONT_KNOW = "vet_ej"


def current_framework() -> Framework | None:
    return Framework.objects.filter(family=FAMILY).order_by("-version").first()


def choices_for(item) -> list[tuple[str, str]]:
    """(value, label) of an item's answers. Labels go through gettext, so the common
    answers ("Ja", "Delvis", "Nej", "Vet ej") show in the reader's language."""
    scale = item.scale
    options = [(o.value, _(o.label)) for o in scale.options] if scale else []
    if scale is not None and scale.dont_know:
        options.append((DONT_KNOW, _(scale.dont_know)))
    return options


@transaction.atomic
def save_assessment(
    *,
    organisation,
    user,
    framework: Framework,
    date: datetime.date | None,
    group: str,
    comment: str = "",
    answers: dict[str, tuple[str, str]],
    is_example: bool = False,
) -> Assessment:
    """Store one assessment; `answers` maps item code -> (value, comment)."""
    if user is not None and not can_edit(user, organisation):
        raise PermissionDenied(_("du får inte ändra den här organisationens bedömningar"))
    problems: list[InputProblem] = []
    if framework.family != FAMILY:
        problems.append(
            InputProblem(_("välj ramverket för ledarskapsutveckling"), field="framework")
        )
    items = {item.code: item for item in framework.tree.items}
    if date is None:
        problems.append(InputProblem(_("ange datum för bedömningen"), field="date"))
    group = (group or "").strip()
    if not group:
        problems.append(InputProblem(_("skriv vilken grupp som bedömde"), field="group"))
    for code, (value, _note) in answers.items():
        if code not in items:
            problems.append(InputProblem(_("okänd fråga ”%(code)s”") % {"code": code}, field=code))
            continue
        allowed = [v for v, _label in choices_for(items[code])]
        if value and value not in allowed:
            problems.append(
                InputProblem(
                    _("svaret ”%(value)s” finns inte (välj %(allowed)s)")
                    % {"value": value, "allowed": ", ".join(allowed)},
                    field=code,
                )
            )
    if not any(value for value, _note in answers.values()):
        problems.append(InputProblem(_("besvara minst en fråga"), field="answers"))
    if (
        date is not None
        and group
        and Assessment.objects.filter(
            organisation=organisation, framework=framework, date=date, group=group
        ).exists()
    ):
        problems.append(
            InputProblem(
                _("%(group)s har redan en bedömning %(date)s") % {"group": group, "date": date},
                field="date",
            )
        )
    if problems:
        raise InputError(problems)
    assessment = Assessment.objects.create(
        organisation=organisation,
        framework=framework,
        date=date,
        group=group,
        comment=(comment or "").strip(),
        is_example=is_example,
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    Answer.objects.bulk_create(
        Answer(assessment=assessment, item_code=code, value=value, comment=(note or "").strip())
        for code, (value, note) in answers.items()
        if value or (note or "").strip()
    )
    return assessment


@dataclass(frozen=True)
class PrincipleRow:
    code: str
    name: str
    statement: str
    answers: list[str]  # one label per assessment, "–" where unanswered


def principles_over_time(framework: Framework, assessments: list[Assessment]) -> list[PrincipleRow]:
    """The seven principle statements across the assessments, oldest first."""
    tree = framework.tree
    by_assessment = {
        a.pk: {ans.item_code: ans.value for ans in a.answers.all()} for a in assessments
    }
    rows = []
    for area in tree.areas:
        for item in area.items:
            labels = dict(choices_for(item))
            rows.append(
                PrincipleRow(
                    area.code,
                    area.name,
                    item.text,
                    [labels.get(by_assessment[a.pk].get(item.code, ""), "–") for a in assessments],
                )
            )
    return rows

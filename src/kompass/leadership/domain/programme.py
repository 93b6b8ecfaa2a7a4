"""Programme plans for leader and leadership development: activities placed in the
methods table (the individual or the group × five kinds of method), so a plan that leans
on courses alone shows at a glance (principle 4: mixed methods)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from kompass.accounts.access import can_edit
from kompass.core.errors import InputError, InputProblem
from kompass.leadership.models import Activity, ProgrammePlan
from kompass.surveys.models import Survey


def _check_edit(user, organisation) -> None:
    if user is not None and not can_edit(user, organisation):
        raise PermissionDenied(_("du får inte ändra den här organisationens programplaner"))


def followup_surveys(organisation):
    """Self-assessment surveys the organisation takes part in (candidates for principle 7)."""
    return Survey.objects.filter(organisations=organisation).order_by("name")


@transaction.atomic
def save_plan(
    *,
    organisation,
    user,
    name: str,
    purpose: str = "",
    starts_on=None,
    ends_on=None,
    followup_survey: Survey | None = None,
    plan: ProgrammePlan | None = None,
    is_example: bool = False,
) -> ProgrammePlan:
    _check_edit(user, organisation)
    problems: list[InputProblem] = []
    name = (name or "").strip()
    if not name:
        problems.append(InputProblem(_("ge programplanen ett namn"), field="name"))
    if starts_on and ends_on and ends_on < starts_on:
        problems.append(InputProblem(_("slutdatum ligger före startdatum"), field="ends_on"))
    if (
        followup_survey is not None
        and not followup_surveys(organisation).filter(pk=followup_survey.pk).exists()
    ):
        problems.append(
            InputProblem(
                _("organisationen deltar inte i enkäten ”%(name)s”")
                % {"name": followup_survey.name},
                field="followup_survey",
            )
        )
    if problems:
        raise InputError(problems)
    plan = plan or ProgrammePlan(
        organisation=organisation,
        created_by=user if getattr(user, "is_authenticated", False) else None,
        is_example=is_example,
    )
    plan.name, plan.purpose = name, (purpose or "").strip()
    plan.starts_on, plan.ends_on, plan.followup_survey = starts_on, ends_on, followup_survey
    plan.save()
    return plan


@transaction.atomic
def add_activity(
    *,
    plan: ProgrammePlan,
    user,
    level: str,
    kind: str,
    title: str,
    when: str = "",
    responsible: str = "",
) -> Activity:
    _check_edit(user, plan.organisation)
    problems: list[InputProblem] = []
    if level not in Activity.Level.values:
        problems.append(
            InputProblem(_("välj ledarutveckling eller ledarskapsutveckling"), field="level")
        )
    if kind not in Activity.Kind.values:
        problems.append(InputProblem(_("välj slags metod"), field="kind"))
    title = (title or "").strip()
    if not title:
        problems.append(InputProblem(_("beskriv aktiviteten"), field="title"))
    if problems:
        raise InputError(problems)
    return Activity.objects.create(
        plan=plan,
        level=level,
        kind=kind,
        title=title,
        when=(when or "").strip(),
        responsible=(responsible or "").strip(),
    )


def delete_activity(*, activity: Activity, user) -> None:
    _check_edit(user, activity.plan.organisation)
    activity.delete()


def methods_table(plan: ProgrammePlan) -> list[tuple[str, list[tuple[str, list[Activity]]]]]:
    """Rows (level label) x columns (kind label) with the activities in each cell."""
    activities = list(plan.activities.all())
    return [
        (
            level_label,
            [
                (kind_label, [a for a in activities if a.level == level and a.kind == kind])
                for kind, kind_label in Activity.Kind.choices
            ],
        )
        for level, level_label in Activity.Level.choices
    ]


def empty_cells(plan: ProgrammePlan) -> int:
    return sum(1 for _l, cells in methods_table(plan) for _k, acts in cells if not acts)

"""Surveys.

- Administrators and the survey's owners manage it and see the whole cohort.
- Owners and editors of an organisation in the cohort see that organisation's feedback
  (its own results beside the cohort's), nothing of other organisations.
- Administrators and evaluators may create surveys (and own what they create).
- Respondents need no account: they reach the form through a link or token.
Anything else answers 404, so nobody learns that a survey exists; a member who may read
a survey but asks to manage it ("edit") gets 403.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _

from kompass.accounts.access.organisations import editable_organisation_ids
from kompass.surveys.models import Survey


def can_create_survey(user) -> bool:
    return bool(
        user is not None and user.is_authenticated and (user.is_administrator or user.is_evaluator)
    )


def can_edit_survey(user, survey: Survey) -> bool:
    """Manage: settings, imports, waves, links, the cohort report."""
    if user is None or not user.is_authenticated:
        return False
    if user.is_administrator:
        return True
    return survey.owners.filter(pk=user.pk).exists()


def managed_survey_ids(user) -> set[int] | None:
    """Ids of the surveys the user manages; None means all (an administrator). One query
    for a whole list instead of `can_edit` per survey."""
    if user is None or not user.is_authenticated:
        return set()
    if user.is_administrator:
        return None
    return set(Survey.objects.filter(owners=user).values_list("pk", flat=True))


def visible_surveys(user):
    qs = Survey.objects.select_related("framework")
    if user is None or not user.is_authenticated:
        return qs.none()
    if user.is_administrator:
        return qs
    return qs.filter(
        Q(owners=user) | Q(members__organisation_id__in=editable_organisation_ids(user))
    ).distinct()


def can_see_survey(user, survey: Survey) -> bool:
    return visible_surveys(user).filter(pk=survey.pk).exists()


def feedback_organisation_ids(user, survey: Survey) -> set[int] | None:
    """Organisation ids whose feedback the user may see; None means all (the cohort)."""
    if can_edit_survey(user, survey):
        return None
    cohort = set(survey.members.values_list("organisation_id", flat=True))
    return cohort & editable_organisation_ids(user)


def edit_refusal(user, survey: Survey) -> PermissionDenied:
    return PermissionDenied(_("Bara enkätens ägare och administratörer får ändra enkäten."))


def lookup_survey(key) -> Survey | None:
    return Survey.objects.select_related("framework").filter(slug=key).first()

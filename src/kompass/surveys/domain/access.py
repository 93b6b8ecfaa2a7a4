"""Who may see and run surveys. Every management view and API endpoint asks here.

- Administrators and the survey's owners manage it and see the whole cohort.
- Owners and editors of an organisation in the cohort see that organisation's feedback
  (its own results beside the cohort's), nothing of other organisations.
- Administrators and evaluators may create surveys (and own what they create).
- Respondents need no account: they reach the form through a link or token.
Anything else answers 404, so nobody learns that a survey exists; a member who may read
a survey but asks to manage it gets 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from kompass.accounts.access import member_organisation_ids, membership
from kompass.surveys.models import Survey


def can_create(user) -> bool:
    return bool(user.is_authenticated and (user.is_administrator or user.is_evaluator))


def manages(user, survey: Survey) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_administrator:
        return True
    return survey.owners.filter(pk=user.pk).exists()


def managed_ids(user) -> set[int] | None:
    """Ids of the surveys the user manages; None means all (an administrator). One query
    for a whole list instead of `manages` per survey."""
    if not user.is_authenticated:
        return set()
    if user.is_administrator:
        return None
    return set(Survey.objects.filter(owners=user).values_list("pk", flat=True))


def editor_organisation_ids(user) -> set[int]:
    """Organisations the user owns or edits (from the memberships that
    `kompass.accounts.access` reads once per request)."""
    return {
        organisation
        for organisation in member_organisation_ids(user)
        if membership(user, organisation).can_edit
    }


def visible_surveys(user):
    qs = Survey.objects.select_related("framework")
    if not user.is_authenticated:
        return qs.none()
    if user.is_administrator:
        return qs
    return qs.filter(
        Q(owners=user) | Q(members__organisation_id__in=editor_organisation_ids(user))
    ).distinct()


def feedback_organisations(user, survey: Survey) -> set[int] | None:
    """Organisation ids whose feedback the user may see; None means all (the cohort)."""
    if manages(user, survey):
        return None
    cohort = set(survey.members.values_list("organisation_id", flat=True))
    return cohort & editor_organisation_ids(user)


def get_survey_for_user(user, slug: str, *, manage: bool = False) -> Survey:
    survey = visible_surveys(user).filter(slug=slug).first()
    if survey is None:
        raise Http404
    if manage and not manages(user, survey):
        raise PermissionDenied("Bara enkätens ägare och administratörer får ändra enkäten.")
    return survey


def require_feedback(user, survey: Survey, organisation) -> None:
    allowed = feedback_organisations(user, survey)
    if allowed is not None and organisation.pk not in allowed:
        raise Http404

"""Follow-up on other apps' pages: the start-page panel (open and overdue actions,
managers behind with their dialogues) and the slot on an evaluation's page (plans made
from it). Each returns None for those who may not see it, and the panel is hidden."""

from django.utils import timezone

from kompass.accounts.access import can_edit, can_see
from kompass.evaluations.models import Evaluation
from kompass.followup.domain import plans as plan_domain
from kompass.followup.domain.followthrough import followed_evaluation
from kompass.followup.models import ActionPlan
from kompass.followup.views.shared import organisation_summaries, readable_organisations


def home_panel(request):
    """Start-page panel: per organisation, open and overdue actions and managers behind
    with their dialogues. Hidden for users who belong to no organisation."""
    user = request.user
    if not user.is_authenticated:
        return None
    organisations = list(readable_organisations(user).order_by("name")[:5])
    if not organisations and not user.is_administrator:
        return None
    today = timezone.localdate()
    return {
        "summaries": organisation_summaries(organisations, today),
        "is_admin": user.is_administrator,
    }


def evaluation_slot(request, evaluation):
    """On an evaluation's page, for members of the evaluated organisation: the plans made
    from it, the way to create one, and a pointer to the follow-up of the previous
    evaluation's improvement opportunities."""
    user = request.user
    organisation = evaluation.organisation
    if not can_see(user, organisation):
        return None
    improvements = evaluation.findings.filter(kind="improvement").count()
    plans = list(
        ActionPlan.objects.filter(evaluation=evaluation)
        .prefetch_related("actions")
        .order_by("created_at", "pk")
    )
    # Only a pointer to the report's follow-through section (which does the full work).
    previous = followed_evaluation(evaluation)
    if not improvements and not plans and previous is None:
        return None
    today = timezone.localdate()
    return {
        "evaluation": evaluation,
        "plans": [(p, plan_domain.plan_summary(p, today)) for p in plans],
        "improvements": improvements,
        "may_create": can_edit(user, organisation),
        "published": evaluation.status == Evaluation.Status.PUBLISHED,
        "previous": previous,
        "organisation": organisation,
    }

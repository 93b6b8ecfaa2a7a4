"""Who may see and change evaluations. Every view and API endpoint fetches through here.

- Administrators see and change everything.
- Evaluators see the evaluations assigned to them and change them until published.
- Members of an organisation see its evaluations, in every status.
- Every signed-in user sees published evaluations (they are public reports).
Anything else answers 404, so nobody learns that a draft exists; a reader who tries to
change something they can see gets 403.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from kompass.accounts.access import member_organisation_ids
from kompass.evaluations.models import Evaluation


class EvaluationLocked(PermissionDenied):
    """A published evaluation changes only through an administrator."""


def visible_evaluations(user):
    qs = Evaluation.objects.select_related("organisation", "framework")
    if not user.is_authenticated:
        return qs.none()
    if user.is_administrator:
        return qs
    return qs.filter(
        Q(status=Evaluation.Status.PUBLISHED)
        | Q(organisation_id__in=member_organisation_ids(user))
        | Q(evaluators=user)
    ).distinct()


def is_assigned(user, evaluation: Evaluation) -> bool:
    return user.is_authenticated and evaluation.evaluators.filter(pk=user.pk).exists()


def can_edit(user, evaluation: Evaluation) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_administrator:
        return True
    return evaluation.status != Evaluation.Status.PUBLISHED and is_assigned(user, evaluation)


def check_can_edit(user, evaluation: Evaluation) -> None:
    """Raise if `user` may not change `evaluation` (used by every domain function)."""
    if user is None:  # the command line acts as the system administrator
        return
    if can_edit(user, evaluation):
        return
    if evaluation.status == Evaluation.Status.PUBLISHED and is_assigned(user, evaluation):
        raise EvaluationLocked(
            "Utvärderingen är publicerad och kan bara ändras av en administratör."
        )
    raise PermissionDenied("Du får inte ändra den här utvärderingen.")


def get_evaluation_for_user(user, pk, *, edit: bool = False) -> Evaluation:
    """The evaluation if `user` may see it (404 otherwise); with edit=True also 403 unless
    the user may change it."""
    evaluation = visible_evaluations(user).filter(pk=pk).first()
    if evaluation is None:
        raise Http404
    if edit:
        check_can_edit(user, evaluation)
    return evaluation

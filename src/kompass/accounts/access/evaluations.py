"""Evaluations.

- Administrators see and change everything.
- Evaluators see the evaluations assigned to them and change them until published.
- Members of an organisation see its evaluations, in every status.
- Every signed-in user sees published evaluations (they are public reports).
Anything else answers 404, so nobody learns that a draft exists; a reader who tries to
change something they can see gets 403.

Evidence notes (interviews, documents, websites) are working material, not part of the
published report: like SKR's own reports, the report others read shows the scores and
the analysis texts, never the notes. They are read by the evaluation's organisation (its
members), its assigned evaluators and administrators (`can_see_evidence`).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _

from kompass.accounts.access.organisations import member_organisation_ids, membership
from kompass.evaluations.models import Evaluation


class EvaluationLocked(PermissionDenied):
    """A published evaluation changes only through an administrator."""


def visible_evaluations(user):
    qs = Evaluation.objects.select_related("organisation", "framework")
    if user is None or not user.is_authenticated:
        return qs.none()
    if user.is_administrator:
        return qs
    return qs.filter(
        Q(status=Evaluation.Status.PUBLISHED)
        | Q(organisation_id__in=member_organisation_ids(user))
        | Q(evaluators=user)
    ).distinct()


def is_evaluator_of(user, evaluation: Evaluation) -> bool:
    """Is `user` one of the evaluators assigned to `evaluation`?"""
    return bool(
        user is not None
        and user.is_authenticated
        and evaluation.evaluators.filter(pk=user.pk).exists()
    )


def can_create_evaluation(user) -> bool:
    return bool(
        user is not None and user.is_authenticated and (user.is_administrator or user.is_evaluator)
    )


def can_see_evaluation(user, evaluation: Evaluation) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return bool(
        user.is_administrator
        or evaluation.status == Evaluation.Status.PUBLISHED
        or membership(user, evaluation.organisation_id)
        or is_evaluator_of(user, evaluation)
    )


def can_edit_evaluation(user, evaluation: Evaluation) -> bool:
    if user is None or not user.is_authenticated:
        return False
    if user.is_administrator:
        return True
    return evaluation.status != Evaluation.Status.PUBLISHED and is_evaluator_of(user, evaluation)


def can_see_evidence(user, evaluation: Evaluation) -> bool:
    """The notes behind the scores: the organisation's members, the assigned evaluators
    and administrators; `None` is the command line (the operator)."""
    if user is None:
        return True
    if not user.is_authenticated:
        return False
    return bool(
        user.is_administrator
        or membership(user, evaluation.organisation_id)
        or is_evaluator_of(user, evaluation)
    )


def edit_refusal(user, evaluation: Evaluation) -> PermissionDenied:
    """The 403 with its reason (a published evaluation is locked for its evaluators)."""
    if evaluation.status == Evaluation.Status.PUBLISHED and is_evaluator_of(user, evaluation):
        return EvaluationLocked(
            _("Utvärderingen är publicerad och kan bara ändras av en administratör.")
        )
    return PermissionDenied(_("Du får inte ändra den här utvärderingen."))


def lookup_evaluation(key) -> Evaluation | None:
    return Evaluation.objects.select_related("organisation", "framework").filter(pk=key).first()

"""The workflow draft > review > published, with four eyes on publishing.

Moving to review is the request to publish (`kompass.approvals`): it names who asked.
Publishing is the approval: an assigned evaluator or an administrator who is not the
person who asked (evaluations are done by two evaluators; one asks, the other approves).
Moving back from review to draft rejects the request (or withdraws it, for the person
who asked). Publishing locks the evaluation: after that only an administrator may change
it or send it back, and sending it back to review is a new request.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kompass.accounts.access import is_evaluator_of
from kompass.approvals import domain as approvals
from kompass.evaluations.domain.audit import record
from kompass.evaluations.domain.scores import score_sheet
from kompass.evaluations.models import Evaluation

S = Evaluation.Status
PUBLISH = approvals.What.PUBLISH
# (from, to) -> who may: "evaluator" (assigned, or administrator) or "admin"
TRANSITIONS = {
    (S.DRAFT, S.REVIEW): "evaluator",
    (S.REVIEW, S.DRAFT): "evaluator",
    (S.REVIEW, S.PUBLISHED): "evaluator",
    (S.PUBLISHED, S.REVIEW): "admin",
    (S.PUBLISHED, S.DRAFT): "admin",
}


def requested_by_self(user, evaluation: Evaluation) -> bool:
    waiting = approvals.pending(evaluation, PUBLISH)
    return bool(waiting and user is not None and waiting.requested_by_id == user.pk)


def allowed_transitions(user, evaluation: Evaluation) -> list[str]:
    """The moves `user` may make now. Publishing is not offered to the person who asked
    for it: a second person has to."""
    out = []
    for (source, target), who in TRANSITIONS.items():
        if source != evaluation.status:
            continue
        if not (
            user.is_administrator or (who == "evaluator" and is_evaluator_of(user, evaluation))
        ):
            continue
        if target == S.PUBLISHED and requested_by_self(user, evaluation):
            continue
        out.append(target)
    return out


def awaits_approval_by(user, evaluation: Evaluation) -> bool:
    return (
        evaluation.status == S.REVIEW
        and approvals.pending(evaluation, PUBLISH) is not None
        and S.PUBLISHED in allowed_transitions(user, evaluation)
    )


def shown_at_approval(evaluation: Evaluation) -> dict:
    """What the confirmation page shows, kept with the approval: the scores."""
    sheet = score_sheet(evaluation)
    return {
        "totalpoäng": str(sheet.shown),
        "max": str(sheet.max),
        "områden": {a.code: str(a.shown) for a in sheet.areas},
    }


@transaction.atomic
def transition(*, evaluation: Evaluation, to: str, user, reason: str = "") -> Evaluation:
    """Move the evaluation to status `to`, or raise PermissionDenied/ValueError (an
    InputError from the approvals is a ValueError too)."""
    if (evaluation.status, to) not in TRANSITIONS:
        raise ValueError(
            _("Utvärderingen kan inte gå från %(a)s till %(b)s.")
            % {"a": evaluation.get_status_display(), "b": S(to).label if to in S.values else to}
        )
    if user is not None:
        who = TRANSITIONS[(evaluation.status, to)]
        if not (
            user.is_administrator or (who == "evaluator" and is_evaluator_of(user, evaluation))
        ):
            raise PermissionDenied(_("Du får inte ändra status på den här utvärderingen."))
    waiting = approvals.pending(evaluation, PUBLISH)
    if to == S.PUBLISHED:
        if waiting is None:
            raise ValueError(
                _(
                    "Ingen har begärt att utvärderingen publiceras. Skicka den till utkast och "
                    "begär publicering igen, så att en annan person kan godkänna."
                )
            )
        if not score_sheet(evaluation).complete:
            raise ValueError(_("Alla delområden måste ha poäng innan utvärderingen publiceras."))
        approvals.approve(
            approval=waiting, user=user, obj=evaluation, shown=shown_at_approval(evaluation)
        )
        evaluation.published_at = timezone.now()
    elif to == S.REVIEW:
        approvals.request(
            obj=evaluation, what=PUBLISH, user=user, shown=shown_at_approval(evaluation)
        )
    elif waiting is not None:  # back to draft from review
        approvals.reject(approval=waiting, user=user, obj=evaluation, reason=reason)
    before = evaluation.get_status_display()
    evaluation.status = to
    evaluation.save(update_fields=["status", "published_at", "updated_at"])
    record(evaluation, user, "status", before, evaluation.get_status_display())
    return evaluation


def approval_lines(evaluation: Evaluation) -> list[tuple[str, str]]:
    """Who asked for publication and who approved it, for the report's first page."""
    if not evaluation.is_published:
        return []
    return approvals.report_lines(evaluation, PUBLISH)

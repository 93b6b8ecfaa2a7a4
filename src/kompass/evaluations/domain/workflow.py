"""The workflow draft > review > published. Publishing locks the evaluation: after that
only an administrator may change it or send it back."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kompass.evaluations.domain.access import is_assigned
from kompass.evaluations.domain.audit import record
from kompass.evaluations.domain.scores import score_sheet
from kompass.evaluations.models import Evaluation

S = Evaluation.Status
# (from, to) -> who may: "evaluator" (assigned, or administrator) or "admin"
TRANSITIONS = {
    (S.DRAFT, S.REVIEW): "evaluator",
    (S.REVIEW, S.DRAFT): "evaluator",
    (S.REVIEW, S.PUBLISHED): "evaluator",
    (S.PUBLISHED, S.REVIEW): "admin",
    (S.PUBLISHED, S.DRAFT): "admin",
}


def allowed_transitions(user, evaluation: Evaluation) -> list[str]:
    out = []
    for (source, target), who in TRANSITIONS.items():
        if source != evaluation.status:
            continue
        if user.is_administrator or (who == "evaluator" and is_assigned(user, evaluation)):
            out.append(target)
    return out


@transaction.atomic
def transition(*, evaluation: Evaluation, to: str, user) -> Evaluation:
    """Move the evaluation to status `to`, or raise PermissionDenied/ValueError."""
    if (evaluation.status, to) not in TRANSITIONS:
        raise ValueError(
            _("Utvärderingen kan inte gå från %(a)s till %(b)s.")
            % {"a": evaluation.get_status_display(), "b": S(to).label if to in S.values else to}
        )
    if user is not None and to not in allowed_transitions(user, evaluation):
        raise PermissionDenied(_("Du får inte ändra status på den här utvärderingen."))
    if to == S.PUBLISHED:
        if not score_sheet(evaluation).complete:
            raise ValueError(_("Alla delområden måste ha poäng innan utvärderingen publiceras."))
        evaluation.published_at = timezone.now()
    before = evaluation.get_status_display()
    evaluation.status = to
    evaluation.save(update_fields=["status", "published_at", "updated_at"])
    record(evaluation, user, "status", before, evaluation.get_status_display())
    return evaluation

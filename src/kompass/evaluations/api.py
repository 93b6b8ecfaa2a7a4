"""Evaluations in the JSON API: the same rows and summaries as `kompass evaluation list`
and `show`, with the web UI's access rules (drafts answer 404 to outsiders)."""

from ninja import Router

from kompass.accounts.access import get_evaluation_for_user, visible_evaluations
from kompass.core.api import errors
from kompass.evaluations.domain.summary import evaluation_row, evaluation_summary
from kompass.evaluations.schemas import EvaluationRow, EvaluationSummary

router = Router(tags=["utvärderingar"])


@router.get(
    "/",
    summary="Utvärderingar som användaren får se",
    response={200: list[EvaluationRow], **errors(400)},
)
def list_evaluations(request, organisation: str | None = None, status: str | None = None):
    qs = visible_evaluations(request.user).order_by("-date", "pk")
    if organisation:
        qs = qs.filter(organisation__code=organisation)
    if status:
        qs = qs.filter(status=status)
    return [evaluation_row(e) for e in qs]


@router.get(
    "/{evaluation_id}",
    summary="En utvärdering med exakta och visade poäng",
    response={200: EvaluationSummary, **errors(400, 404)},
)
def get_evaluation(request, evaluation_id: int):
    return evaluation_summary(get_evaluation_for_user(request.user, evaluation_id))

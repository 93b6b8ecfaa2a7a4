"""Survey results in the JSON API (`/api/surveys/`): the same summary as
`kompass survey summary --format json`, with the same suppression, limited to what the
user may see (a member of a cohort organisation gets its own organisation's cells beside
the cohort's)."""

from django.http import Http404
from ninja import Router

from kompass.accounts.access import (
    feedback_organisation_ids,
    get_survey_for_user,
    managed_survey_ids,
    visible_surveys,
)
from kompass.core.api import errors
from kompass.core.errors import InputError, InputProblem
from kompass.organisations.domain.register import find_organisation
from kompass.surveys.domain.results import summary, survey_results
from kompass.surveys.schemas import Summary, SurveyRow

router = Router(tags=["enkäter"])


@router.get("/", summary="Enkäter du kan se", response={200: list[SurveyRow], **errors()})
def list_surveys(request):
    managed = managed_survey_ids(request.user)
    return [
        {
            "slug": s.slug,
            "name": s.name,
            "instrument": s.framework.identifier,
            "min_group": s.min_group,
            "example": s.is_example,
            "waves": [w.code for w in s.waves.all()],
            "manage": managed is None or s.pk in managed,
        }
        for s in visible_surveys(request.user).prefetch_related("waves").order_by("slug")
    ]


@router.get(
    "/{slug}/summary",
    summary="Resultat per påstående, omgång och grupp",
    response={200: Summary, **errors(400, 404)},
    by_alias=True,
)
def survey_summary(request, slug: str, organisation: str | None = None):
    """Cells for everyone, each value of each attribute and organisation x split; hidden
    cells have mean, sd and dist null and `suppressed` giving the reason."""
    survey = get_survey_for_user(request.user, slug)
    results = survey_results(survey)
    allowed_ids = feedback_organisation_ids(request.user, survey)
    codes = {
        code
        for code, info in results.organisations.items()
        if allowed_ids is None or info.pk in allowed_ids
    }
    if organisation:
        try:
            org = find_organisation(organisation)
        except LookupError as exc:
            message = str(exc).strip("'\"")
            raise InputError([InputProblem(message, field="organisation")]) from exc
        code = org.key
        if code not in codes:
            raise Http404
        codes = {code}
    limit = None if allowed_ids is None and not organisation else codes
    return summary(results, organisations=limit)

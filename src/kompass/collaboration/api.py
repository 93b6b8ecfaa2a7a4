"""Collaboration projects in the JSON API, with the web UI's access rules (outsiders get
404), and the socio-economic account computed from a posted file (no database). Bad
input answers 400 with the Swedish problems, field by field, as every router does
(`kompass.core.api`)."""

from ninja import Router
from ninja.errors import HttpError

from kompass.accounts.access import get_project_for_user, visible_projects
from kompass.analytics.socio.calculation import calculate
from kompass.analytics.socio.rounding import result_data
from kompass.analytics.socio_input.account import parse_account
from kompass.collaboration.domain.account import project_result, shipped_defaults
from kompass.collaboration.domain.summary import project_row, project_summary
from kompass.collaboration.schemas import Project, ProjectRow, SocioAccountIn, SocioResult
from kompass.core.api import Conflict, errors, request_body
from kompass.core.errors import InputError
from kompass.lib.jsonfile import JsonSyntaxError, load_json

router = Router(tags=["samverkansprojekt"])


@router.get(
    "/projects",
    summary="Samverkansprojekt som användaren får se",
    response={200: list[ProjectRow], **errors()},
)
def list_projects(request):
    qs = visible_projects(request.user).prefetch_related("partners__organisation")
    return [project_row(p) for p in qs]


@router.get(
    "/projects/{project_id}",
    summary="Ett projekt: parter, team, plan och bedömningar",
    response={200: Project, **errors(400, 404)},
)
def get_project(request, project_id: int):
    return project_summary(get_project_for_user(request.user, project_id))


@router.get(
    "/projects/{project_id}/account",
    summary="Projektets samverkansbokslut (samma JSON som kompass socio calc)",
    description="404 när projektet saknar kalkyl, 409 med problemen när den sparade "
    "kalkylen inte kan räknas ut.",
    response={200: SocioResult, **errors(400, 404, 409)},
    by_alias=True,
)
def get_account(request, project_id: int):
    project = get_project_for_user(request.user, project_id)
    result, problems = project_result(project)
    if problems:
        raise Conflict("Projektets kalkyl kan inte räknas ut.", problems)
    if result is None:
        raise HttpError(404, "Projektet har ingen socioekonomisk kalkyl.")
    return result_data(result)


@router.post(
    "/socio/calc",
    summary="Räkna ut en kalkyl i formatet kompass-socio/1",
    response={200: SocioResult, **errors(400)},
    by_alias=True,
    openapi_extra=request_body(SocioAccountIn),
)
def calc(request):
    try:
        text = (request.body or b"null").decode("utf-8")
    except UnicodeDecodeError:
        raise InputError("kroppen ska vara JSON i formatet kompass-socio/1") from None
    try:
        data = load_json(text)
    except JsonSyntaxError:
        raise InputError("kroppen ska vara JSON i formatet kompass-socio/1") from None
    account = parse_account(data, defaults=shipped_defaults())
    return result_data(calculate(account))

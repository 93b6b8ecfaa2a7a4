"""Collaboration projects in the JSON API, with the web UI's access rules (outsiders get
404), and the socio-economic account computed from a posted file (no database). Bad
input answers 400 with the Swedish problems, field by field, as the other routers do."""

import json

from ninja import Router, Status
from ninja.errors import HttpError

from kompass.analytics.socio import calculate, result_data
from kompass.analytics.socio_input import parse_account
from kompass.collaboration.domain.access import get_project_for_user, visible_projects
from kompass.collaboration.domain.account import project_result, shipped_defaults
from kompass.collaboration.domain.summary import project_row, project_summary
from kompass.core.errors import InputError

router = Router(tags=["samverkansprojekt"])


def _problems(problems) -> dict:
    return {
        "problems": [{"field": p.field, "message": p.message, "line": p.line} for p in problems]
    }


@router.get("/projects", summary="Samverkansprojekt som användaren får se")
def list_projects(request):
    qs = visible_projects(request.user).prefetch_related("partners__organisation")
    return [project_row(p) for p in qs]


@router.get("/projects/{project_id}", summary="Ett projekt: parter, team, plan och bedömningar")
def get_project(request, project_id: int):
    return project_summary(get_project_for_user(request.user, project_id))


@router.get(
    "/projects/{project_id}/account",
    summary="Projektets samverkansbokslut (samma JSON som kompass socio calc)",
    response={200: dict, 422: dict},
)
def get_account(request, project_id: int):
    project = get_project_for_user(request.user, project_id)
    result, problems = project_result(project)
    if problems:
        return Status(422, _problems(problems))
    if result is None:
        raise HttpError(404, "projektet har ingen socioekonomisk kalkyl")
    return result_data(result)


@router.post(
    "/socio/calc",
    summary="Räkna ut en kalkyl i formatet kompass-socio/1",
    response={200: dict, 400: dict},
)
def calc(request):
    try:
        data = json.loads(request.body or b"null")
    except ValueError:
        return Status(
            400,
            {
                "problems": [
                    {
                        "field": "",
                        "message": "kroppen ska vara JSON i formatet kompass-socio/1",
                        "line": None,
                    }
                ]
            },
        )
    try:
        account = parse_account(data, defaults=shipped_defaults())
    except InputError as exc:
        return Status(400, _problems(exc.problems))
    return result_data(calculate(account))

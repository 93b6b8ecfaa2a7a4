"""Follow-up in the JSON API (`/api/followup/...`), with the web UI's access rules:
members read, editors change, outsiders get 404, readers who try to change 403. Bad
input answers 400 with the Swedish problems, field by field; nothing is stored."""

import datetime

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from kompass.core.errors import InputError
from kompass.evaluations.domain.access import get_evaluation_for_user
from kompass.followup.domain import dialogues as dialogue_domain
from kompass.followup.domain import plans as plan_domain
from kompass.followup.domain.access import (
    get_action_for_user,
    get_organisation_for_user,
    get_plan_for_user,
)
from kompass.followup.domain.followthrough import follow_through
from kompass.followup.models import Action, ActionPlan

router = Router(tags=["uppföljning"])


class ActionIn(Schema):
    title: str
    owner: str
    start_date: str
    due_date: str
    description: str = ""
    opportunity: int | None = None
    indicators: list[str] = []


class StatusIn(Schema):
    status: str
    note: str = ""
    on: str | None = None


class DialogueIn(Schema):
    manager: str
    held_by: str | None = None
    planned_on: str | None = None
    held_on: str | None = None
    cancelled: bool = False
    participants: list[str] = []
    agenda: str = ""
    notes: str = ""
    agreements: list[str] = []


def _for_change(fetch, user, pk):
    """Fetch for a change; a reader gets 403 also when the API runs with DEBUG on."""
    try:
        return fetch(user, pk, edit=True)
    except PermissionDenied as exc:
        raise HttpError(403, str(exc) or "Du får inte ändra det här.") from exc


def _problems(exc: InputError):
    return {"problems": [{"field": p.field, "message": p.message} for p in exc.problems]}


def _action(action: Action, today: datetime.date) -> dict:
    return {
        "id": action.pk,
        "title": action.title,
        "description": action.description,
        "owner": action.owner.name,
        "start_date": action.start_date.isoformat(),
        "due_date": action.due_date.isoformat(),
        "status": action.status,
        "status_text": plan_domain.status_text(action, today),
        "completed_on": action.completed_on.isoformat() if action.completed_on else None,
        "overdue": plan_domain.is_overdue(action, today),
        "opportunity": action.opportunity_id,
        "indicators": [i.pk for i in action.indicators.all()],
    }


def _plan_row(plan: ActionPlan) -> dict:
    return {
        "id": plan.pk,
        "title": plan.title,
        "organisation": {"id": plan.organisation_id, "code": plan.organisation.code},
        "evaluation": plan.evaluation_id,
        "example": plan.is_example,
        **{k: v for k, v in plan_domain.plan_summary(plan).items() if k != "counts"},
    }


@router.get("/organisations/{organisation_id}/plans", summary="En organisations handlingsplaner")
def list_plans(request, organisation_id: int):
    organisation = get_organisation_for_user(request.user, organisation_id)
    plans = (
        ActionPlan.objects.filter(organisation=organisation)
        .select_related("organisation")
        .prefetch_related("actions")
    )
    return [_plan_row(p) for p in plans.order_by("-created_at", "-pk")]


@router.get("/plans/{plan_id}", summary="En handlingsplan med förbättringsmöjligheter och åtgärder")
def get_plan(request, plan_id: int):
    plan = get_plan_for_user(request.user, plan_id)
    today = timezone.localdate()
    actions = list(
        plan.actions.select_related("owner").prefetch_related("indicators").order_by("due_date")
    )
    return {
        **_plan_row(plan),
        "description": plan.description,
        "opportunities": [
            {
                "id": o.pk,
                "finding": o.finding_id,
                "area": o.area_code,
                "text": o.text,
            }
            for o in plan.opportunities.all()
        ],
        "actions": [_action(a, today) for a in actions],
    }


@router.post(
    "/plans/{plan_id}/actions",
    summary="Lägg till en åtgärd (ansvarig: namn eller id)",
    response={201: dict, 400: dict},
)
def add_action(request, plan_id: int, payload: ActionIn):
    plan = _for_change(get_plan_for_user, request.user, plan_id)
    try:
        action = plan_domain.add_action(plan=plan, user=request.user, **payload.dict())
    except InputError as exc:
        return Status(400, _problems(exc))
    return Status(201, _action(action, timezone.localdate()))


@router.post(
    "/actions/{action_id}/status",
    summary="Ändra en åtgärds status (planerad, pågår, klar, avbruten)",
    response={200: dict, 400: dict},
)
def change_status(request, action_id: int, payload: StatusIn):
    action = _for_change(get_action_for_user, request.user, action_id)
    try:
        plan_domain.set_status(action=action, user=request.user, **payload.dict())
    except InputError as exc:
        return Status(400, _problems(exc))
    return Status(200, _action(action, timezone.localdate()))


@router.get(
    "/organisations/{organisation_id}/dialogues/standing",
    summary="Chefernas systematiska dialoger: hållna, förväntade, försenade och vem som är efter",
)
def dialogue_standing(request, organisation_id: int, year: int | None = None):
    organisation = get_organisation_for_user(request.user, organisation_id)
    rows = dialogue_domain.organisation_standing(organisation, year=year)
    return [
        {
            "person": r.person.name,
            "title": r.person.title,
            "planned_per_year": r.standing.planned_per_year,
            "held": r.standing.held,
            "expected": r.standing.expected,
            "overdue": [d.isoformat() for d in r.standing.overdue],
            "next_planned": r.standing.next_planned.isoformat()
            if r.standing.next_planned
            else None,
            "undocumented": r.standing.undocumented,
            "behind": r.standing.behind,
            "reasons": list(r.standing.reasons),
        }
        for r in rows
    ]


@router.post(
    "/organisations/{organisation_id}/dialogues",
    summary="Planera eller dokumentera en dialog",
    response={201: dict, 400: dict},
)
def add_dialogue(request, organisation_id: int, payload: DialogueIn):
    organisation = _for_change(get_organisation_for_user, request.user, organisation_id)
    try:
        dialogue = dialogue_domain.save_dialogue(
            organisation=organisation, user=request.user, **payload.dict()
        )
    except InputError as exc:
        return Status(400, _problems(exc))
    return Status(
        201,
        {
            "id": dialogue.pk,
            "manager": dialogue.manager.name,
            "held_by": dialogue.held_by.name if dialogue.held_by else None,
            "planned_on": dialogue.planned_on.isoformat() if dialogue.planned_on else None,
            "held_on": dialogue.held_on.isoformat() if dialogue.held_on else None,
            "state": dialogue_domain.state_key(dialogue),
        },
    )


@router.get(
    "/evaluations/{evaluation_id}/followthrough",
    summary="Vad som gjorts på förra utvärderingens förbättringsmöjligheter",
)
def evaluation_followthrough(request, evaluation_id: int):
    evaluation = get_evaluation_for_user(request.user, evaluation_id)
    result = follow_through(evaluation)
    if result is None:
        return {"previous": None, "items": []}
    today = timezone.localdate()
    return {
        "previous": {"id": result.previous.pk, "date": result.previous.date.isoformat()},
        "items": [
            {
                "area": item.area_code,
                "text": item.text,
                "removed": item.removed,
                "actions": [
                    {
                        "title": a.title,
                        "plan": a.plan.title,
                        "status": a.status,
                        "status_text": plan_domain.status_text(a, today),
                    }
                    for a in item.actions
                ],
            }
            for item in result.items
        ],
    }

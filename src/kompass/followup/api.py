"""Follow-up in the JSON API (`/api/followup/...`), with the web UI's access rules:
members read, editors change, outsiders get 404, readers who try to change 403. Bad
input answers 400 with the Swedish problems, field by field (`kompass.core.api`);
nothing is stored."""

import datetime

from django.utils import timezone
from ninja import Router, Status

from kompass.accounts.access import (
    get_action_for_user,
    get_evaluation_for_user,
    get_organisation_for_user,
    get_plan_for_user,
)
from kompass.core.api import errors
from kompass.followup.domain import dialogues as dialogue_domain
from kompass.followup.domain import plans as plan_domain
from kompass.followup.domain.followthrough import follow_through
from kompass.followup.models import Action, ActionPlan
from kompass.followup.schemas import (
    ActionIn,
    ActionOut,
    DialogueIn,
    DialogueOut,
    FollowThrough,
    Plan,
    PlanRow,
    StandingRow,
    StatusIn,
)

router = Router(tags=["uppföljning"])


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


@router.get(
    "/organisations/{organisation_id}/plans",
    summary="En organisations handlingsplaner",
    response={200: list[PlanRow], **errors(400, 404)},
)
def list_plans(request, organisation_id: int):
    organisation = get_organisation_for_user(request.user, organisation_id)
    plans = (
        ActionPlan.objects.filter(organisation=organisation)
        .select_related("organisation")
        .prefetch_related("actions")
    )
    return [_plan_row(p) for p in plans.order_by("-created_at", "-pk")]


@router.get(
    "/plans/{plan_id}",
    summary="En handlingsplan med förbättringsmöjligheter och åtgärder",
    response={200: Plan, **errors(400, 404)},
)
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
    response={201: ActionOut, **errors(400, 403, 404)},
)
def add_action(request, plan_id: int, payload: ActionIn):
    plan = get_plan_for_user(request.user, plan_id, edit=True)
    action = plan_domain.add_action(plan=plan, user=request.user, **payload.dict())
    return Status(201, _action(action, timezone.localdate()))


@router.post(
    "/actions/{action_id}/status",
    summary="Ändra en åtgärds status (planerad, pågår, klar, avbruten)",
    response={200: ActionOut, **errors(400, 403, 404)},
)
def change_status(request, action_id: int, payload: StatusIn):
    action = get_action_for_user(request.user, action_id, edit=True)
    plan_domain.set_status(action=action, user=request.user, **payload.dict())
    return _action(action, timezone.localdate())


@router.get(
    "/organisations/{organisation_id}/dialogues/standing",
    summary="Chefernas systematiska dialoger: hållna, förväntade, försenade och vem som är efter",
    response={200: list[StandingRow], **errors(400, 404)},
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
    response={201: DialogueOut, **errors(400, 403, 404)},
)
def add_dialogue(request, organisation_id: int, payload: DialogueIn):
    organisation = get_organisation_for_user(request.user, organisation_id, edit=True)
    dialogue = dialogue_domain.save_dialogue(
        organisation=organisation, user=request.user, **payload.dict()
    )
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
    response={200: FollowThrough, **errors(400, 404)},
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

"""The status analysis in the JSON API (`/api/status/...`), read only, with the pages'
access rules: members of the organisation read, outsiders get 404. The analysis takes the
pages' parameters (`source`, `kpi_group`, `peers`, `year`); what cannot be analysed (an
unknown Kolada group, peers that do not apply) answers 400 in the one error shape."""

from ninja import Router

from kompass.accounts.access import get_organisation_for_user, get_status_choice_for_user
from kompass.core.api import errors
from kompass.followup.domain.measures import plan_measures
from kompass.organisations.models import Organisation
from kompass.status.domain.choices import current_choices, history
from kompass.status.domain.selection import analysis_for
from kompass.status.models import CauseAnalysis, Choice
from kompass.status.schemas import ChoiceDetail, ChoiceOut, StatusAnalysisOut

router = Router(tags=["nulägesanalys"])


def _organisation(user, code: str) -> Organisation:
    return get_organisation_for_user(user, code)


def _ref(organisation: Organisation) -> dict:
    return {"code": organisation.code, "name": organisation.name}


@router.get(
    "/organisations/{code}/analysis",
    summary="Nulägesanalys: avvikelser mot jämförelsegruppen, sämst först",
    response={200: StatusAnalysisOut, **errors(400, 404)},
)
def status_analysis(
    request,
    code: str,
    source: str | None = None,
    kpi_group: str | None = None,
    peers: str | None = None,
    year: int | None = None,
):
    organisation = _organisation(request.user, code)
    params = {"source": source, "kpi_group": kpi_group, "peers": peers, "year": year}
    analysis, _selection = analysis_for(user=request.user, organisation=organisation, params=params)
    return {
        "organisation": _ref(organisation),
        "year": analysis.year,
        "source": {
            "kind": analysis.source.kind,
            "key": analysis.source.key,
            "label": analysis.source.label,
        },
        "peers": {
            "key": analysis.peers.key,
            "label": analysis.peers.label,
            "n": len(analysis.peers.codes),
        },
        "notes": analysis.general_notes(),
        "rows": [
            {
                "metric": row.metric,
                "name": row.name,
                "unit": row.unit,
                "decimals": row.decimals,
                "value": row.value,
                "direction": row.direction,
                "peers": {
                    "n": row.peers.n,
                    "median": row.peers.median,
                    "p25": row.peers.p25,
                    "p75": row.peers.p75,
                },
                "percentile": row.percentile,
                "target": row.target,
                "target_gap": row.target_gap,
                "trend": {"signal": row.trend.signal, "text": analysis.trend_text(row)},
                "notes": analysis.notes(row),
            }
            for row in analysis.rows
        ],
    }


def _choice(choice: Choice) -> dict:
    analysis = getattr(choice, "cause_analysis", None)
    return {
        "id": choice.pk,
        "organisation": _ref(choice.organisation),
        "source": {
            "kind": choice.source_kind,
            "key": choice.source_key,
            "label": choice.source_label,
        },
        "metric": choice.metric,
        "metric_name": choice.metric_name,
        "year": choice.year,
        "peers": {"key": choice.peers_key, "label": choice.peers_label, "n": choice.peers_n},
        "value": choice.value,
        "median": choice.median,
        "p25": choice.p25,
        "p75": choice.p75,
        "percentile": choice.percentile,
        "trend_signal": choice.trend_signal,
        "decision": choice.decision,
        "motivation": choice.motivation,
        "expected_effect": choice.expected_effect,
        "effort": choice.effort,
        "decided_by": choice.decided_by,
        "decided_on": choice.decided_on.isoformat(),
        "replaces": choice.replaces_id,
        "cause_analysis": analysis is not None,
        "plan": analysis.plan_id if analysis is not None else None,
        "example": choice.is_example,
    }


@router.get(
    "/organisations/{code}/choices",
    summary="En organisations vägval som gäller: prioriterade och medvetet lämnade avvikelser",
    response={200: list[ChoiceOut], **errors(404)},
)
def list_choices(request, code: str):
    organisation = _organisation(request.user, code)
    return [_choice(c) for c in current_choices(organisation).select_related("organisation")]


def _refs(indicators) -> list[dict]:
    return [{"id": i.pk, "name": i.name} for i in indicators]


@router.get(
    "/choices/{choice_id}",
    summary="Ett vägval med tidigare beslut, orsaksanalys och vad handlingsplanen mäter",
    response={200: ChoiceDetail, **errors(400, 404)},
)
def choice_detail(request, choice_id: int):
    choice = get_status_choice_for_user(request.user, choice_id)
    analysis = (
        CauseAnalysis.objects.filter(choice=choice)
        .select_related("plan")
        .prefetch_related("causes__evidence")
        .first()
    )
    body = {**_choice(choice), "history": [_choice(c) for c in history(choice)], "analysis": None}
    if analysis is not None:
        plan = None
        if analysis.plan_id:
            measures = plan_measures(analysis.plan)
            plan = {
                "id": analysis.plan_id,
                "title": analysis.plan.title,
                "effect": _refs(measures.effect),
                "activity": _refs(measures.activity),
                "untagged": _refs(measures.untagged),
                "only_activities": measures.only_activities,
            }
        body["analysis"] = {
            "method": analysis.method,
            "problem": analysis.problem,
            "conclusion": analysis.conclusion,
            "causes": [
                {
                    "area": cause.area,
                    "text": cause.text,
                    "evidence": [
                        {
                            "kind": e.kind,
                            "text": e.text,
                            "indicator": e.indicator_id,
                            "finding": e.finding_id,
                        }
                        for e in cause.evidence.all()
                    ],
                }
                for cause in analysis.causes.all()
            ],
            "plan": plan,
        }
    return body

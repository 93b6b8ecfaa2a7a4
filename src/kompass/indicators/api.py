"""Indicators and key ratios in the JSON API, with the web UI's access rules (outsiders
get 404): indicator definitions and series, the run/control chart analysis, an
organisation's dashboard and a key-ratio table's comparison."""

from django.http import Http404
from ninja import Router

from kompass.accounts.access import (
    get_indicator_for_user,
    get_organisation_for_user,
    get_ratio_table_for_user,
    visible_indicators,
)
from kompass.core.api import Conflict, errors
from kompass.indicators.domain.dashboard import build_dashboard
from kompass.indicators.domain.indicators import (
    ChartError,
    allowed_charts,
    analyse_indicator,
    indicator_status,
    measure,
    measure_unit,
)
from kompass.indicators.domain.keyratios.comparisons import comparison, comparison_data
from kompass.indicators.schemas import (
    Dashboard,
    Indicator,
    IndicatorRow,
    RatioComparison,
    SpcAnalysis,
)

router = Router(tags=["nyckeltal och indikatorer"])


def _indicator_row(indicator) -> dict:
    return {
        "id": indicator.pk,
        "organisation": {"code": indicator.organisation.code, "name": indicator.organisation.name},
        "name": indicator.name,
        "description": indicator.description,
        "unit": measure_unit(indicator),
        "direction": indicator.direction,
        "perspective": indicator.perspective,
        "period_type": indicator.period_type,
        "chart_type": indicator.chart_type,
        "baseline_period": indicator.baseline_period or None,
        "target": indicator.target,
        "source": indicator.source,
        "example": indicator.is_example,
    }


@router.get(
    "/",
    summary="Indikatorer som användaren får se",
    response={200: list[IndicatorRow], **errors(400)},
)
def list_indicators(request, organisation: str | None = None):
    qs = visible_indicators(request.user).order_by("organisation__name", "name")
    if organisation:
        qs = qs.filter(organisation__code=organisation)
    return [_indicator_row(i) for i in qs]


@router.get(
    "/{indicator_id}",
    summary="En indikator med serie och status mot målet",
    response={200: Indicator, **errors(400, 404)},
)
def get_indicator(request, indicator_id: int):
    indicator = get_indicator_for_user(request.user, indicator_id)
    values = list(indicator.values.all())
    status = indicator_status(indicator, None, values)
    data = _indicator_row(indicator)
    data["series"] = [
        {
            "period": v.period,
            "value": v.value,
            "denominator": v.denominator,
            "measure": measure(indicator, v.value, v.denominator),
            "note": v.note,
        }
        for v in values
    ]
    data["phases"] = [
        {"start_period": p.start_period, "name": p.name, "description": p.description}
        for p in indicator.phases.all()
    ]
    data["status"] = {
        "latest_period": status.latest_period,
        "latest": status.latest,
        "gap": float(status.gap.difference)
        if status.gap and status.gap.difference is not None
        else None,
        "gap_text": status.gap.text if status.gap else None,
        "target_met": status.gap.met if status.gap else None,
        "signal": status.signal,
        "text": status.text,
    }
    return data


@router.get(
    "/{indicator_id}/spc",
    summary="Körschema eller styrdiagram: analys och signal",
    response={200: SpcAnalysis, **errors(400, 404, 409)},
    exclude_unset=True,  # a run chart has no limits: those keys are left out, not null
)
def indicator_spc(request, indicator_id: int, chart: str | None = None):
    indicator = get_indicator_for_user(request.user, indicator_id)
    if chart is not None and chart not in allowed_charts(indicator):
        raise Http404(f"diagramtypen {chart} passar inte indikatorn")
    try:
        result = analyse_indicator(indicator, chart)
    except ChartError as exc:  # values stored around the rules: the chart cannot be drawn
        raise Conflict(str(exc)) from exc
    if result is None:
        return {
            "chart": chart or indicator.chart_type,
            "signal": False,
            "text": "Inga värden ännu.",
            "points": [],
        }
    return result.to_dict()


@router.get(
    "/dashboards/{code}",
    summary="En organisations indikatorer och nyckeltal mot jämförelsegrupp",
    response={200: Dashboard, **errors(400, 404)},
)
def organisation_dashboard(request, code: str, peers: str | None = None):
    organisation = get_organisation_for_user(request.user, code)
    board = build_dashboard(organisation=organisation, user=request.user, peer_key=peers)
    return {
        "organisation": {"code": organisation.code, "name": organisation.name},
        "peers": {"key": board.peer_key, "label": board.peer_label},
        "perspectives": [
            {
                "key": g.key,
                "label": g.label,
                "indicators": [
                    {
                        "id": c.indicator.pk,
                        "name": c.indicator.name,
                        "latest_period": c.status.latest_period,
                        "latest": c.status.latest,
                        "gap_text": c.status.gap.text if c.status.gap else None,
                        "target_met": c.status.gap.met if c.status.gap else None,
                        "signal": c.status.signal,
                        "text": c.status.text,
                    }
                    for c in g.cards
                ],
            }
            for g in board.groups
        ],
        "key_ratios": [
            {
                "table": r.table.slug,
                "metric": r.metric.key,
                "name": r.metric.name,
                "year": r.year,
                "value": r.own.value,
                "peer_median": r.summary.median,
                "peer_min": r.summary.minimum,
                "peer_max": r.summary.maximum,
                "peers": r.peers,
                "position": r.position,
                "notes": r.notes,
            }
            for r in board.ratio_rows
        ],
    }


@router.get(
    "/ratio-tables/{slug}",
    summary="En nyckeltalstabell: jämförelse med beräknade nyckeltal och mål",
    response={200: RatioComparison, **errors(400, 404)},
)
def ratio_table(request, slug: str, year: int | None = None):
    table = get_ratio_table_for_user(request.user, slug)
    return comparison_data(table, comparison(table, year=year))

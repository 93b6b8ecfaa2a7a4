"""Pages of the status analysis: the analysis of an organisation, the decision about a
deviation (vägval), the list of decisions, and the cause analysis that leads to an action
plan. Every page starts from what the user may see (404 for outsiders, 403 for readers
who try to change something)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kompass.accounts.access import (
    can_edit,
    get_organisation_for_user,
    get_status_choice_for_user,
    visible_organisations,
)
from kompass.core.errors import InputError, add_to_form
from kompass.evaluations.models import Finding
from kompass.followup.domain.measures import plan_measures
from kompass.indicators.models import Indicator
from kompass.organisations.models import Organisation
from kompass.reports.exports import FORMAT_LABELS
from kompass.reports.render import render_html_fragment
from kompass.status.domain.analysis import (
    KOLADA_PEERS,
    TABLE_PEERS,
    StatusAnalysis,
    peer_choices,
)
from kompass.status.domain.choices import (
    CauseInput,
    current_choices,
    history,
    plan_for,
    record_choice,
    save_cause_analysis,
)
from kompass.status.domain.selection import analysis_for, kolada_client, source_options
from kompass.status.domain.sources import KOLADA
from kompass.status.forms import (
    CAUSE_ROWS,
    EVIDENCE_ROWS,
    AnalysisForm,
    CauseAnalysisForm,
    ChoiceForm,
)
from kompass.status.models import CauseAnalysis, Choice
from kompass.status.report import build_status_report

DOWNLOADS = ("pdf", "docx", "xlsx", "html")


def _analysis_from(request, organisation: Organisation, params) -> tuple[StatusAnalysis, dict]:
    """Run the analysis the query parameters name (the server computes, never the browser)."""
    return analysis_for(user=request.user, organisation=organisation, params=params)


@login_required
def index(request):
    organisations = visible_organisations(request.user).order_by("name")
    if organisations.count() == 1:
        return redirect("status:analysis", organisations.first().key)
    return render(request, "status/index.html", {"organisations": organisations[:400]})


@login_required
def analysis(request, code):
    organisation = get_organisation_for_user(request.user, code)
    sources = source_options(request.user)
    context = {"organisation": organisation}
    try:
        result, selection = _analysis_from(request, organisation, request.GET)
    except InputError as exc:
        context["problems"] = exc.messages
        selection, result = None, None
    if result is not None:
        client = kolada_client() if result.source.kind == KOLADA else None
        peers = [
            (c.key, c.label if c.key == KOLADA_PEERS else f"{c.label} ({len(c.codes)})")
            for c in peer_choices(organisation, result.source, user=request.user, client=client)
        ]
        form = AnalysisForm(
            initial=selection, sources=sources, peers=peers, years=result.source.years
        )
        report = build_status_report(result)
        context.update(
            form=form,
            result=result,
            query=urlencode(selection),
            downloads=[(fmt, FORMAT_LABELS[fmt]) for fmt in DOWNLOADS],
            report_html=render_html_fragment(report, request),
            can_edit=can_edit(request.user, organisation),
            ranked=result.result.ranked,
        )
    else:
        context["form"] = AnalysisForm(sources=sources, peers=[(TABLE_PEERS, _("Alla"))])
    return render(request, "status/analysis.html", context)


@login_required
def choose(request, code):
    organisation = get_organisation_for_user(request.user, code, edit=True)
    params = request.POST if request.method == "POST" else request.GET
    try:
        result, selection = _analysis_from(request, organisation, params)
    except InputError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("status:analysis", organisation.key)
    metric = params.get("metric", "")
    row = next((r for r in result.rows if r.metric == metric), None)
    if row is None:
        raise Http404
    form = ChoiceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            choice = record_choice(
                analysis=result, metric=metric, user=request.user, **form.cleaned_data
            )
        except InputError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, _("Vägvalet är sparat."))
            return redirect("status:choice", choice.pk)
    current = Choice.objects.filter(
        organisation=organisation,
        source_kind=result.source.kind,
        source_key=result.source.key,
        metric=metric,
        replaced_by__isnull=True,
    ).first()
    return render(
        request,
        "status/choose.html",
        {
            "organisation": organisation,
            "result": result,
            "row": row,
            "notes": result.notes(row),
            "trend": result.trend_text(row),
            "form": form,
            "selection": {**selection, "metric": metric},
            "query": urlencode(selection),
            "current": current,
        },
    )


@login_required
def choices(request, code):
    organisation = get_organisation_for_user(request.user, code)
    current = list(current_choices(organisation))
    return render(
        request,
        "status/choices.html",
        {
            "organisation": organisation,
            "prioritised": [c for c in current if c.is_prioritised],
            "left": [c for c in current if not c.is_prioritised],
        },
    )


def _choice_for(request, pk, *, edit: bool = False) -> Choice:
    choice = get_status_choice_for_user(request.user, pk, edit=edit)
    return choice


@login_required
def choice_detail(request, pk):
    choice = _choice_for(request, pk)
    analysis = CauseAnalysis.objects.filter(choice=choice).select_related("plan").first()
    measures = plan_measures(analysis.plan) if analysis and analysis.plan_id else None
    causes = (
        list(analysis.causes.prefetch_related("evidence__indicator", "evidence__finding"))
        if analysis
        else []
    )
    return render(
        request,
        "status/choice_detail.html",
        {
            "choice": choice,
            "organisation": choice.organisation,
            "history": history(choice),
            "replaced_by": Choice.objects.filter(replaces=choice).first(),
            "analysis": analysis,
            "causes": causes,
            "measures": measures,
            "can_edit": can_edit(request.user, choice.organisation),
        },
    )


@login_required
def cause_edit(request, pk):
    choice = _choice_for(request, pk, edit=True)
    if not choice.is_prioritised:
        raise PermissionDenied
    existing = CauseAnalysis.objects.filter(choice=choice).first()
    rows = max(CAUSE_ROWS, (existing.causes.count() + 2) if existing else 0)
    most = (
        existing.causes.annotate(n=Count("evidence")).aggregate(most=Max("n"))["most"] or 0
        if existing
        else 0
    )
    indicators = Indicator.objects.filter(organisation=choice.organisation).order_by("name")
    findings = Finding.objects.filter(
        evaluation__organisation=choice.organisation, kind=Finding.Kind.IMPROVEMENT
    ).order_by("evaluation_id", "area_code", "position")
    form = CauseAnalysisForm(
        request.POST or None,
        initial=CauseAnalysisForm.initial_for(existing) if existing else {"method": "areas"},
        indicators=indicators,
        findings=findings,
        rows=rows,
        evidence_rows=max(EVIDENCE_ROWS, most + 1),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        causes = [CauseInput(**row) for row in form.causes()]
        try:
            save_cause_analysis(
                choice=choice,
                user=request.user,
                method=data["method"],
                problem=data["problem"],
                conclusion=data["conclusion"],
                causes=causes,
            )
        except InputError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, _("Orsaksanalysen är sparad."))
            return redirect("status:choice", choice.pk)
    return render(
        request,
        "status/cause_form.html",
        {"choice": choice, "organisation": choice.organisation, "form": form},
    )


@login_required
@require_POST
def create_plan(request, pk):
    choice = _choice_for(request, pk, edit=True)
    analysis = CauseAnalysis.objects.filter(choice=choice).first()
    if analysis is None:
        messages.error(request, _("Gör orsaksanalysen först; handlingsplanen bygger på den."))
        return redirect("status:choice", choice.pk)
    plan = plan_for(analysis=analysis, user=request.user)
    messages.success(
        request,
        _("Handlingsplanen är skapad. Lägg till åtgärder och minst en indikator som mäter effekt."),
    )
    return redirect(reverse("followup:plan", args=[plan.pk]))

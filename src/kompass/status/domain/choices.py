"""Choices (*vägval*) about deviations, cause analyses, and the action plan they lead to.

A choice is made from a status analysis the server computes itself (never from figures
a browser sends), so the numbers kept with the decision are the ones that were shown.
Decisions are kept: a new decision on the same deviation replaces the current one and the
earlier stays in the history.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from kompass.accounts.access import can_edit
from kompass.core.errors import InputError, InputProblem
from kompass.evaluations.models import Finding
from kompass.followup.domain.plans import create_plan
from kompass.followup.models import ActionPlan
from kompass.indicators.models import Indicator
from kompass.status.domain.analysis import StatusAnalysis
from kompass.status.models import Cause, CauseAnalysis, Choice, Evidence

MAX_CAUSES = 30


def _check_edit(user, organisation) -> None:
    if user is not None and not can_edit(user, organisation):
        raise PermissionDenied(_("du får inte fatta beslut för den här organisationen"))


def current_choices(organisation):
    """The decisions in force: those no later decision has replaced."""
    return (
        Choice.objects.filter(organisation=organisation, replaced_by__isnull=True)
        .select_related("cause_analysis", "cause_analysis__plan")
        .order_by("decision", "-decided_on", "-pk")
    )


def history(choice: Choice) -> list[Choice]:
    """The earlier decisions on the same deviation, latest first."""
    earlier = []
    current = choice.replaces
    while current is not None:
        earlier.append(current)
        current = current.replaces
    return earlier


@transaction.atomic
def record_choice(
    *,
    analysis: StatusAnalysis,
    metric: str,
    user,
    decision: str,
    motivation: str,
    decided_by: str,
    decided_on: datetime.date | None,
    expected_effect: str = "",
    effort: str = "",
    is_example: bool = False,
) -> Choice:
    """Keep a decision about one figure of `analysis`: prioritised (with expected effect
    and effort) or consciously left (with the reason why)."""
    organisation = analysis.organisation
    _check_edit(user, organisation)
    problems: list[InputProblem] = []
    row = next((r for r in analysis.rows if r.metric == metric), None)
    if row is None:
        problems.append(
            InputProblem(
                _("nyckeltalet ”%(metric)s” finns inte i analysen") % {"metric": metric},
                field="metric",
            )
        )
    if decision not in Choice.Decision.values:
        problems.append(
            InputProblem(_("välj om avvikelsen prioriteras eller lämnas"), field="decision")
        )
    motivation = (motivation or "").strip()
    if not motivation:
        problems.append(InputProblem(_("skriv varför ni väljer så"), field="motivation"))
    expected_effect = (expected_effect or "").strip()
    effort = (effort or "").strip()
    if decision == Choice.Decision.PRIORITISED:
        if not expected_effect:
            problems.append(
                InputProblem(_("skriv vilken effekt ni väntar er"), field="expected_effect")
            )
        if effort not in Choice.Effort.values:
            problems.append(InputProblem(_("välj hur stor insats det kräver"), field="effort"))
    elif effort and effort not in Choice.Effort.values:
        problems.append(InputProblem(_("välj hur stor insats det kräver"), field="effort"))
    decided_by = (decided_by or "").strip()
    if not decided_by:
        problems.append(
            InputProblem(_("skriv vem som beslutade, t.ex. ledningsgruppen"), field="decided_by")
        )
    if decided_on is None:
        problems.append(InputProblem(_("ange beslutsdatum"), field="decided_on"))
    if problems:
        raise InputError(problems)
    assert row is not None
    source = analysis.source
    previous = (
        Choice.objects.select_for_update(of=("self",))
        .filter(
            organisation=organisation,
            source_kind=source.kind,
            source_key=source.key,
            metric=metric,
            replaced_by__isnull=True,
        )
        .first()
    )
    return Choice.objects.create(
        organisation=organisation,
        source_kind=source.kind,
        source_key=source.key,
        source_label=source.label,
        metric=metric,
        metric_name=row.name,
        unit=row.unit,
        decimals=row.decimals,
        direction=row.direction,
        year=analysis.year,
        peers_key=analysis.peers.key,
        peers_label=analysis.peers.label,
        peers_n=row.peers.n,
        value=row.value,
        median=row.peers.median,
        p25=row.peers.p25,
        p75=row.peers.p75,
        percentile=row.percentile,
        target=row.target,
        trend_signal=row.trend.signal,
        decision=decision,
        motivation=motivation,
        expected_effect=expected_effect,
        effort=effort,
        decided_by=decided_by,
        decided_on=decided_on,
        replaces=previous,
        is_example=is_example,
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )


# --------------------------------------------------------------------------- causes


@dataclass
class CauseInput:
    text: str
    area: str = ""
    evidence: list[dict] = field(default_factory=list)  # kind, text, indicator, finding


@transaction.atomic
def save_cause_analysis(
    *,
    choice: Choice,
    user,
    method: str,
    problem: str,
    conclusion: str = "",
    causes: list[CauseInput],
) -> CauseAnalysis:
    """Create or replace the cause analysis of a prioritised deviation. Causes without
    text are skipped; every cause may carry evidence (a figure, a survey result, an
    evaluation finding, an observation)."""
    organisation = choice.organisation
    _check_edit(user, organisation)
    problems: list[InputProblem] = []
    if not choice.is_prioritised:
        problems.append(
            InputProblem(_("orsaksanalys görs för avvikelser som prioriteras"), field="choice")
        )
    if method not in CauseAnalysis.Method.values:
        problems.append(InputProblem(_("välj arbetssätt"), field="method"))
    problem = (problem or "").strip()
    if not problem:
        problems.append(InputProblem(_("beskriv problemet"), field="problem"))
    kept = [c for c in causes if (c.text or "").strip()]
    if not kept:
        problems.append(InputProblem(_("skriv minst en orsak"), field="causes"))
    if len(kept) > MAX_CAUSES:
        problems.append(
            InputProblem(_("högst %(n)s orsaker i en analys") % {"n": MAX_CAUSES}, field="causes")
        )
    indicators = {i.pk: i for i in Indicator.objects.filter(organisation=organisation)}
    findings = {f.pk: f for f in Finding.objects.filter(evaluation__organisation=organisation)}
    cleaned: list[tuple[CauseInput, list[dict]]] = []
    for number, cause in enumerate(kept, start=1):
        where = f"causes-{number}"
        area = (cause.area or "").strip()
        if method == CauseAnalysis.Method.AREAS and area not in Cause.Area.values:
            problems.append(
                InputProblem(_("orsak %(n)s: välj ett orsaksområde") % {"n": number}, field=where)
            )
        if method == CauseAnalysis.Method.WHYS:
            area = ""
        evidence = []
        for item in cause.evidence:
            text = (item.get("text") or "").strip()
            indicator = item.get("indicator")
            finding = item.get("finding")
            if not text and not indicator and not finding:
                continue
            kind = item.get("kind") or ""
            if kind not in Evidence.Kind.values:
                problems.append(
                    InputProblem(
                        _("orsak %(n)s: välj vilket slags belägg det är") % {"n": number},
                        field=where,
                    )
                )
            if indicator and int(indicator) not in indicators:
                problems.append(
                    InputProblem(
                        _("orsak %(n)s: indikatorn hör inte till organisationen") % {"n": number},
                        field=where,
                    )
                )
            if finding and int(finding) not in findings:
                problems.append(
                    InputProblem(
                        _("orsak %(n)s: iakttagelsen hör inte till organisationens utvärderingar")
                        % {"n": number},
                        field=where,
                    )
                )
            if not text:
                problems.append(
                    InputProblem(
                        _("orsak %(n)s: beskriv belägget med egna ord") % {"n": number},
                        field=where,
                    )
                )
            evidence.append(
                {
                    "kind": kind,
                    "text": text,
                    "indicator": indicators.get(int(indicator)) if indicator else None,
                    "finding": findings.get(int(finding)) if finding else None,
                }
            )
        cleaned.append((CauseInput(cause.text.strip(), area), evidence))
    if problems:
        raise InputError(problems)
    analysis = CauseAnalysis.objects.filter(choice=choice).first() or CauseAnalysis(
        choice=choice, created_by=user if getattr(user, "is_authenticated", False) else None
    )
    analysis.method = method
    analysis.problem = problem
    analysis.conclusion = (conclusion or "").strip()
    analysis.save()
    analysis.causes.all().delete()
    for position, (cause, evidence) in enumerate(cleaned):
        stored = Cause.objects.create(
            analysis=analysis, position=position, area=cause.area, text=cause.text
        )
        Evidence.objects.bulk_create(Evidence(cause=stored, **item) for item in evidence)
    return analysis


@transaction.atomic
def plan_for(*, analysis: CauseAnalysis, user) -> ActionPlan:
    """The action plan the cause analysis leads to: created in follow-up the first time,
    with the deviation and the chosen causes as its improvement opportunity."""
    if analysis.plan_id:
        return analysis.plan
    choice = analysis.choice
    _check_edit(user, choice.organisation)
    opportunity = _("%(metric)s (%(year)s): %(problem)s") % {
        "metric": choice.metric_name,
        "year": choice.year,
        "problem": analysis.problem,
    }
    description = "\n\n".join(
        part
        for part in (
            _("Vägval %(date)s av %(who)s: %(motivation)s")
            % {
                "date": choice.decided_on.isoformat(),
                "who": choice.decided_by,
                "motivation": choice.motivation,
            },
            _("Förväntad effekt: %(effect)s") % {"effect": choice.expected_effect},
            analysis.conclusion,
        )
        if part
    )
    plan = create_plan(
        organisation=choice.organisation,
        title=(_("Åtgärder för %(metric)s") % {"metric": choice.metric_name})[:200],
        user=user,
        description=description,
        opportunities=[opportunity],
        is_example=choice.is_example,
    )
    analysis.plan = plan
    analysis.save(update_fields=["plan", "updated_at"])
    return plan

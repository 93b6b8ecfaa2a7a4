"""Action plans: create one (empty or from an evaluation's improvement opportunities),
read, change, delete, and add more opportunities to it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from kompass.accounts.access import (
    can_edit,
    check_can_edit,
    check_can_see,
    get_evaluation_for_user,
    get_organisation_for_user,
    get_plan_for_user,
)
from kompass.core.errors import InputError, add_to_form
from kompass.evaluations.models import Evaluation
from kompass.followup.domain import plans as plan_domain
from kompass.followup.domain.measures import plan_measures
from kompass.followup.forms import OpportunityForm, PlanCreateForm, PlanForm
from kompass.followup.models import ActionPlan, Opportunity
from kompass.followup.report import status_chart
from kompass.followup.views.shared import confirm_delete, problems_or_message
from kompass.reports.render import render_blocks_html


@login_required
def plan_create(request, pk):
    org = get_organisation_for_user(request.user, pk, edit=True)
    form = PlanCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plan = plan_domain.create_plan(
                organisation=org,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                opportunities=form.cleaned_data["opportunities"],
                user=request.user,
            )
        except InputError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, _("Handlingsplanen är skapad. Lägg till åtgärder."))
            return redirect("followup:plan", pk=plan.pk)
    return render(request, "followup/plan_create.html", {"organisation": org, "form": form})


def _finding_groups(evaluation, chosen: set[str]):
    """The evaluation's improvement opportunities by area, with the plans that already
    work on each."""
    names = {a.code: a.name for a in evaluation.framework.tree.areas}
    in_plans: dict[int, list[ActionPlan]] = {}
    for o in Opportunity.objects.filter(finding__evaluation=evaluation).select_related("plan"):
        in_plans.setdefault(o.finding_id, []).append(o.plan)
    groups: list[dict] = []
    for finding in plan_domain.improvement_findings(evaluation):
        if not groups or groups[-1]["code"] != finding.area_code:
            groups.append(
                {"code": finding.area_code, "name": names.get(finding.area_code, ""), "items": []}
            )
        groups[-1]["items"].append(
            {
                "finding": finding,
                "checked": str(finding.pk) in chosen,
                "plans": in_plans.get(finding.pk, []),
            }
        )
    return groups


@login_required
def plan_from_evaluation(request, pk):
    evaluation = get_evaluation_for_user(request.user, pk)
    org = evaluation.organisation
    check_can_see(request.user, org)
    check_can_edit(request.user, org)
    form = PlanForm(
        request.POST or None,
        initial={"title": plan_domain.default_title(evaluation)},
    )
    chosen = set(request.POST.getlist("findings")) if request.method == "POST" else set()
    findings_error = ""
    if request.method == "POST" and form.is_valid():
        try:
            plan = plan_domain.create_plan(
                organisation=org,
                evaluation=evaluation,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                finding_ids=request.POST.getlist("findings"),
                user=request.user,
            )
        except InputError as exc:
            about_findings = [p for p in exc.problems if p.field in ("findings", "evaluation")]
            findings_error = " ".join(p.message for p in about_findings)
            add_to_form(form, InputError([p for p in exc.problems if p not in about_findings]))
        else:
            messages.success(
                request,
                _("Handlingsplanen är skapad. Lägg till åtgärder för varje förbättringsmöjlighet."),
            )
            return redirect("followup:plan", pk=plan.pk)
    return render(
        request,
        "followup/plan_from_evaluation.html",
        {
            "evaluation": evaluation,
            "organisation": org,
            "form": form,
            "groups": _finding_groups(evaluation, chosen),
            "findings_error": findings_error,
            "published": evaluation.status == Evaluation.Status.PUBLISHED,
        },
    )


@login_required
def plan_detail(request, pk):
    plan = get_plan_for_user(request.user, pk)
    today = timezone.localdate()
    actions = list(
        plan.actions.select_related("owner")
        .prefetch_related("indicators")
        .order_by("due_date", "pk")
    )
    for action in actions:
        action.status_label = plan_domain.status_text(action, today)
        action.overdue = plan_domain.is_overdue(action, today)
    opportunities = [
        (o, [a for a in actions if a.opportunity_id == o.pk]) for o in plan.opportunities.all()
    ]
    editable = can_edit(request.user, plan.organisation)
    remaining = []
    if editable and plan.evaluation is not None:
        taken = {o.finding_id for o, _a in opportunities if o.finding_id}
        remaining = [
            f for f in plan_domain.improvement_findings(plan.evaluation) if f.pk not in taken
        ]
    return render(
        request,
        "followup/plan_detail.html",
        {
            "plan": plan,
            "organisation": plan.organisation,
            "measures": plan_measures(plan),
            "opportunities": opportunities,
            "loose": [a for a in actions if a.opportunity_id is None],
            "summary": plan_domain.plan_summary(plan, today),
            "status_chart": render_blocks_html([status_chart(actions)], request) if actions else "",
            "can_edit": editable,
            "remaining": remaining,
            "opportunity_form": OpportunityForm(),
        },
    )


@login_required
def plan_edit(request, pk):
    plan = get_plan_for_user(request.user, pk, edit=True)
    form = PlanForm(
        request.POST or None, initial={"title": plan.title, "description": plan.description}
    )
    if request.method == "POST" and form.is_valid():
        try:
            plan_domain.update_plan(plan=plan, user=request.user, **form.cleaned_data)
        except InputError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, _("Handlingsplanen är sparad."))
            return redirect("followup:plan", pk=plan.pk)
    return render(request, "followup/plan_edit.html", {"plan": plan, "form": form})


@login_required
def plan_delete(request, pk):
    plan = get_plan_for_user(request.user, pk, edit=True)
    return confirm_delete(
        request,
        label=plan.title,
        what=_("handlingsplanen"),
        consequence=_("Alla dess åtgärder och anteckningar tas också bort."),
        back=reverse("followup:plan", kwargs={"pk": plan.pk}),
        organisation=plan.organisation,
        delete=lambda: plan_domain.delete_plan(plan=plan, user=request.user),
        done=_("Handlingsplanen är borttagen."),
        then=("followup:organisation", plan.organisation_id),
    )


@login_required
@require_POST
def plan_add_opportunities(request, pk):
    plan = get_plan_for_user(request.user, pk, edit=True)
    try:
        added = plan_domain.add_opportunities(
            plan=plan,
            user=request.user,
            finding_ids=request.POST.getlist("findings"),
            texts=request.POST.get("texts", ""),
        )
    except InputError as exc:
        problems_or_message(request, exc)
    else:
        messages.success(
            request,
            ngettext(
                "%(n)s förbättringsmöjlighet har lagts till.",
                "%(n)s förbättringsmöjligheter har lagts till.",
                len(added),
            )
            % {"n": len(added)},
        )
    return redirect("followup:plan", pk=plan.pk)

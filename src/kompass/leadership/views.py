"""Pages of the leadership-development dialogue: the principles assessed over time by a
management group, programme plans in the methods table, and the report."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kompass.accounts.access import (
    can_edit,
    get_activity_for_user,
    get_organisation_for_user,
    get_programme_plan_for_user,
    visible_organisations,
)
from kompass.core.errors import InputError, add_to_form
from kompass.leadership.domain.assessments import (
    current_framework,
    principles_over_time,
    save_assessment,
)
from kompass.leadership.domain.programme import (
    add_activity,
    delete_activity,
    followup_surveys,
    methods_table,
    save_plan,
)
from kompass.leadership.forms import ActivityForm, AssessmentForm, PlanForm
from kompass.leadership.models import Activity, Assessment, ProgrammePlan
from kompass.reports.exports import FORMAT_LABELS

DOWNLOADS = ("pdf", "docx", "xlsx", "html")


@login_required
def index(request):
    organisations = visible_organisations(request.user).order_by("name")
    if organisations.count() == 1:
        return redirect("leadership:overview", organisations.first().key)
    return render(request, "leadership/index.html", {"organisations": organisations[:400]})


@login_required
def overview(request, code):
    organisation = get_organisation_for_user(request.user, code)
    framework = current_framework()
    assessments = list(
        Assessment.objects.filter(organisation=organisation).prefetch_related("answers")
    )
    rows = principles_over_time(framework, assessments) if framework and assessments else []
    return render(
        request,
        "leadership/overview.html",
        {
            "organisation": organisation,
            "framework": framework,
            "assessments": assessments,
            "rows": rows,
            "plans": ProgrammePlan.objects.filter(organisation=organisation),
            "can_edit": can_edit(request.user, organisation),
            "downloads": [(fmt, FORMAT_LABELS[fmt]) for fmt in DOWNLOADS],
        },
    )


@login_required
def assessment_create(request, code):
    organisation = get_organisation_for_user(request.user, code, edit=True)
    framework = current_framework()
    if framework is None:
        raise Http404
    form = AssessmentForm(request.POST or None, framework=framework)
    if request.method == "POST" and form.is_valid():
        try:
            save_assessment(
                organisation=organisation,
                user=request.user,
                framework=framework,
                date=form.cleaned_data["date"],
                group=form.cleaned_data["group"],
                comment=form.cleaned_data["comment"],
                answers=form.answers(),
            )
        except InputError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, _("Bedömningen är sparad."))
            return redirect("leadership:overview", organisation.key)
    return render(
        request,
        "leadership/assessment_form.html",
        {"organisation": organisation, "framework": framework, "form": form},
    )


@login_required
def plan_create(request, code):
    organisation = get_organisation_for_user(request.user, code, edit=True)
    surveys = list(followup_surveys(organisation))
    form = PlanForm(request.POST or None, surveys=surveys)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        survey_pk = data.pop("followup_survey")
        survey = next((s for s in surveys if str(s.pk) == survey_pk), None)
        try:
            plan = save_plan(
                organisation=organisation, user=request.user, followup_survey=survey, **data
            )
        except InputError as exc:
            add_to_form(form, exc)
        else:
            return redirect("leadership:plan", plan.pk)
    return render(
        request, "leadership/plan_form.html", {"organisation": organisation, "form": form}
    )


@login_required
def plan_detail(request, pk):
    plan = get_programme_plan_for_user(request.user, pk)
    editable = can_edit(request.user, plan)
    form = ActivityForm(request.POST or None)
    if request.method == "POST":
        get_programme_plan_for_user(request.user, pk, edit=True)
        if form.is_valid():
            try:
                add_activity(plan=plan, user=request.user, **form.cleaned_data)
            except InputError as exc:
                add_to_form(form, exc)
            else:
                messages.success(request, _("Aktiviteten är tillagd."))
                return redirect("leadership:plan", plan.pk)
    return render(
        request,
        "leadership/plan_detail.html",
        {
            "plan": plan,
            "organisation": plan.organisation,
            "table": methods_table(plan),
            "kinds": Activity.Kind.choices,
            "form": form,
            "can_edit": editable,
        },
    )


@login_required
@require_POST
def activity_delete(request, pk):
    activity = get_activity_for_user(request.user, pk, edit=True)
    plan = activity.plan
    delete_activity(activity=activity, user=request.user)
    messages.success(request, _("Aktiviteten är borttagen."))
    return redirect("leadership:plan", plan.pk)

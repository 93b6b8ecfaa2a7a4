"""The follow-up overview: every organisation the user may read with its plans, actions
and dialogues at a glance, and one organisation's follow-up page."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils import timezone

from kompass.accounts.access import can_edit, get_organisation_for_user
from kompass.evaluations.models import Evaluation
from kompass.followup.domain import dialogues as dialogue_domain
from kompass.followup.domain import plans as plan_domain
from kompass.followup.models import ActionPlan, Person
from kompass.followup.views.shared import organisation_summaries, readable_organisations


@login_required
def index(request):
    user = request.user
    query = request.GET.get("organisation", "").strip()
    problem = ""
    if query and user.is_administrator:
        from kompass.organisations.domain.register import find_organisation

        try:
            found = find_organisation(query)
        except LookupError as exc:
            problem = str(exc)
        else:
            return redirect("followup:organisation", pk=found.pk)
    today = timezone.localdate()
    organisations = list(readable_organisations(user).order_by("name"))
    return render(
        request,
        "followup/index.html",
        {
            "summaries": organisation_summaries(organisations, today),
            "is_admin": user.is_administrator,
            "query": query,
            "problem": problem,
        },
    )


@login_required
def organisation(request, pk):
    org = get_organisation_for_user(request.user, pk)
    today = timezone.localdate()
    plans = list(
        ActionPlan.objects.filter(organisation=org)
        .select_related("evaluation__framework")
        .prefetch_related("actions")
        .order_by("-created_at", "-pk")
    )
    evaluations = [
        e
        for e in Evaluation.objects.filter(organisation=org, status=Evaluation.Status.PUBLISHED)
        .annotate(n=Count("findings", filter=Q(findings__kind="improvement")))
        .select_related("framework")
        .order_by("-date")
        if e.n
    ]
    rows = dialogue_domain.organisation_standing(org, today=today)
    return render(
        request,
        "followup/organisation.html",
        {
            "organisation": org,
            "plans": [(p, plan_domain.plan_summary(p, today)) for p in plans],
            "evaluations": evaluations,
            "behind": [r for r in rows if r.standing.behind],
            "tracked": sum(1 for r in rows if r.standing.tracked),
            "people": Person.objects.filter(organisation=org, active=True).count(),
            "can_edit": can_edit(request.user, org),
        },
    )

"""Follow-up pages: an organisation's action plans, actions, people and dialogues, and the
pieces shown on other apps' pages (start-page panel, evaluation page slot).

Every view fetches through the access policy (`kompass.accounts.access`) (404 for outsiders, 403 for readers who try
to change something) and changes data only through the domain functions."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from kompass.accounts.access import (
    can_edit,
    can_see,
    check_can_edit,
    check_can_see,
    get_action_for_user,
    get_dialogue_for_user,
    get_evaluation_for_user,
    get_organisation_for_user,
    get_person_for_user,
    get_plan_for_user,
    member_organisation_ids,
)
from kompass.core.errors import InputError, add_to_form
from kompass.evaluations.models import Evaluation
from kompass.followup.domain import dialogues as dialogue_domain
from kompass.followup.domain import people as people_domain
from kompass.followup.domain import plans as plan_domain
from kompass.followup.domain.followthrough import followed_evaluation
from kompass.followup.domain.indicators import brief
from kompass.followup.domain.measures import plan_measures
from kompass.followup.forms import (
    ActionForm,
    DialogueForm,
    NoteForm,
    OpportunityForm,
    PersonForm,
    PlanCreateForm,
    PlanForm,
    StatusForm,
)
from kompass.followup.models import Action, ActionPlan, Dialogue, Opportunity, Person
from kompass.organisations.models import Organisation

# -- shared pieces ------------------------------------------------------------------------


def _readable_organisations(user):
    """Organisations whose follow-up `user` may read and that have something to show
    (for members: all their organisations)."""
    if user.is_administrator:
        return Organisation.objects.filter(
            Q(action_plans__isnull=False)
            | Q(followup_people__isnull=False)
            | Q(pk__in=member_organisation_ids(user))
        ).distinct()
    return Organisation.objects.filter(pk__in=member_organisation_ids(user))


def _organisation_summaries(organisations, today) -> list[dict]:
    """Per organisation: plans, open, overdue and done actions, and managers behind with
    their dialogues. A fixed number of queries however many organisations are listed."""
    ids = [o.pk for o in organisations]
    open_ = Q(status__in=[Action.Status.PLANNED, Action.Status.IN_PROGRESS])
    plans = dict(
        ActionPlan.objects.filter(organisation_id__in=ids)
        .values("organisation_id")
        .annotate(n=Count("pk"))
        .values_list("organisation_id", "n")
    )
    actions = {
        row["plan__organisation_id"]: row
        for row in Action.objects.filter(plan__organisation_id__in=ids)
        .values("plan__organisation_id")
        .annotate(
            open=Count("pk", filter=open_),
            overdue=Count("pk", filter=open_ & Q(due_date__lt=today)),
            done=Count("pk", filter=Q(status=Action.Status.DONE)),
        )
    }
    standings = dialogue_domain.organisations_standing(organisations, today=today)
    summaries = []
    for organisation in organisations:
        counts = actions.get(organisation.pk, {})
        rows = standings[organisation.pk]
        summaries.append(
            {
                "organisation": organisation,
                "plans": plans.get(organisation.pk, 0),
                "open": counts.get("open", 0),
                "overdue": counts.get("overdue", 0),
                "done": counts.get("done", 0),
                "behind": [r for r in rows if r.standing.behind],
                "tracked": sum(1 for r in rows if r.standing.tracked),
            }
        )
    return summaries


def home_panel(request):
    """Start-page panel: per organisation, open and overdue actions and managers behind
    with their dialogues. Hidden for users who belong to no organisation."""
    user = request.user
    if not user.is_authenticated:
        return None
    organisations = list(_readable_organisations(user).order_by("name")[:5])
    if not organisations and not user.is_administrator:
        return None
    today = timezone.localdate()
    return {
        "summaries": _organisation_summaries(organisations, today),
        "is_admin": user.is_administrator,
    }


def evaluation_slot(request, evaluation):
    """On an evaluation's page, for members of the evaluated organisation: the plans made
    from it, the way to create one, and a pointer to the follow-up of the previous
    evaluation's improvement opportunities."""
    user = request.user
    organisation = evaluation.organisation
    if not can_see(user, organisation):
        return None
    improvements = evaluation.findings.filter(kind="improvement").count()
    plans = list(
        ActionPlan.objects.filter(evaluation=evaluation)
        .prefetch_related("actions")
        .order_by("created_at", "pk")
    )
    # Only a pointer to the report's follow-through section (which does the full work).
    previous = followed_evaluation(evaluation)
    if not improvements and not plans and previous is None:
        return None
    today = timezone.localdate()
    return {
        "evaluation": evaluation,
        "plans": [(p, plan_domain.plan_summary(p, today)) for p in plans],
        "improvements": improvements,
        "may_create": can_edit(user, organisation),
        "published": evaluation.status == Evaluation.Status.PUBLISHED,
        "previous": previous,
        "organisation": organisation,
    }


def _problems_or_message(request, exc: InputError) -> None:
    for message in exc.messages:
        messages.error(request, message)


# -- overview ---------------------------------------------------------------------------


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
    organisations = list(_readable_organisations(user).order_by("name"))
    return render(
        request,
        "followup/index.html",
        {
            "summaries": _organisation_summaries(organisations, today),
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


# -- plans --------------------------------------------------------------------------------


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


def _confirm_delete(request, *, label, what, consequence, back, organisation, delete, done, then):
    """The shared delete flow: GET asks for confirmation, POST deletes and goes on."""
    if request.method == "POST":
        delete()
        messages.success(request, done)
        return redirect(then[0], pk=then[1])
    context = {"object_label": label, "what": what, "consequence": consequence, "back": back}
    context["organisation"] = organisation
    return render(request, "followup/confirm_delete.html", context)


@login_required
def plan_delete(request, pk):
    plan = get_plan_for_user(request.user, pk, edit=True)
    return _confirm_delete(
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
        _problems_or_message(request, exc)
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


# -- actions ------------------------------------------------------------------------------


@login_required
def action_create(request, pk):
    plan = get_plan_for_user(request.user, pk, edit=True)
    initial = {"opportunity": request.GET.get("mojlighet", "")}
    form = ActionForm(request.POST or None, plan=plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            action = plan_domain.add_action(plan=plan, user=request.user, **form.values())
        except InputError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, _("Åtgärden är sparad."))
            return redirect("followup:action", pk=action.pk)
    return render(
        request,
        "followup/action_form.html",
        {
            "plan": plan,
            "form": form,
            "heading": _("Ny åtgärd"),
            "no_people": not Person.objects.filter(
                organisation=plan.organisation, active=True
            ).exists(),
        },
    )


@login_required
def action_detail(request, pk):
    action = get_action_for_user(request.user, pk)
    plan = action.plan
    editable = can_edit(request.user, plan.organisation)
    today = timezone.localdate()
    return render(
        request,
        "followup/action_detail.html",
        {
            "action": action,
            "plan": plan,
            "status_label": plan_domain.status_text(action, today),
            "overdue": plan_domain.is_overdue(action, today),
            "indicators": [brief(i) for i in action.indicators.all()],
            "notes": action.notes.select_related("user"),
            "can_edit": editable,
            "status_form": StatusForm(initial={"status": _next_status(action)}),
            "note_form": NoteForm(),
        },
    )


def _next_status(action: Action) -> str:
    return {
        Action.Status.PLANNED: Action.Status.IN_PROGRESS,
        Action.Status.IN_PROGRESS: Action.Status.DONE,
    }.get(action.status, action.status)


@login_required
def action_edit(request, pk):
    action = get_action_for_user(request.user, pk, edit=True)
    form = ActionForm(
        request.POST or None,
        plan=action.plan,
        action=action,
        initial=ActionForm.initial_for(action),
    )
    if request.method == "POST" and form.is_valid():
        try:
            plan_domain.update_action(action=action, user=request.user, **form.values())
        except InputError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, _("Åtgärden är sparad."))
            return redirect("followup:action", pk=action.pk)
    return render(
        request,
        "followup/action_form.html",
        {"plan": action.plan, "action": action, "form": form, "heading": _("Ändra åtgärd")},
    )


@login_required
def action_status(request, pk):
    action = get_action_for_user(request.user, pk, edit=True)
    form = StatusForm(request.POST or None, initial={"status": _next_status(action)})
    if request.method == "POST" and form.is_valid():
        try:
            plan_domain.set_status(
                action=action,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                on=form.cleaned_data["on"] or None,
                user=request.user,
            )
        except InputError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, _("Status: %(s)s.") % {"s": action.get_status_display()})
            return redirect("followup:action", pk=action.pk)
    return render(request, "followup/action_status.html", {"action": action, "form": form})


@login_required
@require_POST
def action_note(request, pk):
    action = get_action_for_user(request.user, pk, edit=True)
    try:
        plan_domain.add_note(action=action, user=request.user, text=request.POST.get("text", ""))
    except InputError as exc:
        _problems_or_message(request, exc)
    else:
        messages.success(request, _("Anteckningen är sparad."))
    return redirect("followup:action", pk=action.pk)


@login_required
def action_delete(request, pk):
    action = get_action_for_user(request.user, pk, edit=True)
    return _confirm_delete(
        request,
        label=action.title,
        what=_("åtgärden"),
        consequence=_("Dess anteckningar tas också bort."),
        back=reverse("followup:action", kwargs={"pk": action.pk}),
        organisation=action.plan.organisation,
        delete=lambda: plan_domain.delete_action(action=action, user=request.user),
        done=_("Åtgärden är borttagen."),
        then=("followup:plan", action.plan_id),
    )


# -- people -------------------------------------------------------------------------------


@login_required
def people(request, pk):
    org = get_organisation_for_user(request.user, pk)
    editable = can_edit(request.user, org)
    form = None
    if editable:
        form = PersonForm(request.POST or None, organisation=org, initial={"active": True})
    if request.method == "POST":
        check_can_see(request.user, org)
        check_can_edit(request.user, org)
        if form.is_valid():
            try:
                person = people_domain.save_person(
                    organisation=org, user=request.user, **form.cleaned_data
                )
            except InputError as exc:
                add_to_form(form, exc)
            else:
                messages.success(request, _("%(name)s är tillagd.") % {"name": person.name})
                return redirect("followup:people", pk=org.pk)
    persons = (
        Person.objects.filter(organisation=org)
        .select_related("reports_to", "unit")
        .annotate(
            open_actions=Count(
                "actions",
                filter=Q(actions__status__in=[Action.Status.PLANNED, Action.Status.IN_PROGRESS]),
            )
        )
        .order_by("-active", "name")
    )
    return render(
        request,
        "followup/people.html",
        {"organisation": org, "persons": persons, "form": form, "can_edit": editable},
    )


@login_required
def person_edit(request, pk):
    person = get_person_for_user(request.user, pk, edit=True)
    org = person.organisation
    form = PersonForm(
        request.POST or None,
        organisation=org,
        person=person,
        initial=PersonForm.initial_for(person),
    )
    if request.method == "POST" and form.is_valid():
        try:
            people_domain.save_person(
                organisation=org, user=request.user, person=person, **form.cleaned_data
            )
        except InputError as exc:
            add_to_form(form, exc)
        else:
            messages.success(
                request, _("Uppgifterna om %(name)s är sparade.") % {"name": person.name}
            )
            return redirect("followup:people", pk=org.pk)
    return render(
        request, "followup/person_edit.html", {"person": person, "organisation": org, "form": form}
    )


# -- dialogues ------------------------------------------------------------------------------


def _year(request, today) -> int:
    try:
        year = int(request.GET.get("ar", today.year))
    except ValueError:
        return today.year
    return year if 2000 <= year <= today.year + 1 else today.year


@login_required
def dialogues(request, pk):
    org = get_organisation_for_user(request.user, pk)
    today = timezone.localdate()
    year = _year(request, today)
    rows = dialogue_domain.organisation_standing(org, year=year, today=today)
    items = list(
        Dialogue.objects.filter(organisation=org)
        .filter(Q(held_on__year=year) | Q(held_on__isnull=True, planned_on__year=year))
        .select_related("manager", "held_by")
    )
    items.sort(key=lambda d: (d.date or datetime.date.min, d.pk), reverse=True)
    for d in items:
        d.state = dialogue_domain.dialogue_state(d, today)
        d.state_key = dialogue_domain.state_key(d, today)
    first = (
        Dialogue.objects.filter(organisation=org)
        .exclude(planned_on__isnull=True, held_on__isnull=True)
        .order_by("planned_on")
        .values_list("planned_on", flat=True)
        .first()
    )
    years = list(range(min(first.year if first else today.year, today.year), today.year + 2))
    return render(
        request,
        "followup/dialogues.html",
        {
            "organisation": org,
            "year": str(year),
            "is_current": year == today.year,
            "years": [str(y) for y in reversed(years)],
            "rows": rows,
            "behind": sum(1 for r in rows if r.standing.behind),
            "dialogues": items,
            "can_edit": can_edit(request.user, org),
            "has_people": Person.objects.filter(organisation=org, active=True).exists(),
        },
    )


@login_required
def dialogue_create(request, pk):
    org = get_organisation_for_user(request.user, pk, edit=True)
    form = DialogueForm(
        request.POST or None, organisation=org, initial={"manager": request.GET.get("chef", "")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            dialogue = dialogue_domain.save_dialogue(
                organisation=org, user=request.user, **form.cleaned_data
            )
        except InputError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, _("Dialogen är sparad."))
            return redirect("followup:dialogue", pk=dialogue.pk)
    return render(
        request,
        "followup/dialogue_form.html",
        {
            "organisation": org,
            "form": form,
            "heading": _("Planera eller dokumentera en dialog"),
            "no_people": not Person.objects.filter(organisation=org, active=True).exists(),
        },
    )


@login_required
def dialogue_detail(request, pk):
    dialogue = get_dialogue_for_user(request.user, pk)
    return render(
        request,
        "followup/dialogue_detail.html",
        {
            "dialogue": dialogue,
            "organisation": dialogue.organisation,
            "state": dialogue_domain.dialogue_state(dialogue),
            "state_key": dialogue_domain.state_key(dialogue),
            "can_edit": can_edit(request.user, dialogue.organisation),
        },
    )


@login_required
def dialogue_edit(request, pk):
    dialogue = get_dialogue_for_user(request.user, pk, edit=True)
    org = dialogue.organisation
    form = DialogueForm(
        request.POST or None, organisation=org, initial=DialogueForm.initial_for(dialogue)
    )
    if request.method == "POST" and form.is_valid():
        try:
            dialogue_domain.save_dialogue(
                organisation=org, user=request.user, dialogue=dialogue, **form.cleaned_data
            )
        except InputError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, _("Dialogen är sparad."))
            return redirect("followup:dialogue", pk=dialogue.pk)
    return render(
        request,
        "followup/dialogue_form.html",
        {"organisation": org, "form": form, "dialogue": dialogue, "heading": _("Ändra dialog")},
    )


@login_required
def dialogue_delete(request, pk):
    dialogue = get_dialogue_for_user(request.user, pk, edit=True)
    return _confirm_delete(
        request,
        label=str(dialogue),
        what=_("dialogen"),
        consequence="",
        back=reverse("followup:dialogue", kwargs={"pk": dialogue.pk}),
        organisation=dialogue.organisation,
        delete=lambda: dialogue_domain.delete_dialogue(dialogue=dialogue, user=request.user),
        done=_("Dialogen är borttagen."),
        then=("followup:dialogues", dialogue.organisation_id),
    )

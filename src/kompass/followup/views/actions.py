"""Actions of a plan: create, read, change, move on to the next status, add a note,
delete."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kompass.accounts.access import can_edit, get_action_for_user, get_plan_for_user
from kompass.core.errors import InputError, add_to_form
from kompass.followup.domain import plans as plan_domain
from kompass.followup.domain.indicators import brief
from kompass.followup.forms import ActionForm, NoteForm, StatusForm
from kompass.followup.models import Action, Person
from kompass.followup.views.shared import confirm_delete, problems_or_message


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
        problems_or_message(request, exc)
    else:
        messages.success(request, _("Anteckningen är sparad."))
    return redirect("followup:action", pk=action.pk)


@login_required
def action_delete(request, pk):
    action = get_action_for_user(request.user, pk, edit=True)
    return confirm_delete(
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

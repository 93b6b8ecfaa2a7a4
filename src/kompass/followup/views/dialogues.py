"""Dialogues with managers, per year: who is behind, record one, read, change, delete."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kompass.accounts.access import can_edit, get_dialogue_for_user, get_organisation_for_user
from kompass.core.errors import InputError, add_to_form
from kompass.followup.domain import dialogues as dialogue_domain
from kompass.followup.forms import DialogueForm
from kompass.followup.models import Dialogue, Person
from kompass.followup.views.shared import confirm_delete


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
    return confirm_delete(
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

"""The people of an organisation's follow-up (managers who own actions and hold
dialogues): list, add, change."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kompass.accounts.access import (
    can_edit,
    check_can_edit,
    check_can_see,
    get_organisation_for_user,
    get_person_for_user,
)
from kompass.core.errors import InputError, add_to_form
from kompass.followup.domain import people as people_domain
from kompass.followup.forms import PersonForm
from kompass.followup.models import Action, Person


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

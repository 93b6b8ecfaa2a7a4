"""Who may reach follow-up data: the organisation's members read it; its editors and
owners, and administrators, change it. Outsiders get 404, readers who try to change
something 403 (through `kompass.accounts.access`).

Domain functions take `user`; `None` is the command line, acting as administrator."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from kompass.accounts.access import can_edit_organisation, require_organisation
from kompass.followup.models import Action, ActionPlan, Dialogue, Person
from kompass.organisations.models import Organisation


def check_can_change(user, organisation) -> None:
    """Raise PermissionDenied unless `user` may change the organisation's follow-up."""
    if user is None:
        return
    if not can_edit_organisation(user, organisation):
        raise PermissionDenied("Du får inte ändra uppföljningen för den här organisationen.")


def get_organisation_for_user(user, pk, *, edit: bool = False) -> Organisation:
    organisation = Organisation.objects.filter(pk=pk).first()
    if organisation is None:
        raise Http404
    require_organisation(user, organisation, edit=edit)
    return organisation


def get_plan_for_user(user, pk, *, edit: bool = False) -> ActionPlan:
    plan = ActionPlan.objects.select_related("organisation", "evaluation").filter(pk=pk).first()
    if plan is None:
        raise Http404
    require_organisation(user, plan.organisation, edit=edit)
    return plan


def get_action_for_user(user, pk, *, edit: bool = False) -> Action:
    action = (
        Action.objects.select_related("plan__organisation", "owner", "opportunity")
        .filter(pk=pk)
        .first()
    )
    if action is None:
        raise Http404
    require_organisation(user, action.plan.organisation, edit=edit)
    return action


def get_dialogue_for_user(user, pk, *, edit: bool = False) -> Dialogue:
    dialogue = (
        Dialogue.objects.select_related("organisation", "manager", "held_by").filter(pk=pk).first()
    )
    if dialogue is None:
        raise Http404
    require_organisation(user, dialogue.organisation, edit=edit)
    return dialogue


def get_person_for_user(user, pk, *, edit: bool = False) -> Person:
    person = Person.objects.select_related("organisation").filter(pk=pk).first()
    if person is None:
        raise Http404
    require_organisation(user, person.organisation, edit=edit)
    return person

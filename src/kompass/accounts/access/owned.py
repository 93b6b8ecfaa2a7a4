"""Things that belong to one organisation and follow its rule: follow-up (plans,
actions, dialogues, people), status analyses (choices) and leadership development
(programme plans, activities, assessments). The organisation's members read them; its
owners and editors and the administrators change them; everyone else gets 404."""

from kompass.followup.models import Action, ActionPlan, Dialogue, Person
from kompass.leadership.models import Activity, Assessment, ProgrammePlan
from kompass.status.models import Choice

# The models that are owned through `.organisation`, and those owned through `.plan`.
BY_ORGANISATION = (ActionPlan, Dialogue, Person, Choice, ProgrammePlan, Assessment)
BY_PLAN = (Action, Activity)


def owning_organisation_id(obj) -> int:
    if isinstance(obj, BY_PLAN):
        return obj.plan.organisation_id
    return obj.organisation_id


def lookup_plan(key) -> ActionPlan | None:
    return ActionPlan.objects.select_related("organisation", "evaluation").filter(pk=key).first()


def lookup_action(key) -> Action | None:
    return (
        Action.objects.select_related("plan__organisation", "owner", "opportunity")
        .filter(pk=key)
        .first()
    )


def lookup_dialogue(key) -> Dialogue | None:
    return (
        Dialogue.objects.select_related("organisation", "manager", "held_by").filter(pk=key).first()
    )


def lookup_person(key) -> Person | None:
    return Person.objects.select_related("organisation").filter(pk=key).first()


def lookup_status_choice(key) -> Choice | None:
    return Choice.objects.select_related("organisation").filter(pk=key).first()


def lookup_programme_plan(key) -> ProgrammePlan | None:
    return ProgrammePlan.objects.select_related("organisation").filter(pk=key).first()


def lookup_activity(key) -> Activity | None:
    return Activity.objects.select_related("plan__organisation").filter(pk=key).first()

"""What the follow-up pages share: which organisations a user's overview lists and their
summaries (one fixed number of queries however many), the one delete flow (ask, then
delete and go on) and problems shown as messages."""

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import redirect, render

from kompass.accounts.access import member_organisation_ids
from kompass.core.errors import InputError
from kompass.followup.domain import dialogues as dialogue_domain
from kompass.followup.models import Action, ActionPlan
from kompass.organisations.models import Organisation


def readable_organisations(user):
    """Organisations whose follow-up `user` may read and that have something to show
    (for members: all their organisations)."""
    if user.is_administrator:
        return Organisation.objects.filter(
            Q(action_plans__isnull=False)
            | Q(followup_people__isnull=False)
            | Q(pk__in=member_organisation_ids(user))
        ).distinct()
    return Organisation.objects.filter(pk__in=member_organisation_ids(user))


def organisation_summaries(organisations, today) -> list[dict]:
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


def problems_or_message(request, exc: InputError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def confirm_delete(request, *, label, what, consequence, back, organisation, delete, done, then):
    """The shared delete flow: GET asks for confirmation, POST deletes and goes on."""
    if request.method == "POST":
        delete()
        messages.success(request, done)
        return redirect(then[0], pk=then[1])
    context = {"object_label": label, "what": what, "consequence": consequence, "back": back}
    context["organisation"] = organisation
    return render(request, "followup/confirm_delete.html", context)

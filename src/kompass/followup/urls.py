from django.urls import path

from kompass.followup.views import actions, dialogues, overview, people, plans

app_name = "followup"
urlpatterns = [
    path("", overview.index, name="index"),
    path("organisation/<int:pk>/", overview.organisation, name="organisation"),
    path("organisation/<int:pk>/handlingsplaner/ny/", plans.plan_create, name="plan_create"),
    path("organisation/<int:pk>/personer/", people.people, name="people"),
    path("organisation/<int:pk>/dialoger/", dialogues.dialogues, name="dialogues"),
    path("organisation/<int:pk>/dialoger/ny/", dialogues.dialogue_create, name="dialogue_create"),
    path("fran-utvardering/<int:pk>/", plans.plan_from_evaluation, name="plan_from_evaluation"),
    path("handlingsplan/<int:pk>/", plans.plan_detail, name="plan"),
    path("handlingsplan/<int:pk>/andra/", plans.plan_edit, name="plan_edit"),
    path("handlingsplan/<int:pk>/ta-bort/", plans.plan_delete, name="plan_delete"),
    path(
        "handlingsplan/<int:pk>/forbattringsmojligheter/",
        plans.plan_add_opportunities,
        name="plan_add_opportunities",
    ),
    path("handlingsplan/<int:pk>/atgard/ny/", actions.action_create, name="action_create"),
    path("atgard/<int:pk>/", actions.action_detail, name="action"),
    path("atgard/<int:pk>/andra/", actions.action_edit, name="action_edit"),
    path("atgard/<int:pk>/status/", actions.action_status, name="action_status"),
    path("atgard/<int:pk>/anteckning/", actions.action_note, name="action_note"),
    path("atgard/<int:pk>/ta-bort/", actions.action_delete, name="action_delete"),
    path("person/<int:pk>/andra/", people.person_edit, name="person_edit"),
    path("dialog/<int:pk>/", dialogues.dialogue_detail, name="dialogue"),
    path("dialog/<int:pk>/andra/", dialogues.dialogue_edit, name="dialogue_edit"),
    path("dialog/<int:pk>/ta-bort/", dialogues.dialogue_delete, name="dialogue_delete"),
]

from django.urls import path

from kompass.followup import views

app_name = "followup"
urlpatterns = [
    path("", views.index, name="index"),
    path("organisation/<int:pk>/", views.organisation, name="organisation"),
    path("organisation/<int:pk>/handlingsplaner/ny/", views.plan_create, name="plan_create"),
    path("organisation/<int:pk>/personer/", views.people, name="people"),
    path("organisation/<int:pk>/dialoger/", views.dialogues, name="dialogues"),
    path("organisation/<int:pk>/dialoger/ny/", views.dialogue_create, name="dialogue_create"),
    path("fran-utvardering/<int:pk>/", views.plan_from_evaluation, name="plan_from_evaluation"),
    path("handlingsplan/<int:pk>/", views.plan_detail, name="plan"),
    path("handlingsplan/<int:pk>/andra/", views.plan_edit, name="plan_edit"),
    path("handlingsplan/<int:pk>/ta-bort/", views.plan_delete, name="plan_delete"),
    path(
        "handlingsplan/<int:pk>/forbattringsmojligheter/",
        views.plan_add_opportunities,
        name="plan_add_opportunities",
    ),
    path("handlingsplan/<int:pk>/atgard/ny/", views.action_create, name="action_create"),
    path("atgard/<int:pk>/", views.action_detail, name="action"),
    path("atgard/<int:pk>/andra/", views.action_edit, name="action_edit"),
    path("atgard/<int:pk>/status/", views.action_status, name="action_status"),
    path("atgard/<int:pk>/anteckning/", views.action_note, name="action_note"),
    path("atgard/<int:pk>/ta-bort/", views.action_delete, name="action_delete"),
    path("person/<int:pk>/andra/", views.person_edit, name="person_edit"),
    path("dialog/<int:pk>/", views.dialogue_detail, name="dialogue"),
    path("dialog/<int:pk>/andra/", views.dialogue_edit, name="dialogue_edit"),
    path("dialog/<int:pk>/ta-bort/", views.dialogue_delete, name="dialogue_delete"),
]

from django.urls import path

from kompass.evaluations import views

app_name = "evaluations"
urlpatterns = [
    path("", views.evaluation_list, name="list"),
    path("ny/", views.evaluation_create, name="create"),
    path("importera/", views.evaluation_import, name="import"),
    path("<int:pk>/", views.evaluation_detail, name="detail"),
    path("<int:pk>/poang/", views.evaluation_score, name="score"),
    path("<int:pk>/poang/<str:area>/", views.evaluation_score, name="score_area"),
    path("<int:pk>/underlag/<str:code>/", views.evidence_add, name="evidence_add"),
    path(
        "<int:pk>/underlag/<int:evidence_pk>/ta-bort/",
        views.evidence_delete,
        name="evidence_delete",
    ),
    path("<int:pk>/omrade/<str:area>/", views.evaluation_area, name="area"),
    path("<int:pk>/uppgifter/", views.evaluation_details, name="details"),
    path("<int:pk>/status/", views.evaluation_transition, name="transition"),
    path("<int:pk>/publicering/", views.evaluation_publish, name="publish"),
    path("<int:pk>/logg/", views.evaluation_audit, name="audit"),
]

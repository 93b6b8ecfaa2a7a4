from django.urls import path

from kompass.collaboration import views

app_name = "collaboration"
urlpatterns = [
    path("", views.project_list, name="list"),
    path("ny/", views.project_create, name="create"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/uppgifter/", views.project_edit, name="edit"),
    path("<int:pk>/parter/", views.project_partners, name="partners"),
    path("<int:pk>/organisation/", views.project_organisation, name="organisation"),
    path("<int:pk>/bedomningar/ny/", views.assessment_edit, name="assessment_create"),
    path("<int:pk>/bedomningar/<int:assessment_pk>/", views.assessment_detail, name="assessment"),
    path(
        "<int:pk>/bedomningar/<int:assessment_pk>/andra/",
        views.assessment_edit,
        name="assessment_edit",
    ),
    path(
        "<int:pk>/bedomningar/<int:assessment_pk>/ta-bort/",
        views.assessment_delete,
        name="assessment_delete",
    ),
    path("<int:pk>/kalkyl/", views.account_view, name="account"),
    path("<int:pk>/kalkyl/godkannande/", views.account_approval, name="account_approval"),
    path("<int:pk>/kalkyl/antaganden/", views.account_assumptions, name="account_assumptions"),
    path("<int:pk>/kalkyl/enhetskostnader/", views.account_unit_costs, name="account_unit_costs"),
    path("<int:pk>/kalkyl/importera/", views.account_import, name="account_import"),
]

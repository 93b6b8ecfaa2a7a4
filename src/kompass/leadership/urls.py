from django.urls import path

from kompass.leadership import views

app_name = "leadership"
urlpatterns = [
    path("", views.index, name="index"),
    path("organisation/<str:code>/", views.overview, name="overview"),
    path("organisation/<str:code>/bedomning/ny/", views.assessment_create, name="assess"),
    path("organisation/<str:code>/programplan/ny/", views.plan_create, name="plan_create"),
    path("programplan/<int:pk>/", views.plan_detail, name="plan"),
    path("aktivitet/<int:pk>/ta-bort/", views.activity_delete, name="activity_delete"),
]

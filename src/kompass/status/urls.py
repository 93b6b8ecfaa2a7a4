from django.urls import path

from kompass.status import views

app_name = "status"
urlpatterns = [
    path("", views.index, name="index"),
    path("organisation/<str:code>/", views.analysis, name="analysis"),
    path("organisation/<str:code>/vagval/", views.choices, name="choices"),
    path("organisation/<str:code>/vagval/nytt/", views.choose, name="choose"),
    path("vagval/<int:pk>/", views.choice_detail, name="choice"),
    path("vagval/<int:pk>/orsaksanalys/", views.cause_edit, name="cause"),
    path("vagval/<int:pk>/handlingsplan/", views.create_plan, name="plan"),
]

from django.urls import path

from kompass.organisations import views

app_name = "organisations"
urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("<str:code>/", views.organisation_detail, name="detail"),
    path("<str:code>/enheter/", views.organisation_unit_save, name="unit_save"),
    path("<str:code>/medlemmar/", views.organisation_members, name="members"),
    path("<str:code>/medlemmar/spara/", views.organisation_member_save, name="member_save"),
]

from django.urls import path

from kompass.governance import views

app_name = "governance"
urlpatterns = [
    path("andringslogg/", views.everything, name="trail"),
    path("dataskydd/personer/", views.people_page, name="people"),
    path(
        "andringslogg/organisationer/<str:code>/",
        views.organisation_trail,
        name="organisation_trail",
    ),
    path("andringslogg/<str:kind>/<str:object_id>/", views.object_trail, name="object_trail"),
]

from django.urls import path

from kompass.reports import views

app_name = "reports"
urlpatterns = [
    path("<slug:kind>/<str:key>/", views.download, name="download"),
    path("<slug:kind>/<str:key>/jobb/", views.start_job, name="job"),
]

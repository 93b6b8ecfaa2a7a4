from django.urls import path

from kompass.jobs import views

app_name = "jobs"
urlpatterns = [
    path("", views.job_list, name="list"),
    path("<str:pk>/", views.job_detail, name="detail"),
    path("<str:pk>/status/", views.job_status, name="status"),
    path("<str:pk>/filer/<int:file_pk>/", views.job_file, name="file"),
]

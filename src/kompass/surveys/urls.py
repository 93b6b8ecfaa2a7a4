from django.urls import path

from kompass.surveys import answer_views, mail_views, views

app_name = "surveys"
urlpatterns = [
    path("", views.survey_list, name="list"),
    path("ny/", views.survey_create, name="create"),
    path("svara/<str:token>/", answer_views.answer, name="answer"),
    path("svara/<str:token>/tack/", answer_views.answer_done, name="answer_done"),
    path("avanmal/<str:token>/", mail_views.opt_out, name="opt_out"),
    path("<slug:slug>/", views.survey_detail, name="detail"),
    path("<slug:slug>/installningar/", views.survey_settings, name="settings"),
    path("<slug:slug>/omgang/ny/", views.wave_add, name="wave_add"),
    path("<slug:slug>/omgang/<str:wave>/", views.wave_edit, name="wave_edit"),
    path("<slug:slug>/omgang/<str:wave>/inbjudna/", views.invited, name="invited"),
    path("<slug:slug>/omgang/<str:wave>/lankar/", views.links, name="links"),
    path("<slug:slug>/omgang/<str:wave>/mottagare/", mail_views.recipients, name="recipients"),
    path(
        "<slug:slug>/omgang/<str:wave>/mottagare/<int:pk>/",
        mail_views.recipient_edit,
        name="recipient_edit",
    ),
    path("<slug:slug>/omgang/<str:wave>/utskick/", mail_views.mailings, name="mailings"),
    path("<slug:slug>/omgang/<str:wave>/svarsfrekvens/", mail_views.rates, name="rates"),
    path("<slug:slug>/omgang/<str:wave>/ta-bort/", views.wave_delete, name="wave_delete"),
    path("<slug:slug>/omgang/<str:wave>/stang/", views.wave_close, name="wave_close"),
    path("<slug:slug>/kohort/", views.cohort, name="cohort"),
    path("<slug:slug>/importera/", views.import_file, name="import"),
    path("<slug:slug>/resultat/", views.cohort_report, name="report"),
    path("<slug:slug>/organisation/<str:code>/", views.organisation_report, name="organisation"),
]

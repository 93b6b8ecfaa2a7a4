from django.urls import path

from kompass.surveys import answer_views, instrument_views, mail_views, views

app_name = "surveys"
urlpatterns = [
    path("", views.survey_list, name="list"),
    path("ny/", views.survey_create, name="create"),
    path("instrument/", instrument_views.instrument_list, name="instruments"),
    path("instrument/nytt/", instrument_views.instrument_create, name="instrument_create"),
    path("instrument/importera/", instrument_views.instrument_import, name="instrument_import"),
    path("instrument/<slug:identifier>/", instrument_views.instrument_detail, name="instrument"),
    path(
        "instrument/<slug:identifier>/andra/",
        instrument_views.instrument_edit,
        name="instrument_edit",
    ),
    path(
        "instrument/<slug:identifier>/kopiera/",
        instrument_views.instrument_copy,
        name="instrument_copy",
    ),
    path(
        "instrument/<slug:identifier>/yaml/",
        instrument_views.instrument_export,
        name="instrument_export",
    ),
    path(
        "instrument/<slug:identifier>/forhandsgranska/",
        instrument_views.instrument_preview,
        name="instrument_preview",
    ),
    path(
        "instrument/<slug:identifier>/forhandsgranska/formular/",
        instrument_views.instrument_preview_form,
        name="instrument_preview_form",
    ),
    path(
        "instrument/<slug:identifier>/ta-bort/",
        instrument_views.instrument_delete,
        name="instrument_delete",
    ),
    # The token is only in the link; the form and the receipt have addresses without it.
    path("svara/", answer_views.answer, name="answer_form"),
    path("svara/tack/", answer_views.answer_done, name="answer_done"),
    path("svara/<str:token>/", answer_views.enter, name="answer"),
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
    path(
        "<slug:slug>/organisation/<str:code>/rapporter/",
        mail_views.organisation_downloads,
        name="downloads",
    ),
    path("<slug:slug>/rapportfil/<int:pk>/", mail_views.report_file, name="report_file"),
]

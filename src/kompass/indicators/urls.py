from django.urls import path

from kompass.indicators import kolada_views, table_views, views

app_name = "indicators"
urlpatterns = [
    path("", views.index, name="index"),
    path("organisation/<str:code>/", views.dashboard, name="dashboard"),
    path("organisation/<str:code>/ny-indikator/", views.indicator_create, name="indicator_create"),
    path("indikator/<int:pk>/", views.indicator_detail, name="indicator"),
    path("indikator/<int:pk>/andra/", views.indicator_edit, name="indicator_edit"),
    path("indikator/<int:pk>/ta-bort/", views.indicator_delete, name="indicator_delete"),
    path("indikator/<int:pk>/varden/", views.indicator_values, name="values"),
    path(
        "indikator/<int:pk>/varden/<int:value_pk>/ta-bort/",
        views.value_delete,
        name="value_delete",
    ),
    path("indikator/<int:pk>/faser/", views.phase_add, name="phase_add"),
    path(
        "indikator/<int:pk>/faser/<int:phase_pk>/ta-bort/",
        views.phase_delete,
        name="phase_delete",
    ),
    path("tabeller/ny/", table_views.table_form, name="table_new"),
    path("tabeller/ny/yaml/", views.table_define, name="table_define"),
    path("tabeller/<slug:slug>/andra/", table_views.table_form, name="table_edit"),
    path("tabeller/<slug:slug>/", views.table_detail, name="table"),
    path("tabeller/<slug:slug>/importera/", views.table_import, name="table_import"),
    path("kolada/", kolada_views.search, name="kolada_search"),
    path("kolada/<str:kpi_id>/", kolada_views.kpi, name="kolada_kpi"),
    path("jamforelsegrupper/", views.peer_groups, name="peer_groups"),
    path(
        "jamforelsegrupper/<int:pk>/ta-bort/",
        views.peer_group_delete,
        name="peer_group_delete",
    ),
]

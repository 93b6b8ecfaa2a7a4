"""URL map: one include per domain app, the API, accounts and the admin."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from kompass.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path(
        "konto/logga-in/",
        auth_views.LoginView.as_view(template_name="core/login.html"),
        name="login",
    ),
    path("konto/logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("organisationer/", include("kompass.organisations.urls")),
    path("utvarderingar/", include("kompass.evaluations.urls")),
    path("enkater/", include("kompass.surveys.urls")),
    path("nyckeltal/", include("kompass.indicators.urls")),
    path("uppfoljning/", include("kompass.followup.urls")),
    path("samverkan/", include("kompass.collaboration.urls")),
    path("api/", include("kompass.api.urls")),
    path("admin/", admin.site.urls),
]

"""URL map: one include per domain app, the API, accounts and the admin."""

from allauth.account import views as allauth_views
from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from kompass.accounts import views as accounts_views
from kompass.core import views as core_views
from kompass.reports import views as reports_views

# The admin signs in through the same page as everyone (rate limits, two-factor).
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", core_views.home, name="home"),
    path("konto/logga-in/", allauth_views.login, name="login"),
    path("konto/logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("konto/mitt-konto/", include("kompass.accounts.urls")),
    # allauth: two-factor pages, provider redirects and callbacks (konto/oidc/<id>/...).
    path("konto/", include("allauth.urls")),
    # The language switch also remembers the choice on the signed-in user.
    path("i18n/setlang/", accounts_views.set_language, name="set_language"),
    path("organisationer/", include("kompass.organisations.urls")),
    path("utvarderingar/", include("kompass.evaluations.urls")),
    path("enkater/", include("kompass.surveys.urls")),
    path("nyckeltal/", include("kompass.indicators.urls")),
    path("uppfoljning/", include("kompass.followup.urls")),
    path("samverkan/", include("kompass.collaboration.urls")),
    path("nulage/", include("kompass.status.urls")),
    path("ledarskap/", include("kompass.leadership.urls")),
    path("rapporter/", include("kompass.reports.urls")),
    # A page's charts, each an image at the digest of its content.
    path("diagram/<str:digest>.svg", reports_views.chart, name="chart"),
    path("jobb/", include("kompass.jobs.urls")),
    path("utkorg/", core_views.outbox, name="outbox"),
    path("", include("kompass.governance.urls")),
    path("api/", include("kompass.api.urls")),
    path("admin/", admin.site.urls),
]

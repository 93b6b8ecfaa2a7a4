"""URLs of the OpenID Connect provider, under allauth's names (`openid_connect_login`,
`openid_connect_callback`) so allauth's links find them: /konto/oidc/<id>/login/."""

from django.urls import include, path

from kompass.accounts.sso.oidc import views

urlpatterns = [
    path(
        "oidc/<str:provider_id>/",
        include(
            [
                path("login/", views.login, name="openid_connect_login"),
                path("login/callback/", views.callback, name="openid_connect_callback"),
            ]
        ),
    )
]

from django.urls import path

from kompass.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.account, name="account"),
    path("nycklar/ny/", views.token_create, name="token_create"),
    path("nycklar/<int:token_id>/aterkalla/", views.token_revoke, name="token_revoke"),
    path("logga-ut-overallt/", views.sign_out_all, name="sign_out_all"),
]

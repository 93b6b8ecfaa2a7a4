from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "kompass.accounts"
    verbose_name = _("Konton och behörigheter")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "kompass.accounts"
    verbose_name = _("Konton och behörigheter")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from kompass.accounts.middleware import start_session_clock

        user_logged_in.connect(start_session_clock, dispatch_uid="kompass_session_clock")

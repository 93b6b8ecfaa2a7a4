from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LeadershipConfig(AppConfig):
    name = "kompass.leadership"
    label = "leadership"
    verbose_name = _("Ledarskapsutveckling")

    def ready(self):
        from kompass.core.navigation import register_menu

        register_menu(_("Ledarskapsutveckling"), "leadership:index", order=45)

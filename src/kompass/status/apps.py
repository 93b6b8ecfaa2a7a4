from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatusConfig(AppConfig):
    name = "kompass.status"
    label = "status"
    verbose_name = _("Nulägesanalys")

    def ready(self):
        from kompass.core.navigation import register_menu

        register_menu(_("Nulägesanalys"), "status:index", order=35)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "kompass.organisations"
    verbose_name = _("Organisationer")

    def ready(self):
        from kompass.core.navigation import register_menu

        register_menu(_("Organisationer"), "organisations:list", order=90)

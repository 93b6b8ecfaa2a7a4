from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrameworksConfig(AppConfig):
    name = "kompass.frameworks"
    verbose_name = _("Ramverk och instrument")

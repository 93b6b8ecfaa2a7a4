from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "kompass.audit"
    verbose_name = _("Ändringslogg")

    def ready(self):
        from kompass.audit import retention

        retention.register()

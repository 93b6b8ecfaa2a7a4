from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatusConfig(AppConfig):
    name = "kompass.status"
    label = "status"
    verbose_name = _("Nulägesanalys")

    def ready(self):
        from kompass.core.navigation import register_menu
        from kompass.core.setup import register_demo
        from kompass.reports.exports import register_report
        from kompass.status.exports import StatusReport

        register_menu(_("Nulägesanalys"), "status:index", order=35)
        register_demo("kompass.status.demo", order=70)
        register_report(StatusReport())

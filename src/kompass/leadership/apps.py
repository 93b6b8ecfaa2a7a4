from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LeadershipConfig(AppConfig):
    name = "kompass.leadership"
    label = "leadership"
    verbose_name = _("Ledarskapsutveckling")

    def ready(self):
        from kompass.core.navigation import register_menu
        from kompass.core.setup import register_demo
        from kompass.leadership.exports import DialogueReport
        from kompass.reports.exports import register_report

        register_menu(_("Ledarskapsutveckling"), "leadership:index", order=45)
        register_demo("kompass.leadership.demo", order=65)
        register_report(DialogueReport())

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollaborationConfig(AppConfig):
    name = "kompass.collaboration"
    verbose_name = _("Samverkansprojekt")

    def ready(self):
        from kompass.collaboration import views
        from kompass.collaboration.exports import AccountReport, ProjectReport
        from kompass.core.navigation import register_home_panel, register_menu
        from kompass.core.setup import register_demo
        from kompass.reports.exports import register_report

        register_menu(_("Samverkansprojekt"), "collaboration:list", order=60)
        register_home_panel("collaboration/home_panel.html", views.home_panel, order=60)
        register_demo("kompass.collaboration.demo", order=60)
        register_report(ProjectReport())
        register_report(AccountReport())

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollaborationConfig(AppConfig):
    name = "kompass.collaboration"
    verbose_name = _("Samverkansprojekt")

    def ready(self):
        from kompass.audit.kinds import register_kind

        def first_partner(project):
            partner = project.partners.order_by("order", "pk").first()
            return partner.organisation_id if partner else None

        register_kind("collaboration.project", organisation=first_partner)
        for label in ("assessment", "socioaccount"):
            register_kind(
                f"collaboration.{label}",
                root=lambda obj: obj.project,
                organisation=lambda obj: first_partner(obj.project),
            )
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

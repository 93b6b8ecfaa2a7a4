from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "kompass.evaluations"
    verbose_name = _("Utvärderingar")

    def ready(self):
        from kompass.evaluations import retention

        retention.register()
        from kompass.core.navigation import register_home_panel, register_menu, register_slot
        from kompass.core.setup import register_demo
        from kompass.evaluations import audit_kinds, views
        from kompass.evaluations.exports import EvaluationReport
        from kompass.reports.exports import register_report

        audit_kinds.register()
        register_menu(_("Utvärderingar"), "evaluations:list", order=10)
        register_home_panel("evaluations/home_panel.html", views.home_panel, order=10)
        register_demo("kompass.evaluations.demo", order=20)
        register_slot(
            "organisation_overview",
            "evaluations/organisation_slot.html",
            views.organisation_slot,
            order=10,
        )
        register_report(EvaluationReport())

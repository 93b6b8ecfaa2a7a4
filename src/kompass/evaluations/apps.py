from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "kompass.evaluations"
    verbose_name = _("Utvärderingar")

    def ready(self):
        from kompass.core.navigation import register_home_panel, register_menu, register_slot
        from kompass.core.setup import register_demo
        from kompass.evaluations import views
        from kompass.reports.registry import ReportKind, register_report

        register_menu(_("Utvärderingar"), "evaluations:list", order=10)
        register_home_panel("evaluations/home_panel.html", views.home_panel, order=10)
        register_demo("kompass.evaluations.demo", order=20)
        register_slot(
            "organisation_overview",
            "evaluations/organisation_slot.html",
            views.organisation_slot,
            order=10,
        )
        register_report(
            ReportKind(
                "evaluation",
                "utvärderingsrapport (Kommunkompassen m.fl.)",
                _report_arguments,
                _build_report,
            )
        )


def _report_arguments(parser):
    parser.add_argument("id", type=int, help="utvärderingens id (se kompass evaluation list)")


def _build_report(options):
    from kompass.evaluations.models import Evaluation
    from kompass.evaluations.report import build_evaluation_report

    evaluation = (
        Evaluation.objects.select_related("organisation", "framework")
        .filter(pk=options["id"])
        .first()
    )
    if evaluation is None:
        raise LookupError(f"det finns ingen utvärdering med id {options['id']}")
    return build_evaluation_report(evaluation)

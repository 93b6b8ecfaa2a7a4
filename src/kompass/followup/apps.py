from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "kompass.followup"
    verbose_name = _("Uppföljning")

    def ready(self):
        from kompass.core.navigation import register_home_panel, register_menu, register_slot
        from kompass.core.setup import register_demo
        from kompass.followup import views
        from kompass.followup.report import followthrough_section
        from kompass.reports.registry import ReportKind, register_report, register_section

        register_menu(_("Uppföljning"), "followup:index", order=40)
        register_home_panel("followup/home_panel.html", views.home_panel, order=40)
        register_demo("kompass.followup.demo", order=50)
        register_slot("evaluation_detail", "followup/evaluation_slot.html", views.evaluation_slot)
        register_section("evaluation", followthrough_section)
        register_report(
            ReportKind(
                "actionplan",
                "handlingsplan med åtgärder och status",
                _report_arguments,
                _build_report,
            )
        )


def _report_arguments(parser):
    parser.add_argument("id", type=int, help="handlingsplanens id (se kompass followup plans)")


def _build_report(options):
    from kompass.followup.models import ActionPlan
    from kompass.followup.report import build_plan_report

    plan = ActionPlan.objects.select_related("organisation").filter(pk=options["id"]).first()
    if plan is None:
        raise LookupError(f"det finns ingen handlingsplan med id {options['id']}")
    return build_plan_report(plan)

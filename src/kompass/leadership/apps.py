from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LeadershipConfig(AppConfig):
    name = "kompass.leadership"
    label = "leadership"
    verbose_name = _("Ledarskapsutveckling")

    def ready(self):
        from kompass.core.navigation import register_menu
        from kompass.reports.registry import ReportKind, register_report

        register_menu(_("Ledarskapsutveckling"), "leadership:index", order=45)
        register_report(
            ReportKind(
                "ledarskap",
                "ledarskapsutveckling: principerna över tid och programplaner i metodtabellen",
                _report_arguments,
                _build_report,
            )
        )


def _report_arguments(parser):
    parser.add_argument("organisation", help="organisationens kod eller namn")


def _build_report(options):
    from kompass.leadership.report import build_dialogue_report
    from kompass.organisations.domain.register import OrganisationResolver

    return build_dialogue_report(OrganisationResolver()(options["organisation"]))

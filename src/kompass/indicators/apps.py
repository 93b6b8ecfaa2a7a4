from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "kompass.indicators"
    verbose_name = _("Nyckeltal och indikatorer")

    def ready(self):
        from kompass.core.navigation import register_home_panel, register_menu, register_slot
        from kompass.core.setup import register_demo
        from kompass.indicators import views
        from kompass.reports.registry import ReportKind, register_report

        register_menu(_("Nyckeltal och indikatorer"), "indicators:index", order=30)
        register_home_panel("indicators/home_panel.html", views.home_panel, order=30)
        register_demo("kompass.indicators.demo", order=40)
        register_slot("organisation_overview", "indicators/overview_slot.html", views.overview_slot)
        register_report(
            ReportKind(
                "nyckeltal",
                "nyckeltalstabell: jämförelse, diagram och avvikelse från mål",
                _table_arguments,
                _build_table_report,
            )
        )
        register_report(
            ReportKind(
                "indikatorer",
                "en organisations indikatorer och nyckeltal (instrumentpanel)",
                _dashboard_arguments,
                _build_dashboard_report,
            )
        )


def _table_arguments(parser):
    parser.add_argument("table", help="tabellens kortnamn (se kompass ratios list)")
    parser.add_argument("--year", type=int, help="år (standard: det senaste)")


def _build_table_report(options):
    from kompass.indicators.models import RatioTable
    from kompass.indicators.report import build_table_report

    table = RatioTable.objects.filter(slug=options["table"]).first()
    if table is None:
        raise LookupError(f"det finns ingen nyckeltalstabell ”{options['table']}”")
    return build_table_report(table, year=options.get("year"))


def _dashboard_arguments(parser):
    parser.add_argument("organisation", help="kommunkod eller namn")
    parser.add_argument(
        "--peers", default="skr", help="jämförelsegrupp: skr, band, county, table eller group-ID"
    )


def _build_dashboard_report(options):
    from kompass.accounts.models import User
    from kompass.indicators.domain.dashboard import build_dashboard
    from kompass.indicators.report import build_dashboard_report
    from kompass.organisations.domain.register import find_organisation

    organisation = find_organisation(options["organisation"])
    # The command line is trusted like an administrator: every table is visible.
    reader = User(is_superuser=True, is_active=True)
    board = build_dashboard(organisation=organisation, user=reader, peer_key=options.get("peers"))
    return build_dashboard_report(board)

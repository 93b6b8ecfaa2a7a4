from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatusConfig(AppConfig):
    name = "kompass.status"
    label = "status"
    verbose_name = _("Nulägesanalys")

    def ready(self):
        from kompass.core.navigation import register_menu
        from kompass.reports.registry import ReportKind, register_report

        register_menu(_("Nulägesanalys"), "status:index", order=35)
        register_report(
            ReportKind(
                "nulage",
                "nulägesanalys: avvikelser mot jämförelsegruppen och vägval",
                _report_arguments,
                _build_report,
            )
        )


def _report_arguments(parser):
    parser.add_argument("organisation", help="organisationens kod eller namn")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--table", help="nyckeltalstabellens kortnamn")
    source.add_argument("--indicators", action="store_true", help="egna indikatorer")
    parser.add_argument("--year", type=int, help="år (standard: det senaste)")
    parser.add_argument("--peers", default="table", help="table, skr, band, county eller group-ID")


def _build_report(options):
    from kompass.core.errors import InputError
    from kompass.indicators.models import RatioTable
    from kompass.organisations.domain.register import OrganisationResolver
    from kompass.status.domain.analysis import run_status_analysis
    from kompass.status.domain.sources import indicator_source, table_source
    from kompass.status.report import build_status_report

    organisation = OrganisationResolver()(options["organisation"])
    if options.get("table"):
        table = RatioTable.objects.filter(slug=options["table"]).first()
        if table is None:
            raise LookupError(f"det finns ingen nyckeltalstabell ”{options['table']}”")
        source = table_source(table)
    else:
        source = indicator_source(organisation)
    try:
        analysis = run_status_analysis(
            organisation=organisation,
            source=source,
            year=options.get("year"),
            peers=options.get("peers") or "table",
        )
    except InputError as exc:
        raise LookupError("; ".join(exc.messages)) from exc
    return build_status_report(analysis)

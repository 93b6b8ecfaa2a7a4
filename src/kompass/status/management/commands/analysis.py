"""`kompass analysis status`: where an organisation deviates from its peers."""

import json

from django.core.management.base import BaseCommand, CommandError

from kompass.core.errors import InputError
from kompass.indicators.kolada.client import default_client
from kompass.indicators.models import RatioTable
from kompass.lib.numbers import format_number
from kompass.organisations.domain.register import OrganisationResolver
from kompass.organisations.models import Organisation
from kompass.status import texts
from kompass.status.domain.analysis import TABLE_PEERS, run_status_analysis, status_data
from kompass.status.domain.sources import indicator_source, kolada_group_source, table_source


class Command(BaseCommand):
    help = "Nulägesanalys: var avviker organisationen från jämförelsegruppen?"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="ÅTGÄRD")
        p = sub.add_parser("status", help="avvikelserna för en organisation och ett år")
        p.add_argument("--organisation", required=True, help="organisationens kod eller namn")
        source = p.add_mutually_exclusive_group(required=True)
        source.add_argument("--table", help="nyckeltalstabellens kortnamn")
        source.add_argument(
            "--indicators", action="store_true", help="organisationens egna indikatorer"
        )
        source.add_argument(
            "--kpi-group",
            help="en nyckeltalsgrupp i Kolada (id): värdena hämtas genom Kolada API v3",
        )
        p.add_argument("--year", type=int, help="året (senaste året i underlaget om det saknas)")
        p.add_argument(
            "--peers",
            default=TABLE_PEERS,
            help=(
                "jämförelsegrupp: table (alla i underlaget), skr (nyaste indelningen), "
                "skr-ÅR, band, county, group-ID, kolada (Liknande kommuner) eller kolada-ID"
            ),
        )
        p.add_argument("--format", choices=("table", "json"), default="table")

    def handle(self, *args, **options):
        try:
            self.do_status(options)
        except InputError as exc:
            raise CommandError("\n".join(exc.messages)) from exc

    def do_status(self, options):
        try:
            organisation = OrganisationResolver()(options["organisation"])
        except LookupError as exc:
            raise CommandError(str(exc)) from exc
        client = None
        if options["table"]:
            table = RatioTable.objects.filter(slug=options["table"]).first()
            if table is None:
                known = ", ".join(RatioTable.objects.values_list("slug", flat=True)) or "inga ännu"
                raise CommandError(
                    f"det finns ingen nyckeltalstabell ”{options['table']}” (finns: {known})"
                )
            source = table_source(table)
        elif options["kpi_group"]:
            client = default_client()
            source = kolada_group_source(group_id=options["kpi_group"], client=client)
        else:
            source = indicator_source(organisation)
        analysis = run_status_analysis(
            organisation=organisation,
            source=source,
            year=options["year"],
            peers=options["peers"],
            client=client,
        )
        if options["format"] == "json":
            self.stdout.write(json.dumps(status_data(analysis), ensure_ascii=False, indent=2))
            # The JSON keeps its documented shape; what to keep in mind goes to stderr.
            for note in analysis.general_notes():
                self.stderr.write(f"Obs: {note}")
            return
        self._table(analysis, organisation)

    def _table(self, analysis, organisation: Organisation):
        write = self.stdout.write
        write(
            f"Nulägesanalys {analysis.year}: {organisation.name} ({organisation.code}), "
            f"{analysis.source.label}"
        )
        write(
            f"Jämförelsegrupp: {analysis.peers.label} ({len(analysis.peers.codes)} organisationer)"
        )
        for note in analysis.general_notes():
            write(f"Obs: {note}")
        if analysis.source.comparability:
            write(f"Jämförbarhet: {analysis.source.comparability}")
        write("")
        write(f"{'Nyckeltal':<40} {'Värde':>10} {'Median':>10} {'Percentil':>9}  Trend")
        heading_done = False
        for row in analysis.rows:
            if row.direction == "neutral" and not heading_done:
                write("-- utan riktning (rangordnas inte) --")
                heading_done = True
            write(
                f"{row.name[:40]:<40} {format_number(row.value, row.decimals):>10} "
                f"{format_number(row.peers.median, row.decimals):>10} "
                f"{format_number(row.percentile, 0):>9}  {texts.signal_label(row.trend.signal)}"
            )
            for note in analysis.notes(row):
                write(f"    {note}")

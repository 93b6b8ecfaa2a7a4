"""`kompass register show CODE`: a municipality as the register holds it, with its SKR
group per grouping year and its population per year; `kompass register refresh` reads the
population per year from Kolada's N01951 through the Kolada client. The command lives in
the indicators app, beside that client, because the register (organisations) sits below
indicators in the layers of the house (CONTRIBUTING.md)."""

import json

from django.core.management.base import BaseCommand, CommandError

from kompass.lib.numbers import format_number
from kompass.organisations.domain.register import find_organisation, register_entry


class Command(BaseCommand):
    help = "Kommunregistret: visa en kommun med kommungrupper och folkmängd per år."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="ÅTGÄRD")
        p = sub.add_parser("show", help="visa en kommun")
        p.add_argument("code", help="kommunkod eller namn, t.ex. 0880 eller Kalmar")
        p.add_argument("--format", choices=("text", "json"), default="text")
        p = sub.add_parser("refresh", help="hämta folkmängd per år från Koladas nyckeltal N01951")
        p.add_argument(
            "--years",
            "-y",
            nargs="+",
            metavar="ÅR",
            help="år eller intervall (standard 2019–i fjol)",
        )
        p.add_argument(
            "--offline", action="store_true", help="använd bara den lokala cachen, inget nätverk"
        )

    def handle(self, *args, **options):
        getattr(self, f"do_{options['action']}")(options)

    def do_refresh(self, options):
        from kompass.core.errors import InputError
        from kompass.indicators.kolada.client import KoladaError, default_client
        from kompass.indicators.kolada.importer import parse_years
        from kompass.indicators.kolada.population import default_years, refresh_population

        client = default_client(cache_only=options["offline"])
        try:
            years = parse_years(options.get("years")) or default_years()
            outcome = refresh_population(client=client, years=years)
        except (KoladaError, InputError) as exc:
            raise CommandError(str(exc)) from exc
        finally:
            client.close()
        self.stdout.write(outcome.summary)

    def do_show(self, options):
        try:
            org = find_organisation(options["code"])
        except LookupError as exc:
            raise CommandError(str(exc)) from exc
        entry = register_entry(org)
        data = entry.to_dict()
        if options["format"] == "json":
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{data['code']} {data['name']} ({data['county']})")
        for year, group in data["skr_groups"].items():
            self.stdout.write(f"  Kommungrupp SKR {year}: {group['code']} {group['name']}")
        for year, population in data["population"].items():
            self.stdout.write(f"  Invånare {year}: {format_number(population, 0)}")
        if not data["skr_groups"] and not data["population"]:
            self.stdout.write("  Inga kommungrupper eller folkmängder i registret.")

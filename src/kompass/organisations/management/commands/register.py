"""`kompass register show CODE`: a municipality as the register holds it, with its SKR
group per grouping year and its population per year (`refresh` reads newer population
figures from Kolada)."""

import json

from django.core.management.base import BaseCommand, CommandError

from kompass.core.numbers import format_number
from kompass.organisations.domain.register import find_organisation, register_entry


class Command(BaseCommand):
    help = "Kommunregistret: visa en kommun med kommungrupper och folkmängd per år."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="ÅTGÄRD")
        p = sub.add_parser("show", help="visa en kommun")
        p.add_argument("code", help="kommunkod eller namn, t.ex. 0880 eller Kalmar")
        p.add_argument("--format", choices=("text", "json"), default="text")

    def handle(self, *args, **options):
        getattr(self, f"do_{options['action']}")(options)

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

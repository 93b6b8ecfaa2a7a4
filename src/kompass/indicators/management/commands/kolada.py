"""`kompass kolada search|kpi|municipalities|groups|import`: the public Kolada API."""

import json

from django.core.management.base import BaseCommand, CommandError

from kompass.core.errors import InputError
from kompass.indicators.kolada.client import KoladaError, default_client
from kompass.indicators.kolada.importer import import_into_indicator, import_kpi, parse_years
from kompass.indicators.models import Indicator
from kompass.organisations.domain.register import OrganisationResolver


class Command(BaseCommand):
    help = "Söker och importerar nyckeltal från Kolada (api.kolada.se/v2)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="ÅTGÄRD")
        p = sub.add_parser("search", help="sök nyckeltal på titel")
        p.add_argument("text", nargs="+", help="sökord, t.ex. hemtjänst")
        p.add_argument("--format", choices=("table", "json"), default="table")
        p.add_argument("--limit", type=int, default=50, help="visa högst så många (standard 50)")
        p = sub.add_parser("kpi", help="visa ett nyckeltals beskrivning")
        p.add_argument("id", help="t.ex. N00945")
        p.add_argument("--format", choices=("table", "json"), default="table")
        p = sub.add_parser("municipalities", help="lista kommuner och regioner i Kolada")
        p.add_argument("text", nargs="?", default="", help="del av namnet")
        p = sub.add_parser("groups", help="lista Koladas kommungrupper")
        p.add_argument("text", nargs="?", default="", help="del av namnet")
        p = sub.add_parser(
            "import", help="importera ett nyckeltal till tabellen ”Nyckeltal från Kolada”"
        )
        p.add_argument("id", help="nyckeltalets id, t.ex. N00945")
        p.add_argument(
            "--municipality",
            "-m",
            action="append",
            default=[],
            metavar="KOD",
            help="kommunkod eller namn; kan upprepas (standard: alla kommuner)",
        )
        p.add_argument(
            "--group",
            "-g",
            action="append",
            default=[],
            metavar="GRUPP",
            help="Koladas kommungrupp-id (alla dess kommuner)",
        )
        p.add_argument(
            "--years",
            "-y",
            nargs="+",
            metavar="ÅR",
            help="år eller intervall: 2020 2021 eller 2018-2022",
        )
        p.add_argument(
            "--gender",
            choices=("T", "K", "M"),
            default="T",
            help="T totalt (standard), K kvinnor, M män",
        )
        p.add_argument(
            "--indicator",
            type=int,
            metavar="ID",
            help="lägg värdena i indikatorn med detta id i stället",
        )
        p.add_argument(
            "--offline", action="store_true", help="använd bara den lokala cachen, inget nätverk"
        )

    def handle(self, *args, **options):
        client = default_client(cache_only=options.get("offline", False))
        try:
            getattr(self, f"do_{options['action']}")(client, options)
        except (KoladaError, InputError) as exc:
            raise CommandError(str(exc)) from exc
        finally:
            client.close()

    def do_search(self, client, options):
        kpis = client.search_kpis(" ".join(options["text"]))
        shown = kpis[: max(1, options["limit"])]
        if options["format"] == "json":
            self.stdout.write(json.dumps([k.raw for k in shown], ensure_ascii=False, indent=2))
            return
        if not kpis:
            self.stdout.write("Inga nyckeltal matchar. Pröva ett kortare eller annat sökord.")
            return
        for k in shown:
            self.stdout.write(
                f"{k.id:<8} {k.title}" + (f"  [{k.operating_area}]" if k.operating_area else "")
            )
        more = f" (visar {len(shown)})" if len(shown) < len(kpis) else ""
        self.stdout.write(
            f"{len(kpis)} nyckeltal{more}. Importera med: kompass kolada import ID --municipality KOD"
        )

    def do_kpi(self, client, options):
        k = client.kpi(options["id"])
        if options["format"] == "json":
            self.stdout.write(json.dumps(k.raw, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{k.id}: {k.title}")
        for label, value in (
            ("Verksamhetsområde", k.operating_area),
            ("Enhet", k.unit),
            ("Uppdelat på kön", "ja" if k.is_divided_by_gender else "nej"),
            ("Publicerat", k.publication_date),
        ):
            if value:
                self.stdout.write(f"  {label}: {value}")
        if k.description:
            self.stdout.write(f"  {k.description}")

    def do_municipalities(self, client, options):
        rows = client.municipalities(options["text"])
        for m in rows:
            self.stdout.write(f"{m.id}  {m.title}  ({'kommun' if m.type == 'K' else 'region'})")
        self.stdout.write(f"{len(rows)} träffar.")

    def do_groups(self, client, options):
        rows = client.municipality_groups(options["text"])
        for g in rows:
            self.stdout.write(f"{g.id:<8} {g.title} ({len(g.members)} kommuner)")
        self.stdout.write(f"{len(rows)} kommungrupper.")

    def do_import(self, client, options):
        years = parse_years(options.get("years"))
        if options.get("indicator"):
            indicator = (
                Indicator.objects.select_related("organisation")
                .filter(pk=options["indicator"])
                .first()
            )
            if indicator is None:
                raise CommandError(f"det finns ingen indikator med id {options['indicator']}")
            outcome = import_into_indicator(
                client=client, kpi_id=options["id"], indicator=indicator, years=years
            )
            self.stdout.write(outcome.summary)
            return
        codes = self._codes(options["municipality"])
        for group_id in options["group"]:
            groups = [g for g in client.municipality_groups() if g.id.upper() == group_id.upper()]
            if not groups:
                raise CommandError(
                    f"Kolada har ingen kommungrupp med id {group_id}; lista dem med: kompass kolada groups"
                )
            codes.extend(m for m, _ in groups[0].members)
        if not codes and not years:
            raise CommandError(
                "ange --municipality, --group eller --years (Kolada lämnar inte ut allt på en gång)"
            )
        outcome = import_kpi(
            client=client,
            kpi_id=options["id"],
            municipalities=sorted(set(codes)) or None,
            years=years,
            gender=options["gender"],
        )
        self.stdout.write(outcome.summary)
        self.stdout.write(f"Nätverksanrop: {client.requests} (övriga svar från cachen).")

    @staticmethod
    def _codes(refs):
        resolver = OrganisationResolver()
        codes = []
        for ref in refs:
            for part in str(ref).split(","):
                part = part.strip()
                if not part:
                    continue
                try:
                    org = resolver(part)
                except LookupError as exc:
                    raise CommandError(str(exc)) from exc
                if not org.code:
                    raise CommandError(f"{org.name} saknar kommunkod")
                codes.append(org.code)
        return codes

"""`kompass kolada search|kpi|municipalities|groups|import|record`: the public Kolada API v3."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from kompass.core.errors import InputError
from kompass.indicators.kolada.client import GENDERS, KoladaError, default_client
from kompass.indicators.kolada.importer import import_into_indicator, import_kpi, parse_years
from kompass.indicators.kolada.recording import record
from kompass.indicators.models import Indicator
from kompass.organisations.domain.register import OrganisationResolver


class Command(BaseCommand):
    help = "Söker och importerar nyckeltal från Kolada (API v3, inställningen KOMPASS_KOLADA_URL)."

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
        p.add_argument(
            "--region-type", choices=("K", "L"), default="", help="K kommuner, L regioner"
        )
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
            nargs="+",
            choices=GENDERS,
            default=["T"],
            metavar="KÖN",
            help="T totalt (standard), K kvinnor, M män; flera på en gång: --gender T K M",
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
        p = sub.add_parser(
            "record", help="förnya testsvitens inspelade Kolada-svar från Kolada (kräver nätverk)"
        )
        p.add_argument(
            "--output",
            default=str(Path(settings.BASE_DIR).parent.parent / "tests/indicators/recordings"),
            help="mappen med inspelningarna (standard: tests/indicators/recordings)",
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
        rows = client.municipalities(options["text"], region_type=options["region_type"])
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
            group = client.municipality_group(group_id)
            if not group.members:
                raise CommandError(
                    f"Kommungruppen {group.id} ({group.title}) har inga medlemmar i Koladas svar; "
                    "inget importerades."
                )
            codes.extend(m for m, _ in group.members)
        if not codes and not years:
            raise CommandError(
                "ange --municipality, --group eller --years (Kolada lämnar inte ut allt på en gång)"
            )
        outcome = import_kpi(
            client=client,
            kpi_id=options["id"],
            municipalities=sorted(set(codes)) or None,
            years=years,
            genders=tuple(dict.fromkeys(options["gender"])),
        )
        self.stdout.write(outcome.summary)
        self.stdout.write(f"Nätverksanrop: {client.requests} (övriga svar från cachen).")

    def do_record(self, client, options):
        client.cache_dir = None  # a recording is what Kolada says now, never the cache
        written = record(client, Path(options["output"]))
        for path in written:
            self.stdout.write(f"Skrev {path}")
        self.stdout.write(f"{len(written)} inspelningar förnyade från {client.base_url}.")

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

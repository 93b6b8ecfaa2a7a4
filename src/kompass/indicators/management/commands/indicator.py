"""`kompass indicator list|show|values`: indicators and their series."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kompass.core.errors import InputError
from kompass.indicators.domain.indicators import analyse_indicator, import_values, indicator_status
from kompass.indicators.models import Indicator
from kompass.organisations.domain.register import find_organisation


def _get(pk) -> Indicator:
    indicator = Indicator.objects.select_related("organisation").filter(pk=pk).first()
    if indicator is None:
        raise CommandError(f"det finns ingen indikator med id {pk}")
    return indicator


class Command(BaseCommand):
    help = "Listar indikatorer, visar deras analys och läser in värden."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="ÅTGÄRD")
        p = sub.add_parser("list", help="lista indikatorer")
        p.add_argument("--organisation", help="kommunkod eller namn")
        p = sub.add_parser("show", help="visa en indikators senaste läge och diagramanalys")
        p.add_argument("id", type=int)
        p.add_argument("--chart", choices=("run", "i", "p", "u"))
        p.add_argument("--format", choices=("text", "json"), default="text")
        p = sub.add_parser(
            "values", help="läs in värden från CSV eller XLSX (period, value, denominator)"
        )
        p.add_argument("id", type=int)
        p.add_argument("file")
        p.add_argument(
            "--replace", action="store_true", help="ta bort perioder som inte finns i filen"
        )

    def handle(self, *args, **options):
        try:
            getattr(self, f"do_{options['action']}")(options)
        except InputError as exc:
            raise CommandError("\n".join(exc.messages)) from exc

    def do_list(self, options):
        qs = Indicator.objects.select_related("organisation").order_by(
            "organisation__name", "perspective", "name"
        )
        if options.get("organisation"):
            try:
                qs = qs.filter(organisation=find_organisation(options["organisation"]))
            except LookupError as exc:
                raise CommandError(str(exc)) from exc
        if not qs:
            self.stdout.write(
                "Inga indikatorer. Skapa dem i webbgränssnittet under Nyckeltal och indikatorer."
            )
        for i in qs:
            flag = " (exempeldata)" if i.is_example else ""
            self.stdout.write(
                f"{i.pk:>5}  {i.organisation.name:<16} {i.get_perspective_display():<34} {i.name}{flag}"
            )

    def do_show(self, options):
        indicator = _get(options["id"])
        values = list(indicator.values.all())
        result = (
            analyse_indicator(indicator, options.get("chart"), values=values) if values else None
        )
        status = indicator_status(indicator, result, values)
        if options["format"] == "json":
            data = {
                "id": indicator.pk,
                "name": indicator.name,
                "organisation": indicator.organisation.code,
                "latest": {"period": status.latest_period, "value": status.latest},
                "target": indicator.target,
                "gap": status.gap.text if status.gap else None,
                "signal": status.signal,
                "analysis": result.to_dict() if result else None,
            }
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{indicator.name} ({indicator.organisation.name})")
        self.stdout.write(
            f"  Senaste värde: {status.latest_display} ({status.latest_period or '–'})"
        )
        if status.gap:
            self.stdout.write(f"  Mot målet: {status.gap.text}")
        self.stdout.write(f"  {status.text}")

    def do_values(self, options):
        indicator = _get(options["id"])
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"kan inte läsa {path}: {exc.strerror}") from exc
        result = import_values(
            indicator=indicator, data=data, filename=path.name, replace=options["replace"]
        )
        self.stdout.write(f"{indicator.name}: {result.summary}")

"""`kompass socio calc FILE --format json|xlsx|pdf|docx|html`, `kompass socio check FILE`,
`kompass socio defaults`: socio-economic accounts from files, without the database."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kompass.analytics.socio.calculation import calculate
from kompass.analytics.socio.rounding import result_data
from kompass.analytics.socio_input.account import load_account
from kompass.collaboration.domain.account import DEFAULTS_FILE, shipped_defaults
from kompass.core.errors import InputError
from kompass.lib.tables import decode

FORMATS = ("json", "xlsx", "pdf", "docx", "html")


def read_account(path: Path):
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise CommandError(f"{path}: filen kan inte läsas ({exc.strerror})") from exc
    try:
        text, _encoding = decode(content, str(path))
        return load_account(text, filename=str(path), defaults=shipped_defaults())
    except InputError as exc:
        raise CommandError("kalkylen innehåller fel:\n" + str(exc)) from exc


class Command(BaseCommand):
    help = "Räknar ut socioekonomiska kalkyler (samverkansbokslut) från filer."
    requires_migrations_checks = False

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="ÅTGÄRD")
        p = sub.add_parser("calc", help="räkna ut en kalkyl från en YAML- eller JSON-fil")
        p.add_argument("file", help="kalkylfilen (format kompass-socio/1)")
        p.add_argument("--format", choices=FORMATS, default="json", help="standard json")
        p.add_argument("--output", "-o", help="fil att skriva (krävs utom för json)")
        p.add_argument(
            "--no-sensitivity", action="store_true", help="hoppa över känslighetsanalysen"
        )
        p = sub.add_parser("check", help="kontrollera en kalkylfil utan att räkna")
        p.add_argument("file")
        p = sub.add_parser("defaults", help="skriv ut standardvärdena för enhetskostnader")
        p.add_argument("--output", "-o", help="fil att skriva (standard: skriv ut)")

    def handle(self, *args, **options):
        getattr(self, f"do_{options['action']}")(options)

    def do_check(self, options):
        account = read_account(Path(options["file"]))
        self.stdout.write(
            f"{options['file']}: giltig kalkyl ”{account.name}” med {len(account.actors)} aktörer, "
            f"{len(account.statuses)} statusar och {len(account.unit_costs)} enhetskostnader."
        )

    def do_defaults(self, options):
        text = DEFAULTS_FILE.read_text(encoding="utf-8")
        if options.get("output"):
            self._write(Path(options["output"]), text.encode("utf-8"), "YAML")
        else:
            self.stdout.write(text, ending="")

    def do_calc(self, options):
        account = read_account(Path(options["file"]))
        result = calculate(account, sensitivity=not options["no_sensitivity"])
        fmt = options["format"]
        if fmt == "json":
            text = json.dumps(result_data(result), ensure_ascii=False, indent=2)
            if options.get("output"):
                self._write(Path(options["output"]), text.encode("utf-8"), "JSON")
            else:
                self.stdout.write(text)
            return
        if not options.get("output"):
            raise CommandError(f"ange --output FIL för formatet {fmt}")
        from kompass.collaboration.report import build_account_report
        from kompass.reports.render import render

        _, _, content = render(build_account_report(result), fmt)
        self._write(Path(options["output"]), content, fmt.upper())

    def _write(self, path: Path, content: bytes, label: str) -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        except OSError as exc:
            raise CommandError(f"kan inte skriva {path}: {exc.strerror}") from exc
        self.stdout.write(f"Skrev {label} ({len(content):,} byte) till {path}".replace(",", " "))

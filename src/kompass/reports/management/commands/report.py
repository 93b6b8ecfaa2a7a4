"""`kompass report KIND ... --format pdf|docx|html|xlsx --output PATH`"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kompass.core.errors import InputError
from kompass.core.numbers import format_number
from kompass.reports.registry import report_kinds
from kompass.reports.render import render

FORMATS = ("pdf", "docx", "html", "xlsx")


class Command(BaseCommand):
    help = "Skriver en rapport som PDF, DOCX, HTML eller XLSX."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="kind", required=True, metavar="TYP")
        for kind in report_kinds().values():
            p = sub.add_parser(kind.name, help=kind.help)
            kind.add_arguments(p)
            p.add_argument(
                "--format", choices=FORMATS, default="pdf", help="filformat (standard pdf)"
            )
            p.add_argument("--output", "-o", required=True, help="filen som skrivs")

    def handle(self, *args, **options):
        kind = report_kinds()[options["kind"]]
        try:
            report = kind.build(options)
        except (LookupError, InputError, ValueError) as exc:
            raise CommandError(str(exc).strip("'\"")) from exc
        _, _, content = render(report, options["format"])
        path = Path(options["output"])
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        except OSError as exc:
            raise CommandError(f"kan inte skriva {path}: {exc.strerror}") from exc
        size = format_number(len(content))
        self.stdout.write(f"Skrev {options['format'].upper()} ({size} byte) till {path}")

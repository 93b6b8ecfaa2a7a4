"""`kompass ratios list|define|import|show|export`: key-ratio tables."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kompass.core.errors import InputError
from kompass.indicators.domain.keyratios.comparisons import comparison, comparison_data
from kompass.indicators.domain.keyratios.definitions import define_table
from kompass.indicators.domain.keyratios.importing import import_values
from kompass.indicators.models import RatioTable
from kompass.reports.exports import command_line_user, export


def _table(slug) -> RatioTable:
    table = RatioTable.objects.filter(slug=slug).first()
    if table is None:
        known = ", ".join(RatioTable.objects.values_list("slug", flat=True)) or "inga ännu"
        raise CommandError(f"det finns ingen nyckeltalstabell ”{slug}” (finns: {known})")
    return table


class Command(BaseCommand):
    help = "Nyckeltalstabeller: definiera, importera, visa och exportera."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="ÅTGÄRD")
        sub.add_parser("list", help="lista tabellerna")
        p = sub.add_parser("define", help="skapa eller uppdatera en tabell från en YAML-definition")
        p.add_argument("file")
        p = sub.add_parser("import", help="importera värden (CSV eller XLSX, lång eller bred form)")
        p.add_argument("table", help="tabellens kortnamn")
        p.add_argument("file")
        p.add_argument("--year", type=int, help="året, om filen saknar kolumnen year")
        p.add_argument("--source", default="", help="källa för värdena")
        p.add_argument(
            "--create-metrics", action="store_true", help="skapa nyckeltal som saknas i tabellen"
        )
        p = sub.add_parser("show", help="visa jämförelsen för ett år")
        p.add_argument("table")
        p.add_argument("--year", type=int)
        p.add_argument("--format", choices=("table", "json"), default="table")
        p = sub.add_parser(
            "export", help="exportera jämförelse och diagramdata som XLSX (eller pdf, docx, html)"
        )
        p.add_argument("table")
        p.add_argument("--year", type=int)
        p.add_argument("--format", choices=("xlsx", "pdf", "docx", "html"), default="xlsx")
        p.add_argument("--output", "-o", required=True)

    def handle(self, *args, **options):
        try:
            getattr(self, f"do_{options['action']}")(options)
        except InputError as exc:
            raise CommandError("\n".join(exc.messages)) from exc

    def do_list(self, options):
        tables = RatioTable.objects.select_related("owner").order_by("slug")
        if not tables:
            self.stdout.write("Inga tabeller. Skapa en med: kompass ratios define FIL.yaml")
        for t in tables:
            owner = t.owner.name if t.owner else "gemensam"
            flag = " (exempeldata)" if t.is_example else ""
            self.stdout.write(
                f"{t.slug:<32} {t.name} [{owner}, {t.metrics.count()} nyckeltal]{flag}"
            )

    def do_define(self, options):
        path = Path(options["file"])
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"kan inte läsa {path} som UTF-8-text") from exc
        table, created = define_table(text=text, filename=path.name)
        verb = "Skapade" if created else "Uppdaterade"
        self.stdout.write(f"{verb} {table.slug}: {table.name} ({table.metrics.count()} nyckeltal).")

    def do_import(self, options):
        table = _table(options["table"])
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"kan inte läsa {path}: {exc.strerror}") from exc
        result = import_values(
            table=table,
            data=data,
            filename=path.name,
            year=options.get("year"),
            create_metrics=options["create_metrics"],
            source=options["source"],
        )
        self.stdout.write(f"Importerade till {table.slug}: {result.summary}")

    def do_show(self, options):
        table = _table(options["table"])
        comp = comparison(table, year=options.get("year"))
        if options["format"] == "json":
            data = comparison_data(table, comp)
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        if not comp.rows:
            self.stdout.write(
                f"{table.name}: inga värden ännu. Importera med: kompass ratios import {table.slug} FIL"
            )
            return
        year = str(comp.year)
        self.stdout.write(table.name if year in table.name else f"{table.name} {year}")
        for m in comp.metrics:
            cells = []
            for r in comp.rows:
                f = r.figures[m.key]
                text = f.display + (f" ({f.note})" if f.note else "")
                cells.append(f"{r.organisation.name} {text}")
            line = f"  {m.name}: " + "; ".join(cells)
            if m.target is not None:
                gaps = [
                    f"{r.organisation.name} {r.figures[m.key].gap.text}"
                    for r in comp.rows
                    if r.figures[m.key].gap
                ]
                line += "\n    Mot målet: " + "; ".join(gaps)
            self.stdout.write(line)
        if table.comparability:
            self.stdout.write(f"Jämförbarhet: {table.comparability}")

    def do_export(self, options):
        table = _table(options["table"])
        content = export(
            "nyckeltal",
            user=command_line_user(),
            key=table.slug,
            params={"ar": options.get("year")},
            fmt=options["format"],
        ).content
        path = Path(options["output"])
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        self.stdout.write(f"Skrev {path} ({len(content)} byte).")

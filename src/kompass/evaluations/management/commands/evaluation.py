"""`kompass evaluation list|show|import|export|scores`"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kompass.core.errors import InputError
from kompass.evaluations.domain.summary import evaluation_row, evaluation_summary
from kompass.evaluations.domain.transfer import dump, export_evaluation, import_evaluation_bytes
from kompass.evaluations.models import Evaluation
from kompass.evaluations.report import build_evaluation_report
from kompass.reports.render import render_xlsx


def _get(pk) -> Evaluation:
    evaluation = (
        Evaluation.objects.select_related("organisation", "framework").filter(pk=pk).first()
    )
    if evaluation is None:
        raise CommandError(f"det finns ingen utvärdering med id {pk}")
    return evaluation


class Command(BaseCommand):
    help = "Listar, visar, importerar och exporterar utvärderingar."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="ÅTGÄRD")
        p = sub.add_parser("list", help="lista utvärderingar")
        p.add_argument("--format", choices=("table", "json"), default="table")
        p.add_argument("--organisation", help="kommunkod eller namn")
        p.add_argument("--status", choices=Evaluation.Status.values)
        p = sub.add_parser("show", help="visa en utvärdering med poäng")
        p.add_argument("id", type=int)
        p.add_argument("--format", choices=("table", "json"), default="table")
        p = sub.add_parser("import", help="importera en utvärdering från YAML eller JSON")
        p.add_argument("file")
        p.add_argument(
            "--replace",
            action="store_true",
            help="ersätt en befintlig utvärdering av samma organisation, ramverk och datum",
        )
        p = sub.add_parser("export", help="exportera en utvärdering som YAML eller JSON")
        p.add_argument("id", type=int)
        p.add_argument("--format", choices=("yaml", "json"), default="yaml")
        p.add_argument("--output", "-o", help="fil (standard: skriv ut)")
        p = sub.add_parser("scores", help="exportera poängen som XLSX")
        p.add_argument("id", type=int)
        p.add_argument("--output", "-o", required=True)

    def handle(self, *args, **options):
        getattr(self, f"do_{options['action']}")(options)

    def do_list(self, options):
        qs = Evaluation.objects.select_related("organisation", "framework").order_by("-date", "pk")
        if options.get("organisation"):
            from kompass.organisations.domain.register import find_organisation

            try:
                qs = qs.filter(organisation=find_organisation(options["organisation"]))
            except LookupError as exc:
                raise CommandError(str(exc)) from exc
        if options.get("status"):
            qs = qs.filter(status=options["status"])
        rows = [evaluation_row(e) for e in qs]
        if options["format"] == "json":
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        if not rows:
            self.stdout.write("Inga utvärderingar. Importera en med: kompass evaluation import FIL")
            return
        for r in rows:
            flag = " (exempeldata)" if r["example"] else ""
            self.stdout.write(
                f"{r['id']:>5}  {r['date']}  {r['organisation']['code'] or '':<5} "
                f"{r['organisation']['name']:<24} {r['framework']:<24} {r['status']}{flag}"
            )

    def do_show(self, options):
        summary = evaluation_summary(_get(options["id"]))
        if options["format"] == "json":
            self.stdout.write(json.dumps(summary, ensure_ascii=False, indent=2))
            return
        self.stdout.write(
            f"{summary['organisation']['name']} {summary['date']} – {summary['framework']}"
            f" ({summary['status']})"
        )
        for area in summary["areas"]:
            self.stdout.write(
                f"  {area['code']:<5} {area['name']:<60} {area['shown']:>4} / {area['max']}"
            )
            for s in area["subareas"]:
                self.stdout.write(
                    f"    {s['code']:<5} {s['name'][:58]:<58} {s['shown']:>4} / {s['max']}"
                )
        t = summary["total"]
        self.stdout.write(f"  {'Totalt':<66} {t['shown']:>4} / {t['max']}")

    def do_import(self, options):
        path = Path(options["file"])
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: filen kan inte läsas ({exc.strerror})") from exc
        try:
            evaluation, created = import_evaluation_bytes(
                content, filename=str(path), replace=options["replace"]
            )
        except InputError as exc:
            raise CommandError("importen avbröts, inget sparades:\n" + str(exc)) from exc
        if not created:
            self.stderr.write(f"Ersatte utvärdering {evaluation.pk}.")
        self.stdout.write(str(evaluation.pk))

    def do_export(self, options):
        text = dump(export_evaluation(_get(options["id"])), options["format"])
        if options.get("output"):
            Path(options["output"]).write_text(text, encoding="utf-8")
            self.stderr.write(f"Skrev {options['output']}")
        else:
            self.stdout.write(text, ending="")

    def do_scores(self, options):
        report = build_evaluation_report(_get(options["id"]))
        appendix = [t for t in report.tables() if t.sheet.startswith(("Område", "Totalt"))]
        Path(options["output"]).write_bytes(
            render_xlsx(appendix, title=report.title, notice=report.notice)
        )
        self.stdout.write(f"Skrev {options['output']}")

"""`kompass collaboration list|show|account`: collaboration projects from the command line."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kompass.analytics.socio.rounding import result_data
from kompass.collaboration.domain.account import project_result
from kompass.collaboration.domain.summary import project_row, project_summary
from kompass.collaboration.models import Project


def _get(pk) -> Project:
    project = Project.objects.filter(pk=pk).first()
    if project is None:
        raise CommandError(f"det finns inget samverkansprojekt med id {pk}")
    return project


class Command(BaseCommand):
    help = "Listar samverkansprojekt och skriver ut deras samverkansbokslut."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="ÅTGÄRD")
        p = sub.add_parser("list", help="lista projekten")
        p.add_argument("--format", choices=("table", "json"), default="table")
        p = sub.add_parser("show", help="visa ett projekt som JSON")
        p.add_argument("id", type=int)
        p = sub.add_parser("account", help="projektets samverkansbokslut (JSON eller XLSX)")
        p.add_argument("id", type=int)
        p.add_argument("--format", choices=("json", "xlsx"), default="json")
        p.add_argument("--output", "-o", help="fil (krävs för xlsx)")

    def handle(self, *args, **options):
        getattr(self, f"do_{options['action']}")(options)

    def do_list(self, options):
        rows = [project_row(p) for p in Project.objects.prefetch_related("partners__organisation")]
        if options["format"] == "json":
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        if not rows:
            self.stdout.write("Inga samverkansprojekt. Skapa ett i webben eller kör kompass demo.")
            return
        for r in rows:
            flag = " (exempeldata)" if r["example"] else ""
            self.stdout.write(f"{r['id']:>5}  {r['name']}{flag} – {', '.join(r['partners'])}")

    def do_show(self, options):
        summary = project_summary(_get(options["id"]))
        self.stdout.write(json.dumps(summary, ensure_ascii=False, indent=2))

    def do_account(self, options):
        project = _get(options["id"])
        result, problems = project_result(project)
        if problems:
            raise CommandError(
                "kalkylen kan inte räknas ut:\n" + "\n".join(str(p) for p in problems)
            )
        if result is None:
            raise CommandError(f"projektet {project.pk} har ingen socioekonomisk kalkyl")
        if options["format"] == "json":
            text = json.dumps(result_data(result), ensure_ascii=False, indent=2)
            if options.get("output"):
                Path(options["output"]).write_text(text, encoding="utf-8")
            else:
                self.stdout.write(text)
            return
        if not options.get("output"):
            raise CommandError("ange --output FIL för xlsx")
        from kompass.reports.exports import command_line_user, export

        content = export(
            "samverkansbokslut", user=command_line_user(), key=project.pk, fmt="xlsx"
        ).content
        Path(options["output"]).write_bytes(content)
        self.stdout.write(f"Skrev XLSX ({len(content)} byte) till {options['output']}")

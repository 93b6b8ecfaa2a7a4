"""`kompass jobs list|get`: background jobs from the command line (started with
`--background`): their state, and their result files written into a directory."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kompass.jobs.models import Job


class Command(BaseCommand):
    help = "Visar bakgrundsjobb och hämtar deras resultatfiler."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="ÅTGÄRD")
        p = sub.add_parser("list", help="de senaste jobben")
        p.add_argument("--limit", type=int, default=20)
        p = sub.add_parser("get", help="skriv ett jobbs resultatfiler till en mapp")
        p.add_argument("id", help="jobbets id")
        p.add_argument("--output", "-o", required=True, help="mappen filerna skrivs till")

    def handle(self, *args, **options):
        getattr(self, f"do_{options['action']}")(options)

    def do_list(self, options):
        jobs = Job.objects.select_related("user")[: options["limit"]]
        if not jobs:
            self.stdout.write("Inga jobb.")
        for job in jobs:
            progress = f" {job.done}/{job.total}" if job.total else ""
            who = job.user.username if job.user else "kommandoraden"
            self.stdout.write(
                f"{job.pk}  {job.get_status_display():<13}{progress:>10}  {job.title} ({who})"
            )

    def do_get(self, options):
        job = Job.objects.filter(pk=options["id"]).first() if _uuid(options["id"]) else None
        if job is None:
            raise CommandError(f"det finns inget jobb med id {options['id']}")
        if not job.finished:
            raise CommandError(f"jobbet är inte klart ännu ({job.get_status_display().lower()})")
        if job.status == Job.Status.FAILED:
            raise CommandError(f"jobbet misslyckades: {job.error}")
        folder = Path(options["output"])
        folder.mkdir(parents=True, exist_ok=True)
        for result in job.files.all():
            with result.file.open("rb") as source:
                (folder / result.name).write_bytes(source.read())
            self.stdout.write(f"Skrev {folder / result.name}")


def _uuid(value: str) -> bool:
    import uuid

    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True

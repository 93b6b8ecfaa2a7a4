"""`kompass worker [--queue Q] [--sleep S] [--once] [--max-jobs N]`: runs background jobs.

A thin wrapper around the database backend's worker (`django-tasks-db`'s `db_worker`):
it claims one queued task at a time under a row lock, so any number of workers, on any
number of machines sharing the PostgreSQL database, run each job exactly once.

Periodic jobs (`@job(every=...)`, e.g. the daily retention run) are started from here:
once when the worker starts and then once a minute from a thread beside the task loop
(`kompass.jobs.periodic`: a unique row per period makes one worker win).
"""

import threading

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.crypto import get_random_string
from django_tasks import task_backends

from kompass.jobs.definitions import QUEUES

PERIODIC_LOOK_SECONDS = 60


def _look_for_periodic_jobs(stop: threading.Event) -> None:
    from django.db import connection

    from kompass.jobs.periodic import start_due

    while not stop.wait(PERIODIC_LOOK_SECONDS):
        try:
            start_due()
        except Exception:  # a lost connection: try again next minute
            import logging

            logging.getLogger("kompass.jobs").exception("starting periodic jobs failed")
        finally:
            connection.close()


class Command(BaseCommand):
    help = "Kör bakgrundsjobb (rapporter, importer) tills den stoppas med Ctrl-C."

    def add_arguments(self, parser):
        parser.add_argument(
            "--queue",
            default="*",
            help=f"köer att ta jobb från, kommaseparerade ({', '.join(QUEUES)}); standard alla",
        )
        parser.add_argument(
            "--sleep", type=float, default=1.0, help="sekunder mellan tittar när kön är tom"
        )
        parser.add_argument(
            "--once", action="store_true", help="kör det som väntar och avsluta sedan"
        )
        parser.add_argument("--max-jobs", type=int, help="avsluta efter så här många jobb")
        parser.add_argument("--id", help="arbetarens namn i loggen (standard: slumpat)")
        parser.add_argument(
            "--no-periodic",
            action="store_true",
            help="starta inte de periodiska jobben (t.ex. den dagliga gallringen)",
        )

    def handle(self, *args, **options):
        from django_tasks_db.backend import DatabaseBackend

        if not isinstance(task_backends["default"], DatabaseBackend):
            raise CommandError(
                "jobben körs direkt (KOMPASS_TASKS=immediate); en arbetare behövs bara med "
                "KOMPASS_TASKS=database"
            )
        queues = options["queue"]
        unknown = [q for q in queues.split(",") if q != "*" and q not in QUEUES]
        if unknown:
            raise CommandError(f"okänd kö: {', '.join(unknown)} (finns: {', '.join(QUEUES)})")
        if options["sleep"] < 0:
            raise CommandError("--sleep kan inte vara negativ")
        worker_id = options.get("id") or get_random_string(12)
        self.stdout.write(f"Arbetaren {worker_id} tar jobb från köerna {queues}.")
        self.stdout.flush()
        from kompass.jobs.periodic import start_due

        periodic = not options.get("no_periodic")
        for job in start_due() if periodic else []:
            self.stdout.write(f"Periodiskt jobb startat: {job.title}")
        stop = threading.Event()
        if periodic and not options["once"]:
            threading.Thread(
                target=_look_for_periodic_jobs, args=(stop,), name="periodic", daemon=True
            ).start()
        try:
            self._run(queues, worker_id, options)
        finally:
            stop.set()

    def _run(self, queues, worker_id, options):
        call_command(
            "db_worker",
            queue_name=queues,
            interval=options["sleep"],
            batch=options["once"],
            reload=False,
            max_tasks=options.get("max_jobs"),
            worker_id=worker_id,
            startup_delay=not options["once"],
            verbosity=options["verbosity"],
            stdout=self.stdout._out,
            stderr=self.stderr._out,
        )

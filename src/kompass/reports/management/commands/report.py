"""`kompass report KIND KEY [--PARAM ...] --format pdf|docx|html|xlsx|... --output PATH`

Every kind of `kompass.reports.exports` is a subcommand with the kind's own parameters;
the file is made by `export()`, exactly as the download view makes it. `--all` makes every
document of the kind's set (e.g. all feedback reports of a survey) into one ZIP, with a
progress bar; `--background` hands the work to `kompass worker` as a job instead.
"""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.http import Http404
from django.utils import translation

from kompass.core.errors import InputError
from kompass.lib.numbers import format_number
from kompass.reports.exports import (
    REPORT_FORMATS,
    CommandLineKind,
    ParamError,
    command_line_user,
    export,
    report_kinds,
)


def user_named(username: str | None):
    """The user a command acts as: `--user NAME`, else the trusted command line."""
    if not username:
        return command_line_user()
    from kompass.accounts.models import User

    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"det finns ingen aktiv användare ”{username}”")
    return user


class Command(BaseCommand):
    help = "Skriver en rapport som PDF, DOCX, HTML eller XLSX (och för vissa typer YAML/JSON)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="kind", required=True, metavar="TYP")
        for kind in report_kinds().values():
            p = sub.add_parser(kind.identifier, aliases=list(kind.aliases), help=kind.verbose_name)
            p.set_defaults(report_kind=kind)
            if isinstance(kind, CommandLineKind):
                kind.declared.add_arguments(p)
                p.add_argument("--format", choices=REPORT_FORMATS, default="pdf")
                p.add_argument("--output", "-o", required=True, help="filen som skrivs")
                p.add_argument(
                    "--language",
                    choices=[code for code, _name in settings.LANGUAGES],
                    help="rapportens språk (standard: svenska)",
                )
                continue
            p.add_argument("key", metavar="NYCKEL", help=kind.key_help)
            for param in kind.params:
                p.add_argument(
                    f"--{param.name}", *param.aliases, dest=f"param_{param.name}", help=param.help
                )
            p.add_argument(
                "--format",
                choices=kind.all_formats,
                default=kind.all_formats[0],
                help=f"filformat (standard {kind.all_formats[0]})",
            )
            p.add_argument("--output", "-o", help="filen som skrivs (behövs utom med --background)")
            if kind.bundle_label:
                p.add_argument(
                    "--all", action="store_true", help=f"{kind.bundle_label} i en ZIP-fil"
                )
            p.add_argument(
                "--background",
                action="store_true",
                help="kör som bakgrundsjobb (kompass worker); resultatet hämtas med kompass jobs",
            )
            p.add_argument(
                "--user", help="skriv rapporten som denna användare ser den (standard: allt)"
            )
            p.add_argument(
                "--language",
                choices=[code for code, _name in settings.LANGUAGES],
                help="rapportens språk (standard: det språk --user valde senast, annars svenska)",
            )
            p.set_defaults(report_kind=kind)

    def handle(self, *args, **options):
        kind = options["report_kind"]
        if isinstance(kind, CommandLineKind):
            return self._command_line_kind(kind, options)
        params = {p.name: options.get(f"param_{p.name}") for p in kind.params}
        user = user_named(options.get("user"))
        # The report in the language asked for, else the one the user last chose (as on
        # the web), else Swedish; a job keeps the language it was started in. The
        # command's own messages stay Swedish.
        options["language"] = options.get("language") or getattr(user, "language", "") or "sv"
        if options["background"]:
            return self._enqueue(kind, user, params, options)
        if not options.get("output"):
            raise CommandError("ange --output FIL")
        try:
            with translation.override(options["language"]):
                if options.get("all"):
                    result = self._bundle(kind, user, params, options)
                else:
                    result = export(
                        kind, user=user, key=options["key"], params=params, fmt=options["format"]
                    )
        except (Http404, PermissionDenied) as exc:
            raise CommandError(kind.not_found % {"key": options["key"]}) from exc
        except (ParamError, InputError, LookupError, ValueError) as exc:
            raise CommandError(str(exc).strip("'\"")) from exc
        path = Path(options["output"])
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(result.content)
        except OSError as exc:
            raise CommandError(f"kan inte skriva {path}: {exc.strerror}") from exc
        size = format_number(len(result.content))
        what = "ZIP" if options.get("all") else options["format"].upper()
        self.stdout.write(f"Skrev {what} ({size} byte) till {path}")

    def _command_line_kind(self, kind, options):
        from kompass.reports.render import render

        try:
            with translation.override(options.get("language") or "sv"):
                report = kind.build_from_options(options)
                _name, _mime, content = render(report, options["format"])
        except (InputError, LookupError, ValueError) as exc:
            raise CommandError(str(exc).strip("'\"")) from exc
        path = Path(options["output"])
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        except OSError as exc:
            raise CommandError(f"kan inte skriva {path}: {exc.strerror}") from exc
        size = format_number(len(content))
        self.stdout.write(f"Skrev {options['format'].upper()} ({size} byte) till {path}")

    def _bundle(self, kind, user, params, options):
        from tqdm import tqdm

        from kompass.reports.jobs import export_bundle

        documents = kind.bundle(user=user, key=options["key"], params=kind.clean(params))
        with tqdm(
            total=len(documents),
            unit=" dok",
            file=self.stderr._out,
            disable=not self.stderr.isatty(),
        ) as bar:
            return export_bundle(
                kind,
                user=user,
                key=options["key"],
                params=params,
                fmt=options["format"],
                documents=documents,
                progress=lambda done, total, name: bar.update(done - bar.n),
            )

    def _enqueue(self, kind, user, params, options):
        from kompass.jobs import enqueue
        from kompass.reports.exports import FORMAT_LABELS
        from kompass.reports.jobs import export_report, export_reports

        everything = bool(options.get("all"))
        fmt = options["format"]
        with translation.override(options["language"]):  # the job's language
            what = str(kind.bundle_label if everything else kind.verbose_name)
            job = enqueue(
                export_reports if everything else export_report,
                user=user if user.pk else None,
                title=f"{what[:1].upper()}{what[1:]}: {options['key']} ({FORMAT_LABELS[fmt]})",
                kind=kind.identifier,
                key=str(options["key"]),
                params=kind.clean(params),
                fmt=fmt,
            )
        self.stdout.write(
            f"Jobbet {job.pk} är köat ({job.get_status_display().lower()}). "
            f"Hämta resultatet med: kompass jobs get {job.pk} --output MAPP"
        )

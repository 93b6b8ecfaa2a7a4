"""`kompass survey recipients|send|remind`: the recipient list and the e-mail of a wave.

`send` and `remind` do the work in the foreground with a progress bar and print how many
mails went out; `--background` queues a job for `kompass worker` instead.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError
from tqdm import tqdm

from kompass.core.errors import InputError


def add_parsers(sub) -> None:
    p = sub.add_parser(
        "recipients", help="läs in en mottagarlista (email, organisation, bakgrundsfrågor)"
    )
    p.add_argument("slug")
    p.add_argument("--wave", required=True)
    p.add_argument("file", help="CSV eller XLSX")
    for name, text in (
        ("send", "skicka inbjudningar till dem på mottagarlistan som inte har fått någon"),
        ("remind", "skicka en påminnelse till dem som inte har svarat"),
    ):
        p = sub.add_parser(name, help=text)
        p.add_argument("slug")
        p.add_argument("--wave", required=True)
        p.add_argument(
            "--background", action="store_true", help="lägg jobbet i kön för kompass worker"
        )
        if name == "send":
            p.add_argument(
                "--retry", action="store_true", help="försök igen med misslyckade inbjudningar"
            )


def do_recipients(command, options, survey, wave) -> None:
    from kompass.surveys.domain.recipients import import_recipients

    path = Path(options["file"])
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise CommandError(f"{path}: filen kan inte läsas ({exc.strerror})") from exc
    try:
        result = import_recipients(survey=survey, wave=wave, content=content, filename=path.name)
    except InputError as exc:
        raise CommandError("listan lästes inte in, inget sparades:\n" + str(exc)) from exc
    command.stdout.write(
        f"{result.added} nya mottagare, {result.updated} ändrade, {result.unchanged} oförändrade."
    )
    if result.organisations_added:
        command.stdout.write(f"Nya i kohorten: {', '.join(result.organisations_added)}")


def _run(command, options, mailing, noun: str) -> None:
    from kompass.surveys.domain.mailing import MailServerError, pending_count, send_mailing
    from kompass.surveys.jobs import queue_mailing

    pending = pending_count(mailing)
    if not pending:
        command.stdout.write(f"0 {noun} skickades (ingen väntar på att få ett meddelande).")
        return
    if options["background"]:
        job = queue_mailing(mailing, user=None)
        command.stdout.write(
            f"{pending} {noun} ligger i kö (jobb {job.pk}); kompass worker skickar dem."
        )
        return
    bar = tqdm(total=pending, unit=" e-post", desc="Skickar", file=command.stderr._out)

    def progress(done: int, total: int, _message: str = "") -> None:
        bar.update(done - bar.n)

    try:
        result = send_mailing(mailing=mailing, progress=progress)
    except MailServerError as exc:
        bar.close()
        sent = mailing.deliveries.filter(status="sent").count()
        raise CommandError(
            f"e-postservern svarar inte ({exc}); {sent} {noun} är skickade totalt, resten "
            "väntar. Försök igen senare med samma kommando."
        ) from exc
    bar.close()
    command.stdout.write(f"{result.sent} {noun} skickades.")
    if result.failed:
        command.stdout.write(
            f"{result.failed} misslyckades (fel adress?); se omgångens sida Utskick."
        )
    if result.skipped:
        command.stdout.write(f"{result.skipped} hoppades över (har svarat eller avanmält sig).")


def do_send(command, options, survey, wave) -> None:
    from kompass.surveys.domain.mailing import retry, start_invitations

    mailing = start_invitations(wave=wave)
    if options.get("retry"):
        retry(mailing=mailing)
    _run(command, options, mailing, "inbjudningar")


def do_remind(command, options, survey, wave) -> None:
    from kompass.surveys.domain.mailing import start_reminder

    mailing = start_reminder(wave=wave)
    _run(command, options, mailing, "påminnelser")

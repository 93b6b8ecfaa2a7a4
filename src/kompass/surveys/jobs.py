"""The surveys' background jobs: sending a round of mail, the scheduled reminders, and
every report of a closed wave at once.

Sending acts as the user who started it (the survey's owner) and fetches the survey
through the access policy; a mail server that is down makes the attempt fail with
`MailServerError`, which the job runner retries later (what was accepted until then is
marked sent and is not sent again).
"""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

from kompass.jobs import enqueue, job

# Imported by the app at start (the periodic job must be known to every worker), so the
# domain, which pulls in Polars, is imported where it is used.


def _mailing_for(user, survey: str, wave: str, mailing: int):
    from kompass.accounts.access import get_survey_for_user
    from kompass.surveys.models import Mailing

    survey_obj = get_survey_for_user(user, survey, edit=True)
    found = Mailing.objects.filter(pk=mailing, wave__survey=survey_obj, wave__code=wave).first()
    if found is None:
        raise LookupError(_("Utskicket finns inte längre."))
    return found


@job(retries=6, backoff=60)
def send_wave_mail(ctx, *, survey: str, wave: str, mailing: int) -> None:
    """The pending mails of one round (invitations or a reminder)."""
    from kompass.surveys.domain.mailing import send_mailing

    found = _mailing_for(ctx.user, survey, wave, mailing)
    result = send_mailing(mailing=found, progress=ctx.progress)
    total = result.sent + result.failed + result.skipped
    ctx.progress(
        total,
        total,
        _("%(sent)s skickade, %(failed)s misslyckades, %(skipped)s hoppades över")
        % {"sent": result.sent, "failed": result.failed, "skipped": result.skipped},
    )


def queue_mailing(mailing, *, user):
    """Start the job that sends `mailing`; returns the `Job`."""
    from kompass.surveys.models import Mailing

    wave = mailing.wave
    if mailing.kind == Mailing.Kind.INVITATION:
        title = _("Inbjudningar: %(survey)s, %(wave)s")
    else:
        title = _("Påminnelse %(n)s: %(survey)s, %(wave)s")
    title = title % {"survey": wave.survey.name, "wave": wave.name, "n": mailing.number}
    return enqueue(
        send_wave_mail,
        user=user,
        title=title,
        survey=wave.survey.slug,
        wave=wave.code,
        mailing=mailing.pk,
    )


def send_due_reminders(*, today=None, user=None) -> list:
    """Start a reminder round for every wave whose scheduled day has come (see
    `mailing.due_reminders`); returns the jobs started."""
    from kompass.surveys.domain.mailing import due_reminders, start_reminder

    jobs = []
    for wave, day in due_reminders(today=today):
        mailing = start_reminder(wave=wave, day=day)
        if mailing is not None:
            jobs.append(queue_mailing(mailing, user=user))
    return jobs


@job(every=datetime.timedelta(minutes=15), retries=2, backoff=60)
def scheduled_reminders(ctx) -> None:
    """Påminnelser enligt omgångarnas schema"""
    started = send_due_reminders()
    ctx.progress(len(started), len(started), "")


# -- every report of a closed wave ---------------------------------------------------
REPORT_FORMATS = ("pdf", "docx", "xlsx")
PART_SIZE = 2  # documents (organisations) per part: small, so the workers share the load evenly


def _closed_wave(user, survey: str, wave: str):
    from kompass.accounts.access import get_survey_for_user
    from kompass.core.errors import InputError

    survey_obj = get_survey_for_user(user, survey, edit=True)
    wave_obj = survey_obj.waves.filter(code=wave).first()
    if wave_obj is None:
        raise LookupError(_("Omgången finns inte längre."))
    if not wave_obj.is_closed():
        raise InputError(_("Omgången är öppen: rapporterna byggs när den har stängt."))
    return survey_obj, wave_obj


@job(queue="export")
def wave_reports(ctx, *, survey: str, wave: str, formats: list[str] | None = None) -> None:
    """Every organisation's feedback report and the cohort report of a closed wave, in
    PDF, DOCX and XLSX: split into parts that the workers build side by side, then
    zipped (`wave_reports_zip`)."""
    survey_obj, _wave = _closed_wave(ctx.user, survey, wave)
    formats = [f for f in (formats or REPORT_FORMATS) if f in REPORT_FORMATS]
    keys = [""] + [
        m.organisation.key
        for m in survey_obj.members.select_related("organisation").order_by("organisation__name")
    ]
    parts = [
        {
            "survey": survey,
            "wave": wave,
            "organisations": keys[i : i + PART_SIZE],
            "formats": formats,
        }
        for i in range(0, len(keys), PART_SIZE)
    ]
    ctx.fan_out(
        wave_reports_part,
        parts,
        finish=wave_reports_zip,
        total=len(keys) * len(formats),
        survey=survey,
        wave=wave,
    )


@job(retries=2, backoff=30, queue="export")
def wave_reports_part(
    ctx, *, survey: str, wave: str, organisations: list[str], formats: list[str]
) -> None:
    """Some of the wave's reports (`organisations`: keys, "" for the cohort report), each
    kept for its organisation through the one export path."""
    from django.core.files.base import ContentFile

    from kompass.organisations.models import Organisation
    from kompass.reports.exports import export
    from kompass.surveys.models import WaveReportFile

    survey_obj, wave_obj = _closed_wave(ctx.user, survey, wave)
    bundle = ctx.job.parent_id or ctx.job.pk
    for key in organisations:
        organisation = Organisation.for_key(key) if key else None
        for fmt in formats:
            result = export(
                "enkat",
                user=ctx.user,
                key=survey_obj.slug,
                params={"organisation": key} if key else {},
                fmt=fmt,
            )
            # A retried part replaces what its first attempt made.
            WaveReportFile.objects.filter(
                job_id=bundle, organisation=organisation, fmt=fmt
            ).delete()
            WaveReportFile.objects.create(
                survey=survey_obj,
                wave=wave_obj,
                organisation=organisation,
                job_id=bundle,
                fmt=fmt,
                name=result.filename,
                file=ContentFile(result.content, name=result.filename),
                mimetype=result.mimetype,
                size=len(result.content),
            )
            ctx.advance(1, result.filename)


@job(queue="export")
def wave_reports_zip(ctx, *, survey: str, wave: str) -> None:
    """The wave's reports in one ZIP: the cohort report at the top, the organisations'
    feedback reports in a folder per format."""
    import io
    import zipfile

    from kompass.reports.exports import file_stem
    from kompass.surveys.models import WaveReportFile

    buffer = io.BytesIO()
    names: set[str] = set()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in WaveReportFile.objects.filter(job=ctx.job).order_by("organisation_id", "fmt"):
            name = item.name if item.organisation_id is None else f"{item.fmt}/{item.name}"
            stem, dot, ext = name.rpartition(".")
            n = 2
            while name in names:
                name, n = f"{stem}-{n}{dot}{ext}", n + 1
            names.add(name)
            with item.file.open("rb") as handle:
                archive.writestr(name, handle.read())
    ctx.add_file(
        f"{file_stem('rapporter', survey, wave)}.zip", buffer.getvalue(), "application/zip"
    )


def queue_wave_reports(wave, *, user):
    """Start building every report of the closed `wave`; returns the `Job`."""
    return enqueue(
        wave_reports,
        user=user,
        title=_("Alla rapporter: %(survey)s, %(wave)s")
        % {"survey": wave.survey.name, "wave": wave.name},
        survey=wave.survey.slug,
        wave=wave.code,
    )

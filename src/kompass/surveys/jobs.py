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
    from kompass.surveys.domain.access import get_survey_for_user
    from kompass.surveys.models import Mailing

    survey_obj = get_survey_for_user(user, survey, manage=True)
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

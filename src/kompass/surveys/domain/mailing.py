"""Invitations and reminders by e-mail.

- Texts: the organiser's subject and text per wave, in Swedish (English optional, sent
  below the Swedish). `{lank}` (the personal link) is required: a text without it is
  refused, as is an unknown placeholder.
- Rounds: one invitation round per wave (recipients added later join it), reminder
  rounds 1, 2, ... by hand or on the wave's schedule (days after the invitations went
  out). Every round has one `Delivery` per recipient, unique, so nobody gets the same
  round twice.
- Sending: a delivery is claimed ("sending") before it is handed to the server and
  marked "sent" only after the server accepted it. A refused address is "failed" with
  the server's answer; a server that is down or drops the connection puts the rest back
  to "pending" and raises `MailServerError`, which the job runner retries later.
  A worker that dies between handing over and the server's answer leaves "sending":
  such mails are not sent again without a person's say (the wave's mailing page).
- Reminders go only to those whose invitation has not been answered and who have not
  opted out. The invitation knows *that* someone answered, never which response is
  theirs, and nothing here changes that.
"""

from __future__ import annotations

import contextlib
import datetime
import re
import secrets
import smtplib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import connections as connections_db
from django.db import router, transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kompass.core.errors import InputError, InputProblem
from kompass.core.mail import tag
from kompass.surveys.domain.recipients import token_of
from kompass.surveys.models import Delivery, Mailing, Recipient, Wave, WaveMail

PLACEHOLDER_RE = re.compile(r"\{([^{}\s]*)\}")
# name -> what it stands for (marked for translation; the mail page shows it translated)
PLACEHOLDERS = {
    "lank": gettext_noop("den personliga svarslänken (krävs)"),
    "enkat": gettext_noop("enkätens namn"),
    "organisation": gettext_noop("mottagarens organisation"),
    "omgang": gettext_noop("omgångens namn"),
    "sista_dag": gettext_noop("omgångens sista svarsdag"),
    "avanmal": gettext_noop("länken för att avanmäla sig från påminnelser"),
}
CHUNK = 50
STALE = datetime.timedelta(minutes=10)  # "sending" longer than this: the outcome is unknown
MIN_REMINDER_GAP = datetime.timedelta(hours=1)

DEFAULT_TEXTS = {
    "invitation_subject": "Enkät: {enkat}",
    "invitation_body": (
        "Hej!\n\nDu är inbjuden att svara på enkäten ”{enkat}” för {organisation}. "
        "Svaren är anonyma: ingen kan se vad just du har svarat.\n\n"
        "Svara här (länken är personlig, dela den inte):\n{lank}\n\n"
        "Sista svarsdag: {sista_dag}.\n\nTack för din medverkan!"
    ),
    "reminder_subject": "Påminnelse: {enkat}",
    "reminder_body": (
        "Hej!\n\nVi har ännu inte fått ditt svar på enkäten ”{enkat}” för {organisation}. "
        "Det tar bara några minuter, och varje svar gör resultatet säkrare.\n\n"
        "Svara här (länken är personlig, dela den inte):\n{lank}\n\n"
        "Sista svarsdag: {sista_dag}.\n\nHar du redan svarat? Tack, då kan du bortse "
        "från det här meddelandet."
    ),
}
TEXT_FIELDS = (
    "invitation_subject",
    "invitation_body",
    "invitation_subject_en",
    "invitation_body_en",
    "reminder_subject",
    "reminder_body",
    "reminder_subject_en",
    "reminder_body_en",
)


class MailServerError(RuntimeError):
    """The mail server could not be reached or stopped answering; a later attempt may
    succeed (the job runner retries)."""


# -- texts ------------------------------------------------------------------------
def mail_texts(wave: Wave) -> WaveMail:
    """The wave's texts (the built-in ones until the organiser writes their own)."""
    found = WaveMail.objects.filter(wave=wave).first()
    return found or WaveMail(wave=wave, **DEFAULT_TEXTS, reminder_days=[])


def _check_text(text: str, field: str, *, needs_link: bool) -> list[InputProblem]:
    problems = []
    names = PLACEHOLDER_RE.findall(text or "")
    unknown = sorted({n for n in names if n not in PLACEHOLDERS})
    if unknown:
        problems.append(
            InputProblem(
                _("okänd platshållare %(unknown)s (finns: %(known)s)")
                % {
                    "unknown": ", ".join("{" + n + "}" for n in unknown),
                    "known": ", ".join("{" + n + "}" for n in PLACEHOLDERS),
                },
                field=field,
            )
        )
    if needs_link and "lank" not in names:
        problems.append(
            InputProblem(
                _(
                    "texten saknar {lank}: varje mottagare behöver sin personliga länk för att "
                    "kunna svara"
                ),
                field=field,
            )
        )
    return problems


def set_mail_texts(*, wave: Wave, reminder_days: list[int] | None = None, **texts) -> WaveMail:
    """Store the organiser's texts and reminder days, or raise InputError naming each
    field: a body without {lank}, an unknown placeholder, an English body without its
    subject (or the reverse), a reminder day outside 1..365."""
    unknown = set(texts) - set(TEXT_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    clean = {name: str(texts.get(name) or "").strip() for name in TEXT_FIELDS}
    problems: list[InputProblem] = []
    for name in ("invitation_subject", "invitation_body", "reminder_subject", "reminder_body"):
        if not clean[name]:
            problems.append(InputProblem("fyll i texten", field=name))
    for name in TEXT_FIELDS:
        if len(clean[name]) > (200 if "subject" in name else 20_000):
            problems.append(InputProblem(_("texten är för lång"), field=name))
        if "subject" in name and "\n" in clean[name]:
            problems.append(InputProblem(_("ämnesraden ska vara en rad"), field=name))
        if clean[name]:
            problems += _check_text(clean[name], name, needs_link="body" in name)
    for kind in ("invitation", "reminder"):
        subject, body = clean[f"{kind}_subject_en"], clean[f"{kind}_body_en"]
        if bool(subject) != bool(body):
            problems.append(
                InputProblem(
                    _("fyll i både ämne och text på engelska, eller ingetdera"),
                    field=f"{kind}_body_en" if subject else f"{kind}_subject_en",
                )
            )
    days = []
    for value in reminder_days or []:
        try:
            day = int(value)
        except (TypeError, ValueError):
            problems.append(
                InputProblem(
                    _("”%(value)s” är ingen dag") % {"value": value}, field="reminder_days"
                )
            )
            continue
        if not 1 <= day <= 365:
            problems.append(
                InputProblem(_("en påminnelsedag ska vara 1–365 dagar"), field="reminder_days")
            )
            continue
        days.append(day)
    if problems:
        raise InputError(problems)
    mail, _created = WaveMail.objects.update_or_create(
        wave=wave, defaults={**clean, "reminder_days": sorted(set(days))}
    )
    return mail


def _fill(text: str, values: dict[str, str]) -> str:
    return PLACEHOLDER_RE.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def build_message(
    mailing: Mailing, recipient: Recipient, texts: WaveMail, links=None
) -> EmailMessage:
    """The mail to one recipient: the organiser's text with their personal link, the
    English text below it when there is one, and the opt-out link at the foot."""
    answer_url, opt_out_url = (links or _Links()).of(token_of(recipient))
    wave = mailing.wave
    closes = wave.closes.isoformat() if wave.closes else "–"
    values = {
        "lank": answer_url,
        "enkat": recipient.survey.name,
        "organisation": recipient.organisation.display_name or recipient.organisation.name,
        "omgang": wave.name,
        "sista_dag": closes,
        "avanmal": opt_out_url,
    }
    kind = mailing.kind
    subject = _fill(getattr(texts, f"{kind}_subject"), values)
    body = _fill(getattr(texts, f"{kind}_body"), values)
    if getattr(texts, f"{kind}_body_en"):
        subject += " / " + _fill(getattr(texts, f"{kind}_subject_en"), values)
        body += "\n\n— English —\n\n" + _fill(getattr(texts, f"{kind}_body_en"), values)
    body += (
        "\n\n--\nVill du inte få fler påminnelser om den här enkäten? / "
        "No more reminders about this survey:\n" + values["avanmal"] + "\n"
    )
    message = EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient.email],
        headers={"List-Unsubscribe": f"<{values['avanmal']}>"},
    )
    return tag(message, f"survey:{recipient.survey_id}")


# -- rounds -----------------------------------------------------------------------
def _check_open(wave: Wave) -> None:
    if wave.is_closed():
        raise InputError([InputProblem(_("omgången är stängd; inga fler utskick"), field="wave")])


def start_invitations(*, wave: Wave) -> Mailing:
    """The wave's invitation round, with a delivery for every recipient who has none yet
    (nobody gets a second invitation)."""
    _check_open(wave)
    with transaction.atomic():
        mailing, _created = Mailing.objects.get_or_create(
            wave=wave, kind=Mailing.Kind.INVITATION, number=0
        )
        have = Delivery.objects.filter(mailing=mailing).values_list("recipient_id", flat=True)
        new = Recipient.objects.filter(wave=wave, opted_out=False).exclude(pk__in=have)
        Delivery.objects.bulk_create(
            [Delivery(mailing=mailing, recipient_id=pk) for pk in new.values_list("pk", flat=True)],
            batch_size=2000,
        )
    return mailing


def _unfinished(wave: Wave) -> Mailing | None:
    return (
        Mailing.objects.filter(
            wave=wave, kind=Mailing.Kind.REMINDER, deliveries__status=Delivery.Status.PENDING
        )
        .order_by("-number")
        .first()
    )


def start_reminder(*, wave: Wave, day: int | None = None, now=None) -> Mailing | None:
    """A reminder round to everyone invited who has not answered and has not opted out.
    An unfinished round is resumed instead of starting another; a scheduled `day` that
    already has its round gives None; a new round by hand within an hour of the last one
    is refused (a double click, not a wish to remind twice)."""
    _check_open(wave)
    now = now or timezone.now()
    with transaction.atomic():
        unfinished = _unfinished(wave)
        if unfinished is not None:
            return unfinished
        reminders = Mailing.objects.filter(wave=wave, kind=Mailing.Kind.REMINDER)
        if day is not None and reminders.filter(day__gte=day).exists():
            return None
        last = reminders.order_by("-number").first()
        if day is None and last is not None and now - last.created_at < MIN_REMINDER_GAP:
            raise InputError(
                [
                    InputProblem(
                        _(
                            "en påminnelse gick ut för mindre än en timme sedan; vänta en stund "
                            "innan nästa"
                        ),
                        field="wave",
                    )
                ]
            )
        invited = Delivery.objects.filter(
            mailing__wave=wave,
            mailing__kind=Mailing.Kind.INVITATION,
            status=Delivery.Status.SENT,
        ).values_list("recipient_id", flat=True)
        targets = list(
            Recipient.objects.filter(
                wave=wave, pk__in=invited, opted_out=False, invitation__answered=False
            ).values_list("pk", flat=True)
        )
        if not Delivery.objects.filter(
            mailing__wave=wave, mailing__kind=Mailing.Kind.INVITATION, status="sent"
        ).exists():
            raise InputError(
                [InputProblem(_("inga inbjudningar har skickats ännu i omgången"), field="wave")]
            )
        number = (reminders.aggregate(n=Max("number"))["n"] or 0) + 1
        mailing = Mailing.objects.create(
            wave=wave, kind=Mailing.Kind.REMINDER, number=number, day=day
        )
        Delivery.objects.bulk_create(
            [Delivery(mailing=mailing, recipient_id=pk) for pk in targets], batch_size=2000
        )
    return mailing


def retry(*, mailing: Mailing, uncertain: bool = False) -> int:
    """Put failed deliveries back in the queue (and, with `uncertain`, those whose
    outcome is unknown: they may then arrive twice). Returns how many."""
    statuses = [Delivery.Status.FAILED]
    qs = Delivery.objects.filter(mailing=mailing, status__in=statuses)
    count = qs.update(status=Delivery.Status.PENDING, claim="")
    if uncertain:
        count += Delivery.objects.filter(
            mailing=mailing,
            status=Delivery.Status.SENDING,
            updated_at__lt=timezone.now() - STALE,
        ).update(status=Delivery.Status.PENDING, claim="")
    return count


# -- sending ----------------------------------------------------------------------
@dataclass
class SendResult:
    sent: int = 0
    failed: int = 0
    skipped: int = 0
    deferred: int = 0


def _permanent(code) -> bool:
    return isinstance(code, int) and code >= 500


class _Pace:
    """At most `rate` mails per second (0: no limit)."""

    def __init__(self, rate: int):
        self.rate = rate
        self.start = time.monotonic()
        self.count = 0
        self.lock = threading.Lock()  # shared by the connections of a round

    def wait(self) -> None:
        if not self.rate:
            return
        with self.lock:
            due = self.start + self.count / self.rate
            self.count += 1
        delay = due - time.monotonic()
        if delay > 0:
            time.sleep(delay)


def pending_count(mailing: Mailing) -> int:
    return Delivery.objects.filter(mailing=mailing, status=Delivery.Status.PENDING).count()


def send_mailing(
    *,
    mailing: Mailing,
    progress: Callable[[int, int, str], None] | None = None,
    rate: int | None = None,
    connections: int | None = None,
) -> SendResult:
    """Send the round's pending deliveries; see the module's docstring for what is marked
    when. `connections` SMTP connections (KOMPASS_EMAIL_CONNECTIONS) send side by side,
    each taking chunks of its own. Raises MailServerError when the server cannot be
    reached (what was accepted until then is marked sent, the rest stays pending),
    InputError when the wave closed."""
    wave = Wave.objects.select_related("survey").get(pk=mailing.wave_id)
    mailing.wave = wave
    _check_open(wave)
    texts = mail_texts(wave)
    links = _Links()
    pace = _Pace(settings.KOMPASS_EMAIL_RATE if rate is None else rate)
    result = SendResult()
    total = pending_count(mailing)
    count = max(1, settings.KOMPASS_EMAIL_CONNECTIONS if connections is None else connections)
    if connections_db[router.db_for_write(Delivery)].vendor == "sqlite":
        # SQLite has one writer at a time: sending threads would only fail on each other's
        # table locks (an in-memory database does not even wait), so one connection sends.
        count = 1
    state = _State()

    def report() -> None:
        if progress is not None:
            done = result.sent + result.failed + result.skipped + result.deferred
            progress(done, total, state.last)

    if count == 1:
        _sender(mailing, texts, links, pace, result, state, report)
    else:
        threads = [
            threading.Thread(
                target=_thread_sender,
                args=(mailing, texts, links, pace, result, state, None),
                daemon=True,
            )
            for _ in range(count)
        ]
        for thread in threads:
            thread.start()
        while any(t.is_alive() for t in threads):
            for thread in threads:
                thread.join(timeout=0.5)
            report()
        report()
    if state.errors:
        raise state.errors[0]
    if result.deferred:
        raise MailServerError(
            f"servern bad om att få försöka senare för {result.deferred} mottagare"
        )
    return result


class _State:
    def __init__(self):
        self.lock = threading.Lock()
        self.stop = False
        self.errors: list[BaseException] = []
        self.last = ""


class _Links:
    """The personal and opt-out links, with `reverse` asked once per round."""

    def __init__(self):
        marker = "TOKEN0"
        self.answer = absolute(reverse("surveys:answer", args=[marker])).split(marker)
        self.opt_out = absolute(reverse("surveys:opt_out", args=[marker])).split(marker)

    def of(self, token: str) -> tuple[str, str]:
        return token.join(self.answer), token.join(self.opt_out)


def _thread_sender(mailing, texts, links, pace, result, state, report) -> None:
    from django.db import connection as db

    try:
        _sender(mailing, texts, links, pace, result, state, report)
    except BaseException as exc:  # handed to the caller's thread
        with state.lock:
            state.errors.append(exc)
            state.stop = True
    finally:
        db.close()


def _sender(mailing, texts, links, pace, result, state, report) -> None:
    """Claim chunks and send them over one SMTP connection until none is left."""
    run = secrets.token_hex(8)
    connection = get_connection(fail_silently=False)
    opened = False
    try:
        while not state.stop:
            ids = list(
                Delivery.objects.filter(mailing=mailing, status=Delivery.Status.PENDING)
                .order_by("pk")
                .values_list("pk", flat=True)[:CHUNK]
            )
            if not ids:
                break
            Delivery.objects.filter(pk__in=ids, status=Delivery.Status.PENDING).update(
                status=Delivery.Status.SENDING, claim=run, attempts=F("attempts") + 1
            )
            claimed = list(
                Delivery.objects.filter(pk__in=ids, claim=run, status=Delivery.Status.SENDING)
                .select_related("recipient__invitation", "recipient__organisation")
                .order_by("pk")
            )
            if not claimed:
                continue  # another connection took this chunk
            if not opened:
                try:
                    connection.open()
                except (OSError, smtplib.SMTPException) as exc:
                    _release(claimed, _describe(exc))
                    raise MailServerError(_describe(exc)) from exc
                opened = True
            _send_chunk(mailing, claimed, texts, links, connection, pace, result, state)
            state.last = claimed[-1].recipient.email
            if report is not None:
                report()
            if result.deferred:
                state.stop = True
    finally:
        if opened:
            with contextlib.suppress(OSError, smtplib.SMTPException):
                connection.close()


def _describe(exc: BaseException) -> str:
    """The server's answer as people read it: "550 5.1.1 Mottagaren finns inte"."""
    code = getattr(exc, "smtp_code", None)
    text = getattr(exc, "smtp_error", b"")
    if isinstance(exc, smtplib.SMTPRecipientsRefused) and exc.recipients:
        code, text = next(iter(exc.recipients.values()))
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    if code:
        return f"{code} {text}".strip()[:500]
    return (f"{type(exc).__name__}: {exc}")[:500]


def _release(deliveries: list[Delivery], error: str) -> None:
    Delivery.objects.filter(
        pk__in=[d.pk for d in deliveries], status=Delivery.Status.SENDING
    ).update(status=Delivery.Status.PENDING, claim="", error=error[:500])


def _send_chunk(mailing, claimed, texts, links, connection, pace, result, state) -> None:
    """Send one claimed chunk; the counts go into `result` under the lock at the end."""
    sent: list[int] = []
    counts = {"failed": 0, "skipped": 0, "deferred": 0}
    try:
        for index, delivery in enumerate(claimed):
            recipient = delivery.recipient
            recipient.survey = mailing.wave.survey
            if recipient.opted_out or (
                mailing.kind == Mailing.Kind.REMINDER and recipient.invitation.answered
            ):
                Delivery.objects.filter(pk=delivery.pk).update(
                    status=Delivery.Status.SKIPPED, claim=""
                )
                counts["skipped"] += 1
                continue
            pace.wait()
            message = build_message(mailing, recipient, texts, links)
            try:
                accepted = connection.send_messages([message])
            except smtplib.SMTPRecipientsRefused as exc:
                code = next(iter(exc.recipients.values()), (None, b""))[0]
                if _permanent(code):
                    _fail(delivery, exc)
                    counts["failed"] += 1
                    continue
                _release(claimed[index:], _describe(exc))
                counts["deferred"] += 1
                return
            except smtplib.SMTPDataError as exc:
                if _permanent(exc.smtp_code):
                    _fail(delivery, exc)
                    counts["failed"] += 1
                    continue
                _release(claimed[index:], _describe(exc))
                counts["deferred"] += 1
                return
            except (OSError, smtplib.SMTPException) as exc:
                # The server is gone or refuses everything: nothing after this is sent.
                _release(claimed[index:], _describe(exc))
                raise MailServerError(_describe(exc)) from exc
            if accepted:
                sent.append(delivery.pk)
            else:
                _fail(delivery, RuntimeError("servern tog inte emot meddelandet"))
                counts["failed"] += 1
    finally:
        if sent:
            Delivery.objects.filter(pk__in=sent, status=Delivery.Status.SENDING).update(
                status=Delivery.Status.SENT, claim="", error=""
            )
        with state.lock:
            result.sent += len(sent)
            result.failed += counts["failed"]
            result.skipped += counts["skipped"]
            result.deferred += counts["deferred"]


def _fail(delivery: Delivery, exc: BaseException) -> None:
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.FAILED, claim="", error=_describe(exc)
    )


# -- the schedule -----------------------------------------------------------------
def due_reminders(*, today: datetime.date | None = None) -> list[tuple[Wave, int]]:
    """(wave, day) for every open wave whose scheduled reminder day has come and has no
    round yet; when several days have passed unseen, only the latest is due."""
    today = today or timezone.localdate()
    due = []
    for mail in WaveMail.objects.select_related("wave__survey").exclude(reminder_days=[]):
        wave = mail.wave
        if wave.is_closed(today):
            continue
        invitation = wave.mailings.filter(kind=Mailing.Kind.INVITATION).first()
        if invitation is None:
            continue
        start = timezone.localdate(invitation.created_at)
        passed = [d for d in mail.reminder_days if start + datetime.timedelta(days=d) <= today]
        if not passed:
            continue
        day = max(passed)
        if wave.mailings.filter(kind=Mailing.Kind.REMINDER, day__gte=day).exists():
            continue
        due.append((wave, day))
    return due

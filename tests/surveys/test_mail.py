"""Invitations and reminders through a real SMTP server (aiosmtpd on 127.0.0.1): one
invitation per person, reminders only to those who have not answered, a server that
refuses or is down, texts without the link, opt-out, the local outbox."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from kompass.core.errors import InputError
from kompass.core.models import OutboxMessage
from kompass.jobs.models import Job
from kompass.jobs.runner import execute
from kompass.organisations.models import Organisation
from kompass.surveys.domain.mailing import (
    MailServerError,
    due_reminders,
    retry,
    send_mailing,
    set_mail_texts,
    start_invitations,
    start_reminder,
)
from kompass.surveys.domain.recipients import import_recipients
from kompass.surveys.domain.surveys import add_wave, close_wave
from kompass.surveys.jobs import queue_mailing
from kompass.surveys.models import Delivery, Invited, Mailing, Recipient

SUBMISSION_RE = re.compile(r'name="submission" value="([0-9a-f]{32})"')


def recipient_csv(rows) -> bytes:
    lines = ["email;organisation;role"] + [";".join(r) for r in rows]
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture
def wave(tiny_survey):
    today = timezone.localdate()
    return add_wave(
        survey=tiny_survey,
        code="2026-10",
        opens=today - datetime.timedelta(days=1),
        closes=today + datetime.timedelta(days=20),
    )


def people(n, organisation="Falun", role="ledning", start=0):
    return [[f"person{i}@falun.example", organisation, role] for i in range(start, start + n)]


@pytest.fixture
def listed(tiny_survey, wave):
    rows = people(6) + people(4, "Leksand", "stöd", start=100)
    import_recipients(
        survey=tiny_survey, wave=wave, content=recipient_csv(rows), filename="lista.csv"
    )
    return wave


def answer(client, link: str) -> None:
    """Answer through a personal link as a respondent's browser would (follows the
    redirects the answer pages make; posts the form back to where it was shown)."""
    response = client.get(link.split("://", 1)[1].split("/", 1)[1].join(["/", ""]), follow=True)
    assert response.status_code == 200
    path = response.request["PATH_INFO"]
    submission = SUBMISSION_RE.search(response.content.decode()).group(1)
    posted = client.post(
        path,
        {"submission": submission, "attr-role": "ledning", "q-1": "4", "q-2": "5"},
        follow=True,
    )
    assert posted.status_code == 200


def test_each_recipient_gets_one_invitation_with_a_working_link(
    tiny_survey, listed, smtp_server, client
):
    mailing = start_invitations(wave=listed)
    result = send_mailing(mailing=mailing)
    assert result.sent == 10
    assert len(smtp_server.mailbox.messages) == 10
    assert len(set(smtp_server.mailbox.addresses())) == 10
    # Sending again sends nothing: everyone has had their invitation.
    assert send_mailing(mailing=start_invitations(wave=listed)).sent == 0
    assert len(smtp_server.mailbox.messages) == 10
    message = smtp_server.mailbox.to("person0@falun.example")[0]
    assert message["Subject"] == "Enkät: Liten enkät"
    assert "Falu" in smtp_server.mailbox.body(message)
    answer(client, smtp_server.mailbox.link(message))
    person = Recipient.objects.get(email="person0@falun.example")
    assert person.invitation.answered


def test_reminder_reaches_only_those_who_have_not_answered(
    tiny_survey, listed, smtp_server, client
):
    send_mailing(mailing=start_invitations(wave=listed))
    for address in ("person0@falun.example", "person101@falun.example"):
        answer(client, smtp_server.mailbox.link(smtp_server.mailbox.to(address)[0]))
    before = len(smtp_server.mailbox.messages)
    result = send_mailing(mailing=start_reminder(wave=listed))
    reminded = smtp_server.mailbox.addresses()[before:]
    assert result.sent == 8
    assert "person0@falun.example" not in reminded
    assert "person101@falun.example" not in reminded
    assert len(set(reminded)) == 8
    # A second reminder by hand right away is a double click, refused in Swedish.
    with pytest.raises(InputError, match="mindre än en timme"):
        start_reminder(wave=listed)


def test_refused_address_is_failed_and_can_be_retried(tiny_survey, listed, smtp_server):
    smtp_server.mailbox.refuse.add("person1@falun.example")
    mailing = start_invitations(wave=listed)
    result = send_mailing(mailing=mailing)
    assert (result.sent, result.failed) == (9, 1)
    failed = Delivery.objects.get(status="failed")
    assert failed.recipient.email == "person1@falun.example"
    assert failed.error.startswith("550")
    smtp_server.mailbox.refuse.clear()
    assert retry(mailing=mailing) == 1
    assert send_mailing(mailing=mailing).sent == 1
    assert Delivery.objects.filter(mailing=mailing, status="sent").count() == 10


def test_server_down_marks_nothing_sent_and_the_job_retries(
    tiny_survey, listed, smtp_server, settings
):
    settings.KOMPASS_TASKS = "database"
    smtp_server.stop()
    mailing = start_invitations(wave=listed)
    with pytest.raises(MailServerError):
        send_mailing(mailing=mailing)
    assert Delivery.objects.filter(mailing=mailing, status="sent").count() == 0
    assert Delivery.objects.filter(mailing=mailing, status="pending").count() == 10
    # As a job: the attempt fails, the job waits for its next attempt, nothing is sent.
    job = queue_mailing(mailing, user=None)
    job = Job.objects.get(pk=job.pk)
    if job.status == Job.Status.QUEUED:
        assert execute(str(job.pk)) == "retry"
    job.refresh_from_db()
    assert job.status == Job.Status.QUEUED and job.attempts == 1 and job.next_attempt_at
    assert Delivery.objects.filter(mailing=mailing, status="sent").count() == 0
    # The server is back: the next attempt sends all ten, once each.
    smtp_server.start()
    assert execute(str(job.pk)) == "succeeded"
    assert Delivery.objects.filter(mailing=mailing, status="sent").count() == 10
    assert len(smtp_server.mailbox.messages) == 10


def test_server_that_defers_leaves_the_rest_pending(tiny_survey, listed, smtp_server):
    smtp_server.mailbox.defer = True
    mailing = start_invitations(wave=listed)
    with pytest.raises(MailServerError, match="försöka senare"):
        send_mailing(mailing=mailing)
    assert Delivery.objects.filter(mailing=mailing, status="sent").count() == 0
    smtp_server.mailbox.defer = False
    assert send_mailing(mailing=mailing).sent == 10


def test_template_without_link_or_with_unknown_placeholder_is_refused(listed):
    base = {
        "invitation_subject": "Enkät",
        "invitation_body": "Svara här: {lank}",
        "reminder_subject": "Påminnelse",
        "reminder_body": "Svara här",
    }
    with pytest.raises(InputError) as caught:
        set_mail_texts(wave=listed, **base)
    assert caught.value.problems[0].field == "reminder_body"
    assert "{lank}" in caught.value.problems[0].message
    with pytest.raises(InputError, match="okänd platshållare"):
        set_mail_texts(wave=listed, **{**base, "reminder_body": "{lank} {namn}"})
    with pytest.raises(InputError, match="både ämne och text"):
        set_mail_texts(
            wave=listed, **{**base, "reminder_body": "{lank}", "invitation_subject_en": "Survey"}
        )


def test_organisers_text_in_swedish_and_english(tiny_survey, listed, smtp_server):
    set_mail_texts(
        wave=listed,
        invitation_subject="Hej från {organisation}",
        invitation_body="Svara: {lank}",
        invitation_subject_en="Hello",
        invitation_body_en="Answer: {lank}",
        reminder_subject="P",
        reminder_body="{lank}",
        reminder_days=["5", "10"],
    )
    send_mailing(mailing=start_invitations(wave=listed))
    message = smtp_server.mailbox.to("person100@falun.example")[0]
    body = smtp_server.mailbox.body(message)
    assert message["Subject"] == "Hej från Leksands kommun / Hello"
    assert body.index("Svara: http") < body.index("Answer: http")
    link = smtp_server.mailbox.link(message)
    assert body.count(link) == 2


def test_opt_out_stops_reminders_and_needs_a_click(tiny_survey, listed, smtp_server, client):
    send_mailing(mailing=start_invitations(wave=listed))
    message = smtp_server.mailbox.to("person2@falun.example")[0]
    path = "/" + smtp_server.mailbox.opt_out_link(message).split("/", 3)[3]
    assert message["List-Unsubscribe"]
    assert client.get(path).status_code == 200
    assert not Recipient.objects.get(email="person2@falun.example").opted_out  # GET alone
    assert client.post(path).status_code == 200
    assert Recipient.objects.get(email="person2@falun.example").opted_out
    before = len(smtp_server.mailbox.messages)
    send_mailing(mailing=start_reminder(wave=listed))
    assert "person2@falun.example" not in smtp_server.mailbox.addresses()[before:]
    assert client.get("/enkater/avanmal/inte-en-riktig-kod/").status_code == 404


def test_scheduled_reminders_are_due_after_their_day(tiny_survey, listed, smtp_server):
    set_mail_texts(
        wave=listed,
        invitation_subject="I",
        invitation_body="{lank}",
        reminder_subject="P",
        reminder_body="{lank}",
        reminder_days=[5, 10],
    )
    send_mailing(mailing=start_invitations(wave=listed))
    today = timezone.localdate()
    assert due_reminders(today=today + datetime.timedelta(days=4)) == []
    assert due_reminders(today=today + datetime.timedelta(days=5)) == [(listed, 5)]
    start_reminder(wave=listed, day=5)
    assert due_reminders(today=today + datetime.timedelta(days=6)) == []
    # Days 5 and 10 both passed unseen: one reminder, not two.
    Mailing.objects.filter(kind="reminder").delete()
    assert due_reminders(today=today + datetime.timedelta(days=12)) == [(listed, 10)]


def test_closed_wave_sends_nothing(tiny_survey, listed, smtp_server):
    mailing = start_invitations(wave=listed)
    close_wave(wave=listed)
    with pytest.raises(InputError, match="stängd"):
        send_mailing(mailing=mailing)
    assert smtp_server.mailbox.messages == []


def test_outbox_keeps_mail_when_no_smtp_server_is_set(tiny_survey, listed, cast, client_for):
    from django.conf import settings

    assert settings.EMAIL_BACKEND  # pytest-django's locmem in tests; the outbox below
    settings.EMAIL_BACKEND = "kompass.core.mail.OutboxBackend"
    try:
        send_mailing(mailing=start_invitations(wave=listed), rate=0)
    finally:
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert OutboxMessage.objects.filter(tag=f"survey:{tiny_survey.pk}").count() == 10
    tiny_survey.owners.add(cast["evaluator"])
    page = client_for(cast["evaluator"]).get(
        reverse("surveys:mailings", args=[tiny_survey.slug, listed.code])
    )
    assert "person0@falun.example" in page.content.decode()
    assert client_for(cast["admin"]).get("/utkorg/").status_code == 200
    assert client_for(cast["evaluator"]).get("/utkorg/").status_code == 403


def test_commands_print_how_many_went_out(tiny_survey, wave, smtp_server, tmp_path):
    path = tmp_path / "lista.csv"
    path.write_bytes(recipient_csv(people(3)))
    out = io.StringIO()
    call_command("survey", "recipients", "liten", "--wave", wave.code, str(path), stdout=out)
    assert "3 nya mottagare" in out.getvalue()
    out = io.StringIO()
    call_command("survey", "send", "liten", "--wave", wave.code, stdout=out, stderr=io.StringIO())
    assert "3 inbjudningar skickades." in out.getvalue()
    out = io.StringIO()
    call_command("survey", "send", "liten", "--wave", wave.code, stdout=out, stderr=io.StringIO())
    assert "0 inbjudningar skickades" in out.getvalue()
    out = io.StringIO()
    call_command("survey", "remind", "liten", "--wave", wave.code, stdout=out, stderr=io.StringIO())
    assert "3 påminnelser skickades." in out.getvalue()
    assert len(smtp_server.mailbox.messages) == 6


def test_recipient_list_sets_invited_counts(tiny_survey, listed):
    counts = {
        (i.organisation.code, i.group): i.count
        for i in Invited.objects.filter(wave=listed).select_related("organisation")
    }
    falun = Organisation.objects.get(code="2080").code
    assert counts == {(falun, "ledning"): 6, ("2029", "stöd"): 4}


@pytest.mark.django_db(transaction=True)
def test_several_connections_send_each_mail_once(tiny_survey, wave, smtp_server):
    rows = people(40) + people(20, "Leksand", "stöd", start=100)
    import_recipients(
        survey=tiny_survey, wave=wave, content=recipient_csv(rows), filename="lista.csv"
    )
    smtp_server.mailbox.refuse.add("person7@falun.example")
    result = send_mailing(mailing=start_invitations(wave=wave), connections=3)
    assert (result.sent, result.failed) == (59, 1)
    assert len(smtp_server.mailbox.messages) == 59
    assert len(set(smtp_server.mailbox.addresses())) == 59
    assert Delivery.objects.filter(status="sent").count() == 59


def test_outbox_is_in_the_menu_for_administrators_while_no_smtp_server_is_set(
    cast, client_for, settings
):
    settings.EMAIL_HOST = ""
    assert 'href="/utkorg/"' in client_for(cast["admin"]).get("/").content.decode()
    assert 'href="/utkorg/"' not in client_for(cast["evaluator"]).get("/").content.decode()
    settings.EMAIL_HOST = "smtp.example"
    assert 'href="/utkorg/"' not in client_for(cast["admin"]).get("/").content.decode()

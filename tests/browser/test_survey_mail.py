"""An organiser runs a survey by e-mail in the browser, through a real SMTP server
(aiosmtpd on 127.0.0.1): uploads the recipient list, sends the invitations, five
respondents answer from the link in their own mail on a phone, the reminder reaches only
the other five, the live rate reads 50 %; every page passes axe-core."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from tests.browser.conftest import axe_violations
from tests.conftest import PASSWORD, make_user
from tests.surveys.conftest import tiny_framework, tiny_survey  # noqa: F401 - fixtures

from kompass.jobs.models import Job
from kompass.jobs.runner import execute
from kompass.surveys.domain.surveys import add_wave
from kompass.surveys.models import Recipient

pytestmark = pytest.mark.django_db(transaction=True)


def run_jobs() -> None:
    while queued := list(Job.objects.filter(status=Job.Status.QUEUED)):
        for job in queued:
            execute(str(job.pk))


def test_invite_answer_from_the_mail_remind_and_follow_the_rate(
    page,
    login,
    live_server,
    smtp_server,
    settings,
    tiny_survey,  # noqa: F811
    tmp_path,
):
    settings.SITE_URL = live_server.url
    owner = make_user("enkatagare", evaluator=True)
    tiny_survey.owners.add(owner)
    today = timezone.localdate()
    wave = add_wave(
        survey=tiny_survey,
        code="2026-10",
        opens=today - datetime.timedelta(days=1),
        closes=today + datetime.timedelta(days=20),
    )
    listing = tmp_path / "mottagare.csv"
    listing.write_text(
        "email;organisation;role\n"
        + "".join(f"person{i}@falun.example;Falu kommun;ledning\n" for i in range(10)),
        encoding="utf-8",
    )

    login("enkatagare", PASSWORD)
    page.goto(f"/enkater/liten/omgang/{wave.code}/mottagare/")
    page.get_by_label("Mottagarlista (CSV eller XLSX)").set_input_files(str(listing))
    page.get_by_role("button", name="Läs in listan").click()
    expect(page.get_by_text("10 nya mottagare")).to_be_visible()
    expect(page.get_by_role("table", name="Falun (10)")).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_role("link", name="Utskick").first.click()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Skicka inbjudningar").click()
    expect(page.get_by_text("skickas i bakgrunden")).to_be_visible()
    run_jobs()
    mailbox = smtp_server.mailbox
    assert sorted(mailbox.addresses()) == sorted(f"person{i}@falun.example" for i in range(10))

    # Five answer on a phone, each from the link in their own mail.
    phone = page.context.browser.new_context(locale="sv-SE", viewport={"width": 375, "height": 740})
    for i in range(5):
        respondent = phone.new_page()
        respondent.goto(mailbox.link(mailbox.to(f"person{i}@falun.example")[0]))
        respondent.get_by_role("group", name="Vilken funktion har du?").get_by_role(
            "radio", name="Ledning"
        ).check()
        respondent.get_by_role("group", name="1. Första påståendet.").get_by_role(
            "radio", name="4", exact=True
        ).check()
        if i == 0:
            assert axe_violations(respondent) == []
        respondent.get_by_role("button", name="Skicka svaren").click()
        expect(respondent.get_by_role("heading", name="Tack för dina svar")).to_be_visible()
        respondent.close()
    phone.close()
    assert Recipient.objects.filter(invitation__answered=True).count() == 5

    page.goto(f"/enkater/liten/omgang/{wave.code}/utskick/")
    page.get_by_role("button", name="Skicka påminnelse till dem som inte har svarat").click()
    expect(page.get_by_text("skickas i bakgrunden")).to_be_visible()
    run_jobs()
    reminded = mailbox.addresses()[10:]
    assert sorted(reminded) == [f"person{i}@falun.example" for i in range(5, 10)]

    page.goto(f"/enkater/liten/omgang/{wave.code}/svarsfrekvens/")
    whole = page.get_by_role("row", name="Hela kohorten")
    expect(whole).to_contain_text("50\xa0%")
    assert axe_violations(page) == []

    # The opt-out link at the foot of a reminder: one button, then no more reminders.
    opt_out = page.context.new_page()
    opt_out.goto(mailbox.opt_out_link(mailbox.to("person9@falun.example")[-1]))
    assert axe_violations(opt_out) == []
    opt_out.get_by_role("button", name="Ja, avanmäl mig").click()
    expect(opt_out.get_by_role("status")).to_contain_text("inga fler påminnelser")
    assert Recipient.objects.get(email="person9@falun.example").opted_out

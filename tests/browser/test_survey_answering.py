"""A respondent answers on a phone: no account, keyboard and screen-reader friendly
(axe-core clean), saves to finish later, submits once."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from tests.browser.conftest import axe_violations
from tests.surveys.conftest import tiny_framework, tiny_survey  # noqa: F401 - fixtures

from kompass.organisations.models import Organisation
from kompass.surveys.domain.answering import ensure_links
from kompass.surveys.domain.surveys import add_organisations, add_wave
from kompass.surveys.models import Comment, Respondent

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def link(tiny_survey):  # noqa: F811
    today = timezone.localdate()
    tiny_survey.attributes = [{**tiny_survey.attributes[0], "required": True}]
    tiny_survey.save()
    add_organisations(survey=tiny_survey, organisations=[Organisation.objects.get(code="2029")])
    wave = add_wave(
        survey=tiny_survey,
        code="2025-01",
        opens=today - datetime.timedelta(days=1),
        closes=today + datetime.timedelta(days=30),
    )
    return ensure_links(survey=tiny_survey, wave=wave)[0]


def test_answer_on_a_phone_save_resume_and_submit(page, link):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(f"/enkater/svara/{link.token}/")
    # The link leads to the form's own address: the token is not in it (access logs).
    assert page.url.endswith("/enkater/svara/") and link.token not in page.url
    expect(page.get_by_role("heading", name="Liten enkät")).to_be_visible()
    assert axe_violations(page) == []

    first = page.get_by_role("group", name="1. Första påståendet.")
    first.get_by_role("radio", name="2", exact=True).focus()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")  # arrow keys move within the radio group
    assert first.get_by_role("radio", name="3", exact=True).is_checked()
    page.get_by_role("button", name="Skicka svaren").click()  # the required question is missing
    summary = page.get_by_role("alert")
    assert "Vilken funktion har du?" in summary.inner_text()
    assert axe_violations(page) == []
    assert first.get_by_role("radio", name="3", exact=True).is_checked()  # nothing lost

    page.get_by_role("group", name="Vilken funktion har du?").get_by_role(
        "radio", name="Stöd"
    ).check()
    page.get_by_role("button", name="Spara och fortsätt senare").click()
    resume = page.get_by_role("link", name="utkast=")
    assert axe_violations(page) == []
    resume.click()
    expect(page.get_by_text("Dina sparade svar är ifyllda")).to_be_visible()
    second = page.get_by_role("group", name="2. Andra påståendet.")
    second.get_by_role("radio", name="Vet ej").check()
    page.get_by_label("Något mer?").fill("Mer tid för analys.")
    # Keep exactly what the form sends, to send it again below.
    sent = page.evaluate(
        "() => new URLSearchParams(new FormData(document.querySelector('form.survey-form')))"
        ".toString()"
    )
    page.get_by_role("button", name="Skicka svaren").click()
    page.wait_for_url("**/tack/")
    assert link.token not in page.url
    expect(page.get_by_role("heading", name="Tack för dina svar")).to_be_visible()
    assert axe_violations(page) == []
    assert Respondent.objects.count() == 1

    # The same form sent again (a double click, a retry after a lost answer): the server
    # takes it, answers with the same receipt and stores nothing new.
    again = page.evaluate(
        """async ([url, body]) => {
            const response = await fetch(url, {
                method: "POST",
                body,
                headers: {"Content-Type": "application/x-www-form-urlencoded"},
                credentials: "same-origin",
            });
            return [response.status, response.url];
        }""",
        ["/enkater/svara/", sent],
    )
    assert again[0] == 200 and again[1].endswith("/enkater/svara/tack/")
    assert "submission=" in sent and "q-1=3" in sent
    assert Respondent.objects.count() == 1
    assert Comment.objects.get().text == "Mer tid för analys."

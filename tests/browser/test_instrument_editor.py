"""An organisation's own instrument, from the editor to the results: an editor of
Leksand (who may also start surveys) writes an instrument in the browser, sees it on a
phone, starts a survey with it; a respondent answers on a 360 × 740 screen; once the wave
is closed and k is met the summary shows the new statements like a shipped instrument's.
Every page passes axe-core; nothing scrolls sideways at 320 px."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect
from tests.browser.conftest import axe_violations
from tests.conftest import PASSWORD, make_user

from kompass.accounts.models import Membership
from kompass.frameworks.models import Framework
from kompass.organisations.models import Organisation
from kompass.surveys.domain.answering import ensure_links
from kompass.surveys.domain.results import summary, survey_results
from kompass.surveys.domain.surveys import add_organisations, add_wave, close_wave
from kompass.surveys.models import Survey

pytestmark = pytest.mark.django_db(transaction=True)


def no_sideways_scroll(page, width=320):
    page.set_viewport_size({"width": width, "height": 740})
    return page.evaluate("document.documentElement.scrollWidth") <= width


def test_own_instrument_from_editor_to_results(page, login, base_data):
    leksand = Organisation.objects.get(code="2029")
    make_user("skapare", evaluator=True, organisation=leksand, role=Membership.Role.EDITOR)
    login("skapare", PASSWORD)

    # The editor: a first try without the scale's end label is refused, nothing lost.
    page.goto("/enkater/instrument/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Nytt instrument").click()
    expect(page.get_by_role("heading", name="Nytt instrument")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("Namn", exact=True).fill("Trivsel i ledningen")
    page.get_by_label("Antal skalsteg").fill("5")
    page.get_by_label("Text för skalsteg 1").fill("")
    page.get_by_label("Text för högsta skalsteget").fill("Stämmer helt")
    page.get_by_label("Svarsalternativet ”Vet ej”").check()
    first = page.get_by_role("group", name="Avsnitt 1")
    first.get_by_label("Rubrik").fill("Samarbete")
    first.get_by_label("Påståenden, ett per rad").fill(
        "Vi hjälps åt när det behövs.\nJag får stöd av min chef."
    )
    page.get_by_role("button", name="Lägg till ett avsnitt").click()
    second = page.get_by_role("group", name="Avsnitt 2")
    expect(second.get_by_label("Rubrik")).to_be_focused()
    second.get_by_label("Rubrik").fill("Övrigt")
    second.get_by_label("Frågor med fritextsvar, en per rad").fill("Vad vill du ändra på?")
    role = page.get_by_role("group", name="Bakgrundsfråga 1")
    role.get_by_label("Rubrik").fill("Funktion")
    role.get_by_label("Kod").fill("role")
    role.get_by_label("Fråga till den svarande").fill("Vilken funktion har du?")
    role.get_by_label("Svarsalternativ, ett per rad").fill("ledning | Ledning\nstöd | Stöd")
    role.get_by_label("Visa svaren sida vid sida").check()
    page.get_by_role("button", name="Spara instrumentet").click()

    summary_box = page.locator("#fel")
    expect(summary_box).to_be_focused()
    expect(summary_box).to_contain_text("Text för skalsteg 1")
    assert axe_violations(page) == []
    assert (
        page.get_by_role("group", name="Avsnitt 2").get_by_label("Rubrik").input_value() == "Övrigt"
    )
    summary_box.get_by_role("link").first.click()
    expect(page.get_by_label("Text för skalsteg 1")).to_be_focused()
    page.get_by_label("Text för skalsteg 1").fill("Stämmer inte alls")
    page.get_by_role("button", name="Spara instrumentet").click()
    expect(page.get_by_text("Instrumentet är sparat.")).to_be_visible()
    expect(page.get_by_role("heading", name="Trivsel i ledningen")).to_be_visible()
    assert axe_violations(page) == []
    framework = Framework.objects.get(organisation=leksand)
    assert [i.code for i in framework.tree.items] == ["q1", "q2", "q3"]

    # The phone preview: the real form in a 360 px frame.
    page.get_by_role("link", name="Förhandsgranska på mobil").click()
    frame = page.frame_locator("iframe")
    expect(frame.get_by_role("group", name="q1. Vi hjälps åt när det behövs.")).to_be_visible()
    assert page.locator("iframe").get_attribute("width") == "360"
    assert axe_violations(page) == []
    for url in (
        f"/enkater/instrument/{framework.identifier}/",
        f"/enkater/instrument/{framework.identifier}/andra/",
        f"/enkater/instrument/{framework.identifier}/forhandsgranska/",
        f"/enkater/instrument/{framework.identifier}/forhandsgranska/formular/",
        "/enkater/instrument/importera/",
    ):
        page.goto(url)
        assert no_sideways_scroll(page), url
        assert axe_violations(page) == [], url
    page.set_viewport_size({"width": 1280, "height": 800})

    # A survey with it, like with a shipped instrument.
    page.goto("/enkater/ny/")
    page.get_by_label("Instrument").select_option(label="Trivsel i ledningen 1")
    page.get_by_label("Namn", exact=True).fill("Trivsel 2026")
    page.get_by_role("button", name="Skapa enkäten").click()
    expect(page.get_by_role("heading", name="Trivsel 2026")).to_be_visible()
    survey = Survey.objects.get(name="Trivsel 2026")
    assert survey.framework == framework
    today = timezone.localdate()
    add_organisations(survey=survey, organisations=[leksand])
    wave = add_wave(survey=survey, code="2026-12", opens=today - datetime.timedelta(days=1))
    assert wave.framework == framework
    link = ensure_links(survey=survey, wave=wave)[0]

    # One respondent on a phone.
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"/enkater/svara/{link.token}/")
    expect(page.get_by_role("heading", name="Trivsel 2026")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert axe_violations(page) == []
    page.get_by_role("group", name="Vilken funktion har du?").get_by_role(
        "radio", name="Ledning"
    ).check()
    page.get_by_role("group", name="q1. Vi hjälps åt när det behövs.").get_by_role(
        "radio", name="5 Stämmer helt"
    ).check()
    page.get_by_role("group", name="q2. Jag får stöd av min chef.").get_by_role(
        "radio", name="Vet ej"
    ).check()
    page.get_by_label("Vad vill du ändra på?").fill("Fler gemensamma möten.")
    assert no_sideways_scroll(page)
    page.get_by_role("button", name="Skicka svaren").click()
    page.wait_for_url("**/tack/")
    assert axe_violations(page) == []

    # The rest over HTTP: eleven more, so both roles reach k.
    client = Client()
    for n in range(11):
        form = client.get(f"/enkater/svara/{link.token}/", follow=True).content.decode()
        submission = form.split('name="submission" value="')[1].split('"')[0]
        response = client.post(
            "/enkater/svara/",
            {
                "submission": submission,
                "attr-role": "ledning" if n < 4 else "stöd",
                "q-q1": str(1 + n % 5),
                "q-q2": str(1 + (n * 2) % 5),
                "action": "submit",
            },
        )
        assert response.status_code == 303
    close_wave(wave=wave)

    out = summary(survey_results(survey))
    cells = {c["item"]: c for c in out["cells"] if c["wave"] == "2026-12" and not c["group"]}
    expected = (5 + sum(1 + n % 5 for n in range(11))) / 12
    assert cells["q1"]["n"] == 12 and cells["q1"]["mean"] == pytest.approx(expected, abs=1e-3)
    assert cells["q2"]["n"] == 11 and cells["q2"]["dont_know"] == 1

    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"/enkater/{survey.slug}/resultat/")
    expect(page.get_by_text("Vi hjälps åt när det behövs.").first).to_be_visible()
    assert axe_violations(page) == []
    page.goto(f"/enkater/{survey.slug}/organisation/2029/")
    expect(page.get_by_text("Jag får stöd av min chef.").first).to_be_visible()
    assert axe_violations(page) == []

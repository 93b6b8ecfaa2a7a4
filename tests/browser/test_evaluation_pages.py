"""The evaluator's scoring screen by keyboard, its errors and unsaved scores, publishing
with a second person, and the sign-in page's error. Every page as it first shows is
checked for WCAG 2.2 AA by tests/browser/test_every_page.py."""

import pytest
from playwright.sync_api import expect
from tests.browser.conftest import axe_violations
from tests.conftest import PASSWORD

from kompass.evaluations.models import SubareaScore

pytestmark = pytest.mark.django_db(transaction=True)


def test_scoring_by_keyboard_with_running_total(page, login, cast, draft):
    login("utvarderare", PASSWORD)
    page.goto(f"/utvarderingar/{draft.pk}/poang/")
    assert axe_violations(page) == []
    first = page.get_by_label("Poäng (0–20)").first
    first.focus()
    page.keyboard.type("7,5")
    page.keyboard.press("Tab")  # on to the help link order: the next field is reached by tabbing
    second = page.locator("#score-1\\.2")
    second.fill("6,5")
    assert page.locator("#area-total").inner_text() == "14,00"
    second.press("Enter")  # submits the score form from the keyboard
    page.wait_for_url(f"**/utvarderingar/{draft.pk}/poang/1/")
    assert page.locator(".messages").inner_text().startswith("Poängen är sparade")
    assert SubareaScore.objects.filter(evaluation=draft).count() == 2
    assert axe_violations(page) == []


def test_running_total_says_which_field_to_correct(page, login, cast, draft):
    """The total shows "–" while a typed score cannot be summed, and the line under it
    names the sub-area as the page does and says what is wrong."""
    login("utvarderare", PASSWORD)
    page.goto(f"/utvarderingar/{draft.pk}/poang/")
    problem = page.locator("#area-total-problem")
    expect(problem).to_be_hidden()
    first, second = page.locator("#score-1\\.1"), page.locator("#score-1\\.2")
    name_1 = page.locator("#h-1\\.1").inner_text()
    name_2 = page.locator("#h-1\\.2").inner_text()
    first.fill("25")
    second.fill("sju")
    assert page.locator("#area-total").inner_text() == "–"
    expect(problem).to_be_visible()
    text = problem.inner_text()
    assert text.startswith("Summan kan inte räknas förrän poängen är rättade.")
    assert f"{name_1}: poängen ska vara mellan 0 och 20" in text
    assert f"{name_2}: ”sju” är inget tal (skriv t.ex. 7,5)" in text
    first.fill("7,5")
    second.fill("6,5")
    expect(problem).to_be_hidden()
    assert page.locator("#area-total").inner_text() == "14,00"
    assert axe_violations(page) == []


def test_scoring_error_is_announced_and_linked(page, login, cast, draft):
    login("utvarderare", PASSWORD)
    page.goto(f"/utvarderingar/{draft.pk}/poang/")
    page.locator("#score-1\\.1").fill("25")
    page.get_by_role("button", name="Spara poäng").click()
    alert = page.get_by_role("alert")
    assert "högre än maxpoängen 20" in alert.inner_text()
    assert page.locator("#score-1\\.1").get_attribute("aria-invalid") == "true"
    # Focus is on the error summary, which starts with a capital and links to the field.
    assert page.evaluate("document.activeElement.id") == "fel"
    assert "Poängen 25" in alert.inner_text()
    alert.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.id") == "score-1.1"
    assert axe_violations(page) == []


def test_leaving_with_unsaved_scores_asks_first_and_a_note_keeps_them(page, login, cast, draft):
    login("utvarderare", PASSWORD)
    page.goto(f"/utvarderingar/{draft.pk}/poang/")
    dialogs = []

    def answer(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()  # stay on the page

    page.on("dialog", answer)
    page.locator("#score-1\\.1").fill("7,5")
    page.get_by_role("link", name="Utvärderingar").first.click()
    page.wait_for_timeout(300)
    assert dialogs == ["beforeunload"]
    assert "/poang/" in page.url
    # Saving a note on the same page saves the typed score too, without asking.
    page.get_by_text("Lägg till underlag").first.click()
    page.locator("#text-1\\.1").fill("Protokoll från fullmäktige.")
    page.get_by_role("button", name="Spara underlag").first.click()
    page.wait_for_url(f"**/utvarderingar/{draft.pk}/poang/1/#sub-1.1")
    assert dialogs == ["beforeunload"]
    assert page.locator("#score-1\\.1").input_value() == "7,5"
    assert SubareaScore.objects.get(evaluation=draft, code="1.1").score == 7.5


def test_login_page_passes_axe_and_reports_a_wrong_password(page):
    page.goto("/konto/logga-in/")
    assert axe_violations(page) == []
    page.get_by_label("Användarnamn").fill("ingen")
    page.get_by_label("Lösenord").fill("fel")
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert axe_violations(page) == []


def test_publishing_asks_for_a_confirmation_and_a_second_person(page, login, cast, draft):
    """Publishing is never one click: the evaluator's button leads to a page that shows
    what will be published and asks for a request; a second evaluator approves it."""
    from kompass.evaluations.domain.scores import set_scores

    draft.evaluators.add(cast["other_evaluator"])
    set_scores(
        evaluation=draft,
        scores={s.code: 2 for s in draft.framework.tree.subareas},
        user=cast["evaluator"],
    )
    login("utvarderare", PASSWORD)
    page.goto(f"/utvarderingar/{draft.pk}/")
    page.get_by_role("link", name="Begär publicering").click()
    page.wait_for_url(f"**/utvarderingar/{draft.pk}/publicering/")
    expect(page.get_by_role("heading", name="Det här publiceras")).to_be_visible()
    expect(page.get_by_role("table", name="Poäng per område")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Begär publicering").click()
    expect(page.get_by_text("Publiceringen är begärd.")).to_be_visible()
    expect(page.get_by_text("Du begärde själv godkännandet")).to_be_visible()
    assert page.get_by_role("button", name="Godkänn och publicera").count() == 0
    draft.refresh_from_db()
    assert draft.status == "review"

    login("annan_utvarderare", PASSWORD)
    page.goto(f"/utvarderingar/{draft.pk}/publicering/")
    expect(page.get_by_text("Begärd av Utvarderare (utvarderare)")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Godkänn och publicera").click()
    page.wait_for_url(f"**/utvarderingar/{draft.pk}/")
    expect(page.get_by_text("Utvärderingen är publicerad.")).to_be_visible()
    draft.refresh_from_db()
    assert draft.is_published

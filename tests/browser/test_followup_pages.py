"""Follow-up pages in the browser: the plan's chart and its table, an action's effect
indicators, forms with errors and the empty states pass axe-core (every default rule),
and the plan form works from the keyboard alone. Every follow-up page as it first shows
is checked by tests/browser/test_every_page.py."""

import datetime
import io

import pytest
from playwright.sync_api import expect
from tests.browser.conftest import axe_violations, chart_drawn
from tests.conftest import PASSWORD

from kompass.evaluations.demo import LEKSAND
from kompass.evaluations.domain.transfer import import_evaluation
from kompass.followup import demo
from kompass.followup.models import ActionPlan
from kompass.indicators.models import Indicator

pytestmark = pytest.mark.django_db(transaction=True)


def test_followup_chart_forms_with_errors_and_empty_states(page, login, cast, leksand, rattvik):
    import_evaluation(LEKSAND.read_text(encoding="utf-8"), filename="leksand.yaml")
    indicator = Indicator.objects.create(
        organisation=leksand,
        name="Sjukfrånvaro i hemtjänsten",
        perspective="staff",
        unit="%",
        direction="lower",
        target=6,
    )
    for year, value in ((2023, 8.1), (2024, 7.6), (2025, 6.9)):
        indicator.values.create(
            period=str(year), period_start=datetime.date(year, 1, 1), value=value
        )
    demo.load(io.StringIO())
    plan = ActionPlan.objects.get(organisation=leksand)
    action = plan.actions.get(title="Analys av sjukfrånvaron per sektor")
    org = leksand.pk

    login("agare", PASSWORD)
    expect(page.get_by_role("heading", name="Uppföljning", level=2)).to_be_visible()
    # The plan's page draws its actions per status, the counts one click away.
    page.goto(f"/uppfoljning/handlingsplan/{plan.pk}/")
    chart = page.get_by_role("group", name="Åtgärder per status")
    assert chart_drawn(chart.locator("img.chart-picture"))
    chart.get_by_text("Visa diagrammets siffror som tabell").click()
    expect(chart.get_by_role("table")).to_contain_text("Klar")
    assert axe_violations(page) == []
    page.goto(f"/uppfoljning/atgard/{action.pk}/")
    expect(
        page.get_by_role("table", name="Indikatorer som visar åtgärdens effekt")
    ).to_contain_text("6,9")

    # Forms with errors.
    page.goto(f"/uppfoljning/organisation/{org}/personer/")
    page.get_by_label("Namn", exact=True).fill("Maria Holm")
    page.get_by_label("Planerade dialoger per år").fill("60")
    page.get_by_role("button", name="Lägg till").click()
    expect(
        page.get_by_text("Det finns redan en person som heter ”Maria Holm” i Leksand.")
    ).to_be_visible()
    assert axe_violations(page) == []
    page.goto(f"/uppfoljning/organisation/{org}/dialoger/ny/")
    page.get_by_role("button", name="Spara dialogen").click()
    expect(page.get_by_text("Välj chef.")).to_be_visible()
    assert axe_violations(page) == []

    # Empty states for an organisation without follow-up (as administrator).
    login("admin", PASSWORD)
    for url in (
        f"/uppfoljning/organisation/{rattvik.pk}/",
        f"/uppfoljning/organisation/{rattvik.pk}/dialoger/",
        f"/uppfoljning/organisation/{rattvik.pk}/personer/",
    ):
        page.goto(url)
        expect(page.locator(".empty").first).to_be_visible()
        assert axe_violations(page) == [], url


def test_plan_from_scratch_by_keyboard(page, login, cast, leksand):
    login("redigerare", PASSWORD)
    page.goto(f"/uppfoljning/organisation/{leksand.pk}/handlingsplaner/ny/")
    page.get_by_label("Namn på handlingsplanen").focus()
    page.keyboard.type("Plan för kortare handläggningstider")
    page.keyboard.press("Tab")
    page.keyboard.type("Bygglov ska gå fortare.")
    page.keyboard.press("Tab")
    page.keyboard.type("Handläggningstider för bygglov")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Plan för kortare handläggningstider")
    expect(
        page.get_by_role("heading", level=2, name="Handläggningstider för bygglov")
    ).to_be_visible()
    # No people yet: adding an action says what to do first.
    page.get_by_role("link", name="Lägg till åtgärd", exact=True).click()
    expect(page.get_by_role("link", name="Lägg till personer först")).to_be_visible()
    assert axe_violations(page) == []

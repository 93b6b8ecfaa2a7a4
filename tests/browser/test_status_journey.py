"""Status-analysis journey: from Leksand's status analysis to a prioritised deviation, a
cause analysis with evidence, and an action plan that follows an effect indicator
(seed 002: deviations, vägval, causes, then planning that measures effects)."""

import datetime
import re

import pytest
from playwright.sync_api import expect
from tests.browser.conftest import axe_violations
from tests.conftest import PASSWORD
from tests.status.conftest import status_table  # noqa: F401 (fixture)

from kompass.followup.domain.people import save_person
from kompass.indicators.domain.indicators import create_indicator

pytestmark = pytest.mark.django_db(transaction=True)


def test_from_status_analysis_to_a_plan_with_an_effect_indicator(
    page,
    login,
    cast,
    leksand,
    status_table,  # noqa: F811
):
    save_person(organisation=leksand, user=None, name="Karin Berg", title="Kommundirektör")
    create_indicator(
        organisation=leksand,
        name="Sjukfrånvaro i hemtjänsten",
        perspective="staff",
        direction="lower",
        measures="effect",
        user=None,
    )
    login("redigerare", PASSWORD)
    page.goto("/nulage/")  # a member of one organisation goes straight to its analysis
    page.get_by_label("Underlag", exact=True).select_option(label="Nulägestest")
    page.get_by_role("button", name="Visa").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nulägesanalys 2023: Leksand")
    expect(page.get_by_text("Avvikelser mot jämförelsegruppen").first).to_be_visible()
    assert axe_violations(page) == []

    # 1. The worst deviation first: sick leave, worse than every peer.
    decide = page.get_by_role("region", name="Besluta om avvikelserna")
    first = decide.get_by_role("link").first
    expect(first).to_have_text("Sjukfrånvaro (percentil 0)")
    first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vägval: Sjukfrånvaro")
    assert axe_violations(page) == []
    page.get_by_label("Prioriteras").check()
    page.get_by_label("Motivering").fill("Högst sjukfrånvaro i länet tre år i rad.")
    page.get_by_label("Beslutat av").fill("Ledningsgruppen för vård och omsorg")
    page.get_by_role("button", name="Spara vägvalet").click()
    expect(page.get_by_text("skriv vilken effekt ni väntar er")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("Förväntad effekt").fill("Fler friska dagar för medarbetarna.")
    page.get_by_label("Insats").select_option(label="Medel")
    page.get_by_role("button", name="Spara vägvalet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sjukfrånvaro (2023): Prioriteras")
    assert axe_violations(page) == []

    # 2. The cause analysis, with evidence.
    page.get_by_role("link", name="Gör orsaksanalys").click()
    assert axe_violations(page) == []
    page.get_by_label("Orsaksområden").check()
    page.get_by_label("Problemet").fill("Hög sjukfrånvaro i hemtjänsten")
    page.get_by_label("Orsaksområde 1").select_option(label="Arbetssätt och processer")
    page.get_by_label("Orsak 1", exact=True).fill("Delade turer ger kort återhämtning")
    page.get_by_label("Belägg 1 för orsak 1: slag").select_option(label="Nyckeltal eller indikator")
    page.get_by_label("Belägg 1 för orsak 1", exact=True).fill(
        "Sjukfrånvaron har stigit sedan 2021"
    )
    page.get_by_label("Belägg 2 för orsak 1: slag").select_option(label="Enkätresultat")
    page.get_by_label("Belägg 2 för orsak 1", exact=True).fill(
        "Medarbetarenkäten: var tredje vilar för lite mellan passen"
    )
    page.get_by_label("Belägg 1 för orsak 1: indikator").select_option(
        label="Sjukfrånvaro i hemtjänsten"
    )
    page.get_by_role("button", name="Spara orsaksanalysen").click()
    expect(page.get_by_text("Delade turer ger kort återhämtning")).to_be_visible()
    expect(page.get_by_text("var tredje vilar för lite mellan passen")).to_be_visible()
    assert axe_violations(page) == []

    # 3. The action plan in follow-up, and an action that follows an effect.
    page.get_by_role("button", name="Skapa handlingsplan från orsaksanalysen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Åtgärder för Sjukfrånvaro")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Lägg till åtgärd").first.click()
    page.get_by_label("Åtgärd", exact=True).fill("Schema utan delade turer")
    page.get_by_label("Ansvarig").select_option(label="Karin Berg, Kommundirektör")
    today = datetime.date.today()
    page.get_by_label("Startdatum").fill(today.isoformat())
    page.get_by_label("Klart senast").fill((today + datetime.timedelta(days=120)).isoformat())
    page.get_by_label("Sjukfrånvaro i hemtjänsten").check()
    page.get_by_role("button", name="Spara åtgärden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Schema utan delade turer")

    # 4. Back at the choice: the plan follows an effect; no warning about activities.
    page.goto("/nulage/organisation/2029/vagval/")
    assert axe_violations(page) == []
    page.get_by_role("link", name=re.compile("Sjukfrånvaro")).click()
    expect(page.get_by_text("Effekt: Sjukfrånvaro i hemtjänsten")).to_be_visible()
    expect(page.get_by_text("Planen mäter bara aktiviteter")).to_have_count(0)
    assert axe_violations(page) == []

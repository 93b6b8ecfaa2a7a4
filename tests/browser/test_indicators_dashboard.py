"""Indicators in the browser: a reader follows Leksand's dashboard to a run chart and to
the seed-001 benchmark table; an editor creates an indicator and pastes its series.
Every page is checked with axe-core (WCAG 2.1 AA)."""

import pytest
from playwright.sync_api import expect
from tests.browser.conftest import axe_violations, chart_drawn
from tests.conftest import PASSWORD

from kompass.indicators.demo import leksand_indicators, load_benchmark, peer_groups, peer_table

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(cast, leksand):
    load_benchmark()
    indicators = leksand_indicators(leksand)
    peer_table(leksand)
    peer_groups(leksand)
    return indicators


def test_reader_reads_dashboard_chart_and_benchmark(page, login, demo):
    login("lasare", PASSWORD)
    assert axe_violations(page) == []
    page.get_by_role("link", name="Nyckeltal och indikatorer", exact=True).first.click()
    expect(page.get_by_role("heading", name="Nyckeltal och indikatorer", level=1)).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Leksands kommun").click()
    page.wait_for_url("**/nyckeltal/organisation/2029/")
    for perspective in ("Medborgare/kund (effekter)", "Medarbetare", "Ekonomi"):
        expect(page.get_by_role("heading", name=perspective, exact=True)).to_be_visible()
    expect(page.get_by_text("Signal: sannolikt förbättring").first).to_be_visible()
    # The dashboard draws each indicator's chart, its figures one click away.
    charts = page.locator("figure.chart")
    assert charts.count() >= 3
    assert chart_drawn(charts.first.locator("img.chart-picture"))
    charts.first.get_by_text("Visa diagrammets siffror som tabell").click()
    expect(charts.first.locator("table")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("Jämför med").select_option(label="Grannar runt Siljan (4)")
    page.get_by_role("button", name="Visa").click()
    page.wait_for_url("**jamfor=group-*")
    expect(page.get_by_text("Leksand jämfört med Grannar runt Siljan")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Nöjda brukare i hemtjänsten").click()
    expect(page.get_by_role("heading", name="Nöjda brukare i hemtjänsten", level=1)).to_be_visible()
    page.get_by_text("Visa diagrammets siffror som tabell").click()
    assert axe_violations(page) == []
    page.get_by_label("Diagramtyp").select_option("i")
    page.get_by_role("button", name="Visa").click()
    page.wait_for_url("**diagram=i")
    expect(page.get_by_text("Styrgränserna är medelvärdet ± 3/1,128")).to_be_visible()
    assert axe_violations(page) == []
    page.goto("/nyckeltal/")
    page.get_by_role("link", name="Stödfunktioner i vård och omsorg, fem kommuner 2020").click()
    expect(
        page.get_by_text("Medarbetare per chef, totalt 2020: Helsingborg 34, Lund 34")
    ).to_be_visible()
    assert axe_violations(page) == []
    with page.expect_download() as info:
        page.get_by_role("link", name="Tabeller (XLSX)").click()
    assert info.value.suggested_filename == "nyckeltal-lund-aldreomsorg-2020.xlsx"


def test_editor_creates_indicator_and_pastes_series(page, login, demo):
    login("redigerare", PASSWORD)
    page.goto("/nyckeltal/organisation/2029/")
    page.get_by_role("link", name="Ny indikator").click()
    assert axe_violations(page) == []
    page.get_by_label("Namn").fill("Besök av samma personal")
    page.get_by_label("Perspektiv").select_option("citizen")
    page.get_by_label("Vilket håll är bättre?").select_option("lower")
    page.get_by_label("Periodtyp").select_option("week")
    page.get_by_label("Målvärde").fill("tio")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("”tio” är inte ett tal")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("Målvärde").fill("10,5")
    page.get_by_role("button", name="Spara").click()
    page.wait_for_url("**/varden/")
    assert axe_violations(page) == []
    series = "\n".join(
        f"2024-V{w:02d};{v}"
        for w, v in enumerate([14, 15, 13, 14, 16, 15, 12, 11, 10, 11, 10, 9], 1)
    )
    page.get_by_label("Eller klistra in värden").fill(series + "\n2024-V13;nio")
    page.get_by_role("button", name="Spara värdena").click()
    expect(page.get_by_text("”nio” är inte ett tal")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("Eller klistra in värden").fill(series)
    page.get_by_role("button", name="Spara värdena").click()
    expect(page.get_by_text("12 nya och 0 ändrade värden")).to_be_visible()
    page.get_by_role("link", name="Till diagrammet").click()
    expect(page.get_by_role("heading", name="Besök av samma personal", level=1)).to_be_visible()
    assert page.locator("figure.chart img.chart-picture").count() == 1
    assert chart_drawn(page.locator("figure.chart img.chart-picture"))
    assert axe_violations(page) == []
    page.goto("/nyckeltal/jamforelsegrupper/")
    page.get_by_label("Namn", exact=True).fill("Siljansbygden")
    page.get_by_label("Grund").select_option("hand_picked")
    page.get_by_label("Organisationer (handplockad lista)").fill("Rättvik\nAtlantis")
    page.get_by_role("button", name="Spara gruppen").click()
    expect(page.get_by_text("okänd organisation ”Atlantis”")).to_be_visible()
    assert axe_violations(page) == []
    page.goto("/nyckeltal/tabeller/ny/")
    assert axe_violations(page) == []

"""The Kolada journey in the browser (issue 10's done-when): an editor creates a key-ratio
table in the form, fills it from its Excel template, searches Kolada (the v3 stand-in on
127.0.0.1), imports a KPI for a Kolada group as a job that a worker runs, and sees the
imported figures, and the ratio derived from both sources, in the table. Every page is
checked with axe-core."""

import pytest
from django.core.management import call_command
from openpyxl import load_workbook
from playwright.sync_api import expect
from tests.browser.conftest import axe_violations
from tests.conftest import PASSWORD
from tests.indicators.kolada_standin import KoladaStandIn
from tests.indicators.test_kolada_groups import add_similar

from kompass.indicators.models import Value
from kompass.lib.numbers import format_number

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def kolada(settings, tmp_path):
    standin = KoladaStandIn().start()
    add_similar(standin)
    settings.KOMPASS_KOLADA_URL = standin.url
    settings.KOMPASS_KOLADA_CACHE_DIR = tmp_path / "kolada"
    yield standin
    standin.stop()


def test_table_from_the_form_and_template_then_kolada_as_a_job(page, login, cast, kolada, tmp_path):
    login("redigerare", PASSWORD)
    page.goto("/nyckeltal/")
    page.get_by_role("link", name="Ny nyckeltalstabell").click()
    expect(page.get_by_role("heading", name="Ny nyckeltalstabell", level=1)).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("Tabellens namn").fill("Personal i Siljansbygden")
    first = page.get_by_role("group", name="Nyckeltal 1", exact=True)
    first.get_by_label("Namn", exact=True).fill("Invånare")
    first.get_by_label("Kolada-id").fill("N01951")
    second = page.get_by_role("group", name="Nyckeltal 2", exact=True)
    second.get_by_label("Namn", exact=True).fill("Anställda")
    second.get_by_label("Enhet").fill("antal")
    derived = page.get_by_role("group", name="Beräknat nyckeltal 1")
    derived.get_by_label("Namn", exact=True).fill("Anställda per 1000 invånare")
    derived.get_by_label("Täljare").fill("Anställda")
    derived.get_by_label("Nämnare").fill("Invånare")
    derived.get_by_label("Faktor").fill("1000")
    page.get_by_role("button", name="Spara tabellen").click()
    page.wait_for_url("**/nyckeltal/tabeller/personal-i-siljansbygden/")
    expect(page.get_by_text("Tabellen är skapad")).to_be_visible()
    assert axe_violations(page) == []

    # The Excel template, filled in: staff for Leksand and Rättvik (decimal comma as text).
    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ner Excel-mall").click()
    template = tmp_path / download.value.suggested_filename
    download.value.save_as(template)
    workbook = load_workbook(template)
    sheet = workbook["Värden"]
    assert [c.value for c in sheet[1]] == [
        "Organisation (kod eller namn)",
        "År",
        "Invånare",
        "Anställda",
        "Kommentar",
    ]
    sheet["B2"], sheet["D2"] = 2023, 1234
    sheet["A3"], sheet["B3"], sheet["D3"] = "Rättvik", 2023, "980,5"
    filled = tmp_path / "ifylld.xlsx"
    workbook.save(filled)
    page.get_by_role("link", name="Importera värden").click()
    assert axe_violations(page) == []
    page.get_by_label("Fil med nyckeltal (CSV eller XLSX)").set_input_files(str(filled))
    page.get_by_role("button", name="Importera").click()
    page.wait_for_url("**/nyckeltal/tabeller/personal-i-siljansbygden/")
    expect(page.get_by_text("Importen är klar")).to_be_visible()

    # Kolada: search, the KPI's page, an import for Leksand's similar municipalities.
    page.get_by_role("link", name="Hämta från Kolada").click()
    page.get_by_label("Sök nyckeltal i Kolada").fill("invånare")
    page.get_by_role("button", name="Sök").click()
    expect(page.get_by_text("1 nyckeltal matchar.")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Invånare totalt, antal").click()
    expect(page.get_by_role("heading", name="N01951 Invånare totalt, antal")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("Importera till").select_option(
        label="Nyckeltalstabell: Personal i Siljansbygden"
    )
    page.get_by_label("Kommuner", exact=True).fill("Leksand\nRättvik")
    page.get_by_label("Liknande kommuner, övergripande, Leksand, 2025 (2)").check()
    page.get_by_label("År", exact=True).fill("2023")
    page.get_by_role("button", name="Starta importen").click()
    page.wait_for_url("**/jobb/*/")
    expect(page.get_by_text("Importen är startad")).to_be_visible()
    assert axe_violations(page) == []

    call_command("worker", "--once", "--sleep", "0", verbosity=0)
    page.reload()
    expect(page.get_by_text("Klart", exact=True).first).to_be_visible()
    expect(page.get_by_role("link", name="kolada-import.txt")).to_be_visible()
    assert axe_violations(page) == []

    page.goto("/nyckeltal/tabeller/personal-i-siljansbygden/")
    population = Value.objects.get(
        metric__key="invanare", organisation__code="2029", year=2023
    ).value
    assert Value.objects.filter(metric__key="invanare", year=2023).count() == 4  # 2 + 2 similar
    expect(page.get_by_text(format_number(population, 0)).first).to_be_visible()
    expect(page.get_by_text(format_number(1000 * 1234 / population, 1)).first).to_be_visible()
    assert axe_violations(page) == []

"""A partner's editor works on a collaboration project: the list, the project report,
a new assessment, the account and its forms – every page checked with axe-core. (The PDF
and DOCX of the report are read back in tests/collaboration/test_report.py.)"""

import pytest
from playwright.sync_api import expect
from tests.analytics.socio_example import example_data
from tests.browser.conftest import axe_violations
from tests.conftest import PASSWORD

from kompass.collaboration.domain import account as acc
from kompass.collaboration.domain import projects as proj
from kompass.organisations.models import Organisation

pytestmark = pytest.mark.django_db(transaction=True)


def _project(cast, leksand, *, participants: int | None = None):
    for name, kind in (("Försäkringskassan", "agency"), ("Region Dalarna", "region")):
        Organisation.objects.create(name=name, kind=kind)
    project = proj.create_project(
        user=cast["editor"], name="Steget i Leksand", organisation=leksand, is_example=True
    )
    proj.set_partners(
        project=project,
        user=cast["editor"],
        rows=[
            proj.PartnerRow("Försäkringskassan", "Finansiär", "forsakringskassan", "50"),
            proj.PartnerRow("Region Dalarna", "Finansiär", "region", "25"),
            proj.PartnerRow("Leksand", "Projektägare", "kommun", "25"),
        ],
    )
    data = example_data()
    if participants:
        data["participants"] = participants
    acc.save_account(project=project, user=cast["editor"], data=data)
    return project


def test_editor_assesses_and_reads_the_account(page, login, cast, leksand):
    project = _project(cast, leksand)
    login("redigerare", PASSWORD)
    expect(page.get_by_role("heading", name="Samverkansprojekt")).to_be_visible()
    page.get_by_role("navigation", name="Huvudmeny").get_by_role(
        "link", name="Samverkansprojekt"
    ).click()
    page.wait_for_url("**/samverkan/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Steget i Leksand").first.click()
    page.wait_for_url(f"**/samverkan/{project.pk}/")
    expect(page.get_by_role("heading", name="Vinnare och förlorare").first).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_role("link", name="Tolv villkor för varaktig samverkan").click()
    page.get_by_label("Datum för bedömningen").fill("2026-03-01")
    page.get_by_label("Uppnådd grad av framgång").select_option("1")
    page.get_by_label("Eftersträvad grad av framgång").select_option("2")
    first = page.get_by_role("group", name="V1 De högsta cheferna")
    first.get_by_label("Ja", exact=True).check()
    first.get_by_label("Kommentar").fill("Kommunchefen driver samverkan.")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Spara bedömningen").click()
    page.wait_for_url("**/bedomningar/*/")
    expect(page.get_by_text("Kommunchefen driver samverkan.")).to_be_visible()
    assert axe_violations(page) == []

    page.goto(f"/samverkan/{project.pk}/kalkyl/")
    expect(page.get_by_role("heading", name="Resultat per aktör över tid")).to_be_visible()
    assert axe_violations(page) == []
    for path, heading in (
        ("kalkyl/antaganden/", "Kalkylens antaganden"),
        ("kalkyl/enhetskostnader/", "Enhetskostnader"),
        ("parter/", "Parter och finansiering"),
    ):
        page.goto(f"/samverkan/{project.pk}/{path}")
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
        assert axe_violations(page) == [], path

    # A horizon of zero is refused on the page, with the reason next to the field.
    page.goto(f"/samverkan/{project.pk}/kalkyl/antaganden/")
    page.get_by_label("Horisonter (år)").fill("0, 5")
    page.get_by_role("button", name="Spara och räkna").click()
    expect(page.get_by_text("horisonten ska vara minst 1 år (fick 0)")).to_be_visible()
    assert axe_violations(page) == []

    # The project report now shows the new assessment.
    page.goto(f"/samverkan/{project.pk}/")
    expect(page.get_by_text("Kommunchefen driver samverkan.")).to_be_visible()


def test_reader_sees_no_edit_buttons_and_empty_account(page, login, cast, leksand):
    project = proj.create_project(user=cast["editor"], name="Tomt projekt", organisation=leksand)
    login("lasare", PASSWORD)
    page.goto(f"/samverkan/{project.pk}/kalkyl/")
    expect(page.get_by_text("Projektet har ingen socioekonomisk kalkyl ännu")).to_be_visible()
    assert page.get_by_role("link", name="Ändra antaganden").count() == 0
    assert axe_violations(page) == []
    page.goto(f"/samverkan/{project.pk}/")
    expect(page.get_by_text("Inga bedömningar ännu")).to_be_visible()
    assert axe_violations(page) == []


OVERFLOWING_FIGURES = """() => [...document.querySelectorAll('.figure-big')].filter(figure => {
    const card = figure.closest('.card');
    const box = card.getBoundingClientRect(), own = figure.getBoundingClientRect();
    const padding = parseFloat(getComputedStyle(card).paddingRight);
    return own.right > box.right - padding + 0.5 || card.scrollWidth > card.clientWidth;
}).map(figure => figure.textContent)"""


@pytest.mark.parametrize("width", [1280, 320])
def test_large_figures_stay_inside_their_cards(page, login, cast, leksand, width):
    """Key figures in kronor ("12 222 720 kr") fit their card on a wide screen and on a
    phone: the type shrinks with the card instead of running past its edge."""
    project = _project(cast, leksand, participants=400)  # results of tens of millions
    login("redigerare", PASSWORD)
    page.set_viewport_size({"width": width, "height": 900})
    for path in ("", "kalkyl/"):
        page.goto(f"/samverkan/{project.pk}/{path}")
        figures = page.locator(".figure-big")
        assert figures.count() >= 3
        assert any(" kr" in text for text in figures.all_inner_texts())
        assert page.evaluate(OVERFLOWING_FIGURES) == [], path


def test_statutory_split_works_on_the_rows_typed_on_screen(page, login, cast, leksand):
    """50/25/25 on the partners page: a row just typed is part of the split; when the
    split cannot be made, nothing typed is lost and focus goes to the error summary,
    which names the column as the page shows it."""
    from kompass.collaboration.models import Partner

    rattvik = Organisation.objects.get(code="2031").name
    project = _project(cast, leksand)
    login("redigerare", PASSWORD)
    page.goto(f"/samverkan/{project.pk}/parter/")
    page.get_by_label("Organisation, rad 4").fill(rattvik)
    page.get_by_label("Aktör, rad 4").select_option("kommun")
    page.get_by_label("Aktör, rad 2").select_option("")  # no region left on screen
    page.get_by_role("button", name="Fördela enligt lagen (50/25/25) och spara").click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("Den lagstadgade fördelningen kräver minst en part per aktör")
    expect(summary).to_contain_text("Aktör i kalkylen")
    assert "partners" not in summary.inner_text()
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    expect(page.get_by_label("Organisation, rad 4")).to_have_value(rattvik)
    expect(page.get_by_label("Aktör, rad 4")).to_have_value("kommun")
    assert axe_violations(page) == []

    page.get_by_label("Aktör, rad 2").select_option("region")
    page.get_by_role("button", name="Fördela enligt lagen (50/25/25) och spara").click()
    page.wait_for_url(f"**/samverkan/{project.pk}/")
    expect(page.get_by_text("Parterna och finansieringen är sparade.")).to_be_visible()
    shares = {
        p.organisation.name: float(p.financing_share)
        for p in Partner.objects.filter(project=project).select_related("organisation")
        if p.financing_share
    }
    assert shares == {
        "Försäkringskassan": 50.0,
        "Region Dalarna": 25.0,
        leksand.name: 12.5,
        rattvik: 12.5,
    }

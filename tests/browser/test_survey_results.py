"""A survey owner reads the cohort summary and an organisation's feedback; an editor of
the organisation sees its own report. Every page passes axe-core."""

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader
from tests.browser.conftest import axe_violations
from tests.conftest import PASSWORD, make_user
from tests.surveys.conftest import (  # noqa: F401 - fixtures
    TINY_HEADER,
    close_waves,
    csv_file,
    subtraction_rows,
    tiny_framework,
    tiny_survey,
)

from kompass.surveys.domain.answering import ensure_links, set_link_active
from kompass.surveys.domain.importing import import_responses

pytestmark = pytest.mark.django_db(transaction=True)


def test_owner_reads_cohort_and_organisation_reports(page, login, cast, tiny_survey, tmp_path):  # noqa: F811
    import_responses(
        survey=tiny_survey, content=csv_file(subtraction_rows(), TINY_HEADER), filename="svar.csv"
    )
    close_waves(tiny_survey)
    owner = make_user("enkatagare", evaluator=True)
    tiny_survey.owners.add(owner)
    login("enkatagare", PASSWORD)
    page.get_by_role("link", name="Enkäter", exact=True).first.click()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Liten enkät").click()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Sammanställning för kohorten").click()
    expect(
        page.get_by_role("heading", name="Liten enkät – sammanställning för kohorten")
    ).to_be_visible()
    assert axe_violations(page) == []
    page.goto("/enkater/liten/")
    page.get_by_role("link", name="Leksand").click()
    expect(page.get_by_role("heading", name="Leksands kommun – återrapport")).to_be_visible()
    expect(page.get_by_text("dolt").first).to_be_visible()
    assert axe_violations(page) == []
    with page.expect_download() as info:
        page.get_by_role("link", name="PDF").click()
    target = tmp_path / "leksand.pdf"
    info.value.save_as(target)
    assert "Leksands kommun – återrapport" in " ".join(
        p.extract_text() for p in PdfReader(target).pages
    )
    links = ensure_links(survey=tiny_survey, wave=tiny_survey.waves.get())
    set_link_active(link=links[0], active=False)  # the page shows open and closed links
    for url in (
        "/enkater/liten/importera/",
        "/enkater/liten/kohort/",
        "/enkater/liten/installningar/",
        "/enkater/liten/omgang/2024-10/lankar/",
        "/enkater/liten/omgang/2024-10/inbjudna/",
        "/enkater/liten/omgang/2024-10/",
        "/enkater/ny/",
    ):
        page.goto(url)
        assert axe_violations(page) == [], url


def test_organisation_editor_sees_only_its_feedback(page, login, cast, tiny_survey):  # noqa: F811
    import_responses(
        survey=tiny_survey, content=csv_file(subtraction_rows(), TINY_HEADER), filename="svar.csv"
    )
    close_waves(tiny_survey)
    login("redigerare", PASSWORD)
    page.goto("/enkater/liten/")
    expect(page.get_by_role("link", name="Leksand")).to_be_visible()
    assert page.get_by_role("link", name="Rättvik").count() == 0
    assert page.get_by_role("link", name="Sammanställning för kohorten").count() == 0
    assert axe_violations(page) == []

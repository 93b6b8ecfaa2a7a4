"""The main journey: log in, find Leksand's evaluation, read the report, download the PDF."""

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader
from tests.browser.conftest import axe_violations
from tests.conftest import PASSWORD

from kompass.evaluations.demo import LEKSAND
from kompass.evaluations.domain.transfer import import_evaluation

pytestmark = pytest.mark.django_db(transaction=True)


def test_login_to_downloaded_pdf(page, login, cast, tmp_path):
    evaluation, _ = import_evaluation(LEKSAND.read_text(encoding="utf-8"), filename="leksand.yaml")
    login("lasare", PASSWORD)
    assert axe_violations(page) == []
    page.get_by_role("link", name="Utvärderingar", exact=True).first.click()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Leksand").click()
    page.wait_for_url(f"**/utvarderingar/{evaluation.pk}/")
    expect(page.get_by_role("heading", name="Sammanfattning av resultat")).to_be_visible()
    assert axe_violations(page) == []
    with page.expect_download() as info:
        page.get_by_role("link", name="PDF").click()
    target = tmp_path / "rapport.pdf"
    info.value.save_as(target)
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(target).pages).split())
    assert "Analys av Leksands kommun" in text
    assert "Översikt av poängfördelning" in text

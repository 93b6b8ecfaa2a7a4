"""The status analysis over a Kolada KPI group in the browser: the source chosen on the
form with the group's id, Kolada's "Liknande kommuner" offered as peers, and a group that
does not exist said plainly; axe-clean. Kolada is the v3 stand-in on real sockets."""

import pytest
from playwright.sync_api import expect
from tests.browser.conftest import axe_violations
from tests.conftest import PASSWORD
from tests.indicators.conftest import standin  # noqa: F401 (fixture)
from tests.status.test_kolada import kolada_group  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db(transaction=True)


def test_kpi_group_and_similar_municipalities_on_the_page(
    page,
    login,
    cast,
    leksand,
    kolada_group,  # noqa: F811
):
    login("redigerare", PASSWORD)
    page.goto("/nulage/")
    page.get_by_label("Underlag", exact=True).select_option(
        label="Nyckeltalsgrupp i Kolada (ange id)"
    )
    page.get_by_label("Koladas nyckeltalsgrupp (id)").fill("GTEST")
    page.get_by_role("button", name="Visa").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Nulägesanalys {kolada_group['year']}: Leksand"
    )
    expect(page.get_by_text("Kolada: Testgruppen").first).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_label("Jämförelsegrupp", exact=True).select_option(
        label="Liknande kommuner äldreomsorg, Leksand (Kolada) (5)"
    )
    page.get_by_role("button", name="Visa").click()
    expect(page.get_by_label("Jämförelsegrupp", exact=True)).to_have_value("kolada-GLIK2029")
    decide = page.get_by_role("region", name="Besluta om avvikelserna")
    expect(decide.get_by_role("link").first).to_have_text("Sjukfrånvaro, % (U00001) (percentil 0)")

    page.get_by_label("Koladas nyckeltalsgrupp (id)").fill("FINNSINTE")
    page.get_by_role("button", name="Visa").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Kolada har ingen nyckeltalsgrupp med id FINNSINTE"
    )
    assert axe_violations(page) == []

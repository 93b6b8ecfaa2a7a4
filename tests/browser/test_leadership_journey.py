"""Leadership-development journey (seed 002, the seven principles): a management group
assesses the principles twice so the change shows over time, makes a programme plan that
places activities in the methods table (leader/leadership x five kinds of method), and
links the LfR self-assessment as the follow-up of principle 7. axe-clean on every page."""

import re

import pytest
from playwright.sync_api import expect
from tests.browser.conftest import axe_violations
from tests.conftest import PASSWORD

from kompass.leadership.domain.assessments import current_framework
from kompass.surveys.domain.surveys import add_organisations, create_survey

pytestmark = pytest.mark.django_db(transaction=True)


def _assess(page, tree, *, date: str, group: str, answers: dict[str, str]) -> None:
    page.get_by_role("link", name="Ny bedömning").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ny bedömning")
    page.get_by_label("Datum").fill(date)
    page.get_by_label("Vem bedömde").fill(group)
    for code, label in answers.items():
        statement = next(i.text for i in tree.items if i.code == code)
        scope = page
        for area in tree.areas:  # an option under a question: within the question's group
            for sub in area.subareas:
                if code in {i.code for i in sub.items}:
                    scope = page.get_by_role("group", name=sub.name, exact=True)
        scope.get_by_role("group", name=statement, exact=True).get_by_label(
            label, exact=True
        ).check()
    page.get_by_role("button", name="Spara bedömningen").click()
    expect(page.get_by_text("Bedömningen är sparad.")).to_be_visible()


def test_principles_over_time_a_programme_plan_and_lfr_as_followup(page, login, cast, leksand):
    tree = current_framework().tree
    lfr = create_survey(
        slug="lfr-ledningsgrupp", framework="lfr-sjalvskattning", name="Leda för resultat 2025"
    )
    add_organisations(survey=lfr, organisations=[leksand])
    login("redigerare", PASSWORD)
    page.goto("/ledarskap/")  # a member of one organisation goes straight to its page
    expect(page.get_by_role("heading", level=1)).to_have_text("Ledarskapsutveckling: Leksand")
    expect(page.get_by_text("Ingen bedömning ännu")).to_be_visible()
    assert axe_violations(page) == []

    # 1. The management group assesses the seven principles, and again a year later.
    page.get_by_role("link", name="Ny bedömning").click()
    assert axe_violations(page) == []
    page.go_back()
    _assess(
        page,
        tree,
        date="2025-03-01",
        group="Kommunledningsgruppen",
        answers={"P1": "Delvis", "P4": "Nej", "P7": "Nej", "4.L.kurser": "Ja"},
    )
    _assess(
        page,
        tree,
        date="2026-03-01",
        group="Kommunledningsgruppen",
        answers={"P1": "Ja", "P4": "Delvis", "P7": "Delvis", "4.S.feedback": "Ja"},
    )
    table = page.get_by_role("table", name="Principerna, bedömning för bedömning")
    expect(table.get_by_role("columnheader")).to_have_text(
        ["Princip", "2025-03-01 (Kommunledningsgruppen)", "2026-03-01 (Kommunledningsgruppen)"]
    )
    principle_4 = table.get_by_role("row").filter(has_text="4. ")
    expect(principle_4.get_by_role("cell")).to_have_text(["Nej", "Delvis"])
    assert axe_violations(page) == []

    # 2. A programme plan followed up by the LfR self-assessment (principle 7).
    page.get_by_role("link", name="Ny programplan").click()
    assert axe_violations(page) == []
    page.get_by_label("Namn").fill("Ledarskapsprogram 2026")
    page.get_by_label("Syfte").fill("Chefer som leder förbättring tillsammans.")
    page.get_by_label("Uppföljning med självskattning (princip 7)").select_option(
        label="Leda för resultat 2025"
    )
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ledarskapsprogram 2026")
    expect(page.get_by_text("Princip 7 följs upp med självskattningen i")).to_be_visible()

    # 3. Activities placed in the methods table: leader and leadership development.
    for level, kind, title in (
        ("Ledarutveckling (den enskilda chefen)", "Utvecklande relationer", "Mentorer"),
        ("Ledarutveckling (den enskilda chefen)", "Kurser och program", "Förbättringskunskap"),
        (
            "Ledarskapsutveckling (gruppen och organisationen)",
            "Återkoppling",
            "Gemensam reflektion",
        ),
    ):
        page.get_by_label("Nivå").select_option(label=level)
        page.get_by_label("Slags metod").select_option(label=kind)
        page.get_by_label("Aktivitet", exact=True).fill(title)
        page.get_by_role("button", name="Lägg till").click()
        expect(page.get_by_text("Aktiviteten är tillagd.")).to_be_visible()
    methods = page.get_by_role(
        "table", name="Metodtabellen: aktiviteterna per nivå och slags metod"
    )
    leader = methods.get_by_role("row").filter(has_text="Ledarutveckling (den enskilda")
    expect(leader.get_by_role("cell").nth(0)).to_contain_text("Mentorer")
    expect(leader.get_by_role("cell").nth(3)).to_contain_text("Förbättringskunskap")
    group = methods.get_by_role("row").filter(has_text="Ledarskapsutveckling (gruppen")
    expect(group.get_by_role("cell").nth(2)).to_contain_text("Gemensam reflektion")
    expect(group.get_by_role("cell").nth(0)).to_have_text("–")
    assert axe_violations(page) == []

    # 4. The follow-up link leads to the organisation's self-assessment results.
    page.get_by_role("link", name="Leda för resultat 2025").click()
    expect(page).to_have_url(re.compile(rf"/lfr-ledningsgrupp/organisation/{leksand.code}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Leksands kommun – återrapport")

    # 5. The overview names the plan's follow-up and downloads through the one export path.
    page.goto(f"/ledarskap/organisation/{leksand.code}/")
    expect(page.get_by_text("följs upp med Leda för resultat 2025")).to_be_visible()
    pdf = page.get_by_role("link", name="PDF")
    expect(pdf).to_have_attribute("href", f"/rapporter/ledarskap/{leksand.code}/?format=pdf")

"""Follow-up journey: from Leksand's published evaluation to an action plan, an action
marked done, and the renewed evaluation that shows the action against the improvement
opportunity it came from (seed 003: re-evaluation confirms the improvement work)."""

import datetime
import re

import pytest
from playwright.sync_api import expect
from tests.browser.conftest import axe_violations
from tests.conftest import PASSWORD

from kompass.evaluations.demo import LEKSAND
from kompass.evaluations.domain.transfer import import_evaluation
from kompass.evaluations.models import Finding
from kompass.followup.domain.dialogues import save_dialogue
from kompass.followup.domain.people import save_person

pytestmark = pytest.mark.django_db(transaction=True)

REEVALUATION = """\
format: kompass-evaluation/1
framework: kommunkompassen-2020
organisation: "2029"
date: 2026-09-17
status: published
evaluators: [Exempelutvärderare]
example: true
"""


def test_action_plan_followed_through_to_reevaluation(page, login, cast, leksand):
    evaluation, _ = import_evaluation(LEKSAND.read_text(encoding="utf-8"), filename="leksand.yaml")
    opportunity = evaluation.findings.get(
        kind=Finding.Kind.IMPROVEMENT, text="Skapa ett delat ägande av den nya styrmodellen"
    )
    boss = save_person(organisation=leksand, user=None, name="Karin Berg", title="Kommundirektör")
    manager = save_person(
        organisation=leksand,
        user=None,
        name="Maria Holm",
        title="Enhetschef hemtjänst",
        reports_to=boss,
        dialogues_per_year=8,
    )
    save_dialogue(
        organisation=leksand,
        user=None,
        manager=manager,
        planned_on=datetime.date.today() - datetime.timedelta(days=3),
    )

    login("redigerare", PASSWORD)
    page.goto(f"/utvarderingar/{evaluation.pk}/")
    assert axe_violations(page) == []

    # 1. From the evaluation's improvement opportunities to a plan.
    page.get_by_role("link", name="Skapa handlingsplan från förbättringsmöjligheterna").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Ny handlingsplan från förbättringsmöjligheterna"
    )
    assert axe_violations(page) == []
    page.get_by_role("button", name="Skapa handlingsplan").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Välj minst en förbättringsmöjlighet att arbeta med."
    )
    assert axe_violations(page) == []
    page.get_by_label(opportunity.text).check()
    page.get_by_role("button", name="Skapa handlingsplan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Handlingsplan efter Kommunkompassen 2023"
    )
    expect(page.get_by_role("heading", level=2, name=opportunity.text)).to_be_visible()
    assert axe_violations(page) == []

    plan_url = page.url
    # A second plan from the same evaluation is offered a title of its own.
    page.goto(f"/utvarderingar/{evaluation.pk}/")
    page.get_by_role("link", name="Skapa handlingsplan från förbättringsmöjligheterna").click()
    expect(page.locator("#id_title")).to_have_value("Handlingsplan efter Kommunkompassen 2023 (2)")
    page.goto(plan_url)

    # 2. An action for that opportunity; bad dates first.
    page.get_by_role("link", name=f"Lägg till åtgärd för: {opportunity.text}").click()
    page.wait_for_url("**/atgard/ny/**")
    assert axe_violations(page) == []
    # The drop-down names each opportunity whole, or cut at a word with "…".
    texts = set(evaluation.findings.values_list("text", flat=True))
    options = page.get_by_label("Förbättringsmöjlighet").locator("option").all_inner_texts()
    labels = [re.sub(r"^\d+\. ", "", o.strip()) for o in options if o.strip()]
    assert opportunity.text in labels
    for label in labels[1:]:  # after the choice of none
        if label in texts:
            continue
        head = label.removesuffix("…")
        assert label.endswith("…"), label
        assert any(t.startswith(head) and t[len(head)] == " " for t in texts), label
    page.get_by_label("Åtgärd", exact=True).fill("Workshopserie om styrmodellen")
    page.get_by_label("Ansvarig").select_option(label="Karin Berg, Kommundirektör")
    page.get_by_label("Startdatum").fill("2024-03-01")
    page.get_by_label("Klart senast").fill("2024-02-01")
    page.get_by_role("button", name="Spara åtgärden").click()
    expect(
        page.get_by_text("Klart senast (2024-02-01) ligger före startdatum (2024-03-01).")
    ).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("Klart senast").fill("2024-11-30")
    page.get_by_role("button", name="Spara åtgärden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Workshopserie om styrmodellen")
    assert axe_violations(page) == []

    # 3. Mark it done.
    page.get_by_label("Ny status").select_option(label="Klar")
    page.get_by_label("Datum då åtgärden blev klar").fill("2024-11-20")
    page.get_by_label("Anteckning", exact=True).first.fill("Sex workshoppar genomförda.")
    page.get_by_role("button", name="Spara status").click()
    expect(page.get_by_text("Klar 2024-11-20").first).to_be_visible()
    expect(page.locator(".history")).to_contain_text("Sex workshoppar genomförda.")
    assert axe_violations(page) == []

    # 4. The dialogues page tells who is behind.
    page.get_by_role("link", name="Leksand").first.click()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Systematiska dialoger").first.click()
    expect(page.get_by_role("table", name=re.compile("Dialoger per chef"))).to_contain_text(
        "Ligger efter"
    )
    assert axe_violations(page) == []

    # 5. The renewed evaluation shows the action against the 2023 opportunity.
    scores = "".join(
        f'  "{sub.code}": {int(sub.max) // 2}\n' for sub in evaluation.framework.tree.subareas
    )
    reevaluation, _ = import_evaluation(
        REEVALUATION + "scores:\n" + scores, filename="leksand-2026.yaml"
    )
    page.goto(f"/utvarderingar/{reevaluation.pk}/")
    page.get_by_role(
        "link", name="Uppföljning av förbättringsmöjligheterna från 2023"
    ).first.click()
    table = page.get_by_role("table", name="Förbättringsmöjligheter från 2023 och åtgärder")
    row = table.get_by_role("row").filter(has_text="Workshopserie om styrmodellen")
    expect(row).to_contain_text(f"3. {opportunity.text}")
    expect(row).to_contain_text("Klar 2024-11-20")
    assert axe_violations(page) == []

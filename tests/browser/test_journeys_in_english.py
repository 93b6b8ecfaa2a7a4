"""The five main journeys in English (issue 13): each done by users whose remembered
language is English (they sign in from a Swedish browser, so the choice on the account is
what turns the pages English), condensed to its main steps, with the controls found by
their English names. The texts are written out here, so a missing translation fails.

Each main state (a list, a form with an error, the result) passes axe with every default
rule; two or three per journey also reflow at 320 px and 200 % with no focus hidden; and
no Swedish interface word shows on any page visited (the term list and text extraction
of tests/test_languages_complete.py, with what is stored in the database taken out).
Each journey ends with its report as a PDF, read back for an English heading and for
Swedish interface words. The Swedish journeys beside this module cover each step in
detail; these check that the same steps work, and read well, in English."""

import datetime

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader
from tests.browser.conftest import axe_violations, chart_drawn
from tests.browser.pagecheck import page_problems
from tests.browser.test_collaboration_journey import _project as collaboration_project
from tests.conftest import PASSWORD
from tests.surveys.conftest import (  # noqa: F401 - fixtures
    TINY_HEADER,
    close_waves,
    csv_file,
    subtraction_rows,
    tiny_framework,
)
from tests.test_languages_complete import SWEDISH, Checker, interface_text

from kompass.accounts.models import User
from kompass.evaluations.demo import LEKSAND
from kompass.evaluations.domain.scores import set_scores
from kompass.evaluations.domain.transfer import import_evaluation
from kompass.evaluations.models import Evaluation, Finding
from kompass.followup.domain.people import save_person
from kompass.indicators.demo import leksand_indicators, load_benchmark, peer_groups, peer_table
from kompass.surveys.models import Survey

pytestmark = pytest.mark.django_db(transaction=True)


class English:
    """Checks of the page now shown in the English interface."""

    def __init__(self, page, *usernames):
        User.objects.filter(username__in=usernames).update(language="en")
        self.page = page
        # Built once the journey's data is in place: its stored texts are left out.
        self.swedish = Checker(SWEDISH)

    def words(self, text: str) -> list[str]:
        """Swedish interface words in `text`; on a find, asked again with the texts stored
        since (what the journey typed or imported is the users', in either language)."""
        found = self.swedish(text)
        if found:
            self.swedish = Checker(SWEDISH)
            found = self.swedish(text)
        return found

    def check(self, *, reflow: bool = False) -> None:
        """axe (with reflow and focus when `reflow`) and no Swedish interface words."""
        page = self.page
        page.wait_for_load_state("load")
        expect(page.locator("html")).to_have_attribute("lang", "en")
        if reflow:
            assert page_problems(page) == [], page.url
        else:
            assert axe_violations(page) == [], page.url
        assert self.words(interface_text(page.content())) == [], page.url

    def pdf(self) -> str:
        """The text of the PDF the page's PDF link downloads, checked for Swedish words."""
        with self.page.expect_download() as info:
            self.page.get_by_role("link", name="PDF", exact=True).first.click()
        text = " ".join(p.extract_text() for p in PdfReader(info.value.path()).pages)
        text = " ".join(text.split())
        assert self.words(text) == []
        return text


def test_evaluation_from_new_to_published(page, login, cast, leksand):
    english = English(page, "utvarderare", "annan_utvarderare")
    login("utvarderare", PASSWORD)
    page.get_by_role("link", name="Evaluations", exact=True).first.click()
    page.wait_for_url("**/utvarderingar/")
    english.check()

    # New: a date in the future is refused, with the reason in English.
    page.get_by_role("link", name="New evaluation").click()
    expect(page.get_by_role("heading", name="New evaluation", level=1)).to_be_visible()
    page.get_by_label("Organisation").select_option(label=leksand.name)
    page.get_by_label("Framework").select_option(label="Kommunkompassen 2020")
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    page.get_by_label("Evaluation date").fill(tomorrow.isoformat())
    page.get_by_label("Annan_Utvarderare").check()
    page.get_by_role("button", name="Create").click()
    expect(
        page.get_by_text("The date is in the future; enter when the evaluation was carried out.")
    ).to_be_visible()
    english.check(reflow=True)
    page.get_by_label("Evaluation date").fill("2026-10-01")
    page.get_by_role("button", name="Create").click()
    page.wait_for_url("**/poang/")
    expect(
        page.get_by_text("The evaluation has been created. Start scoring each sub-area.")
    ).to_be_visible()
    evaluation = Evaluation.objects.get(organisation=leksand)

    # Scores: the first sub-area on the screen, the rest as the evaluator's earlier work.
    page.get_by_label("Score (0–20)").first.fill("7,5")
    page.get_by_role("button", name="Save scores").first.click()
    page.wait_for_url(f"**/utvarderingar/{evaluation.pk}/poang/1/")
    expect(page.get_by_text("The scores have been saved").first).to_be_visible()
    english.check()
    tree = evaluation.framework.tree
    set_scores(
        evaluation=evaluation,
        scores={s.code: 2 for s in tree.subareas if s.code != tree.subareas[0].code},
        user=cast["evaluator"],
    )

    # Publishing: requested by the evaluator, approved by another.
    page.goto(f"/utvarderingar/{evaluation.pk}/")
    page.get_by_role("link", name="Request publication").click()
    page.wait_for_url(f"**/utvarderingar/{evaluation.pk}/publicering/")
    expect(page.get_by_role("heading", name="What will be published")).to_be_visible()
    expect(page.get_by_role("table", name="Score per area")).to_be_visible()
    page.get_by_role("button", name="Request publication").click()
    expect(page.get_by_text("Publication has been requested.")).to_be_visible()
    english.check()

    login("annan_utvarderare", PASSWORD)
    page.goto(f"/utvarderingar/{evaluation.pk}/publicering/")
    page.get_by_role("button", name="Approve and publish").click()
    page.wait_for_url(f"**/utvarderingar/{evaluation.pk}/")
    expect(page.get_by_text("The evaluation is published.")).to_be_visible()
    expect(page.get_by_role("heading", name="Summary of results")).to_be_visible()
    english.check(reflow=True)
    text = english.pdf()
    assert f"Analysis of {leksand.display_name}" in text
    assert "Overview of score distribution" in text


def test_survey_from_creation_to_report(page, login, cast, tiny_framework, tmp_path):  # noqa: F811
    english = English(page, "utvarderare")
    login("utvarderare", PASSWORD)
    page.get_by_role("link", name="Surveys", exact=True).first.click()
    page.wait_for_url("**/enkater/")
    english.check()

    page.get_by_role("link", name="New survey").click()
    expect(page.get_by_role("heading", name="New survey", level=1)).to_be_visible()
    page.get_by_label("Instrument").select_option(label=str(tiny_framework))
    page.get_by_label("Name", exact=True).fill("Small survey")
    page.get_by_label("Short name").fill("small")
    page.get_by_role("button", name="Create the survey").click()
    page.wait_for_url("**/enkater/small/")
    expect(
        page.get_by_text("The survey has been created. Add a wave and organisations.")
    ).to_be_visible()
    english.check(reflow=True)
    survey = Survey.objects.get(slug="small")

    # The answers from a file: one out of range first, nothing saved, said in English.
    rows = subtraction_rows()
    bad = tmp_path / "answers.csv"
    bad.write_bytes(csv_file([*rows[:2], [*rows[2][:4], 9, *rows[2][5:]]], TINY_HEADER))
    page.get_by_role("link", name="Import answers").click()
    page.get_by_label("File (CSV or XLSX)").set_input_files(bad)
    page.get_by_role("button", name="Import", exact=True).click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text(
        "The file was not imported. Nothing was saved. Correct this and try again:"
    )
    expect(alert).to_contain_text("answers.csv, row 4, column q1")
    english.check(reflow=True)
    good = tmp_path / "answers.csv"
    good.write_bytes(csv_file(rows, TINY_HEADER))
    page.get_by_label("File (CSV or XLSX)").set_input_files(good)
    page.get_by_role("button", name="Import", exact=True).click()
    page.wait_for_url("**/enkater/small/")
    expect(page.get_by_text(f"Imported {len(rows)} answers.")).to_be_visible()
    close_waves(survey)

    page.reload()
    page.get_by_role("link", name="Cohort summary").click()
    expect(page.get_by_role("heading", name="Small survey – cohort summary")).to_be_visible()
    english.check()
    page.goto("/enkater/small/")
    page.get_by_role("link", name="Leksand").click()
    expect(page.get_by_role("heading", name="Leksands kommun – feedback report")).to_be_visible()
    english.check(reflow=True)
    assert "Leksands kommun – feedback report" in english.pdf()


def test_key_ratios_and_indicators(page, login, cast, leksand):
    load_benchmark()
    leksand_indicators(leksand)
    peer_table(leksand)
    peer_groups(leksand)
    english = English(page, "redigerare")
    login("redigerare", PASSWORD)
    page.get_by_role("link", name="Key ratios and indicators", exact=True).first.click()
    expect(page.get_by_role("heading", name="Key ratios and indicators", level=1)).to_be_visible()
    english.check()

    # Leksand's dashboard: the perspectives, the signals, the key ratios against a group.
    page.get_by_role("link", name="Leksands kommun").click()
    page.wait_for_url("**/nyckeltal/organisation/2029/")
    expect(
        page.get_by_role("heading", name="Indicators and key ratios: Leksands kommun")
    ).to_be_visible()
    for perspective in ("Citizen/customer (effects)", "Employees", "Finance"):
        expect(page.get_by_role("heading", name=perspective, exact=True)).to_be_visible()
    page.get_by_label("Compare with").select_option(label="Grannar runt Siljan (4)")
    page.get_by_role("button", name="Show", exact=True).click()
    page.wait_for_url("**jamfor=group-*")
    expect(page.get_by_text("Leksand compared with Grannar runt Siljan").first).to_be_visible()
    english.check(reflow=True)

    # A new indicator: a target that is not a number, then its series pasted.
    page.get_by_role("link", name="New indicator").click()
    page.get_by_label("Name", exact=True).fill("Visits by the same staff")
    page.get_by_label("Perspective").select_option("citizen")
    page.get_by_label("Which direction is better?").select_option("lower")
    page.get_by_label("Period type").select_option("week")
    page.get_by_label("Target value").fill("ten")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("“ten” is not a number")).to_be_visible()
    english.check(reflow=True)
    page.get_by_label("Target value").fill("10,5")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url("**/varden/")
    series = "\n".join(
        f"2024-V{w:02d};{v}"
        for w, v in enumerate([14, 15, 13, 14, 16, 15, 12, 11, 10, 11, 10, 9], 1)
    )
    page.get_by_label("Or paste values").fill(series)
    page.get_by_role("button", name="Save the values").click()
    expect(
        page.get_by_text("The values have been saved: 12 new and 0 changed values.")
    ).to_be_visible()
    english.check()
    page.get_by_role("link", name="To the chart").click()
    expect(page.get_by_role("heading", name="Visits by the same staff", level=1)).to_be_visible()
    picture = page.locator("figure.chart img.chart-picture")
    assert chart_drawn(picture)
    english.check()
    # The chart is a picture of its own: its texts are English too.
    svg = page.request.get(picture.get_attribute("src"))
    assert svg.ok
    assert english.words(interface_text(svg.text())) == []
    text = english.pdf()
    assert "Leksands kommun · Citizen/customer (effects)" in text
    assert "Latest value" in text

    # The key ratios of the benchmark table.
    page.goto("/nyckeltal/")
    page.get_by_role("link", name="Stödfunktioner i vård och omsorg, fem kommuner 2020").click()
    expect(
        page.get_by_text("Medarbetare per chef, totalt 2020: Helsingborg 34, Lund 34")
    ).to_be_visible()
    english.check()


def test_action_plan_from_an_evaluation(page, login, cast, leksand):
    evaluation, _ = import_evaluation(LEKSAND.read_text(encoding="utf-8"), filename="leksand.yaml")
    opportunity = evaluation.findings.get(
        kind=Finding.Kind.IMPROVEMENT, text="Skapa ett delat ägande av den nya styrmodellen"
    )
    save_person(organisation=leksand, user=None, name="Karin Berg", title="Chief executive")
    english = English(page, "redigerare")
    login("redigerare", PASSWORD)
    page.goto(f"/utvarderingar/{evaluation.pk}/")
    english.check()

    # A plan from the evaluation's improvement opportunities: none chosen, then one.
    page.get_by_role("link", name="Create action plan from the improvement opportunities").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "New action plan from the improvement opportunities"
    )
    expect(page.get_by_label("Name")).to_have_value("Action plan after Kommunkompassen 2023")
    page.get_by_role("button", name="Create action plan").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Choose at least one improvement opportunity to work on."
    )
    english.check(reflow=True)
    page.get_by_label(opportunity.text).check()
    page.get_by_role("button", name="Create action plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Action plan after Kommunkompassen 2023"
    )
    english.check()

    # An action for the opportunity, and then it is done.
    page.get_by_role("link", name=f"Add action for: {opportunity.text}").click()
    page.wait_for_url("**/atgard/ny/**")
    page.get_by_label("Action", exact=True).fill("Workshops on the governance model")
    page.get_by_label("Responsible").select_option(label="Karin Berg, Chief executive")
    page.get_by_label("Start date").fill("2024-03-01")
    page.get_by_label("Due date").fill("2024-11-30")
    page.get_by_role("button", name="Save the action").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Workshops on the governance model")
    page.get_by_label("New status").select_option(label="Done")
    page.get_by_label("Date the action was completed").fill("2024-11-20")
    page.get_by_label("Note", exact=True).first.fill("Six workshops held.")
    page.get_by_role("button", name="Save status").click()
    expect(page.locator(".history")).to_contain_text("Six workshops held.")
    english.check(reflow=True)

    page.get_by_role("link", name="Action plan after Kommunkompassen 2023").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Action plan after Kommunkompassen 2023"
    )
    expect(page.get_by_role("table").first).to_contain_text("Workshops on the governance model")
    english.check()
    text = english.pdf()
    assert "Action plan after Kommunkompassen 2023" in text
    assert "Summary" in text


def test_collaboration_project_with_its_account(page, login, cast, leksand):
    project = collaboration_project(cast, leksand)
    english = English(page, "redigerare")
    login("redigerare", PASSWORD)
    page.get_by_role("navigation", name="Main menu").get_by_role(
        "link", name="Collaboration projects"
    ).click()
    page.wait_for_url("**/samverkan/")
    english.check()
    page.get_by_role("link", name="Steget i Leksand").first.click()
    page.wait_for_url(f"**/samverkan/{project.pk}/")
    expect(page.get_by_role("heading", name="Winners and losers").first).to_be_visible()
    english.check(reflow=True)

    # An assessment of the conditions for lasting collaboration.
    page.get_by_role("link", name="Tolv villkor för varaktig samverkan").click()
    page.get_by_label("Assessment date").fill("2026-03-01")
    page.get_by_label("Degree of success achieved").select_option("1")
    page.get_by_label("Degree of success aimed for").select_option("2")
    first = page.get_by_role("group", name="V1 De högsta cheferna")
    first.get_by_label("Yes", exact=True).check()
    first.get_by_label("Comment").fill("The chief executive drives the collaboration.")
    page.get_by_role("button", name="Save the assessment").click()
    page.wait_for_url("**/bedomningar/*/")
    expect(page.get_by_text("The chief executive drives the collaboration.")).to_be_visible()
    english.check()

    # The account: a horizon of zero refused, then the account and its report.
    page.goto(f"/samverkan/{project.pk}/kalkyl/antaganden/")
    expect(page.get_by_role("heading", name="Account assumptions", exact=True)).to_be_visible()
    page.get_by_label("Horizons (years)").fill("0, 5")
    page.get_by_role("button", name="Save and calculate").click()
    expect(page.get_by_text("the horizon must be at least 1 year (got 0)")).to_be_visible()
    english.check()
    page.goto(f"/samverkan/{project.pk}/kalkyl/")
    expect(page.get_by_role("heading", name="Result per actor over time")).to_be_visible()
    english.check(reflow=True)
    text = english.pdf()
    assert "Socio-economic calculation" in text
    assert "Result per actor over time" in text

"""The project report: HTML, PDF and DOCX with the checklist, the degree of success and
the account's charts, read back; XLSX with every table; `kompass report project`."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from kompass.collaboration.domain import assessments as assess
from kompass.collaboration.domain import projects as proj
from kompass.collaboration.report import build_project_report
from kompass.frameworks.models import Framework
from kompass.reports.render import render
from tests.test_i18n import compiled_catalogue  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_project(account_project, cast):
    proj.set_organisation(
        project=account_project,
        user=cast["editor"],
        team="Anna Exempel; projektledare; Leksand",
        steering="Bo Exempel; ordförande; Försäkringskassan",
        plan="Dokumentera modellen; Anna Exempel; 2026-06-30; pågår",
    )
    framework = Framework.objects.get(identifier="samverkan-villkor-2012")
    items = framework.tree.items
    for date, reached, value in (("2025-03-01", 1, "delvis"), ("2026-03-01", 2, "ja")):
        assess.save_assessment(
            project=account_project,
            user=cast["editor"],
            framework=framework,
            date=datetime.date.fromisoformat(date),
            degree_reached=reached,
            degree_aimed=3,
            answers={
                i.code: (value, "Eldsjälarna finns." if i.code == "V12" else "") for i in items
            },
        )
    return account_project


def _pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.mark.pdf
def test_project_report_pdf_and_docx_read_back(full_project):
    report = build_project_report(full_project)
    _, mimetype, content = render(report, "pdf")
    assert mimetype == "application/pdf"
    text = _pdf_text(content)
    for expected in (
        "Steget (test)",
        "Parter och finansiering",
        "Grad av framgång",
        "Tolv villkor för varaktig samverkan",
        "Eldsjälarna finns.",
        "Ackumulerat resultat per aktör över tid",
        "Vinnare och förlorare",
        "Implementeringsplan",
    ):
        assert expected in text, expected
    assert "4 221 619" in text.replace("\u00a0", " ")

    _, _, content = render(report, "docx")
    document = Document(io.BytesIO(content))
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[0] == "Steget (test)"
    for heading in (
        "Grad av framgång",
        "Tolv villkor för varaktig samverkan",
        "Samverkansbokslut",
        "Vinnare och förlorare",
        "Ackumulerat resultat per aktör över tid (0 %)".replace(" %", "\u00a0%"),
    ):
        assert heading in paragraphs, heading
    # charts: degrees, checklist over time, cumulative result, winners and losers
    assert len(document.inline_shapes) == 4
    cells = {c.text for t in document.tables for r in t.rows for c in r.cells}
    assert "Försäkringskassan" in cells and "Förlorare" in cells


def test_project_report_xlsx_has_every_table(full_project):
    report = build_project_report(full_project)
    _, _, content = render(report, "xlsx")
    workbook = load_workbook(io.BytesIO(content))
    assert len(workbook.sheetnames) == len(report.tables())
    sheet = workbook["Horisonter 0 %"]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    society = next(row for row in values if row[0] == "Samhället totalt")
    assert 4221619 in society


def test_project_report_html_has_described_charts(full_project):
    _, _, content = render(build_project_report(full_project), "html")
    html = content.decode()
    assert html.count('<figure class="chart"') == 4
    assert "Visa diagrammets siffror som tabell" in html


def test_report_without_account_or_assessments_says_what_to_do(project):
    text = " ".join(
        b.text
        for s in build_project_report(project).sections
        for b in s.blocks
        if hasattr(b, "text")
    )
    assert "Inga bedömningar ännu" in text
    assert "Projektet har ingen socioekonomisk kalkyl ännu" in text
    assert "Implementeringsplanen saknas" in text


def test_report_command_writes_the_project_report(account_project, tmp_path):
    target = tmp_path / "projekt.html"
    call_command(
        "report", "project", str(account_project.pk), "--format", "html", "--output", str(target)
    )
    assert ">Vinnare och förlorare</span>" in target.read_text(encoding="utf-8")


def test_report_command_unknown_project(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="det finns inget samverkansprojekt med id 999"):
        call_command("report", "project", "999", "--output", "/tmp/x.pdf")


# -- the account report: states, labels and texts -------------------------------------


def _account_report(text_or_account, **changes):
    from dataclasses import replace

    from kompass.analytics.socio import calculate
    from kompass.analytics.socio_input import load_account
    from kompass.collaboration.report import build_account_report

    account = load_account(text_or_account) if isinstance(text_or_account, str) else text_or_account
    return build_account_report(calculate(replace(account, **changes)))


def _table(report, start: str):
    return next(t for t in report.tables() if t.caption.startswith(start))


def _example():
    from kompass.analytics.socio_input import load_account
    from tests.analytics.socio_example import example_yaml

    return load_account(example_yaml())


def test_sensitivity_without_net_cost_says_so():
    report = _account_report(_example(), intervention_costs=(Decimal(0),))
    table = _table(report, "Känslighetsanalys")
    base = table.rows[0]
    assert base[-1].display == "ingen nettokostnad"
    assert base[-2].display == "ingen kostnad"
    slow = _table(_account_report(_example(), attribution=Decimal("0.01")), "Känslighetsanalys")
    assert slow.rows[0][-1].display == "inte inom 10 år"


def test_sensitivity_shows_the_payback_month_of_each_variant():
    table = _table(_account_report(_example()), "Känslighetsanalys")
    assert table.rows[0][-1].display == "22 mån"
    assert table.rows[0][-2].display == "11,5\u00a0%"


def test_break_even_above_one_hundred_per_cent_says_it_cannot_be_reached():
    costly = (Decimal(40_000_000),) * 3
    report = _account_report(_example(), intervention_costs=costly)
    society = _table(report, "Återbetalningstid och framgångsandel").rows[-1]
    cell = society[3]
    assert cell.value > 1
    assert cell.display.endswith("– kan inte nås (över 100 %)"), cell.display
    figures = report.sections[0].blocks[0].items
    assert "kan inte nås" in figures[-1].value


def test_year_tables_show_only_the_years_with_something_in_them():
    """No pages of zeros: an actor's year without cost, effect or transfer is left out
    (a footnote says so and that the accumulated result carries over)."""
    from kompass.analytics.socio import calculate

    account = _example()
    result = calculate(account)
    report = _account_report(account)
    table = _table(report, "Resultat per aktör och år")
    rate = result.rates[0]
    busy = [(a, f) for a in rate.actors for f in a.years if f.cost or f.real or f.transfer or f.net]
    idle = sum(len(a.years) for a in rate.actors) - len(busy)
    assert idle > 0  # the example's effect ends before its ten-year horizon
    assert len(table.rows) == len(busy)
    for row in table.rows:
        assert any(cell.value for cell in row[2:6]), [c.display for c in row]
    assert any("visas inte" in note for note in table.footnotes)


def test_rates_are_labelled_exactly_so_no_two_share_a_sheet():
    from kompass.collaboration.report import rate_label
    from kompass.lib.numbers import format_percent

    assert rate_label(Decimal("0.0325")) == "3,25\u00a0%"
    assert rate_label(Decimal("0.035")) == format_percent(0.035, 1)
    assert rate_label(Decimal(0)) == "0\u00a0%"
    report = _account_report(_example(), discount_rates=(Decimal("0.0325"), Decimal("0.033")))
    sheets = [t.sheet for t in report.tables() if t.sheet]
    assert "Horisonter 3,25 %" in sheets and "Horisonter 3,3 %" in sheets
    assert len(sheets) == len(set(sheets))


def test_socio_texts_are_all_marked_for_translation():
    from kompass.analytics.socio import TEXTS
    from kompass.collaboration.report import SOCIO_TEXTS

    assert sorted(SOCIO_TEXTS) == sorted(TEXTS)


@pytest.mark.usefixtures("compiled_catalogue")
def test_sensitivity_labels_and_society_are_translated_in_an_english_report():
    from django.utils import translation

    with translation.override("en"):
        report = _account_report(_example())
        sensitivity = _table(report, "Sensitivity")
        labels = [row[0].display for row in sensitivity.rows]
        horizons = _table(report, "Net result")
    assert "Deadweight" in labels and "Attribution" in labels and "Dödvikt" not in labels
    assert horizons.rows[-1][0].display != "Samhället totalt"


def test_project_report_reads_the_partners_once(full_project):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        build_project_report(full_project)
    partner_queries = [
        q["sql"]
        for q in queries.captured_queries
        if re.match(
            r'SELECT "collaboration_partner"\."id".*"organisations_organisation"\."id"', q["sql"]
        )
    ]
    assert len(partner_queries) == 1

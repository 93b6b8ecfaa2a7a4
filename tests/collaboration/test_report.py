"""The project report: HTML, PDF and DOCX with the checklist, the degree of success and
the account's charts, read back; XLSX with every table; `kompass report project`."""

import datetime
import io

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
    target = tmp_path / "projekt.docx"
    call_command(
        "report", "project", str(account_project.pk), "--format", "docx", "--output", str(target)
    )
    paragraphs = [p.text for p in Document(target).paragraphs]
    assert "Vinnare och förlorare" in paragraphs


def test_report_command_unknown_project(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="det finns inget samverkansprojekt med id 999"):
        call_command("report", "project", "999", "--output", "/tmp/x.pdf")

"""The evaluation report as data and as files: the PDF and DOCX are read back."""

import io

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from kompass.evaluations.report import build_evaluation_report
from kompass.reports.document import Chart, Table
from kompass.reports.render import render

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(leksand_2023, kk2020):
    from tests.evaluations.test_comparisons import make

    make(kk2020, "2031", "2021-01-01", "0.5")
    make(kk2020, "0180", "2022-06-01", "0.6")
    return build_evaluation_report(leksand_2023)


def test_report_without_others_says_there_is_nothing_to_compare_with(leksand_2023):
    report = build_evaluation_report(leksand_2023)
    section = next(s for s in report.sections if s.title == "Jämförelser")
    assert section.blocks[-1].text.startswith("Det finns ännu inga andra publicerade utvärderingar")


def _text(content: bytes) -> str:
    return " ".join(
        " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split()
    )


def test_report_follows_the_seed_structure(report):
    titles = [s.title for s in report.sections]
    assert titles[:5] == [
        "Vad är Kommunkompassen?",
        "Leksands kommun i förhållande till Kommunkompassen: en sammanfattande genomgång",
        "Sammanfattning av resultat",
        "Jämförelser",
        "Sammanfattande kommentarer",
    ]
    assert titles[5] == "Område 1 Samspel mellan förtroendevalda och medborgare"
    assert titles[-1] == "Översikt av poängfördelning"


def test_appendix_tables_add_up_to_the_shown_area(report):
    appendix = [t for t in report.tables() if t.sheet.startswith("Område")]
    assert len(appendix) == 8
    assert [t.rows[-1][1].display for t in appendix] == [
        "52",
        "57",
        "54",
        "48",
        "52",
        "48",
        "48",
        "53",
    ]
    for table in appendix:
        assert sum(r[1].value for r in table.rows[:-1]) == table.rows[-1][1].value


def test_every_chart_has_a_description_and_a_data_table(report):
    charts = [b for s in report.sections for b in s.blocks if isinstance(b, Chart)]
    assert charts
    assert all(c.description and isinstance(c.table, Table) for c in charts)


@pytest.mark.pdf
def test_pdf_contains_swedish_text_profile_chart_and_appendix(report):
    _, mimetype, content = render(report, "pdf")
    assert mimetype == "application/pdf"
    text = _text(content)
    assert "Analys av Leksands kommun" in text
    assert "Sammanfattande kommentarer" in text
    assert "Förbättringsmöjligheter" in text
    assert "Styrkor" in text
    assert "Poängprofil per område" in text  # the profile chart's text alternative
    assert "1.1 Strategi för demokratiutveckling och information 9 20" in text
    assert "Summa 53 100" in text
    assert "Totalt 412 800" in text


@pytest.mark.pdf
def test_docx_contains_swedish_text_the_chart_picture_and_appendix(report):
    _, _, content = render(report, "docx")
    doc = Document(io.BytesIO(content))
    paragraphs = [p.text for p in doc.paragraphs]
    assert paragraphs[0] == "Kommunkompassen – Analys av Leksands kommun"
    assert "Översikt av poängfördelning" in paragraphs
    assert any(p.startswith("Poängprofil per område") for p in paragraphs)
    assert len(doc.inline_shapes) >= 2  # the result chart and the profile chart as PNG
    cells = {tuple(c.text for c in row.cells) for table in doc.tables for row in table.rows}
    assert ("1.1 Strategi för demokratiutveckling och information", "9", "20") in cells
    assert ("Totalt", "412", "800") in cells


def test_xlsx_has_every_table_with_numbers_as_numbers(report):
    _, _, content = render(report, "xlsx")
    book = load_workbook(io.BytesIO(content))
    assert "Område 8" in book.sheetnames
    assert ("8.4 Utveckling av ledarskap och medarbetarskap", 17, 30) in set(
        book["Område 8"].iter_rows(values_only=True)
    )


def test_html_has_inline_svg_with_text_alternative(report):
    _, _, content = render(report, "html")
    html = content.decode()
    assert html.count("<svg") >= 2
    assert 'role="img" aria-label="Poängprofil per område' in html
    assert "<caption>Poäng per område</caption>" in html


def test_example_data_is_labelled_on_every_rendering(leksand_2023):
    leksand_2023.is_example = True
    report = build_evaluation_report(leksand_2023)
    assert report.notice.startswith("Exempeldata")
    # The PDF is made from this HTML document (the PDF test reads the PDF itself).
    assert "Exempeldata" in render(report, "html")[2].decode()

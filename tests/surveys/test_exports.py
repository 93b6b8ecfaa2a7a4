"""The subtraction case (Leksand: 12 in ledning, 2 in stöd) is hidden the same way in
the JSON summary, the XLSX and the PDF: the same cells, "dolt" where JSON has null."""

import io
import re

import pytest
from django.core.management import call_command
from openpyxl import load_workbook
from pypdf import PdfReader

from kompass.lib.numbers import format_number
from kompass.organisations.models import Organisation
from kompass.reports.render import render
from kompass.surveys.domain.results import summary, survey_results
from kompass.surveys.report import build_organisation_report

GROUPS = {
    "Leksand": {"organisation": "2029"},
    "Ledning": {"organisation": "2029", "role": "ledning"},
    "Stöd": {"organisation": "2029", "role": "stöd"},
}


@pytest.fixture
def expected(subtraction_survey):
    """For statement 1: each Leksand group's shown mean (two decimals) or "dolt", from
    the JSON summary."""
    cells = summary(survey_results(subtraction_survey))["cells"]
    out = {}
    for name, group in GROUPS.items():
        cell = next(c for c in cells if c["item"] == "1" and c["group"] == group)
        out[name] = "dolt" if cell["suppressed"] else format_number(cell["mean"], 2)
    return out


def test_json_hides_stod_and_one_complement(expected):
    assert expected["Stöd"] == "dolt"
    assert [expected["Leksand"], expected["Ledning"]].count("dolt") == 1


def test_xlsx_shows_dolt_in_the_same_cells(subtraction_survey, expected, tmp_path):
    path = tmp_path / "leksand.xlsx"
    call_command("survey", "export", "liten", "--organisation", "2029", "--output", str(path))
    workbook = load_workbook(path)

    def row(sheet):
        return next(
            r
            for r in workbook[sheet].iter_rows(values_only=True)
            if r[0] == "1. Första påståendet."
        )

    def shown(value):
        return "dolt" if value == "dolt" else format_number(value, 2)

    per_role = row("Per grupp")
    assert [shown(per_role[1]), shown(per_role[2])] == [expected["Ledning"], expected["Stöd"]]
    assert shown(row("Egna och alla")[1]) == expected["Leksand"]


@pytest.mark.pdf
def test_pdf_shows_dolt_in_the_same_cells(subtraction_survey, expected):
    report = build_organisation_report(subtraction_survey, Organisation.objects.get(code="2029"))
    _name, _mime, content = render(report, "pdf")
    text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages).split()
    )
    per_role = text.split("Leksand per funktion", 1)[1]
    found = re.search(r"1\. Första påståendet\. (\S+)(?: \([^)]*\))? (\S+)", per_role)
    assert [found.group(1), found.group(2)] == [expected["Ledning"], expected["Stöd"]]
    overview = text.split("Genomsnitt per påstående: Leksand och samtliga", 1)[1]
    found = re.search(r"1\. Första påståendet\. (\S+)", overview)
    assert found.group(1) == expected["Leksand"]


@pytest.mark.pdf
def test_report_command_writes_pdf_docx_and_html(subtraction_survey, tmp_path):
    for fmt in ("pdf", "docx", "html"):
        target = tmp_path / f"rapport.{fmt}"
        call_command(
            "report",
            "survey",
            "liten",
            "--organisation",
            "Leksand",
            "--format",
            fmt,
            "--output",
            str(target),
        )
        assert target.stat().st_size > 1000
    html = (tmp_path / "rapport.html").read_text(encoding="utf-8")
    assert "Leksands kommun – återrapport" in html
    assert "dolt" in html


def test_organisation_report_falls_back_to_the_whole_organisation(subtraction_survey):
    results = survey_results(subtraction_survey)
    leksand = Organisation.objects.get(code="2029")
    for role in ("ledning", "stöd"):
        cell = results.cell("2024-10", {"organisation": "2029", "role": role})
        assert results.stat(0, cell).suppressed  # both role groups hidden ...
    assert results.stat(0, results.cell("2024-10", {"organisation": "2029"})).shown  # ... not all
    report = build_organisation_report(subtraction_survey, leksand, results)
    charts = {
        block.key: block
        for section in report.sections
        for block in section.blocks
        if getattr(block, "key", None)
    }
    chart = charts["2029-1-alla"]
    assert "Hela organisationen visas: grupperna per funktion är för små" in chart.description
    assert [row[0].display for row in chart.table.rows] == ["Leksand, Oktober 2024"]
    assert "2029-1" not in charts


def test_labels_and_notices_follow_the_readers_language(lfr_survey):
    from django.utils import translation

    from kompass.surveys.domain.instrument import layout_of
    from kompass.surveys.report import EXAMPLE_NOTICE, build_cohort_report

    split = layout_of(lfr_survey).split
    with translation.override("en"):
        assert split.label_of(None) == "Not given"
    with translation.override("sv"):
        assert split.label_of(None) == "Ej angiven"
        assert build_cohort_report(lfr_survey).notice == EXAMPLE_NOTICE

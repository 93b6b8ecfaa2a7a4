"""The reports say no more than the summary the audit reads: a group of fewer than k is
"färre än k" in every respondents table, key figure and download, and a hidden cell has
no figure at all, in the cohort report and in every organisation's feedback report."""

import io

from django.core.management import call_command
from openpyxl import load_workbook

from kompass.organisations.models import Organisation
from kompass.reports.document import KeyFigures, Table
from kompass.reports.render import render
from kompass.surveys.domain.results import survey_results
from kompass.surveys.report import build_cohort_report, build_organisation_report

COUNT_TABLES = ("Antal svarande per omgång", "Antal svarande per organisation och omgång")


def _blocks(report):
    for section in report.sections:
        yield from section.blocks


def _small(value) -> bool:
    try:
        number = float(str(value).replace("\u00a0", "").replace(" ", ""))
    except ValueError:
        return False
    return 0 < number < 5


def test_no_report_shows_a_group_of_fewer_than_k(lfr_survey):
    results = survey_results(lfr_survey)
    reports = [build_cohort_report(lfr_survey, results)] + [
        build_organisation_report(lfr_survey, Organisation.objects.get(code=code), results)
        for code in results.cohort
    ]
    banded = 0
    for report in reports:
        for block in _blocks(report):
            if isinstance(block, Table) and block.caption in COUNT_TABLES:
                for row in block.rows:
                    # the respondents columns (the rate is a share, the invited a plan)
                    labels = [c.label for c in block.columns]
                    for cell, label in zip(row, labels, strict=True):
                        if label in ("Svarsfrekvens", "Inbjudna", "Omgång", "Organisation"):
                            continue
                        assert not (cell.numeric and 0 < cell.value < 5), (
                            report.title,
                            block.caption,
                            label,
                            cell.display,
                        )
                        banded += cell.display == "färre än 5"
            if isinstance(block, KeyFigures):
                assert not any(_small(f.value) for f in block.items), report.title
    assert banded > 20


def test_the_issues_example_is_hidden_in_norrkopings_report_and_download(lfr_survey, tmp_path):
    # Wave 2012-10: Norrköping had one respondent who stated no role.
    norrkoping = Organisation.objects.get(code="0581")
    report = build_organisation_report(lfr_survey, norrkoping)
    table = next(
        b for b in _blocks(report) if isinstance(b, Table) and b.caption == COUNT_TABLES[0]
    )
    labels = [c.label for c in table.columns]
    row = next(r for r in table.rows if r[0].display == "Oktober 2012")
    assert row[labels.index("Ej angiven")].display == "färre än 5"
    assert row[labels.index("Ej angiven")].value is None
    path = tmp_path / "norrkoping.xlsx"
    call_command("survey", "export", lfr_survey.slug, "--organisation", "0581", "-o", str(path))
    sheet = load_workbook(path)["Svarande"]
    xlsx_row = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "Oktober 2012")
    header = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "Omgång")
    assert xlsx_row[list(header).index("Ej angiven")] == "färre än 5"
    html = render(report, "html")[2].decode()
    assert "färre än 5" in html


def test_a_downloaded_workbook_has_no_count_below_k(lfr_survey):
    report = build_cohort_report(lfr_survey)
    workbook = load_workbook(io.BytesIO(render(report, "xlsx")[2]))
    checked = 0
    for name in ("Svarande", "Organisationer"):
        rows = list(workbook[name].iter_rows(values_only=True))
        header_at = next(i for i, r in enumerate(rows) if r[0] in ("Omgång", "Organisation"))
        header = rows[header_at]
        counted = [
            i for i, label in enumerate(header) if i and label not in ("Inbjudna", "Svarsfrekvens")
        ]
        for row in rows[header_at + 1 :]:
            for i in counted:
                value = row[i]
                assert not (isinstance(value, (int, float)) and 0 < value < 5), (name, row)
                checked += 1
    assert checked > 50

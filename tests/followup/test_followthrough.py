"""The loop back: a renewed evaluation shows what was done on each improvement
opportunity of the previous one, in the evaluation report (HTML, PDF, DOCX, XLSX)."""

import datetime
import io

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from kompass.evaluations.domain.editing import set_area_texts
from kompass.evaluations.models import Evaluation
from kompass.evaluations.report import build_evaluation_report
from kompass.followup.domain.followthrough import (
    follow_through,
    followed_evaluation,
    previous_evaluation,
)
from kompass.followup.domain.plans import add_action, set_status
from kompass.followup.report import build_plan_report, followthrough_section
from kompass.reports.document import BulletList, Report, Table
from kompass.reports.render import render

pytestmark = pytest.mark.django_db


def section_of(report):
    return next(s for s in report.sections if s.anchor == "uppfoljning")


def test_first_evaluation_has_no_followthrough_section(leksand_2023, action):
    assert followthrough_section(leksand_2023) is None
    assert all(s.anchor != "uppfoljning" for s in build_evaluation_report(leksand_2023).sections)


def test_reevaluation_lists_every_earlier_improvement_with_its_actions(
    reevaluation, action, improvements
):
    set_status(action=action, status="klar", on="2024-11-30", user=None)
    result = follow_through(reevaluation)
    assert result.previous.date == datetime.date(2023, 11, 23)
    assert [item.text for item in result.items] == [f.text for f in improvements]
    first = result.items[0]
    assert [a.title for a in first.actions] == ["Strategi för medborgardialog"]
    assert result.with_actions == 1
    assert all(not item.actions for item in result.items[1:])


def test_report_section_shows_action_status_against_the_opportunity(
    reevaluation, action, improvements
):
    set_status(action=action, status="klar", on="2024-11-30", user=None)
    report = build_evaluation_report(reevaluation)
    section = section_of(report)
    assert section.title == "Uppföljning av förbättringsmöjligheterna från 2023"
    table = next(b for b in section.blocks if isinstance(b, Table))
    rows = [[c.display for c in row] for row in table.rows]
    first = improvements[0]
    assert [
        f"{first.area_code}. {first.text}",
        "Strategi för medborgardialog",
        "Handlingsplan efter Kommunkompassen 2023",
        "Klar 2024-11-30",
    ] in rows
    assert len(rows) == 1
    untouched = next(b for b in section.blocks if isinstance(b, BulletList))
    assert untouched.items == [f"{f.area_code}. {f.text}" for f in improvements[1:]]
    assert untouched.title == (
        f"Förbättringsmöjligheter från 2023 utan registrerade åtgärder ({len(improvements) - 1})"
    )
    # No names of the people responsible in a report everyone who reads the evaluation sees.
    assert all("Karin Berg" not in cell for row in rows for cell in row)


def test_section_renders_in_html_and_xlsx(reevaluation, action):
    _, _, html = render(build_evaluation_report(reevaluation), "html")
    assert "Strategi för medborgardialog" in html.decode()
    report = Report(title="Leksand 2026", sections=[followthrough_section(reevaluation)])
    _, _, xlsx = render(report, "xlsx")
    values = [
        cell
        for ws in load_workbook(io.BytesIO(xlsx)).worksheets
        for row in ws.iter_rows(values_only=True)
        for cell in row
    ]
    assert "Strategi för medborgardialog" in values


@pytest.mark.pdf
def test_section_renders_in_pdf_and_docx(reevaluation, action):
    # The section alone: the full report's PDF takes long.
    report = Report(title="Leksand 2026", sections=[followthrough_section(reevaluation)])
    _, _, pdf = render(report, "pdf")
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "Uppföljning av förbättringsmöjligheterna från 2023" in text
    assert "Strategi för medborgardialog" in text
    _, _, docx = render(report, "docx")
    paragraphs = [p.text for p in Document(io.BytesIO(docx)).paragraphs]
    assert "Uppföljning av förbättringsmöjligheterna från 2023" in paragraphs


def test_draft_previous_evaluation_is_not_the_baseline(reevaluation, leksand_2023, action):
    leksand_2023.status = Evaluation.Status.DRAFT
    leksand_2023.save()
    assert previous_evaluation(reevaluation) is None
    assert followthrough_section(reevaluation) is None


def test_other_framework_family_is_not_followed_up(reevaluation, action, leksand):
    from kompass.frameworks.models import Framework

    other = Framework.objects.exclude(family=reevaluation.framework.family).first()
    later = Evaluation.objects.create(
        organisation=leksand, framework=other, date=datetime.date(2026, 10, 1), status="published"
    )
    assert follow_through(later) is None


def test_opportunity_removed_from_earlier_evaluation_still_shows_its_actions(
    reevaluation, action, improvements, leksand_2023
):
    first = improvements[0]
    keep = [f.text for f in improvements if f.area_code == first.area_code and f != first]
    set_area_texts(evaluation=leksand_2023, area_code=first.area_code, user=None, improvements=keep)
    result = follow_through(reevaluation)
    removed = [item for item in result.items if item.removed]
    assert [(item.text, [a.title for a in item.actions]) for item in removed] == [
        (first.text, ["Strategi för medborgardialog"])
    ]
    table = next(
        b for b in section_of(build_evaluation_report(reevaluation)).blocks if isinstance(b, Table)
    )
    assert any("borttagen ur utvärderingen" in row[0].display for row in table.rows)


def test_own_opportunities_of_a_plan_are_not_the_evaluations(reevaluation, plan, people):
    from kompass.followup.domain.plans import add_opportunities

    own = add_opportunities(plan=plan, user=None, texts="Eget område")[0]
    add_action(
        plan=plan,
        user=None,
        title="Egen åtgärd",
        owner=people["boss"],
        start_date="2024-01-01",
        due_date="2024-02-01",
        opportunity=own,
    )
    result = follow_through(reevaluation)
    assert all(item.text != "Eget område" for item in result.items)


def test_plan_report_has_actions_chart_and_owner(plan, action, people):
    set_status(action=action, status="pågår", note="Startmöte hållet", user=None)
    report = build_plan_report(plan)
    tables = report.tables()
    captions = [t.caption for t in tables]
    assert "Åtgärder per status" in captions
    rows = [[c.display for c in row] for t in tables for row in t.rows]
    assert ["Planerad", "0"] in rows and ["Pågår", "1"] in rows
    assert any(row[:2] == ["Strategi för medborgardialog", "Karin Berg"] for row in rows)
    for fmt in ("html", "xlsx"):
        filename, _, content = render(report, fmt)
        assert filename == f"handlingsplan-leksand-{plan.created_at.year}.{fmt}" and content


@pytest.mark.pdf
def test_plan_report_renders_as_pdf_and_docx(plan, action):
    report = build_plan_report(plan)
    for fmt in ("pdf", "docx"):
        filename, _, content = render(report, fmt)
        assert filename == f"{report.filename}.{fmt}"
        assert content[:4] == (b"%PDF" if fmt == "pdf" else b"PK\x03\x04")


def test_reevaluation_without_any_plan_lists_all_opportunities_as_untouched(
    reevaluation, improvements
):
    section = followthrough_section(reevaluation)
    assert not any(isinstance(b, Table) for b in section.blocks)
    texts = [b.text for b in section.blocks if hasattr(b, "text")]
    assert "Inga åtgärder är registrerade på förbättringsmöjligheterna från 2023." in texts
    untouched = next(b for b in section.blocks if isinstance(b, BulletList))
    assert len(untouched.items) == len(improvements)


def test_followed_evaluation_is_the_one_the_section_reports_on(
    reevaluation, leksand_2023, improvements
):
    assert (
        followed_evaluation(reevaluation) == leksand_2023 == follow_through(reevaluation).previous
    )
    assert followed_evaluation(leksand_2023) is None
    leksand_2023.findings.filter(kind="improvement").delete()  # nothing to follow up
    assert followed_evaluation(reevaluation) is None and follow_through(reevaluation) is None

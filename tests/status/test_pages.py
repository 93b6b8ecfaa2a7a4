"""Status-analysis pages: who may see and decide what, the report in every format, and
the journey from a deviation to a cause analysis and a plan (without a browser)."""

import datetime

import pytest

from kompass.status.models import CauseAnalysis, Choice

QUERY = "?source=table:nulage-test&peers=table"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"),
    [("admin", 200), ("owner", 200), ("reader", 200), ("outsider", 404), (None, 302)],
)
def test_analysis_page_by_role(leksand, status_table, cast, client_for, role, status):
    client = client_for(cast.get(role))
    response = client.get(f"/nulage/organisation/{leksand.code}/{QUERY}")
    assert response.status_code == status
    if status == 200:
        text = response.content.decode()
        assert "Sjukfrånvaro" in text
        assert "Avvikelser mot jämförelsegruppen" in text
        assert '<img class="chart-picture" src="/diagram/' in text


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "status"), [("editor", 200), ("reader", 403), ("outsider", 404)])
def test_choice_form_by_role(leksand, status_table, cast, client_for, role, status):
    client = client_for(cast[role])
    url = f"/nulage/organisation/{leksand.code}/vagval/nytt/{QUERY}&metric=sjuk"
    assert client.get(url).status_code == status
    posted = client.post(
        f"/nulage/organisation/{leksand.code}/vagval/nytt/",
        {
            "source": "table:nulage-test",
            "peers": "table",
            "year": "2023",
            "metric": "sjuk",
            "decision": "prioritised",
            "motivation": "Högst i länet",
            "expected_effect": "Friskare medarbetare",
            "effort": "medium",
            "decided_by": "Ledningsgruppen",
            "decided_on": "2026-11-30",
        },
    )
    assert posted.status_code == (302 if status == 200 else status)
    assert Choice.objects.count() == (1 if status == 200 else 0)


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["xlsx", pytest.param("docx", marks=pytest.mark.pdf), "html"])
def test_report_downloads(leksand, status_table, cast, client_for, fmt):
    client = client_for(cast["reader"])
    response = client.get(f"/rapporter/nulage/{leksand.code}/{QUERY}&format={fmt}")
    assert response.status_code == 200
    assert f"nulagesanalys-leksand-2023.{fmt}" in response["Content-Disposition"]
    page = client.get(f"/nulage/organisation/{leksand.code}/{QUERY}").content.decode()
    assert f"/rapporter/nulage/{leksand.code}/?source=table%3Anulage-test" in page
    # the page's own download address is gone: one export path
    old = client.get(f"/nulage/organisation/{leksand.code}/ladda-ner/{fmt}/{QUERY}")
    assert old.status_code == 404


@pytest.mark.django_db
@pytest.mark.pdf
def test_report_pdf(leksand, status_table, cast, client_for):
    response = client_for(cast["reader"]).get(
        f"/rapporter/nulage/{leksand.code}/{QUERY}&format=pdf"
    )
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


@pytest.mark.django_db
def test_unknown_peer_group_is_said_plainly(leksand, status_table, cast, client_for):
    response = client_for(cast["reader"]).get(
        f"/nulage/organisation/{leksand.code}/?source=table:nulage-test&peers=group-999999"
    )
    assert response.status_code == 200
    assert "jämförelsegruppen ”group-999999” finns inte" in response.content.decode()


@pytest.mark.django_db
def test_from_deviation_to_plan_without_a_browser(leksand, status_table, cast, client_for):
    client = client_for(cast["editor"])
    client.post(
        f"/nulage/organisation/{leksand.code}/vagval/nytt/",
        {
            "source": "table:nulage-test",
            "peers": "table",
            "metric": "sjuk",
            "decision": "prioritised",
            "motivation": "Högst i länet",
            "expected_effect": "Friskare medarbetare",
            "effort": "large",
            "decided_by": "Ledningsgruppen",
            "decided_on": datetime.date.today().isoformat(),
        },
    )
    choice = Choice.objects.get()
    page = client.get(f"/nulage/vagval/{choice.pk}/").content.decode()
    assert "Ingen orsaksanalys ännu" in page
    response = client.post(
        f"/nulage/vagval/{choice.pk}/orsaksanalys/",
        {
            "method": "areas",
            "problem": "Hög sjukfrånvaro i hemtjänsten",
            "cause_1_area": "methods",
            "cause_1_text": "Delade turer",
            "cause_1_ev1_kind": "observation",
            "cause_1_ev1_text": "Schemagenomgång hösten 2025",
            "cause_1_ev2_kind": "survey",
            "cause_1_ev2_text": "Medarbetarenkäten 2025: 38 % vilar för lite mellan passen",
            "cause_1_ev3_kind": "figure",
            "cause_1_ev3_text": "Sjukfrånvaron har stigit tre år i rad",
        },
    )
    assert response.status_code == 302
    analysis = CauseAnalysis.objects.get()
    evidence = list(analysis.causes.get().evidence.values_list("kind", "text"))
    assert evidence == [
        ("observation", "Schemagenomgång hösten 2025"),
        ("survey", "Medarbetarenkäten 2025: 38 % vilar för lite mellan passen"),
        ("figure", "Sjukfrånvaron har stigit tre år i rad"),
    ]
    # the form shows all three again, with one empty item more for the next
    form = client.get(f"/nulage/vagval/{choice.pk}/orsaksanalys/").content.decode()
    assert 'name="cause_1_ev4_text"' in form and 'name="cause_1_ev5_text"' not in form
    assert "Medarbetarenkäten 2025: 38 % vilar" in form
    response = client.post(f"/nulage/vagval/{choice.pk}/handlingsplan/")
    analysis.refresh_from_db()
    assert response["Location"] == f"/uppfoljning/handlingsplan/{analysis.plan_id}/"
    page = client.get(f"/nulage/vagval/{choice.pk}/").content.decode()
    assert "Planen har inga indikatorer ännu" in page
    report = client.get(f"/nulage/organisation/{leksand.code}/{QUERY}").content.decode()
    assert "Prioriteras" in report and "Handlingsplan: Åtgärder för Sjukfrånvaro" in report
    # the spreadsheet keeps the choices too, on a sheet of their own
    import io

    from openpyxl import load_workbook

    xlsx = client.get(f"/rapporter/nulage/{leksand.code}/{QUERY}&format=xlsx").content
    sheet = load_workbook(io.BytesIO(xlsx))["Vägval"]
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value]
    assert "Prioriteras" in cells and "Sjukfrånvaro (2023)" in cells
    assert any(c.startswith("Handlingsplan: Åtgärder för Sjukfrånvaro") for c in cells)


@pytest.mark.django_db
def test_report_command_for_status_and_leadership(leksand, status_table, tmp_path):
    from django.core.management import call_command

    for args in (
        ["nulage", leksand.code, "--table", "nulage-test"],
        ["ledarskap", "Leksand"],
    ):
        out = tmp_path / f"{args[0]}.xlsx"
        call_command("report", *args, "--format", "xlsx", "--output", str(out))
        assert out.read_bytes().startswith(b"PK")


@pytest.mark.django_db
def test_report_command_goes_through_the_export_path(leksand, status_table, tmp_path):
    from django.core.management import call_command

    path = tmp_path / "nulage.html"
    call_command(
        "report",
        "nulage",
        "Leksand",
        "--table",
        "nulage-test",
        "--format",
        "html",
        "--output",
        str(path),
    )
    assert "Sjukfrånvaro" in path.read_text(encoding="utf-8")


@pytest.mark.django_db
def test_download_with_peers_that_do_not_apply_says_why(leksand, status_table, cast, client_for):
    response = client_for(cast["reader"]).get(
        f"/rapporter/nulage/{leksand.code}/?source=table:nulage-test&peers=group-999999&format=html"
    )
    assert response.status_code == 400
    assert "jämförelsegruppen ”group-999999” finns inte" in response.content.decode()

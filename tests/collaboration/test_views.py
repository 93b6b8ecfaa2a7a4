"""Who may read and change a project (the permission matrix), and that every page
renders, including the empty states."""

import datetime
from decimal import Decimal

import pytest

from kompass.collaboration.domain import assessments as assess
from kompass.collaboration.models import Assessment, Project
from kompass.frameworks.models import Framework

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessed(project, cast):
    framework = Framework.objects.get(identifier="samverkan-villkor-2012")
    assessment = assess.save_assessment(
        project=project,
        user=cast["editor"],
        framework=framework,
        date=datetime.date(2025, 5, 1),
        degree_reached=1,
        degree_aimed=2,
        answers={"V1": ("ja", "Cheferna driver."), "V2": ("delvis", "")},
    )
    return project, assessment


READ_URLS = [
    "/samverkan/{p}/",
    "/samverkan/{p}/kalkyl/",
    "/samverkan/{p}/bedomningar/{a}/",
]
EDIT_URLS = [
    "/samverkan/{p}/uppgifter/",
    "/samverkan/{p}/parter/",
    "/samverkan/{p}/organisation/",
    "/samverkan/{p}/bedomningar/ny/?ramverk=samverkan-villkor-2012",
    "/samverkan/{p}/bedomningar/{a}/andra/",
    "/samverkan/{p}/kalkyl/antaganden/",
    "/samverkan/{p}/kalkyl/importera/",
    "/samverkan/{p}/kalkyl/godkannande/",
]
EXPECTED = {
    # role: (status for reading, status for editing pages)
    "admin": (200, 200),
    "owner": (200, 200),
    "editor": (200, 200),
    "reader": (200, 403),
    "outsider": (404, 404),
    "evaluator": (404, 404),
}


@pytest.mark.parametrize("role", list(EXPECTED))
def test_permission_matrix(assessed, cast, client_for, role):
    project, assessment = assessed
    client = client_for(cast[role])
    read, edit = EXPECTED[role]
    for url in READ_URLS:
        response = client.get(url.format(p=project.pk, a=assessment.pk))
        assert response.status_code == read, (role, url)
    for url in EDIT_URLS:
        response = client.get(url.format(p=project.pk, a=assessment.pk))
        assert response.status_code == edit, (role, url)


@pytest.mark.parametrize(("role", "status"), [("editor", 200), ("reader", 403), ("outsider", 404)])
def test_unit_cost_page_access(account_project, cast, client_for, role, status):
    response = client_for(cast[role]).get(
        f"/samverkan/{account_project.pk}/kalkyl/enhetskostnader/"
    )
    assert response.status_code == status


def test_unit_cost_page_without_account_leads_to_the_assumptions(project, cast, client_for):
    response = client_for(cast["editor"]).get(f"/samverkan/{project.pk}/kalkyl/enhetskostnader/")
    assert response["Location"] == f"/samverkan/{project.pk}/kalkyl/antaganden/"


@pytest.mark.parametrize(("role", "status"), [("reader", 200), ("outsider", 404)])
def test_downloads_follow_the_same_rules(account_project, cast, client_for, role, status):
    client = client_for(cast[role])
    for url in (
        "samverkansprojekt/{pk}/?format=xlsx",
        "samverkansbokslut/{pk}/?format=json",
        "samverkansbokslut/{pk}/?format=xlsx",
    ):
        response = client.get("/rapporter/" + url.format(pk=account_project.pk))
        assert response.status_code == status, url
        if status == 200:
            assert response["Content-Disposition"].startswith("attachment")


def test_anonymous_is_sent_to_login(assessed, client_for):
    project, _ = assessed
    response = client_for(None).get(f"/samverkan/{project.pk}/")
    assert response.status_code == 302 and "logga-in" in response["Location"]


def test_reader_cannot_post_changes(assessed, cast, client_for):
    project, assessment = assessed
    client = client_for(cast["reader"])
    assert (
        client.post(f"/samverkan/{project.pk}/bedomningar/{assessment.pk}/ta-bort/").status_code
        == 403
    )
    assert Assessment.objects.filter(pk=assessment.pk).exists()
    outsider = client_for(cast["outsider"])
    assert (
        outsider.post(f"/samverkan/{project.pk}/bedomningar/{assessment.pk}/ta-bort/").status_code
        == 404
    )


def test_removing_an_assessment_asks_for_confirmation(assessed, cast, client_for):
    """No one-click removal: without the tick the assessment stays and the page says why."""
    project, assessment = assessed
    client = client_for(cast["editor"])
    url = f"/samverkan/{project.pk}/bedomningar/{assessment.pk}/ta-bort/"
    response = client.post(url, follow=True)
    assert "Kryssa i att du vill ta bort bedömningen." in response.content.decode()
    assert 'name="confirm" value="ja"' in response.content.decode()
    assert Assessment.objects.filter(pk=assessment.pk).exists()
    assert client.post(url, {"confirm": "ja"}).status_code == 302
    assert not Assessment.objects.filter(pk=assessment.pk).exists()


def test_list_shows_only_visible_projects(assessed, cast, client_for):
    project, _ = assessed
    assert project.name in client_for(cast["reader"]).get("/samverkan/").content.decode()
    body = client_for(cast["outsider"]).get("/samverkan/").content.decode()
    assert project.name not in body
    assert "Du har inga samverkansprojekt att se ännu" in body


def test_home_panel_and_menu(assessed, cast, client_for):
    project, _ = assessed
    body = client_for(cast["reader"]).get("/").content.decode()
    assert "Samverkansprojekt" in body and project.name in body


def test_create_project_through_the_form(cast, client_for, leksand):
    client = client_for(cast["owner"])
    assert client.get("/samverkan/ny/").status_code == 200
    response = client.post(
        "/samverkan/ny/",
        {
            "name": "Nya vägar",
            "organisation": leksand.pk,
            "start_date": "2026-01-01",
            "end_date": "2025-01-01",
        },
    )
    assert response.status_code == 200
    assert "slutdatumet ligger före startdatumet" in response.content.decode()
    assert not Project.objects.exists()
    response = client.post("/samverkan/ny/", {"name": "Nya vägar", "organisation": leksand.pk})
    project = Project.objects.get()
    assert response["Location"] == f"/samverkan/{project.pk}/parter/"


def test_reader_may_not_create(cast, client_for):
    assert client_for(cast["reader"]).get("/samverkan/ny/").status_code == 404


def test_partners_form_refuses_shares_that_do_not_add_up(project, cast, client_for):
    client = client_for(cast["editor"])
    post = {"action": "save", "rows": "3"}
    for i, (org, actor, share) in enumerate(
        [
            ("Försäkringskassan", "forsakringskassan", "50"),
            ("Region Dalarna", "region", "25"),
            ("Leksand", "kommun", "20"),
        ],
        start=1,
    ):
        post.update({f"p-{i}-organisation": org, f"p-{i}-actor": actor, f"p-{i}-share": share})
    response = client.post(f"/samverkan/{project.pk}/parter/", post)
    assert response.status_code == 200
    assert "finansieringsandelarna summerar till 95 %, ska vara 100 %" in response.content.decode()
    assert project.partners.count() == 4


def _partner_post(action, rows):
    post = {"action": action, "rows": str(len(rows))}
    for i, (org, actor, share) in enumerate(rows, start=1):
        post.update({f"p-{i}-organisation": org, f"p-{i}-actor": actor, f"p-{i}-share": share})
    return post


def test_statutory_button_sets_50_25_25(project, cast, client_for):
    client = client_for(cast["editor"])
    rows = [(p.organisation.name, p.actor, "") for p in project.partners.all()]
    response = client.post(f"/samverkan/{project.pk}/parter/", _partner_post("statutory", rows))
    assert response.status_code == 302
    shares = {p.actor: p.financing_share for p in project.partners.all() if p.financing_share}
    assert shares == {"forsakringskassan": 50, "region": 25, "kommun": 25}


def test_statutory_button_splits_the_rows_on_screen_not_yet_saved(project, cast, client_for):
    """A partner row just typed is split too and saved, not thrown away."""
    client = client_for(cast["editor"])
    rows = [(p.organisation.name, p.actor, p.role) for p in project.partners.all()]
    rows = [(org, actor, "") for org, actor, _ in rows] + [("Rättvik", "kommun", ""), ("", "", "")]
    response = client.post(f"/samverkan/{project.pk}/parter/", _partner_post("statutory", rows))
    assert response.status_code == 302
    shares = {
        p.organisation.name: p.financing_share
        for p in project.partners.select_related("organisation")
    }
    assert shares["Rättvik"] == Decimal("12.50")
    assert shares["Försäkringskassan"] == Decimal(50)
    assert sum(s for s in shares.values() if s) == Decimal(100)


def test_statutory_button_keeps_typed_rows_and_names_what_is_missing(project, cast, client_for):
    """Without a region on screen: nothing saved, every typed row still there, and the
    message names the column as the page shows it, never the internal field."""
    client = client_for(cast["editor"])
    rows = [
        ("Försäkringskassan", "forsakringskassan", ""),
        ("Leksand", "kommun", ""),
        ("Nytt förbund", "", "7"),
    ]
    before = project.partners.count()
    response = client.post(f"/samverkan/{project.pk}/parter/", _partner_post("statutory", rows))
    assert response.status_code == 200
    page = response.content.decode()
    assert "partners" not in page.split('id="fel"')[1].split("</div>")[0]
    assert "Den lagstadgade fördelningen kräver minst en part per aktör" in page
    assert "Aktör i kalkylen" in page
    assert 'value="Nytt förbund"' in page and 'value="7"' in page
    assert project.partners.count() == before


def test_assessment_form_saves_and_copies_the_last_answers(assessed, cast, client_for):
    project, previous = assessed
    client = client_for(cast["editor"])
    page = client.get(f"/samverkan/{project.pk}/bedomningar/ny/?ramverk=samverkan-villkor-2012")
    assert "Svaren från den senaste bedömningen är ifyllda" in page.content.decode()
    post = {
        "framework": "samverkan-villkor-2012",
        "date": "2026-05-01",
        "degree_reached": "2",
        "degree_aimed": "3",
        "a-V1": "ja",
        "c-V1": "Fortfarande.",
        "a-V2": "ja",
    }
    response = client.post(f"/samverkan/{project.pk}/bedomningar/ny/", post)
    assert response.status_code == 302
    latest = Assessment.objects.exclude(pk=previous.pk).get()
    assert (latest.degree_reached, latest.answers.get(item_code="V1").comment) == (
        2,
        "Fortfarande.",
    )
    # the same date again is refused, with the reason on the date field
    response = client.post(f"/samverkan/{project.pk}/bedomningar/ny/", post)
    assert response.status_code == 200
    assert "det finns redan en bedömning" in response.content.decode()


def test_choose_framework_page_lists_checklists(project, cast, client_for):
    body = (
        client_for(cast["editor"]).get(f"/samverkan/{project.pk}/bedomningar/ny/").content.decode()
    )
    assert "Tolv villkor för varaktig samverkan" in body
    assert "Frågor i samverkansprojektets faser" in body


def test_account_page_empty_state(project, cast, client_for):
    body = client_for(cast["editor"]).get(f"/samverkan/{project.pk}/kalkyl/").content.decode()
    assert "Projektet har ingen socioekonomisk kalkyl ännu" in body
    assert "Skapa kalkyl från standardvärden" in body
    # the assumptions form starts from the defaults
    form = client_for(cast["editor"]).get(f"/samverkan/{project.pk}/kalkyl/antaganden/")
    assert "Subventionerad anställning" in form.content.decode()


def test_account_page_shows_the_account(account_project, cast, client_for):
    body = (
        client_for(cast["reader"]).get(f"/samverkan/{account_project.pk}/kalkyl/").content.decode()
    )
    assert "Vinnare och förlorare" in body
    assert "22\u00a0mån" in body or "22 mån" in body
    assert "Finansieringen hämtas från parternas andelar" in body

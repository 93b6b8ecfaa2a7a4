"""Kolada in the browser, through Django's test client against the v3 stand-in: search by
text and by KPI group, a KPI's description with values as Kolada gives them (status codes,
missing and deleted values), and an import into a table of one's own as a job that a
worker runs; who may import where, and what a wrong form says."""

import pytest
from django.core.management import call_command

from kompass.indicators.domain.keyratios import comparison, define_table
from kompass.indicators.models import Value
from kompass.jobs.models import Job
from kompass.organisations.models import PeerGroup
from tests.indicators.kolada_standin import Fault
from tests.indicators.test_kolada_groups import add_similar

# The worker runs in this process and, like any worker, closes database connections
# between jobs; inside a test transaction that would end it on PostgreSQL. These tests
# therefore run with real commits (the worker sees what the test stored, as in production).
pytestmark = pytest.mark.django_db(transaction=True)

TABLE = """
table: leksand-kolada
name: Leksands jämförelse
owner: '2029'
metrics:
  - {key: invanare, name: Invånare, unit: antal, kolada: N01951}
"""


@pytest.fixture
def site(standin, settings, tmp_path):
    settings.KOMPASS_KOLADA_URL = standin.url
    settings.KOMPASS_KOLADA_CACHE_DIR = tmp_path / "kolada"
    return standin


@pytest.fixture
def table(leksand):
    return define_table(text=TABLE)[0]


def run_worker():
    call_command("worker", "--once", "--sleep", "0", verbosity=0)


def test_search_by_text_and_by_kpi_group(site, cast, client_for):
    site.kpi_groups.append(
        {
            "id": "GK1",
            "title": "KKiK, testgrupp",
            "members": [{"member_id": "N01951", "member_title": "Invånare totalt, antal"}],
        }
    )
    client = client_for(cast["reader"])
    page = client.get("/nyckeltal/kolada/", {"q": "invånare"}).content.decode()
    assert "N01951" in page and "1 nyckeltal matchar" in page
    page = client.get("/nyckeltal/kolada/", {"grupp": "kkik"}).content.decode()
    assert "KKiK, testgrupp" in page and "/nyckeltal/kolada/N01951/" in page
    page = client.get("/nyckeltal/kolada/", {"q": "finns-inte"}).content.decode()
    assert "Inga nyckeltal matchar" in page


def test_a_kolada_refusal_is_said_not_crashed(site, cast, client_for):
    site.fault("/kpi", Fault("status", 400))
    page = client_for(cast["reader"]).get("/nyckeltal/kolada/", {"q": "invånare"})
    assert page.status_code == 200 and "Kolada avvisade frågan (HTTP 400)" in page.content.decode()
    site.fault("/kpi", Fault("status", 400))
    page = client_for(cast["reader"]).get("/nyckeltal/kolada/N01951/")
    assert page.status_code == 502 and "Kolada avvisade frågan" in page.content.decode()


def test_kpi_page_shows_values_as_kolada_gives_them(site, cast, client_for):
    site.set_value("N01951", "2029", 2024, value=None, status="Saknas")
    site.set_value("N01951", "2029", 2025, value=16200, isdeleted=True)
    page = client_for(cast["reader"]).get("/nyckeltal/kolada/n01951/", {"kommun": "2029"})
    text = page.content.decode()
    assert "Invånare totalt, antal" in text and "Antal invånare totalt den 31 december" in text
    assert "Värde saknas: Saknas" in text and "Raderat i Kolada" in text
    assert "15\u00a0" in text or "15 " in text  # Leksand's population with a space group
    assert "Starta importen" not in text  # a reader may import nowhere
    assert client_for(cast["reader"]).get("/nyckeltal/kolada/X00000/").status_code == 404


def test_import_for_a_kolada_group_runs_as_a_job(site, cast, client_for, table):
    add_similar(site)
    client = client_for(cast["editor"])
    page = client.get("/nyckeltal/kolada/N01951/", {"kommun": "2029"}).content.decode()
    assert "Liknande kommuner, övergripande, Leksand, 2025 (2)" in page
    assert "Större stad, SKR:s kommungruppsindelning 2023 (23)" in page
    response = client.post(
        "/nyckeltal/kolada/N01951/",
        {
            "kommun": "2029",
            "target": "table:leksand-kolada",
            "municipalities": "Leksand",
            "groups": ["GT0001"],
            "save_groups": "on",
            "years": "2021-2023",
            "genders": ["T"],
        },
    )
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == f"/jobb/{job.pk}/"
    assert not Value.objects.filter(metric__table=table).exists()  # nothing until it runs
    run_worker()
    job.refresh_from_db()
    assert job.status == "succeeded", job.error
    assert (job.done, job.total) == (100, 100)
    stored = Value.objects.filter(metric__table=table, metric__key="invanare")
    assert stored.count() == 9  # Leksand, Vansbro, Malung-Sälen x 3 years
    comp = comparison(table, year=2023)
    assert {r.organisation.code for r in comp.rows} == {"2029", "2021", "2023"}
    assert PeerGroup.objects.filter(
        owner__code="2029", name="Liknande kommuner, övergripande, Leksand, 2025"
    ).exists()
    assert job.files.get().name == "kolada-import.txt"


def test_wrong_form_says_which_field_in_swedish(site, cast, client_for, table):
    client = client_for(cast["editor"])
    response = client.post(
        "/nyckeltal/kolada/N01951/",
        {"target": "table:leksand-kolada", "municipalities": "Lexand\n2029", "years": "2023-1999"},
    )
    text = response.content.decode()
    assert response.status_code == 200 and not Job.objects.exists()
    assert "Lexand" in text and "är inget år eller årsintervall" in text
    assert 'value="2023-1999"' in text  # what was typed is kept


def test_only_tables_one_may_change_are_offered(site, cast, client_for, table):
    outsider = client_for(cast["outsider"])  # an editor in Rättvik
    response = outsider.post(
        "/nyckeltal/kolada/N01951/",
        {"target": "table:leksand-kolada", "municipalities": "2029", "years": "2023"},
    )
    assert response.status_code == 404 or "Välj ett giltigt alternativ" in response.content.decode()
    assert not Job.objects.exists()
    reader = client_for(cast["reader"])
    response = reader.post(
        "/nyckeltal/kolada/N01951/",
        {"target": "table:leksand-kolada", "municipalities": "2029", "years": "2023"},
    )
    assert response.status_code == 404 and not Job.objects.exists()

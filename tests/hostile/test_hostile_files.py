"""The hostile files of issue 8, each refused (or neutralised) through the web, the API
and the command line, within 3 s and 300 MB, with a Swedish message and nothing stored.

The files are committed in tests/hostile/fixtures (tests/hostile/make_fixtures.py
writes them). Time is wall-clock around the one request or command; memory is the
Python heap's peak (tracemalloc) and the growth of the process's peak resident size
(resource.getrusage), which also counts what openpyxl, Polars and libyaml allocate.
"""

import io
import resource
import time
import tracemalloc
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from kompass.evaluations.models import Evaluation
from kompass.indicators.domain.indicators import create_indicator
from kompass.indicators.models import IndicatorValue
from kompass.surveys.models import Respondent

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SECONDS = 3
MEGABYTES = 300

YAML_FILES = ["alias_bomb.yaml", "deep.yaml", "nan.yaml", "inf.yaml", "huge.yaml"]
JSON_FILES = ["deep.json", "nan.json", "inf.json", "huge.json"]
VALUE_FILES = [
    "huge27.csv",
    "huge.csv",
    "nan.csv",
    "inf.csv",
    "huge.xlsx",
    "nan.xlsx",
    "inf.xlsx",
]


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def warm_up(client, url: str, name: str, content: bytes) -> None:
    """One harmless request first: the cost measured is the file's, not a cold start's
    (templates compiled, URL modules imported, under tracemalloc's slow bookkeeping)."""
    client.post(url, {"file": SimpleUploadedFile(name, content)})


@contextmanager
def bounded():
    """Fails when the block takes more than SECONDS or MEGABYTES."""
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    tracemalloc.start()
    started = time.perf_counter()
    try:
        yield
    finally:
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) * 1024
    assert elapsed < SECONDS, f"{elapsed:.2f} s"
    assert peak < MEGABYTES * 2**20, f"{peak / 2**20:.0f} MB on the heap"
    assert grown < MEGABYTES * 2**20, f"{grown / 2**20:.0f} MB more resident"


def test_the_fixtures_are_small():
    assert len(fixture("alias_bomb.yaml")) <= 3 * 1024
    assert len(fixture("dimension_bomb.xlsx")) <= 10 * 1024


# -- YAML: evaluation files (web, command line) and the other YAML commands -------------


@pytest.mark.parametrize("name", YAML_FILES)
def test_yaml_through_the_web(name, base_data, cast, client_for):
    client = client_for(cast["evaluator"])
    warm_up(client, "/utvarderingar/importera/", "varm.yaml", b"format: x\n")
    upload = SimpleUploadedFile(name, fixture(name))
    with bounded():
        response = client.post("/utvarderingar/importera/", {"file": upload})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Filen importerades inte. Inget sparades." in page
    assert f"{name}, rad " in page
    assert not Evaluation.objects.exists()


@pytest.mark.parametrize("name", YAML_FILES)
@pytest.mark.parametrize(
    "command",
    [("evaluation", "import"), ("framework", "check"), ("socio", "check")],
    ids=lambda c: " ".join(c),
)
def test_yaml_through_the_command_line(name, command, base_data, tmp_path):
    path = tmp_path / name
    path.write_bytes(fixture(name))
    with bounded(), pytest.raises(CommandError) as info:
        call_command(*command, str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert "rad " in str(info.value)
    assert not Evaluation.objects.exists()


# -- JSON: API bodies and the command line ----------------------------------------------


@pytest.mark.parametrize("name", JSON_FILES)
def test_json_through_the_api(name, cast, client_for):
    client = client_for(cast["reader"])
    client.post("/api/collaboration/socio/calc", b"{}", content_type="application/json")
    with bounded():
        response = client.post(
            "/api/collaboration/socio/calc", fixture(name), content_type="application/json"
        )
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "Indata innehåller fel."
    assert (body["problems"] and ("inte ett tal" in str(body) or "nivåer" in str(body))) or (
        "för stort" in str(body)
    )


def test_nested_json_on_any_api_body(cast, client_for):
    """Every API body goes through the one parser (kompass.core.api.BodyParser)."""
    client = client_for(cast["editor"])
    client.post("/api/followup/plans/1/actions", b"{}", content_type="application/json")
    with bounded():
        response = client.post(
            "/api/followup/plans/1/actions", fixture("deep.json"), content_type="application/json"
        )
    assert response.status_code == 400
    assert "nivåer" in response.json()["problems"][0]["message"]


@pytest.mark.parametrize("name", JSON_FILES)
def test_json_through_the_command_line(name, tmp_path):
    path = tmp_path / name
    path.write_bytes(fixture(name))
    with bounded(), pytest.raises(CommandError) as info:
        call_command("socio", "calc", str(path), stdout=io.StringIO())
    message = str(info.value)
    assert "rad 1" in message or "fält ”participants”" in message
    assert "nivåer" in message or "inte ett tal" in message or "för stort" in message


@pytest.mark.parametrize("name", ["deep.json", "nan.json", "huge.json"])
def test_json_evaluation_files(name, base_data, tmp_path):
    path = tmp_path / name
    path.write_bytes(fixture(name))
    with bounded(), pytest.raises(CommandError):
        call_command("evaluation", "import", str(path), stdout=io.StringIO())
    assert not Evaluation.objects.exists()


# -- numbers in tables: indicator values (web, command line) ----------------------------


@pytest.fixture
def indicator(leksand):
    return create_indicator(
        organisation=leksand,
        name="Kostnad",
        perspective="citizen",
        unit="kr",
        direction="lower",
        period_type="month",
        chart_type="run",
        decimals=0,
    )


@pytest.mark.parametrize("name", VALUE_FILES)
def test_numbers_in_tables_through_the_web(name, indicator, cast, client_for):
    client = client_for(cast["editor"])
    url = f"/nyckeltal/indikator/{indicator.pk}/varden/"
    warm_up(client, url, "varm.csv", b"period;value\n")
    upload = SimpleUploadedFile(name, fixture(name))
    with bounded():
        response = client.post(url, {"file": upload})
    page = response.content.decode()
    assert response.status_code == 200, response.status_code
    assert "rad 2" in page
    assert "inte ett tal" in page or "för stort" in page or "inte kan läsas" in page
    assert not IndicatorValue.objects.exists()


@pytest.mark.parametrize("name", VALUE_FILES)
def test_numbers_in_tables_through_the_command_line(name, indicator, tmp_path):
    path = tmp_path / name
    path.write_bytes(fixture(name))
    with bounded(), pytest.raises(CommandError) as info:
        call_command("indicator", "values", str(indicator.pk), str(path), stdout=io.StringIO())
    assert "rad 2" in str(info.value)
    assert not IndicatorValue.objects.exists()


# -- survey answers: the XLSX dimension bomb, short rows, formula text ------------------


@pytest.fixture
def survey(tiny_survey, cast):
    tiny_survey.owners.add(cast["evaluator"])
    return tiny_survey


def _survey_upload(client, name, content=None):
    from django.urls import reverse

    upload = SimpleUploadedFile(name, fixture(name) if content is None else content)
    return client.post(reverse("surveys:import", args=["liten"]), {"file": upload})


def test_xlsx_dimension_bomb_through_the_web_is_read_as_what_it_holds(survey, cast, client_for):
    client = client_for(cast["evaluator"])
    _survey_upload(client, "formula.csv", b"respondent\n")  # warm up
    with bounded():
        response = _survey_upload(client, "dimension_bomb.xlsx")
    # Two rows are read, the first and the lone one in row 1 048 576 (which lacks its
    # wave), not a million padded to 16 384 columns.
    assert "dimension_bomb.xlsx, rad 1048576, kolumn wave" in response.content.decode()
    assert not Respondent.objects.exists()


def test_xlsx_dimension_bomb_through_the_command_line(survey, tmp_path):
    path = tmp_path / "dimension_bomb.xlsx"
    path.write_bytes(fixture("dimension_bomb.xlsx"))
    with bounded(), pytest.raises(CommandError, match="rad 1048576, kolumn wave"):
        call_command("survey", "import", "--survey", "liten", str(path), stdout=io.StringIO())
    assert not Respondent.objects.exists()


def test_short_rows_through_the_web(survey, cast, client_for):
    client = client_for(cast["evaluator"])
    _survey_upload(client, "varm.csv", b"respondent\n")
    with bounded():
        response = _survey_upload(client, "short_rows.csv")
    page = response.content.decode()
    assert "rad 3, kolumn role: raden har 3 fält men rubrikraden har 7" in page
    assert not Respondent.objects.exists()


def test_short_rows_through_the_command_line(survey, tmp_path):
    path = tmp_path / "short_rows.csv"
    path.write_bytes(fixture("short_rows.csv"))
    with bounded(), pytest.raises(CommandError, match="rad 3, kolumn role"):
        call_command("survey", "import", "--survey", "liten", str(path), stdout=io.StringIO())
    assert not Respondent.objects.exists()


def test_formula_text_is_imported_and_exported_inert(leksand):
    """`=HYPERLINK(...)` imported as a key ratio's name (YAML) and a row's note (CSV)
    stays text in the XLSX download."""
    from kompass.indicators.domain.keyratios import define_table, import_values
    from kompass.indicators.report import build_table_report
    from kompass.reports.render import render

    formula = '=HYPERLINK("http://example.invalid","klicka")'
    definition = f"table: formel\nname: Formel\nmetrics:\n  - {{key: a, name: '{formula}'}}\n"
    table, _ = define_table(text=definition, filename="formel.yaml")
    quoted = formula.replace('"', '""')
    data = f'organisation;metric;year;value;note\nLeksand;a;2024;5;"{quoted}"\n'
    import_values(table=table, data=data.encode(), filename="formel.csv")
    _, _, content = render(build_table_report(table), "xlsx")
    cells = [
        cell
        for sheet in load_workbook(io.BytesIO(content)).worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and "HYPERLINK" in cell.value
    ]
    assert cells, "the text is in the workbook"
    assert all(cell.data_type == "s" for cell in cells)

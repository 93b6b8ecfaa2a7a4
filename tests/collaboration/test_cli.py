"""`kompass socio calc|check|defaults` work from files without the database (these
tests have no database access: any query would fail them), and `kompass collaboration`."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from tests.analytics.socio_example import example_yaml


@pytest.fixture
def example_file(tmp_path):
    path = tmp_path / "kalkyl.yaml"
    path.write_text(example_yaml(), encoding="utf-8")
    return path


def _run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_socio_calc_json_without_database(example_file):
    data = json.loads(_run("socio", "calc", str(example_file), "--format", "json"))
    society = data["rates"][0]["actors"][-1]
    assert society["payback_months"] == 22
    assert society["horizons"][3]["net"] == 4221619
    assert society["horizons"][3]["break_even_share"] == 0.1151


def test_socio_calc_xlsx_without_database(example_file, tmp_path):
    target = tmp_path / "kalkyl.xlsx"
    _run("socio", "calc", str(example_file), "--format", "xlsx", "--output", str(target))
    workbook = load_workbook(target)
    assert "Horisonter 3,5 %" in workbook.sheetnames and "Känslighet" in workbook.sheetnames
    assert "Enhetskostnader" in workbook.sheetnames


def test_socio_calc_bad_file_lists_every_problem(tmp_path):
    path = tmp_path / "fel.yaml"
    path.write_text(
        example_yaml()
        .replace("participants: 40", "participants: -1")
        .replace("horizons: [1,", "horizons: [0,"),
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as info:
        _run("socio", "calc", str(path))
    message = str(info.value)
    assert (
        "rad 5, fält ”participants”: antalet deltagare kan inte vara negativt (fick -1)" in message
    )
    assert "fält ”horizons[0]”: horisonten ska vara minst 1 år (fick 0)" in message


def test_socio_calc_xlsx_needs_output(example_file):
    with pytest.raises(CommandError, match="ange --output FIL för formatet xlsx"):
        _run("socio", "calc", str(example_file), "--format", "xlsx")


def test_socio_check_and_defaults(example_file):
    assert "giltig kalkyl" in _run("socio", "check", str(example_file))
    assert "kompass-socio-defaults/1" in _run("socio", "defaults")


def test_socio_calc_with_shipped_defaults(tmp_path):
    path = tmp_path / "kort.yaml"
    path.write_text(
        "participants: 10\nintervention: {cost_per_year: 500000, years: 2, financing: {kommun: 100}}\n"
        "before: {forsorjningsstod: 100}\nafter: {arbete: 20, forsorjningsstod: 80}\n"
        "effect: {lasts_years: 3}\n",
        encoding="utf-8",
    )
    data = json.loads(_run("socio", "calc", str(path)))
    assert data["gain_per_participant_year"]["kommun"]["total"] == 185000 * 20 // 100
    assert any("prisår" in note for note in data["notes"])


def test_socio_unreadable_file(tmp_path):
    with pytest.raises(CommandError, match="filen kan inte läsas"):
        _run("socio", "calc", str(tmp_path / "saknas.yaml"))


@pytest.mark.django_db
def test_collaboration_commands(account_project, tmp_path):
    assert "Steget (test)" in _run("collaboration", "list")
    summary = json.loads(_run("collaboration", "show", str(account_project.pk)))
    assert [p["financing_share"] for p in summary["partners"]] == [None, 50.0, 25.0, 25.0]
    data = json.loads(_run("collaboration", "account", str(account_project.pk)))
    assert data["rates"][0]["actors"][-1]["payback_months"] == 22
    with pytest.raises(CommandError, match="inget samverkansprojekt med id 999"):
        _run("collaboration", "show", "999")


def test_socio_calc_reads_a_windows_1252_file(tmp_path):
    path = tmp_path / "excel.yaml"
    path.write_bytes(example_yaml().encode("cp1252"))
    data = json.loads(_run("socio", "calc", str(path), "--no-sensitivity"))
    assert data["rates"][0]["actors"][2]["name"] == "Försäkringskassan"


def test_socio_calc_refuses_a_huge_number_with_its_text(tmp_path):
    path = tmp_path / "stor.yaml"
    path.write_text(example_yaml().replace("amount: 24000", "amount: 1e300"), encoding="utf-8")
    with pytest.raises(CommandError) as info:
        _run("socio", "calc", str(path))
    assert "fält ”unit_costs[1].amount”: beloppet ska vara ett tal mindre än" in str(info.value)
    assert "inte ”1e300”" in str(info.value)

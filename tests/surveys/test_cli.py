"""`kompass survey ...` from creation to summary, with Swedish errors."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kompass.surveys.models import Invited, PersonalInvitation, Survey
from tests.surveys.conftest import TINY_HEADER, csv_file, subtraction_rows


def _run(*args) -> str:
    out = StringIO()
    call_command("survey", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_create_wave_cohort_invited_links_tokens(tiny_framework):
    assert "k = 5" in _run("create", "prov", "--instrument", "test-tiny")
    assert "k = 4" in _run("create", "prov-2", "--instrument", "test-tiny", "--min-group", "4")
    _run("wave", "prov", "2024-10", "--opens", "2024-10-01", "--closes", "2024-10-31")
    _run("cohort", "prov", "Leksand", "2031")
    _run(
        "invited",
        "prov",
        "--wave",
        "2024-10",
        "--organisation",
        "2029",
        "--group",
        "ledning",
        "--count",
        "12",
    )
    assert Invited.objects.get().count == 12
    links = _run("links", "prov", "--wave", "2024-10").splitlines()
    assert links[0] == "organisation,name,url" and len(links) == 3
    tokens = _run(
        "tokens", "prov", "--wave", "2024-10", "--organisation", "2029", "anna", "bo"
    ).splitlines()
    assert len(tokens) == 3 and PersonalInvitation.objects.count() == 2
    assert Survey.objects.get(slug="prov").waves.get().name == "Oktober 2024"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["create", "prov", "--instrument", "finns-inte"], "okänt instrument"),
        (["create", "prov", "--instrument", "kommunkompassen-2020"], "inte ett enkätinstrument"),
        (
            ["create", "prov", "--instrument", "test-tiny", "--min-group", "2"],
            "aldrig vara under 3",
        ),
        (["create", "Prov Ett", "--instrument", "test-tiny"], "kortnamnet"),
        (["summary", "saknas"], "det finns ingen enkät"),
    ],
)
def test_errors_are_swedish(tiny_framework, args, message):
    with pytest.raises(CommandError, match=message):
        _run(*args)


def test_import_and_summary(tiny_survey, tmp_path):
    path = tmp_path / "svar.csv"
    path.write_bytes(csv_file(subtraction_rows(), TINY_HEADER))
    assert "Importerade 41 svar" in _run("import", "--survey", "liten", str(path))
    with pytest.raises(CommandError, match="importen avbröts, inget sparades"):
        _run("import", "--survey", "liten", str(path))
    data = json.loads(_run("summary", "liten", "--format", "json"))
    assert data["waves"][0]["respondents"] == 41
    table = _run("summary", "liten")
    assert table.splitlines()[1].startswith("1 ")
    limited = json.loads(_run("summary", "liten", "--format", "json", "--organisation", "Leksand"))
    assert {c["group"].get("organisation") for c in limited["cells"]} - {None} == {"2029"}


def test_list_show_and_delete(subtraction_survey):
    assert "liten" in _run("list")
    assert json.loads(_run("list", "--format", "json"))[0]["organisations"] == 3
    assert "41 svar" in _run("show", "liten")
    with pytest.raises(CommandError, match="--yes"):
        _run("delete", "liten")
    _run("delete", "liten", "--yes")
    assert not Survey.objects.exists()

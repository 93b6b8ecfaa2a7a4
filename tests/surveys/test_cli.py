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
    out = _run("import", "--survey", "liten", str(path))
    assert "Importerade 41 svar" in out
    assert "Omgång 2024-10 är öppen: resultaten visas när den stängs" in out
    data = json.loads(_run("summary", "liten", "--format", "json"))
    assert {c["suppressed"] for c in data["cells"]} == {"wave_open"}  # counts only
    assert data["waves"][0]["respondents"] == 41
    assert "Omgång 2024-10 är stängd" in _run("close", "liten", "2024-10")
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


def test_invited_file_in_windows_1252_with_semicolons(subtraction_survey, tmp_path):
    path = tmp_path / "inbjudna.csv"
    text = "Omgång;Kommun;Grupp;Inbjudna\r\n2024-10;Rättvik;Stöd;8\r\n2024-10;2029;;1 204\r\n"
    path.write_bytes(text.encode("cp1252"))
    assert "Sparade 2 antal inbjudna." in _run("invited", "liten", str(path))
    stored = set(Invited.objects.values_list("organisation__code", "group", "count"))
    assert stored == {("2031", "stöd", 8), ("2029", "", 1204)}


def test_bad_invited_file_names_every_problem_and_stores_nothing(subtraction_survey, tmp_path):
    path = tmp_path / "inbjudna.csv"
    path.write_text(
        "wave,organisation,group,invited\n"
        "2024-10,Leksand,ledning,12\n"
        "2019-01,Leksand,,3\n"
        "2024-10,Atlantis,,3\n"
        "2024-10,Mora,chef,tolv\n"
        "2024-10,Leksand,ledning,13\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as info:
        _run("invited", "liten", str(path))
    message = str(info.value)
    assert message.startswith("inget sparades:")
    for expected in (
        "inbjudna.csv, rad 3, kolumn wave: okänd omgång ”2019-01” (finns: 2024-10)",
        "inbjudna.csv, rad 4, kolumn organisation: okänd organisation ”Atlantis”",
        "inbjudna.csv, rad 5, kolumn group: ”chef” är inget alternativ för funktion",
        "inbjudna.csv, rad 5, kolumn invited: ”tolv” är inget antal",
        "inbjudna.csv, rad 6, kolumn organisation: samma omgång, organisation och grupp som rad 2",
    ):
        assert expected in message
    assert not Invited.objects.exists()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"organisation;invited\n2029;3\n", "rad 1, kolumn wave: kolumnen ”wave” saknas"),
        (b"wave;organisation;invited\n2024-10;2029;3;9\n", "rad 2: raden har 4 fält"),
        (b"wave;organisation;invited\n2024-10;R\xc3\xa4ttvik;3\n2024-10;G\xe4vle;3\n", "blandar"),
        (b"", "filen är tom eller saknar rubrikrad"),
    ],
)
def test_broken_invited_file_is_refused(subtraction_survey, tmp_path, content, expected):
    path = tmp_path / "inbjudna.csv"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=expected):
        _run("invited", "liten", str(path))
    assert not Invited.objects.exists()


def test_links_can_be_closed_and_opened_from_the_command_line(subtraction_survey):
    assert len(_run("links", "liten", "--wave", "2024-10").splitlines()) == 4
    assert "Länken för Leksand är stängd." in _run(
        "links", "liten", "--wave", "2024-10", "--close", "Leksand"
    )
    rows = _run("links", "liten", "--wave", "2024-10").splitlines()
    assert len(rows) == 3 and not any(r.startswith("2029,") for r in rows)
    assert "Länken för Leksand är öppen." in _run(
        "links", "liten", "--wave", "2024-10", "--open", "2029"
    )
    assert len(_run("links", "liten", "--wave", "2024-10").splitlines()) == 4
    with pytest.raises(CommandError, match="okänd organisation"):
        _run("links", "liten", "--wave", "2024-10", "--close", "Atlantis")


def test_show_words_the_cautions(subtraction_survey):
    from kompass.organisations.models import Organisation
    from kompass.surveys.domain.surveys import set_invited

    wave = subtraction_survey.waves.get()
    rows = [(wave, Organisation.objects.get(code=c), "", 25) for c in ("2029", "2031", "2062")]
    set_invited(survey=subtraction_survey, rows=rows)
    assert "OBS: låg svarsfrekvens (55\u00a0%): tolka med försiktighet" in _run("show", "liten")

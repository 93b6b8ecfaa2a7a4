"""The one download view: every report kind's HTML variant for the cast of users (the
permission matrix), file names that say what and whom, bad formats and parameters, and
the command line going through the same kinds."""

import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kompass.reports.exports import report_kinds

LOGIN = 302

# kind -> (fixture giving (key, query), expected status per role)
MEMBERS_ONLY = {
    "admin": 200,
    "owner": 200,
    "editor": 200,
    "reader": 200,
    "outsider": 404,
    None: LOGIN,
}
CASES = {
    "utvardering": ("draft", MEMBERS_ONLY),
    "handlingsplan": ("plan", MEMBERS_ONLY),
    "samverkansprojekt": ("account_project", MEMBERS_ONLY),
    "samverkansbokslut": ("account_project", MEMBERS_ONLY),
    "indikatorer": ("leksand_indicators", MEMBERS_ONLY),
    "indikator": ("leksand_indicators", MEMBERS_ONLY),
    # A table without an owner is common to every signed-in user.
    "nyckeltal": ("benchmark", {**dict.fromkeys(MEMBERS_ONLY, 200), None: LOGIN}),
    # The Excel template is for those who may change the table: a common table's only
    # administrators (everyone else reads it, so 403).
    "nyckeltalsmall": (
        "benchmark",
        {**dict.fromkeys(MEMBERS_ONLY, 403), "admin": 200, None: LOGIN},
    ),
    # The cohort summary is for the survey's managers; editors of a member organisation
    # (the outsider edits Rättvik, also in the cohort) see the survey but may not read the
    # summary (403); readers do not see the survey at all (404).
    "enkat": (
        "subtraction_survey",
        {"admin": 200, "owner": 403, "editor": 403, "reader": 404, "outsider": 403, None: LOGIN},
    ),
    # A status analysis and the leadership dialogue of Leksand: its members.
    "nulage": ("status_table", MEMBERS_ONLY),
    "ledarskap": ("base_data", MEMBERS_ONLY),
    # An organisation's feedback report: its owners and editors.
    "enkat-aterrapport": (
        "subtraction_survey",
        {"admin": 200, "owner": 200, "editor": 200, "reader": 404, "outsider": 404, None: LOGIN},
    ),
}
# Kinds that have only a data format: the matrix asks for that one.
DATA_ONLY = {"nyckeltalsmall": "xlsx"}
MIMES = {
    "html": "text/html; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _target(request, case: str):
    fixture = request.getfixturevalue(CASES[case][0])
    if case == "utvardering" or case == "handlingsplan":
        return case, fixture.pk, ""
    if case in ("samverkansprojekt", "samverkansbokslut"):
        return case, fixture.pk, ""
    if case == "indikatorer":
        return case, "2029", ""
    if case == "indikator":
        return case, next(iter(fixture.values())).pk, ""
    if case in ("nyckeltal", "nyckeltalsmall"):
        return case, fixture.slug, ""
    if case == "enkat":
        return case, fixture.slug, ""
    if case == "nulage":
        return case, "2029", "source=table%3Anulage-test&peers=table"
    if case == "ledarskap":
        return case, "2029", ""
    return "enkat", fixture.slug, "organisation=2029"


def test_every_kind_is_in_the_matrix():
    from kompass.reports.exports import CommandLineKind

    with_downloads = {k for k, v in report_kinds().items() if not isinstance(v, CommandLineKind)}
    assert with_downloads == {case.split("-")[0] for case in CASES}


@pytest.mark.parametrize("role", list(MEMBERS_ONLY))
@pytest.mark.parametrize("case", list(CASES))
def test_download_permission_matrix(request, cast, client_for, case, role):
    kind, key, query = _target(request, case)
    client = client_for(cast[role] if role else None)
    fmt = DATA_ONLY.get(case, "html")
    response = client.get(f"/rapporter/{kind}/{key}/?{query}&format={fmt}")
    assert response.status_code == CASES[case][1][role]
    if response.status_code == 200:
        assert response["Content-Type"] == MIMES[fmt]
        assert response["Content-Disposition"].startswith("attachment; filename=")


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("handlingsplan", "handlingsplan-leksand-{year}.html"),
        ("samverkansprojekt", "samverkansprojekt-steget-test.html"),
        ("samverkansbokslut", "samverkansbokslut-steget-test.html"),
        ("indikatorer", "indikatorer-leksand.html"),
        ("enkat", "enkat-liten.html"),
        ("enkat-aterrapport", "enkat-liten-leksand.html"),
        ("nulage", "nulagesanalys-leksand-2023.html"),
        ("ledarskap", "ledarskapsutveckling-leksand.html"),
        ("utvardering", "kommunkompassen-leksand-{year}.html"),
        ("indikator", "indikator-leksand-nojda-brukare-i-hemtjansten.html"),
        # The table's slug names its year already: not twice.
        ("nyckeltal", "nyckeltal-lund-aldreomsorg-2020.html"),
    ],
)
def test_file_names_say_what_and_whom(request, cast, client_for, case, expected):
    import datetime

    kind, key, query = _target(request, case)
    response = client_for(cast["admin"]).get(f"/rapporter/{kind}/{key}/?{query}&format=html")
    year = datetime.date.today().year
    assert response["Content-Disposition"] == f'attachment; filename="{expected.format(year=year)}"'


def test_data_formats_have_their_own_names(account_project, draft, cast, client_for):
    client = client_for(cast["editor"])
    yaml = client.get(f"/rapporter/samverkansbokslut/{account_project.pk}/?format=yaml")
    assert yaml["Content-Disposition"] == 'attachment; filename="kalkyl-steget-test.yaml"'
    evaluation = client.get(f"/rapporter/utvardering/{draft.pk}/?format=json")
    assert (
        evaluation["Content-Disposition"] == 'attachment; filename="utvardering-leksand-2026.json"'
    )
    assert evaluation.json()["organisation"] == "2029"


def test_unknown_kinds_formats_and_keys_answer_404(draft, cast, client_for):
    client = client_for(cast["admin"])
    assert client.get(f"/rapporter/utvardering/{draft.pk}/?format=exe").status_code == 404
    assert client.get(f"/rapporter/okand/{draft.pk}/?format=pdf").status_code == 404
    assert client.get("/rapporter/utvardering/abc/?format=html").status_code == 404
    assert client.get("/rapporter/utvardering/99999/?format=html").status_code == 404
    # a data format the kind does not have
    assert client.get(f"/rapporter/handlingsplan/{draft.pk}/?format=yaml").status_code == 404


def test_bad_parameter_is_refused_in_swedish(benchmark, cast, client_for):
    response = client_for(cast["reader"]).get(
        f"/rapporter/nyckeltal/{benchmark.slug}/?ar=x&format=html"
    )
    assert response.status_code == 400
    assert "”x” är inget heltal (parametern ar)" in response.content.decode()


def test_command_line_uses_the_same_kinds_and_former_names(plan, tmp_path):
    target = tmp_path / "plan.xlsx"
    call_command("report", "handlingsplan", str(plan.pk), "--format", "xlsx", "-o", str(target))
    assert target.stat().st_size > 1000
    call_command("report", "actionplan", str(plan.pk), "--format", "html", "-o", str(target))
    assert "Handlingsplan efter Kommunkompassen 2023" in target.read_text(encoding="utf-8")
    with pytest.raises(CommandError, match="det finns ingen handlingsplan med id 999"):
        call_command("report", "handlingsplan", "999", "-o", str(target))


def test_command_line_user_option_applies_the_access_policy(plan, cast, tmp_path):
    target = tmp_path / "plan.html"
    call_command(
        "report",
        "handlingsplan",
        str(plan.pk),
        "--format",
        "html",
        "-o",
        str(target),
        "--user",
        cast["reader"].username,
    )
    assert target.exists()
    with pytest.raises(CommandError, match="det finns ingen handlingsplan med id"):
        call_command(
            "report",
            "handlingsplan",
            str(plan.pk),
            "--format",
            "html",
            "-o",
            str(target),
            "--user",
            cast["outsider"].username,
        )


def test_page_links_point_to_the_one_download_view(plan, cast, client_for):
    page = client_for(cast["reader"]).get(f"/uppfoljning/handlingsplan/{plan.pk}/").content.decode()
    assert f'href="/rapporter/handlingsplan/{plan.pk}/?format=pdf"' in page


# One PDF and one Word file per kind: tests/reports/test_print_layout.py.


@pytest.mark.parametrize("case", list(CASES))
def test_spreadsheet_sheets_have_whole_names(request, cast, client_for, case):
    """Sheet names say which table they hold: never numbered copies ("Poäng per område
    (2)") and never cut inside a word ("Effektivitet (kostnad och flöde")."""
    import io

    from openpyxl import load_workbook

    kind, key, query = _target(request, case)
    response = client_for(cast["admin"]).get(f"/rapporter/{kind}/{key}/?{query}&format=xlsx")
    names = load_workbook(io.BytesIO(response.content), read_only=True).sheetnames
    for name in names:
        assert not re.search(r" \(\d+\)$", name), names
        assert name.count("(") == name.count(")") or name.endswith("…"), names


def test_a_long_sheet_name_is_cut_at_a_word():
    from kompass.reports.render import _sheet_name

    used: set[str] = set()
    assert _sheet_name("Effektivitet (kostnad och flöde)", used) == "Effektivitet (kostnad och…"
    assert _sheet_name("Effektivitet (kostnad och flöde)", used) == "Effektivitet (kostnad och… (2)"
    assert _sheet_name("Fel: [a/b]", used) == "Fel a b"


def test_command_line_report_in_the_users_language_or_the_one_asked_for(plan, cast, tmp_path):
    """`kompass report --user NAME` writes in the language the user chose last (as the web
    does); `--language` overrides it; without either the report is Swedish."""
    target = tmp_path / "plan.html"
    reader = cast["reader"]
    reader.language = "en"
    reader.save(update_fields=["language"])

    def written(*extra) -> str:
        args = ["report", "handlingsplan", str(plan.pk), "--format", "html", "-o", str(target)]
        call_command(*args, *extra)
        return target.read_text(encoding="utf-8")

    assert '<html lang="en"' in written("--user", reader.username)
    assert '<html lang="sv"' in written("--user", reader.username, "--language", "sv")
    assert '<html lang="sv"' in written()
    assert '<html lang="en"' in written("--language", "en")


def test_file_names_in_the_readers_language(plan, cast, client_for):
    import datetime

    from django.conf import settings

    client = client_for(cast["reader"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(f"/rapporter/handlingsplan/{plan.pk}/?format=html")
    year = datetime.date.today().year
    assert (
        response["Content-Disposition"] == f'attachment; filename="action-plan-leksand-{year}.html"'
    )

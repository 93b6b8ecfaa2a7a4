"""Exports are inert: user text that starts like a formula (`=`, `+`, `-`, `@`, tab, CR)
is written as text into every XLSX and CSV, for every exporter, while numbers stay
numbers. The payloads go in through fields users edit: action titles, team members,
metric and indicator names, wave names, account actors, organisation names, recipients."""

import csv
import io
import re
import zipfile

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from kompass.reports.document import Cell, Column, Table
from kompass.reports.render import render_xlsx
from kompass.reports.sheets import CsvWriter, csv_text, neutral_text

PAYLOADS = ['=HYPERLINK("http://x","klick")', "+1+1", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1"]


def assert_inert(content: bytes, payloads=PAYLOADS, *, numbers: bool = True) -> None:
    """No formula anywhere in the workbook; every payload is found as a text cell;
    at least one number is still a number."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert not re.search(rb"<f[ >]", archive.read(name)), name
    workbook = load_workbook(io.BytesIO(content))
    cells = [c for ws in workbook.worksheets for row in ws.iter_rows() for c in row]
    assert all(c.data_type != "f" for c in cells)
    texts = {c.value for c in cells if c.data_type == "s"}
    for payload in payloads:
        assert any(payload in str(t) for t in texts), payload
        for cell in cells:
            if cell.value == payload:
                assert cell.data_type == "s" and cell.quotePrefix, payload
    if numbers:
        assert any(c.data_type == "n" and isinstance(c.value, (int, float)) for c in cells)


def test_the_xlsx_writer_keeps_every_text_a_text():
    table = Table(
        PAYLOADS[0],
        [Column(p) for p in PAYLOADS[:3]] + [Column("n", numeric=True)],
        [
            [
                Cell.text(PAYLOADS[3]),
                Cell.text(PAYLOADS[4]),
                Cell.text(PAYLOADS[5]),
                Cell.number(-2.5, 1),
            ]
        ],
        footnotes=["=1+1"],
    )
    content = render_xlsx([table], title="+title", notice="-notice")
    assert_inert(content, [*PAYLOADS, "=1+1", "+title", "-notice"])
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    assert -2.5 in [c.value for row in sheet.iter_rows() for c in row]


def test_the_csv_writer_neutralises_formulas_and_keeps_numbers():
    text = csv_text([["namn", "värde"], *[[p, 3] for p in PAYLOADS], ["a,=1+1", -4.5]])
    rows = list(csv.reader(io.StringIO(text)))
    assert [r[0] for r in rows[1:7]] == ["'" + p for p in PAYLOADS]
    assert [r[1] for r in rows[1:]] == ["3"] * 6 + ["-4.5"]
    assert rows[7][0] == "a,=1+1"  # quoted: the comma cannot start a new cell
    assert neutral_text("Leksand") == "Leksand" and neutral_text(" =1") == "' =1"
    buffer = io.StringIO()
    CsvWriter(buffer, delimiter=";").writerow(["-x", None, 2])
    assert buffer.getvalue() == "'-x;;2\n"


def _xlsx(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content


def test_action_plan(plan, action, cast, client_for):
    plan.title = PAYLOADS[0]
    plan.save()
    action.title = PAYLOADS[1]
    action.save()
    people = action.owner
    people.name = PAYLOADS[2]
    people.save()
    content = _xlsx(client_for(cast["reader"]), f"/rapporter/handlingsplan/{plan.pk}/?format=xlsx")
    assert_inert(content, PAYLOADS[:3])


def test_project_team_names(account_project, cast, client_for):
    from kompass.collaboration.models import Person

    for i, payload in enumerate(PAYLOADS):
        Person.objects.create(
            project=account_project, group="team", name=payload, role=payload, order=i
        )
    content = _xlsx(
        client_for(cast["reader"]),
        f"/rapporter/samverkansprojekt/{account_project.pk}/?format=xlsx",
    )
    assert_inert(content)


def test_account_actors_and_statuses(project, cast, client_for):
    from kompass.collaboration.domain import account as acc
    from tests.analytics.socio_example import example_data

    data = example_data()
    data["actors"][0]["name"] = PAYLOADS[0]
    data["statuses"][0]["name"] = PAYLOADS[3]
    acc.save_account(project=project, user=cast["editor"], data=data)
    content = _xlsx(
        client_for(cast["reader"]), f"/rapporter/samverkansbokslut/{project.pk}/?format=xlsx"
    )
    assert_inert(content, [PAYLOADS[0], PAYLOADS[3]])


def test_key_ratio_metric_names(benchmark, cast, client_for):
    metrics = list(benchmark.metrics.all()[:3])
    for metric, payload in zip(metrics, PAYLOADS, strict=False):
        metric.name = payload
        metric.save()
    content = _xlsx(
        client_for(cast["reader"]), f"/rapporter/nyckeltal/{benchmark.slug}/?format=xlsx"
    )
    assert_inert(content, PAYLOADS[: len(metrics)])
    call_command("ratios", "export", benchmark.slug, "-o", "/dev/null")


def test_indicator_and_dashboard_names(leksand_indicators, cast, client_for):
    indicator = next(iter(leksand_indicators.values()))
    indicator.name = PAYLOADS[0]
    indicator.save()
    client = client_for(cast["reader"])
    assert_inert(_xlsx(client, f"/rapporter/indikator/{indicator.pk}/?format=xlsx"), [PAYLOADS[0]])
    # The dashboard's tables are texts (value with unit and period) only.
    dashboard = _xlsx(client, "/rapporter/indikatorer/2029/?format=xlsx")
    assert_inert(dashboard, [PAYLOADS[0]], numbers=False)


def test_survey_wave_and_organisation_names(subtraction_survey, cast, client_for, tmp_path):
    from kompass.organisations.models import Organisation
    from kompass.surveys.domain.surveys import touch

    subtraction_survey.waves.update(name=PAYLOADS[1])
    Organisation.objects.filter(code="2029").update(name=PAYLOADS[3])
    touch(subtraction_survey)  # results are cached per survey version
    client = client_for(cast["admin"])
    cohort = _xlsx(client, f"/rapporter/enkat/{subtraction_survey.slug}/?format=xlsx")
    assert_inert(cohort, [PAYLOADS[1], PAYLOADS[3]])
    feedback = _xlsx(
        client, f"/rapporter/enkat/{subtraction_survey.slug}/?organisation=2029&format=xlsx"
    )
    assert_inert(feedback, [PAYLOADS[1]])
    target = tmp_path / "enkat.xlsx"
    call_command("survey", "export", subtraction_survey.slug, "-o", str(target))
    assert_inert(target.read_bytes(), [PAYLOADS[1], PAYLOADS[3]])


def test_survey_link_and_token_csv(subtraction_survey, capsys):
    from kompass.organisations.models import Organisation

    wave = subtraction_survey.waves.first()
    Organisation.objects.filter(code="2029").update(name=PAYLOADS[0])
    call_command("survey", "links", subtraction_survey.slug, "--wave", wave.code)
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert ["2029", "'" + PAYLOADS[0]] == rows[[r[0] for r in rows].index("2029")][:2]
    call_command(
        "survey",
        "tokens",
        subtraction_survey.slug,
        "--wave",
        wave.code,
        "--organisation",
        "2029",
        "+1+1",
        "@SUM(A1)",
        "Anna",
    )
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert [r[0] for r in rows] == ["recipient", "'+1+1", "'@SUM(A1)", "Anna"]


# -- One walk over every export kind ---------------------------------------------------
# Each registered kind gets user text that starts like a formula in the fields it shows,
# is exported as XLSX through the one export path (`kompass report` for a kind that only
# the command line knows), and must come out inert.
# A new kind fails `test_the_walk_covers_every_export_kind` until it is added here.


def _walk_evaluation(request):
    # The evaluation's workbook holds scores and the comparison groups: an
    # organisation's own saved peer group brings its name.
    from kompass.organisations.models import PeerGroup

    evaluation = request.getfixturevalue("draft")
    group = PeerGroup.objects.create(
        name=PAYLOADS[0], kind="hand_picked", owner=evaluation.organisation
    )
    group.members.add(request.getfixturevalue("rattvik"))
    return evaluation.pk, {}, [PAYLOADS[0]]


def _walk_plan(request):
    plan, action = request.getfixturevalue("plan"), request.getfixturevalue("action")
    plan.title = PAYLOADS[0]
    plan.save()
    action.title = PAYLOADS[1]
    action.save()
    return plan.pk, {}, PAYLOADS[:2]


def _walk_project(request):
    from kompass.collaboration.models import Person

    project = request.getfixturevalue("account_project")
    for i, payload in enumerate(PAYLOADS):
        Person.objects.create(project=project, group="team", name=payload, role=payload, order=i)
    return project.pk, {}, PAYLOADS


def _walk_account(request):
    from kompass.collaboration.domain import account as acc
    from tests.analytics.socio_example import example_data

    project = request.getfixturevalue("project")
    data = example_data()
    data["actors"][0]["name"] = PAYLOADS[0]
    data["statuses"][0]["name"] = PAYLOADS[3]
    acc.save_account(project=project, user=request.getfixturevalue("cast")["editor"], data=data)
    return project.pk, {}, [PAYLOADS[0], PAYLOADS[3]]


def _walk_dashboard(request):
    indicators = request.getfixturevalue("leksand_indicators")
    indicator = next(iter(indicators.values()))
    indicator.name = PAYLOADS[0]
    indicator.save()
    return "2029", {}, [PAYLOADS[0]]


def _walk_indicator(request):
    indicators = request.getfixturevalue("leksand_indicators")
    indicator = next(iter(indicators.values()))
    indicator.name = PAYLOADS[1]
    indicator.save()
    return indicator.pk, {}, [PAYLOADS[1]]


def _walk_ratios(request):
    benchmark = request.getfixturevalue("benchmark")
    metrics = list(benchmark.metrics.all()[:3])
    for metric, payload in zip(metrics, PAYLOADS, strict=False):
        metric.name = payload
        metric.save()
    return benchmark.slug, {}, PAYLOADS[: len(metrics)]


def _walk_survey(request):
    from kompass.organisations.models import Organisation
    from kompass.surveys.domain.surveys import touch

    survey = request.getfixturevalue("subtraction_survey")
    survey.waves.update(name=PAYLOADS[1])
    Organisation.objects.filter(code="2029").update(name=PAYLOADS[3])
    touch(survey)
    return survey.slug, {}, [PAYLOADS[1], PAYLOADS[3]]


def _walk_status(request):
    table = request.getfixturevalue("status_table")
    leksand = request.getfixturevalue("leksand")
    metric = table.metrics.get(key="sjuk")
    metric.name = PAYLOADS[0]
    metric.save()
    return leksand.code, {"source": f"table:{table.slug}"}, [PAYLOADS[0]]


def _walk_leadership(request):
    from kompass.leadership.models import Activity, ProgrammePlan

    leksand = request.getfixturevalue("leksand")
    plan = ProgrammePlan.objects.create(organisation=leksand, name=PAYLOADS[0])
    Activity.objects.create(plan=plan, level="L", kind="kurser", title=PAYLOADS[3])
    return leksand.code, {}, [PAYLOADS[3]]


WALK = {
    "utvardering": _walk_evaluation,
    "handlingsplan": _walk_plan,
    "samverkansprojekt": _walk_project,
    "samverkansbokslut": _walk_account,
    "indikatorer": _walk_dashboard,
    "indikator": _walk_indicator,
    "nyckeltal": _walk_ratios,
    "nyckeltalsmall": _walk_ratios,  # the Excel template to fill in names the metrics
    "enkat": _walk_survey,
    "nulage": _walk_status,
    "ledarskap": _walk_leadership,
}


def test_the_walk_covers_every_export_kind():
    from kompass.reports.exports import report_kinds

    assert set(report_kinds()) == set(WALK)


@pytest.mark.parametrize("identifier", sorted(WALK))
def test_every_export_kind_writes_user_text_inert(db, request, identifier, tmp_path):
    from kompass.reports.exports import CommandLineKind, command_line_user, export, report_kinds

    key, params, payloads = WALK[identifier](request)
    kind = report_kinds()[identifier]
    if isinstance(kind, CommandLineKind):  # a kind that only `kompass report` knows
        target = tmp_path / f"{identifier}.xlsx"
        options = [f"--{name}={value}" for name, value in params.items()]
        call_command(
            "report", identifier, key, *options, "--format", "xlsx", "--output", str(target)
        )
        content = target.read_bytes()
    else:
        assert "xlsx" in kind.all_formats
        content = export(kind, user=command_line_user(), key=key, params=params, fmt="xlsx").content
    assert_inert(content, payloads, numbers=identifier not in ("indikatorer", "ledarskap"))
    if identifier == "enkat":  # and every organisation's feedback report
        feedback = export(
            kind,
            user=command_line_user(),
            key=key,
            params={"organisation": "2029"},
            fmt="xlsx",
        ).content
        assert_inert(feedback, [PAYLOADS[1]])

"""The status-analysis API: the analysis as the command prints it (plus names and notes),
the decisions and one decision with its cause analysis and plan; members read, outsiders
get 404; what cannot be analysed answers 400 in the one error shape."""

import datetime

import pytest
from django.core.management import call_command

from kompass.status.domain.choices import CauseInput, plan_for, record_choice, save_cause_analysis
from kompass.status.domain.selection import analysis_for

pytestmark = pytest.mark.django_db

PARAMS = {"source": "table:nulage-test", "peers": "table"}
URL = "/api/status/organisations/2029/analysis?source=table:nulage-test&peers=table"


def test_analysis_has_the_commands_rows(leksand, status_table, cast, client_for, capsys):
    body = client_for(cast["reader"]).get(URL).json()
    call_command(
        "analysis",
        "status",
        "--organisation",
        "2029",
        "--table",
        "nulage-test",
        "--format",
        "json",
    )
    import json

    printed = json.loads(capsys.readouterr().out)
    assert body["year"] == printed["year"] == 2023
    assert body["organisation"] == {"code": "2029", "name": "Leksand"}
    assert body["source"] == {"kind": "table", "key": "nulage-test", "label": "Nulägestest"}
    assert body["peers"]["key"] == "table" and body["peers"]["n"] == 7
    keys = ("metric", "value", "direction", "peers", "percentile", "target_gap", "trend")
    assert [{k: r[k] for k in keys} for r in body["rows"]] == printed["rows"]
    assert body["rows"][0]["name"] == "Sjukfrånvaro" and body["rows"][0]["unit"] == "%"


@pytest.mark.parametrize(("role", "status"), [("reader", 200), ("outsider", 404), (None, 401)])
def test_analysis_by_role(leksand, status_table, cast, client_for, role, status):
    assert client_for(cast.get(role)).get(URL).status_code == status


def test_what_cannot_be_analysed_is_400_with_the_reason(leksand, status_table, cast, client_for):
    client = client_for(cast["reader"])
    response = client.get(URL.replace("peers=table", "peers=group-999999"))
    assert response.status_code == 400
    body = response.json()
    assert body["problems"][0]["field"] == "peers"
    assert "jämförelsegruppen ”group-999999” finns inte" in body["problems"][0]["message"]
    hidden = client.get("/api/status/organisations/2029/analysis?source=table:finns-inte")
    assert hidden.status_code == 404


def test_choices_and_a_choice_with_its_cause_analysis(leksand, status_table, cast, client_for):
    editor = cast["editor"]
    analysis, _ = analysis_for(user=editor, organisation=leksand, params=PARAMS)
    first = record_choice(
        analysis=analysis,
        metric="nojd",
        user=editor,
        decision="left",
        motivation="Redan bättre än de flesta",
        decided_by="Ledningsgruppen",
        decided_on=datetime.date(2026, 10, 1),
    )
    choice = record_choice(
        analysis=analysis,
        metric="sjuk",
        user=editor,
        decision="prioritised",
        motivation="Högst i länet",
        expected_effect="Friskare medarbetare",
        effort="medium",
        decided_by="Ledningsgruppen",
        decided_on=datetime.date(2026, 11, 1),
    )
    cause = save_cause_analysis(
        choice=choice,
        user=editor,
        method="areas",
        problem="Hög sjukfrånvaro",
        conclusion="",
        causes=[
            CauseInput(
                text="Delade turer",
                area="methods",
                evidence=[
                    {"kind": "observation", "text": "Schemagenomgång"},
                    {"kind": "survey", "text": "Medarbetarenkäten"},
                ],
            )
        ],
    )
    plan = plan_for(analysis=cause, user=editor)
    client = client_for(cast["reader"])
    listed = client.get("/api/status/organisations/2029/choices").json()
    assert {(c["metric"], c["decision"]) for c in listed} == {
        ("nojd", "left"),
        ("sjuk", "prioritised"),
    }
    assert next(c for c in listed if c["id"] == first.pk)["cause_analysis"] is False
    detail = client.get(f"/api/status/choices/{choice.pk}").json()
    assert detail["peers"] == {"key": "table", "label": "Alla organisationer i underlaget", "n": 7}
    assert detail["plan"] == plan.pk
    assert [e["kind"] for e in detail["analysis"]["causes"][0]["evidence"]] == [
        "observation",
        "survey",
    ]
    assert detail["analysis"]["plan"]["only_activities"] is False
    assert detail["analysis"]["plan"]["effect"] == []
    assert client_for(cast["outsider"]).get(f"/api/status/choices/{choice.pk}").status_code == 404


def test_the_status_operations_are_in_the_openapi_description(cast, client_for):
    paths = client_for(cast["reader"]).get("/api/openapi.json").json()["paths"]
    assert {
        "/api/status/organisations/{code}/analysis",
        "/api/status/organisations/{code}/choices",
        "/api/status/choices/{choice_id}",
    } <= set(paths)

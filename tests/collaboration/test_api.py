"""The collaboration API: same access rules as the web, the account as JSON, and a
calculation from a posted account."""

import json

import pytest
import yaml

from kompass.collaboration.models import SocioAccount
from tests.analytics.socio_example import example_yaml

pytestmark = pytest.mark.django_db


def test_api_lists_and_shows_visible_projects(account_project, cast, client_for):
    client = client_for(cast["reader"])
    rows = client.get("/api/collaboration/projects").json()
    assert [r["name"] for r in rows] == ["Steget (test)"]
    detail = client.get(f"/api/collaboration/projects/{account_project.pk}").json()
    assert detail["has_account"] is True
    assert client_for(cast["outsider"]).get("/api/collaboration/projects").json() == []
    assert (
        client_for(cast["outsider"])
        .get(f"/api/collaboration/projects/{account_project.pk}")
        .status_code
        == 404
    )


def test_api_account_matches_the_cli(account_project, cast, client_for):
    data = (
        client_for(cast["reader"])
        .get(f"/api/collaboration/projects/{account_project.pk}/account")
        .json()
    )
    society = data["rates"][0]["actors"][-1]
    assert (society["code"], society["payback_months"]) == ("samhallet", 22)
    assert (
        client_for(cast["outsider"])
        .get(f"/api/collaboration/projects/{account_project.pk}/account")
        .status_code
        == 404
    )


def test_api_account_missing_or_incomplete(project, cast, client_for):
    client = client_for(cast["reader"])
    response = client.get(f"/api/collaboration/projects/{project.pk}/account")
    assert response.status_code == 404
    SocioAccount.objects.create(project=project, data={"participants": 5})
    response = client.get(f"/api/collaboration/projects/{project.pk}/account")
    assert response.status_code == 409
    assert response.json()["detail"] == "Projektets kalkyl kan inte räknas ut."
    fields = {p["field"] for p in response.json()["problems"]}
    assert {"intervention.cost_per_year", "before", "after", "effect"} <= fields


def test_api_calc_from_posted_account(cast, client_for):
    client = client_for(cast["reader"])
    body = json.dumps(yaml.safe_load(example_yaml()))
    data = client.post(
        "/api/collaboration/socio/calc", body, content_type="application/json"
    ).json()
    assert data["rates"][1]["actors"][-1]["payback_months"] == 23
    bad = yaml.safe_load(example_yaml())
    bad["participants"] = -1
    response = client.post(
        "/api/collaboration/socio/calc", json.dumps(bad), content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["problems"] == [
        {
            "message": "antalet deltagare kan inte vara negativt (fick -1)",
            "field": "participants",
            "row": None,
            "column": "",
            "file": "",
        }
    ]


def test_api_needs_login(client_for):
    assert client_for(None).get("/api/collaboration/projects").status_code == 401


def test_api_calc_refuses_more_than_five_discount_rates(cast, client_for):
    data = yaml.safe_load(example_yaml())
    data["discount_rates"] = list(range(99))
    response = client_for(cast["reader"]).post(
        "/api/collaboration/socio/calc", json.dumps(data), content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["problems"] == [
        {
            "message": "ange högst 5 diskonteringsräntor (fick 99); varje ränta räknas som en "
            "egen kalkyl",
            "field": "discount_rates",
            "row": None,
            "column": "",
            "file": "",
        }
    ]


def test_api_sensitivity_rows_say_no_net_cost(cast, client_for):
    data = yaml.safe_load(example_yaml())
    data["intervention"]["cost_per_year"] = [0]
    result = (
        client_for(cast["reader"])
        .post("/api/collaboration/socio/calc", json.dumps(data), content_type="application/json")
        .json()
    )
    base = result["sensitivity"][0]
    assert (base["payback_months"], base["payback_state"]) == (None, "no_cost")
    assert base["break_even_state"] == "no_cost"

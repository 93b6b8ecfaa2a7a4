"""One error shape for every router, with the same status codes everywhere (docs/api.md):
`{"detail": "...", "problems": [{"message", "field", "row", "column", "file"}]}`, 400 for
bad input (django-ninja's own validation included, in Swedish), 401 without a session,
403 for a reader who tries to change, 404 for what does not exist or is not the user's."""

import pytest

pytestmark = pytest.mark.django_db

PROBLEM_KEYS = {"message", "field", "row", "column", "file"}

# Per router: a path whose parameter has the wrong type (400), one that does not exist
# (404) and one that a signed-out user asks for (401).
ROUTERS = {
    "evaluations": ("/api/evaluations/tre", "/api/evaluations/999999", "/api/evaluations/"),
    "followup": (
        "/api/followup/plans/tre",
        "/api/followup/plans/999999",
        "/api/followup/plans/1",
    ),
    "indicators": (
        "/api/indicators/tre",
        "/api/indicators/999999",
        "/api/indicators/",
    ),
    "collaboration": (
        "/api/collaboration/projects/tre",
        "/api/collaboration/projects/999999",
        "/api/collaboration/projects",
    ),
    "surveys": (None, "/api/surveys/finns-inte/summary", "/api/surveys/"),
    "status": (
        "/api/status/choices/tre",
        "/api/status/choices/999999",
        "/api/status/organisations/2029/choices",
    ),
}


def assert_error_shape(response, status: int) -> dict:
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"detail", "problems"}
    assert isinstance(body["detail"], str) and body["detail"]
    assert all(set(p) == PROBLEM_KEYS for p in body["problems"])
    return body


@pytest.mark.parametrize("router", sorted(ROUTERS))
def test_every_router_answers_errors_in_one_shape(router, cast, client_for):
    bad, missing, listing = ROUTERS[router]
    client = client_for(cast["reader"])
    if bad is not None:  # the survey router has no numeric parameter (a 400 test below)
        body = assert_error_shape(client.get(bad), 400)
        assert body["detail"] == "Indata innehåller fel."
        assert [(p["field"], p["message"]) for p in body["problems"]] == [
            (body["problems"][0]["field"], "ska vara ett heltal")
        ]
    assert assert_error_shape(client.get(missing), 404) == {
        "detail": "Hittades inte.",
        "problems": [],
    }
    assert assert_error_shape(client_for(None).get(listing), 401) == {
        "detail": "Logga in först.",
        "problems": [],
    }


def test_a_body_of_the_wrong_shape_names_each_field_in_swedish(cast, client_for):
    response = client_for(cast["editor"]).post(
        "/api/followup/plans/999999/actions",
        {"title": 5, "start_date": "2025-01-01", "indicators": "inte en lista"},
        content_type="application/json",
    )
    body = assert_error_shape(response, 400)
    assert sorted((p["field"], p["message"]) for p in body["problems"]) == [
        ("due_date", "saknas"),
        ("indicators", "ska vara en lista"),
        ("owner", "saknas"),
        ("title", "ska vara text"),
    ]


def test_a_body_that_is_not_json_is_refused_in_swedish(cast, client_for):
    response = client_for(cast["editor"]).post(
        "/api/followup/plans/999999/actions", "{inte json", content_type="application/json"
    )
    assert assert_error_shape(response, 400)["detail"] == "Kroppen ska vara JSON."


def test_input_refused_by_the_domain_names_field_and_row(cast, client_for):
    response = client_for(cast["reader"]).post(
        "/api/collaboration/socio/calc", "[1, 2", content_type="application/json"
    )
    body = assert_error_shape(response, 400)
    assert body["problems"] == [
        {
            "message": "kroppen ska vara JSON i formatet kompass-socio/1",
            "field": "",
            "row": None,
            "column": "",
            "file": "",
        }
    ]


def test_a_reader_who_tries_to_change_gets_403_in_the_same_shape(cast, client_for, leksand):
    response = client_for(cast["reader"]).post(
        f"/api/followup/organisations/{leksand.pk}/dialogues",
        {"manager": "Maria Holm"},
        content_type="application/json",
    )
    assert_error_shape(response, 403)

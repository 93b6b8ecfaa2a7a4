import pytest

pytestmark = pytest.mark.django_db


def test_api_lists_what_the_user_may_see(leksand_2023, draft, cast, client_for):
    rows = client_for(cast["outsider"]).get("/api/evaluations/").json()
    assert [r["id"] for r in rows] == [leksand_2023.pk]
    rows = client_for(cast["reader"]).get("/api/evaluations/?status=draft").json()
    assert [r["id"] for r in rows] == [draft.pk]


def test_api_detail_has_exact_and_shown_scores(leksand_2023, cast, client_for):
    data = client_for(cast["reader"]).get(f"/api/evaluations/{leksand_2023.pk}").json()
    assert data["total"] == {"score": 412, "shown": 412, "max": 800}
    assert [a["shown"] for a in data["areas"]] == [52, 57, 54, 48, 52, 48, 48, 53]


def test_api_hides_drafts_from_outsiders_and_refuses_anonymous(draft, cast, client_for):
    assert client_for(cast["outsider"]).get(f"/api/evaluations/{draft.pk}").status_code == 404
    assert client_for(None).get("/api/evaluations/").status_code == 401


def test_openapi_description_lists_the_evaluation_endpoints(base_data, cast, client_for):
    paths = client_for(cast["reader"]).get("/api/openapi.json").json()["paths"]
    assert {"/api/evaluations/", "/api/evaluations/{evaluation_id}"} <= set(paths)

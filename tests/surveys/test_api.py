"""The survey API answers a bad query in the API's one error shape (tests/api)."""

import pytest

pytestmark = pytest.mark.django_db


def test_an_unknown_organisation_in_a_summary_query_is_a_400(subtraction_survey, cast, client_for):
    response = client_for(cast["admin"]).get(
        f"/api/surveys/{subtraction_survey.slug}/summary?organisation=Atlantis"
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Indata innehåller fel.",
        "problems": [
            {
                "message": "okänd organisation ”Atlantis” (ange kommunkod eller namn, t.ex. 2029 eller Leksand)",
                "field": "organisation",
                "row": None,
                "column": "",
                "file": "",
            }
        ],
    }

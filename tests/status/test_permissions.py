"""The permission matrix of the status analysis (/nulage/): every URL against the cast.

Members of the organisation read, its owners and editors decide, outsiders and
evaluators (who are no members) get 404, readers who try to decide 403, anonymous users
go to the sign-in page."""

import pytest

from tests.status.test_choices import _analysis, _prioritise

pytestmark = pytest.mark.django_db

USERS = ["admin", "owner", "editor", "reader", "evaluator", "outsider", None]
Q = "?source=table:nulage-test&peers=table"

#                admin owner editor reader evaluator outsider anonymous
MATRIX = {
    "analysis": [200, 200, 200, 200, 404, 404, 302],
    "download": [200, 200, 200, 200, 404, 404, 302],
    "choices": [200, 200, 200, 200, 404, 404, 302],
    "choose": [200, 200, 200, 403, 404, 404, 302],
    "choice": [200, 200, 200, 200, 404, 404, 302],
    "cause": [200, 200, 200, 403, 404, 404, 302],
    "plan": [302, 302, 302, 403, 404, 404, 302],
}


def _urls(code, choice):
    return {
        "analysis": ("get", f"/nulage/organisation/{code}/{Q}"),
        "download": ("get", f"/rapporter/nulage/{code}/{Q}&format=html"),
        "choices": ("get", f"/nulage/organisation/{code}/vagval/"),
        "choose": ("get", f"/nulage/organisation/{code}/vagval/nytt/{Q}&metric=sjuk"),
        "choice": ("get", f"/nulage/vagval/{choice}/"),
        "cause": ("get", f"/nulage/vagval/{choice}/orsaksanalys/"),
        "plan": ("post", f"/nulage/vagval/{choice}/handlingsplan/"),
    }


@pytest.mark.parametrize("name", MATRIX)
def test_permission_matrix(leksand, status_table, cast, client_for, name):
    choice = _prioritise(_analysis(leksand, status_table), cast["editor"])
    method, url = _urls(leksand.code, choice.pk)[name]
    got = [getattr(client_for(cast[u] if u else None), method)(url).status_code for u in USERS]
    assert got == MATRIX[name]


def test_a_missing_choice_answers_like_a_hidden_one(cast, client_for):
    assert client_for(cast["owner"]).get("/nulage/vagval/999999/").status_code == 404
    assert client_for(cast["owner"]).get("/nulage/organisation/0000/").status_code == 404

"""The permission matrix: every evaluation URL against the cast of users.

Outsiders get 404 for what they may not see (a draft's existence is not revealed),
readers get 403 for what they see but may not change, anonymous users go to login.
"""

import pytest

from kompass.evaluations.domain.scores import set_scores

pytestmark = pytest.mark.django_db

USERS = ["admin", "evaluator", "other_evaluator", "owner", "editor", "reader", "outsider", None]


def _urls(pk):
    return {
        "detail": ("get", f"/utvarderingar/{pk}/", {}),
        "score": ("get", f"/utvarderingar/{pk}/poang/", {}),
        "score_save": ("post", f"/utvarderingar/{pk}/poang/1/", {"score-1.1": "3"}),
        "area_edit": ("get", f"/utvarderingar/{pk}/omrade/1/", {}),
        "details_edit": ("post", f"/utvarderingar/{pk}/uppgifter/", {"summary": "Ny text"}),
        "evidence_add": (
            "post",
            f"/utvarderingar/{pk}/underlag/1.1/",
            {"source": "document", "text": "x"},
        ),
        "to_review": ("post", f"/utvarderingar/{pk}/status/", {"to": "review"}),
        # The HTML variant: the same view and access check as the PDF, without the PDF.
        "download": ("get", f"/rapporter/utvardering/{pk}/?format=html", {}),
        "yaml": ("get", f"/rapporter/utvardering/{pk}/?format=yaml", {}),
        "audit": ("get", f"/utvarderingar/{pk}/logg/", {}),
        "publish_page": ("get", f"/utvarderingar/{pk}/publicering/", {}),
        "api": ("get", f"/api/evaluations/{pk}", {}),
    }


#          admin evaluator other_ev owner editor reader outsider anonymous
DRAFT = {
    "detail": [200, 200, 404, 200, 200, 200, 404, 302],
    "score": [200, 200, 404, 200, 200, 200, 404, 302],
    "score_save": [302, 302, 404, 403, 403, 403, 404, 302],
    "area_edit": [200, 200, 404, 403, 403, 403, 404, 302],
    "details_edit": [302, 302, 404, 403, 403, 403, 404, 302],
    "evidence_add": [302, 302, 404, 403, 403, 403, 404, 302],
    "to_review": [302, 302, 404, 403, 403, 403, 404, 302],
    "download": [200, 200, 404, 200, 200, 200, 404, 302],
    "yaml": [200, 200, 404, 200, 200, 200, 404, 302],
    "audit": [200, 200, 404, 403, 403, 403, 404, 302],
    "publish_page": [200, 200, 404, 403, 403, 403, 404, 302],
    "api": [200, 200, 404, 200, 200, 200, 404, 401],
}
PUBLISHED = {
    "detail": [200, 200, 200, 200, 200, 200, 200, 302],
    "score": [200, 200, 200, 200, 200, 200, 200, 302],
    "score_save": [302, 403, 403, 403, 403, 403, 403, 302],
    "area_edit": [200, 403, 403, 403, 403, 403, 403, 302],
    "details_edit": [302, 403, 403, 403, 403, 403, 403, 302],
    "evidence_add": [302, 403, 403, 403, 403, 403, 403, 302],
    "to_review": [302, 403, 403, 403, 403, 403, 403, 302],
    "download": [200, 200, 200, 200, 200, 200, 200, 302],
    "yaml": [200, 200, 200, 200, 200, 200, 200, 302],
    "audit": [200, 200, 403, 403, 403, 403, 403, 302],
    "publish_page": [200, 200, 403, 403, 403, 403, 403, 302],
    "api": [200, 200, 200, 200, 200, 200, 200, 401],
}


def _cases(matrix, label):
    return [
        pytest.param(label, name, user, status, id=f"{label}-{name}-{user or 'anonymous'}")
        for name, statuses in matrix.items()
        for user, status in zip(USERS, statuses, strict=True)
    ]


@pytest.fixture
def published(leksand_2023, cast):
    leksand_2023.evaluators.add(cast["evaluator"])
    return leksand_2023


@pytest.mark.parametrize(
    ("state", "name", "user", "expected"), _cases(DRAFT, "draft") + _cases(PUBLISHED, "published")
)
def test_permission_matrix(request, cast, client_for, state, name, user, expected):
    if state == "draft":
        evaluation = request.getfixturevalue("draft")
        set_scores(
            evaluation=evaluation,
            scores={s.code: 1 for s in evaluation.framework.tree.subareas},
            user=None,
        )
    else:
        evaluation = request.getfixturevalue("published")
    method, url, data = _urls(evaluation.pk)[name]
    client = client_for(cast[user] if user else None)
    response = getattr(client, method)(url, data)
    assert response.status_code == expected
    if expected == 302 and user is None:
        assert response["Location"].startswith("/konto/logga-in/")

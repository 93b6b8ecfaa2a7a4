"""The permission matrix of leadership development (/ledarskap/): every URL against the
cast. Members read, owners and editors change, everyone else gets 404 (readers who try
to change something 403; anonymous users go to the sign-in page)."""

import pytest

from kompass.leadership.domain.programme import add_activity, save_plan

pytestmark = pytest.mark.django_db

USERS = ["admin", "owner", "editor", "reader", "evaluator", "outsider", None]

#                    admin owner editor reader evaluator outsider anonymous
MATRIX = {
    "overview": [200, 200, 200, 200, 404, 404, 302],
    "download": [200, 200, 200, 200, 404, 404, 302],
    "assess": [200, 200, 200, 403, 404, 404, 302],
    "plan_create": [200, 200, 200, 403, 404, 404, 302],
    "plan": [200, 200, 200, 200, 404, 404, 302],
    "plan_post": [200, 200, 200, 403, 404, 404, 302],
    # Each role deletes an activity of its own: who may, may; the rest see nothing.
    "activity_delete": [302, 302, 302, 403, 404, 404, 302],
}


def _urls(code, plan, activity):
    return {
        "overview": ("get", f"/ledarskap/organisation/{code}/", {}),
        "download": ("get", f"/rapporter/ledarskap/{code}/?format=html", {}),
        "assess": ("get", f"/ledarskap/organisation/{code}/bedomning/ny/", {}),
        "plan_create": ("get", f"/ledarskap/organisation/{code}/programplan/ny/", {}),
        "plan": ("get", f"/ledarskap/programplan/{plan}/", {}),
        # An invalid activity: the form answers 200 to those who may change the plan.
        "plan_post": ("post", f"/ledarskap/programplan/{plan}/", {"title": ""}),
        "activity_delete": ("post", f"/ledarskap/aktivitet/{activity}/ta-bort/", {}),
    }


@pytest.mark.parametrize("name", MATRIX)
def test_permission_matrix(leksand, cast, client_for, base_data, name):
    plan = save_plan(organisation=leksand, user=None, name="Ledarprogram 2027")
    activities = [
        add_activity(plan=plan, user=None, level="L", kind="kurser", title=f"Kurs {u}")
        for u in USERS
    ]
    got = []
    for user, activity in zip(USERS, activities, strict=True):
        method, url, data = _urls(leksand.code, plan.pk, activity.pk)[name]
        got.append(getattr(client_for(cast[user] if user else None), method)(url, data).status_code)
    assert got == MATRIX[name]

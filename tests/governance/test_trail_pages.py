"""The trail's pages: an organisation's (its owners and administrators), an object's
(also those the app names, e.g. an evaluation's evaluators), filters, and 404 for
everyone else."""

import datetime

import pytest
from django.utils import timezone

from kompass.audit import trail
from kompass.audit.models import AuditEntry
from kompass.evaluations.domain.scores import set_scores
from kompass.organisations.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def changes(leksand, rattvik, cast, draft):
    unit = Unit.objects.create(organisation=leksand, name="Skola", kind="unit")
    trail.created(user=cast["owner"], obj=unit)
    with trail.changing(user=cast["editor"], obj=unit):
        unit.name = "Skolförvaltningen"
        unit.save()
    other = Unit.objects.create(organisation=rattvik, name="Rättviks skola", kind="unit")
    trail.created(user=cast["outsider"], obj=other)
    set_scores(evaluation=draft, scores={"1.1": 3}, user=cast["evaluator"])
    return {"unit": unit, "draft": draft}


def _statuses(client_for, cast, url):
    out = {}
    for role in ("admin", "evaluator", "owner", "editor", "reader", "outsider", None):
        response = client_for(cast[role] if role else None).get(url)
        out[role or "anonymous"] = response.status_code
    return out


def test_organisation_trail_is_for_its_owners_and_administrators(changes, cast, client_for):
    assert _statuses(client_for, cast, "/andringslogg/organisationer/2029/") == {
        "admin": 200,
        "evaluator": 404,
        "owner": 200,
        "editor": 404,
        "reader": 404,
        "outsider": 404,
        "anonymous": 302,
    }


def test_owner_sees_the_organisations_changes_but_not_the_evaluators_work(
    changes, cast, client_for
):
    page = client_for(cast["owner"]).get("/andringslogg/organisationer/2029/").content.decode()
    assert "Skolförvaltningen" in page and "Redigerare (redigerare)" in page
    assert "Rättviks skola" not in page
    assert "poäng 1.1" not in page
    admin_page = client_for(cast["admin"]).get("/andringslogg/organisationer/2029/")
    assert "poäng 1.1" in admin_page.content.decode()


def test_evaluation_trail_is_for_its_evaluators_and_administrators(changes, cast, client_for):
    url = f"/andringslogg/evaluations.evaluation/{changes['draft'].pk}/"
    assert _statuses(client_for, cast, url) == {
        "admin": 200,
        "evaluator": 200,
        "owner": 404,
        "editor": 404,
        "reader": 404,
        "outsider": 404,
        "anonymous": 302,
    }
    assert (
        client_for(cast["evaluator"]).get(f"/utvarderingar/{changes['draft'].pk}/logg/").status_code
        == 200
    )


def test_object_trail_of_a_unit_is_for_the_organisations_owners(changes, cast, client_for):
    url = f"/andringslogg/organisations.unit/{changes['unit'].pk}/"
    statuses = _statuses(client_for, cast, url)
    assert (statuses["owner"], statuses["editor"], statuses["outsider"]) == (200, 404, 404)
    assert _statuses(client_for, cast, "/andringslogg/organisations.unit/999999/")["owner"] == 404


def test_filters_by_kind_person_action_and_dates(changes, cast, client_for):
    client = client_for(cast["admin"])
    url = "/andringslogg/organisationer/2029/"
    by_person = client.get(url, {"user": cast["editor"].pk}).context["page"]
    assert [e.who for e in by_person] == ["Redigerare (redigerare)"]
    by_kind = client.get(url, {"kind": "evaluations.evaluation"}).context["page"]
    assert [e.object_kind for e in by_kind] == ["evaluations.evaluation"]
    by_action = client.get(url, {"action": "create"}).context["page"]
    assert [e.object_label for e in by_action] == ["Leksand: Skola"]
    AuditEntry.objects.filter(object_label="Leksand: Skola").update(
        at=timezone.now() - datetime.timedelta(days=40)
    )
    recent = client.get(
        url, {"since": (timezone.localdate() - datetime.timedelta(days=7)).isoformat()}
    )
    assert "Leksand: Skola" not in [e.object_label for e in recent.context["page"]]
    wrong = client.get(url, {"since": "2026-02-01", "until": "2026-01-01"})
    assert "Slutdatumet ligger före startdatumet." in wrong.content.decode()


def test_everything_is_for_administrators_only(changes, cast, client_for):
    statuses = _statuses(client_for, cast, "/andringslogg/")
    assert statuses == {
        "admin": 200,
        "evaluator": 404,
        "owner": 404,
        "editor": 404,
        "reader": 404,
        "outsider": 404,
        "anonymous": 302,
    }


def test_empty_trail_says_what_happens_next(leksand, cast, client_for):
    page = client_for(cast["owner"]).get("/andringslogg/organisationer/2029/").content.decode()
    assert "Inga ändringar ännu" in page

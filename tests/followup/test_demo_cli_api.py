"""The demo data, `kompass followup ...` and the JSON API."""

import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from kompass.evaluations.models import Evaluation
from kompass.followup import demo
from kompass.followup.domain.dialogues import organisation_standing
from kompass.followup.domain.followthrough import follow_through
from kompass.followup.models import Action, ActionPlan

pytestmark = pytest.mark.django_db


def test_demo_plan_dialogues_and_loop(leksand_2023, kk2020, leksand):
    out = io.StringIO()
    demo.load(out)
    plan = ActionPlan.objects.get(organisation=leksand)
    assert plan.is_example and plan.evaluation == leksand_2023
    assert plan.opportunities.count() == 3
    statuses = set(plan.actions.values_list("status", flat=True))
    assert statuses == {s.value for s in Action.Status}
    rows = organisation_standing(leksand)
    behind = [r.person.name for r in rows if r.standing.behind]
    today = timezone.localdate()
    if today >= datetime.date(today.year, 1, 9):  # the first planned date has passed
        assert behind == ["Maria Holm"]
    reevaluation = Evaluation.objects.create(
        organisation=leksand,
        framework=kk2020,
        date=datetime.date(2026, 9, 17),
        status="published",
        is_example=True,
    )
    result = follow_through(reevaluation)
    assert result.with_actions == 3
    assert len(result.actions) == plan.actions.count()
    demo.load(out)  # a second run adds nothing
    assert ActionPlan.objects.count() == 1
    assert "finns redan" in out.getvalue()


def test_demo_without_leksand_evaluation_says_so(base_data):
    out = io.StringIO()
    demo.load(out)
    assert "saknas" in out.getvalue()
    assert not ActionPlan.objects.exists()


def test_cli_plans_show_dialogues_and_status(plan, action, people):
    out = io.StringIO()
    call_command("followup", "plans", "--organisation", "2029", "--format", "json", stdout=out)
    rows = json.loads(out.getvalue())
    assert [(r["title"], r["actions"], r["done"]) for r in rows] == [(plan.title, 1, 0)]
    out = io.StringIO()
    call_command("followup", "status", str(action.pk), "klar", "--on", "2024-12-01", stdout=out)
    assert "Klar 2024-12-01" in out.getvalue()
    with pytest.raises(CommandError, match="Skriv varför åtgärden avbryts"):
        call_command("followup", "status", str(action.pk), "avbruten")
    out = io.StringIO()
    call_command("followup", "show", str(plan.pk), stdout=out)
    assert "Strategi för medborgardialog" in out.getvalue()
    out = io.StringIO()
    call_command(
        "followup", "dialogues", "--organisation", "Leksand", "--format", "json", stdout=out
    )
    data = json.loads(out.getvalue())
    assert data[0]["person"] == "Maria Holm" and data[0]["planned_per_year"] == 8
    with pytest.raises(CommandError):
        call_command("followup", "dialogues", "--organisation", "Atlantis")


def test_api_read_and_change_with_permissions(cast, client_for, plan, action, people, reevaluation):
    reader = client_for(cast["reader"])
    data = reader.get(f"/api/followup/plans/{plan.pk}").json()
    assert [a["title"] for a in data["actions"]] == ["Strategi för medborgardialog"]
    assert (
        reader.get(f"/api/followup/organisations/{plan.organisation.pk}/plans").status_code == 200
    )
    response = reader.post(
        f"/api/followup/actions/{action.pk}/status",
        {"status": "klar"},
        content_type="application/json",
    )
    assert response.status_code == 403
    outsider = client_for(cast["outsider"])
    assert outsider.get(f"/api/followup/plans/{plan.pk}").status_code == 404

    editor = client_for(cast["editor"])
    response = editor.post(
        f"/api/followup/plans/{plan.pk}/actions",
        {
            "title": "Ny",
            "owner": "Okänd Person",
            "start_date": "2025-02-01",
            "due_date": "2025-01-01",
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    fields = {p["field"] for p in response.json()["problems"]}
    assert fields == {"owner", "due_date"}
    response = editor.post(
        f"/api/followup/plans/{plan.pk}/actions",
        {
            "title": "Ny",
            "owner": "Maria Holm",
            "start_date": "2025-01-01",
            "due_date": "2025-03-01",
        },
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["owner"] == "Maria Holm"
    response = editor.post(
        f"/api/followup/actions/{action.pk}/status",
        {"status": "klar", "on": "2024-12-01"},
        content_type="application/json",
    )
    assert response.json()["status_text"] == "Klar 2024-12-01"

    loop = reader.get(f"/api/followup/evaluations/{reevaluation.pk}/followthrough").json()
    first = loop["items"][0]
    assert first["actions"][0]["status"] == "done"
    assert "owner" not in first["actions"][0]


def test_api_dialogues(cast, client_for, people, leksand):
    editor = client_for(cast["editor"])
    response = editor.post(
        f"/api/followup/organisations/{leksand.pk}/dialogues",
        {"manager": "Maria Holm", "planned_on": "2026-01-05"},
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["held_by"] == "Karin Berg"
    response = editor.post(
        f"/api/followup/organisations/{leksand.pk}/dialogues",
        {"manager": "Maria Holm"},
        content_type="application/json",
    )
    assert response.status_code == 400
    rows = (
        client_for(cast["reader"])
        .get(f"/api/followup/organisations/{leksand.pk}/dialogues/standing", {"year": 2026})
        .json()
    )
    assert rows[0]["person"] == "Maria Holm"
    assert "2026-01-05" in rows[0]["overdue"]

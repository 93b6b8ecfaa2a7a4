"""A person's data in one place: the export holds every row that refers to the person
(found here by walking every model's relations, independently of the export, so a new
model is covered), the erasure removes what identifies them, and both are in the trail."""

import io
import json

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models

from kompass.accounts.domain.tokens import create_token
from kompass.audit import trail
from kompass.audit.models import AuditEntry
from kompass.evaluations.domain.workflow import transition
from kompass.governance.domain.people import erase, export, find

pytestmark = pytest.mark.django_db


def every_row_referring_to(row) -> set[tuple[str, str]]:
    """(model label, pk) of every row in the database with a foreign key, one-to-one or
    many-to-many field pointing at `row`."""
    out = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if not isinstance(field, (models.ForeignKey, models.ManyToManyField)):
                continue
            if field.related_model is not type(row):
                continue
            for pk in model.objects.filter(**{field.name: row}).values_list("pk", flat=True):
                out.add((model._meta.label_lower, str(pk)))
    return out


@pytest.fixture
def busy_evaluator(draft, cast, tiny_survey):
    """The evaluator, referred to from many apps: an evaluation, an approval, a survey,
    an API key, a membership, entries in the trail, a job."""
    from kompass.accounts.models import Membership
    from kompass.jobs.models import Job

    evaluator = cast["evaluator"]
    evaluator.email = "ulla@example.se"
    evaluator.save()
    transition(evaluation=draft, to="review", user=evaluator)
    tiny_survey.owners.add(evaluator)
    create_token(user=evaluator, name="skript")
    Membership.objects.create(user=evaluator, organisation=draft.organisation, role="reader")
    trail.created(user=cast["admin"], obj=evaluator)
    Job.objects.create(user=evaluator, title="Rapport", function="x")
    return evaluator


def test_export_contains_every_row_referring_to_the_person(busy_evaluator):
    data = export(f"accounts.user:{busy_evaluator.pk}", user=None)
    exported = {(r["model"], str(r["id"])) for r in data["references"]}
    expected = every_row_referring_to(busy_evaluator)
    assert expected - exported == set()
    # Many apps are covered, and the person's own row without secrets.
    assert {m for m, _pk in exported} >= {
        "approvals.approval",
        "accounts.apitoken",
        "accounts.membership",
        "audit.auditentry",
        "evaluations.evaluation",
        "surveys.survey",
        "jobs.job",
    }
    assert data["person"]["data"]["email"] == "ulla@example.se"
    assert "password" not in data["person"]["data"]
    token = next(r for r in data["references"] if r["model"] == "accounts.apitoken")
    assert "digest" not in token["data"]
    # The trail's entry about the user (no foreign key) is in it too.
    assert any(
        r["model"] == "audit.auditentry" and r["data"]["object_kind"] == "accounts.user"
        for r in data["references"]
    )
    assert AuditEntry.objects.filter(action="export", object_id=str(busy_evaluator.pk)).exists()


def test_find_and_export_a_recipient_and_a_followup_person(leksand, tiny_survey):
    from kompass.followup.domain.dialogues import save_dialogue
    from kompass.followup.domain.people import save_person
    from kompass.surveys.domain.answering import create_invitations
    from kompass.surveys.domain.surveys import add_wave

    wave = add_wave(survey=tiny_survey, code="2030-01")
    create_invitations(survey=tiny_survey, wave=wave, organisation=leksand, labels=["Bo Berg"])
    mia = save_person(organisation=leksand, user=None, name="Mia Chef")
    save_dialogue(
        organisation=leksand, user=None, manager=mia, held_on="2026-02-03", notes="Om Mia."
    )
    assert [f.kind for f in find("bo berg")] == ["recipient"]
    [found] = find("Mia Chef")
    data = export(found.key, user=None)
    assert {r["model"] for r in data["references"]} >= {"followup.dialogue"}
    assert "Om Mia." in json.dumps(data, ensure_ascii=False)

    erase(found.key, user=None)
    mia.refresh_from_db()
    assert mia.name == f"(borttagen {mia.pk})"
    assert "Om Mia." not in json.dumps(export(found.key, user=None), ensure_ascii=False)
    erase(find("Bo Berg")[0].key, user=None)
    assert find("Bo Berg") == []


def test_erasing_a_user_removes_what_identifies_them(busy_evaluator, client_for):
    key = f"accounts.user:{busy_evaluator.pk}"
    erase(key, user=None)
    busy_evaluator.refresh_from_db()
    assert busy_evaluator.username == f"borttagen-{busy_evaluator.pk}"
    assert busy_evaluator.email == "" and not busy_evaluator.is_active
    assert not busy_evaluator.api_tokens.exists() and not busy_evaluator.memberships.exists()
    text = json.dumps(export(key, user=None), ensure_ascii=False)
    assert (
        "ulla@example.se" not in text
        and "Utvarderare (utvarderare)" not in text.split('"references"')[0]
    )
    assert AuditEntry.objects.filter(action="erase", object_id=str(busy_evaluator.pk)).exists()


def test_the_command(busy_evaluator, tmp_path):
    out = io.StringIO()
    call_command("person", "find", "ulla@example.se", stdout=out)
    assert f"accounts.user:{busy_evaluator.pk}" in out.getvalue()
    target = tmp_path / "ulla.json"
    call_command("person", "export", "ulla@example.se", "-o", str(target), stdout=io.StringIO())
    assert json.loads(target.read_text())["person"]["id"] == busy_evaluator.pk
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--yes"):
        call_command("person", "erase", f"accounts.user:{busy_evaluator.pk}")
    with pytest.raises(CommandError, match="ingen person"):
        call_command("person", "export", "organisations.organisation:1")
    call_command("person", "erase", f"accounts.user:{busy_evaluator.pk}", "--yes", stdout=out)
    assert "anonymiserad" in out.getvalue()


def test_the_administrators_page(busy_evaluator, cast, client_for):
    url = "/dataskydd/personer/"
    for role in ("evaluator", "owner", "reader"):
        assert client_for(cast[role]).get(url).status_code == 404
    client = client_for(cast["admin"])
    page = client.get(url, {"q": "ulla@example.se"}).content.decode()
    key = f"accounts.user:{busy_evaluator.pk}"
    assert key in page
    response = client.post(url, {"person": key, "action": "export"})
    assert response["Content-Disposition"].startswith("attachment")
    assert json.loads(response.content)["person"]["data"]["email"] == "ulla@example.se"
    client.post(url, {"person": key, "action": "erase"})  # not confirmed
    busy_evaluator.refresh_from_db()
    assert busy_evaluator.is_active
    client.post(url, {"person": key, "action": "erase", "confirm": "ja"})
    busy_evaluator.refresh_from_db()
    assert not busy_evaluator.is_active and busy_evaluator.email == ""

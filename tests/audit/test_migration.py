"""The evaluation's old audit table moves into the one trail: every row, with its time,
user and values, and without the text of interview notes."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

AFTER = [("evaluations", "0002_audit_trail_moved")]


def _before(executor):
    """Every app at its newest migration, except evaluations before the move."""
    leaves = [n for n in executor.loader.graph.leaf_nodes() if n[0] != "evaluations"]
    return [*leaves, ("evaluations", "0001_initial")]


def test_existing_evaluation_entries_are_copied_into_the_trail():
    executor = MigrationExecutor(connection)
    before = _before(executor)
    executor.migrate(before)
    executor.loader.build_graph()
    old = executor.loader.project_state(before).apps
    User = old.get_model("accounts", "User")
    Organisation = old.get_model("organisations", "Organisation")
    Framework = old.get_model("frameworks", "Framework")
    Evaluation = old.get_model("evaluations", "Evaluation")
    Entry = old.get_model("evaluations", "AuditEntry")
    ulla = User.objects.create(username="ulla", first_name="Ulla", last_name="Utvärderare")
    organisation = Organisation.objects.create(name="Provkommun", code="9999")
    framework = Framework.objects.create(
        identifier="prov-1", family="prov", version="1", name="Prov", kind="points"
    )
    evaluation = Evaluation.objects.create(
        organisation=organisation, framework=framework, date=datetime.date(2024, 5, 2)
    )
    at = datetime.datetime(2024, 5, 2, 10, 0, tzinfo=datetime.UTC)
    for field, before, after, user in [
        ("skapad", "", "Provkommun 2024-05-02", ulla),
        ("poäng 1.1", "", "7,50", ulla),
        ("område 1: styrkor", "• A", "• A\n• B", ulla),
        ("underlag 1.1 (Intervju)", "", "Hemligt citat", ulla),
        ("status", "Utkast", "Granskning", None),
    ]:
        entry = Entry.objects.create(
            evaluation=evaluation, user=user, field=field, before=before, after=after
        )
        Entry.objects.filter(pk=entry.pk).update(at=at)

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    rows = list(new.get_model("audit", "AuditEntry").objects.order_by("pk"))
    assert [(r.action, r.who, r.before, r.after) for r in rows] == [
        ("create", "Ulla Utvärderare (ulla)", {}, {"utvärdering": "Provkommun 2024-05-02"}),
        ("update", "Ulla Utvärderare (ulla)", {"poäng 1.1": ""}, {"poäng 1.1": "7,50"}),
        (
            "update",
            "Ulla Utvärderare (ulla)",
            {"område 1: styrkor": ["A"]},
            {"område 1: styrkor": ["A", "B"]},
        ),
        (
            "update",
            "Ulla Utvärderare (ulla)",
            {"underlag 1.1 (Intervju)": ""},
            {"underlag 1.1 (Intervju)": {"redacted": True, "characters": 13}},
        ),
        ("status", "kommandoraden", {"status": "Utkast"}, {"status": "Granskning"}),
    ]
    assert {(r.object_kind, r.object_id, r.object_label, r.organisation_id) for r in rows} == {
        ("evaluations.evaluation", str(evaluation.pk), "Provkommun 2024 (Prov)", organisation.pk)
    }
    assert all(r.at == at for r in rows)
    assert rows[0].user_id == ulla.pk and rows[-1].user_id is None

"""The one mechanism: snapshots, field-level differences, redaction, refusal of what must
never enter the trail, and the actor of a change."""

import datetime
from decimal import Decimal

import pytest

from kompass.audit import trail
from kompass.audit.actor import acting_as
from kompass.audit.kinds import register_kind
from kompass.audit.models import AuditEntry
from kompass.organisations.models import Unit
from tests.trail import entries_of

pytestmark = pytest.mark.django_db


def test_jsonable_keeps_values_readable():
    assert trail.jsonable(
        {"a": Decimal("7.50"), "b": Decimal("8"), "d": datetime.date(2026, 1, 31), "s": {2, 1}}
    ) == {"a": "7.5", "b": "8", "d": "2026-01-31", "s": [1, 2]}


def test_changes_keep_only_what_differs_down_to_nested_keys():
    before = {"name": "A", "data": {"rate": 3, "years": 5}, "list": [1, 2]}
    after = {"name": "A", "data": {"rate": 4, "years": 5}, "list": [1, 2, 3]}
    assert trail.changes(before, after) == (
        {"data.rate": 3, "list": [1, 2]},
        {"data.rate": 4, "list": [1, 2, 3]},
    )


def test_created_changed_and_deleted_unit_names_user_and_organisation(leksand, cast):
    owner = cast["owner"]
    unit = Unit.objects.create(organisation=leksand, name="Skola", kind="administration")
    trail.created(user=owner, obj=unit)
    with trail.changing(user=owner, obj=unit):
        unit.name = "Skolförvaltningen"
        unit.save()
    with trail.changing(user=owner, obj=unit):
        unit.save()  # nothing changed: nothing recorded
    trail.deleted(user=owner, obj=unit)
    entries = list(entries_of(unit))
    assert [(e.action, e.user, e.organisation_id) for e in entries] == [
        ("create", owner, leksand.pk),
        ("update", owner, leksand.pk),
        ("delete", owner, leksand.pk),
    ]
    assert entries[0].after == {
        "organisation": "Leksand",
        "parent": None,
        "name": "Skola",
        "kind": "administration",
    }
    assert (entries[1].before, entries[1].after) == (
        {"name": "Skola"},
        {"name": "Skolförvaltningen"},
    )
    assert entries[2].who == "Agare (agare)" and entries[2].via == "user"


def test_an_exception_in_the_block_records_nothing(leksand, cast):
    unit = Unit.objects.create(organisation=leksand, name="Skola", kind="administration")
    with pytest.raises(RuntimeError), trail.changing(user=cast["owner"], obj=unit):
        unit.name = "Annat"
        raise RuntimeError
    assert not entries_of(unit).exists()


def test_redacted_fields_keep_only_their_length(leksand, cast):
    register_kind("organisations.unit", redact=("name",))
    try:
        unit = Unit.objects.create(organisation=leksand, name="Hemlig", kind="unit")
        entry = trail.created(user=cast["owner"], obj=unit)
    finally:
        register_kind("organisations.unit")
    assert entry.after["name"] == {"redacted": True, "characters": 6}
    assert not AuditEntry.objects.filter(after__icontains="Hemlig").exists()


def test_survey_answers_and_free_text_can_never_be_recorded():
    from kompass.audit.kinds import never_recorded
    from kompass.surveys.models import Comment, Respondent

    assert {"surveys.respondent", "surveys.comment", "surveys.draft"} <= never_recorded()
    for model in (Respondent, Comment):
        with pytest.raises(trail.NeverRecorded):
            trail.record_change(user=None, obj=model(pk=1), action="create", after={"x": 1})
    assert not AuditEntry.objects.exists()


def test_without_a_user_the_actor_is_the_system_or_the_context(leksand):
    unit = Unit.objects.create(organisation=leksand, name="Skola", kind="unit")
    assert trail.created(user=None, obj=unit).who == "systemet"
    with acting_as("systemet (lagringsregler)"):
        entry = trail.deleted(user=None, obj=unit)
    assert (entry.who, entry.via, entry.user) == ("systemet (lagringsregler)", "system", None)

"""Assessments against the checklists of seed 004, degrees of success over time."""

import datetime

import pytest

from kompass.collaboration.domain import assessments as assess
from kompass.collaboration.models import Assessment
from kompass.core.errors import InputError
from kompass.frameworks.models import Framework

pytestmark = pytest.mark.django_db


@pytest.fixture
def villkor(base_data):
    return Framework.objects.get(identifier="samverkan-villkor-2012")


def _answers(values: str, tree) -> dict:
    return {
        item.code: (v, f"kommentar {item.code}")
        for item, v in zip(tree.items, values.split(), strict=True)
    }


def test_shipped_checklists_follow_seed_004(base_data):
    villkor = Framework.objects.get(identifier="samverkan-villkor-2012").tree
    faser = Framework.objects.get(identifier="samverkan-faser-2012").tree
    assert villkor.kind == faser.kind == "checklist"
    assert len(villkor.items) == 12
    assert [a.name for a in faser.areas] == [
        "Förberedelse och start",
        "Drift",
        "Utvärdering",
        "Implementering",
    ]
    assert [len(a.items) for a in faser.areas] == [5, 6, 3, 3]
    assert assess.answer_choices(villkor.items[0]) == [
        ("ja", "Ja"),
        ("delvis", "Delvis"),
        ("nej", "Nej"),
        ("vet_ej", "Vet ej"),
    ]


def test_assessment_is_stored_with_answers_and_tally(project, cast, villkor):
    assessment = assess.save_assessment(
        project=project,
        user=cast["editor"],
        framework=villkor,
        date=datetime.date(2025, 3, 1),
        degree_reached=1,
        degree_aimed=2,
        comment="Bra start.",
        answers=_answers("ja ja ja ja delvis delvis ja ja nej ja vet_ej ja", villkor.tree),
    )
    tally = assess.tally(assessment)
    assert tally.counts == {"ja": 8, "delvis": 2, "nej": 1, "vet_ej": 1}
    assert tally.majority_fulfilled
    assert assessment.answers.get(item_code="V5").comment == "kommentar V5"


def test_bad_assessment_names_the_problems_and_stores_nothing(project, cast, villkor):
    answers = _answers("ja ja ja ja delvis delvis ja ja nej ja vet_ej ja", villkor.tree)
    answers["V3"] = ("kanske", "")
    answers["X9"] = ("ja", "")
    with pytest.raises(InputError) as info:
        assess.save_assessment(
            project=project,
            user=cast["editor"],
            framework=villkor,
            date=datetime.date(2025, 3, 1),
            degree_reached=4,
            degree_aimed=0,
            answers=answers,
        )
    assert info.value.messages == [
        "fält ”degree_reached”: graden av framgång ska vara 0–3 (fick 4)",
        "fält ”degree_aimed”: graden av framgång ska vara 1–3 (fick 0)",
        "fält ”V3”: svaret ”kanske” finns inte på skalan (ja, delvis, nej, vet_ej)",
        "fält ”X9”: okänd fråga ”X9” i Tolv villkor för varaktig samverkan",
    ]
    assert not Assessment.objects.exists()


def test_one_assessment_per_framework_and_date(project, cast, villkor):
    kwargs = {
        "project": project,
        "user": cast["editor"],
        "framework": villkor,
        "date": datetime.date(2025, 3, 1),
        "degree_reached": 1,
        "degree_aimed": 2,
        "answers": {},
    }
    assess.save_assessment(**kwargs)
    with pytest.raises(InputError) as info:
        assess.save_assessment(**kwargs)
    assert "det finns redan en bedömning" in info.value.messages[0]


def test_history_shows_degrees_over_time(project, cast, villkor):
    for date, reached in (("2026-03-01", 2), ("2024-03-01", 0), ("2025-03-01", 1)):
        assess.save_assessment(
            project=project,
            user=cast["editor"],
            framework=villkor,
            date=datetime.date.fromisoformat(date),
            degree_reached=reached,
            degree_aimed=3,
            answers={},
        )
    assert [(a.date.year, a.degree_reached) for a in assess.history(project)] == [
        (2024, 0),
        (2025, 1),
        (2026, 2),
    ]


def test_reader_cannot_assess(project, cast, villkor):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        assess.save_assessment(
            project=project,
            user=cast["reader"],
            framework=villkor,
            date=datetime.date(2025, 3, 1),
            degree_reached=1,
            degree_aimed=2,
            answers={},
        )

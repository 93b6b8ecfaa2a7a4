"""Scoring, texts, evidence and workflow through the domain functions, with the audit trail."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from kompass.accounts.access import EvaluationLocked
from kompass.audit.models import AuditEntry
from kompass.core.errors import InputError
from kompass.evaluations.domain import editing
from kompass.evaluations.domain.scores import score_sheet, set_scores
from kompass.evaluations.domain.workflow import allowed_transitions, transition
from kompass.evaluations.models import Evaluation, Finding, SubareaScore
from tests.trail import entries_of, history

pytestmark = pytest.mark.django_db


def test_set_scores_stores_exact_values_and_logs_who_before_after(draft, cast):
    evaluator = cast["evaluator"]
    assert set_scores(evaluation=draft, scores={"1.1": "7,5", "1.2": 3}, user=evaluator) == 2
    assert set_scores(evaluation=draft, scores={"1.1": "8"}, user=evaluator) == 1
    assert SubareaScore.objects.get(evaluation=draft, code="1.1").score == Decimal("8")
    assert history(draft, "poäng 1.1") == [
        (evaluator, "", "7,50"),
        (evaluator, "7,50", "8"),
    ]
    assert all(e.at is not None and e.who == "Utvarderare (utvarderare)" for e in entries_of(draft))


def test_unchanged_scores_are_not_logged(draft, cast):
    set_scores(evaluation=draft, scores={"1.1": 4}, user=cast["evaluator"])
    assert set_scores(evaluation=draft, scores={"1.1": "4,00"}, user=cast["evaluator"]) == 0
    assert entries_of(draft).count() == 1


def test_one_bad_score_stores_none_of_them(draft, cast):
    with pytest.raises(InputError) as info:
        set_scores(
            evaluation=draft, scores={"1.1": 5, "1.2": 11, "1.3": "x"}, user=cast["evaluator"]
        )
    assert [p.field for p in info.value.problems] == ["1.2", "1.3"]
    assert not SubareaScore.objects.filter(evaluation=draft).exists()


def test_more_than_two_decimals_is_refused(draft, cast):
    with pytest.raises(InputError, match="högst två decimaler"):
        set_scores(evaluation=draft, scores={"1.1": "7,125"}, user=cast["evaluator"])


def test_clearing_a_score_makes_it_unscored(draft, cast):
    set_scores(evaluation=draft, scores={"1.1": 5}, user=cast["evaluator"])
    set_scores(evaluation=draft, scores={"1.1": ""}, user=cast["evaluator"])
    assert score_sheet(draft).subarea("1.1").score is None


def test_area_texts_and_findings_are_audited_and_keep_identity(draft, cast):
    user = cast["evaluator"]
    editing.set_area_texts(
        evaluation=draft,
        area_code="1",
        user=user,
        analysis="Analys.",
        strengths=["A"],
        improvements=["Förbättra X", "Förbättra Y"],
    )
    kept = Finding.objects.get(evaluation=draft, text="Förbättra Y")
    editing.set_area_texts(
        evaluation=draft, area_code="1", user=user, improvements=["Förbättra Z", "Förbättra Y"]
    )
    assert Finding.objects.get(evaluation=draft, text="Förbättra Y").pk == kept.pk
    assert list(
        Finding.objects.filter(evaluation=draft, kind="improvement").values_list("text", flat=True)
    ) == ["Förbättra Z", "Förbättra Y"]
    assert history(draft, "område 1: förbättringsmöjligheter")[-1] == (
        user,
        ["Förbättra X", "Förbättra Y"],
        ["Förbättra Z", "Förbättra Y"],
    )
    assert history(draft, "område 1: analys") == [(user, "", "Analys.")]


def test_unknown_area_is_refused(draft, cast):
    with pytest.raises(InputError, match="okänt område ”12”"):
        editing.set_area_texts(
            evaluation=draft, area_code="12", user=cast["evaluator"], analysis="x"
        )


def test_evidence_is_tagged_by_source_and_audited(draft, cast):
    evidence = editing.add_evidence(
        evaluation=draft,
        subarea_code="1.3",
        source="interview",
        text="Dialogforum saknas.",
        user=cast["evaluator"],
    )
    assert evidence.get_source_display() == "Intervju"
    editing.delete_evidence(evidence=evidence, user=cast["evaluator"])
    # The trail says that a note came and went, and on which evaluation; never what the
    # interview note said.
    entries = list(AuditEntry.objects.filter(object_kind="evaluations.evidence").order_by("pk"))
    assert [(e.action, e.object_label, e.root_id) for e in entries] == [
        ("create", "underlag 1.3 (Intervju)", str(draft.pk)),
        ("delete", "underlag 1.3 (Intervju)", str(draft.pk)),
    ]
    assert entries[0].after["text"] == {"redacted": True, "characters": 19}
    assert entries[1].before["text"] == {"redacted": True, "characters": 19}
    assert not AuditEntry.objects.filter(after__icontains="Dialogforum").exists()
    assert not AuditEntry.objects.filter(before__icontains="Dialogforum").exists()


def test_evidence_with_unknown_source_is_refused(draft, cast):
    with pytest.raises(InputError, match="okänd källa ”rykte”"):
        editing.add_evidence(
            evaluation=draft, subarea_code="1.3", source="rykte", text="x", user=cast["evaluator"]
        )


def test_future_date_is_refused(draft, cast):
    import datetime

    with pytest.raises(InputError, match="ligger i framtiden"):
        editing.update_details(
            evaluation=draft, user=cast["evaluator"], date=datetime.date(2999, 1, 1)
        )


def test_only_assigned_evaluators_and_admins_may_change(draft, cast):
    for role in ("other_evaluator", "editor", "owner", "reader", "outsider"):
        with pytest.raises(PermissionDenied):
            set_scores(evaluation=draft, scores={"1.1": 1}, user=cast[role])
    set_scores(evaluation=draft, scores={"1.1": 1}, user=cast["admin"])


def _score_everything(evaluation, user):
    set_scores(
        evaluation=evaluation,
        user=user,
        scores={s.code: 1 for s in evaluation.framework.tree.subareas},
    )


def test_workflow_draft_review_published_then_only_admin_changes(draft, cast):
    evaluator, admin = cast["evaluator"], cast["admin"]
    assert allowed_transitions(evaluator, draft) == ["review"]
    transition(evaluation=draft, to="review", user=evaluator)
    with pytest.raises(ValueError, match="Alla delområden måste ha poäng"):
        transition(evaluation=draft, to="published", user=evaluator)
    _score_everything(draft, evaluator)
    # Four eyes: the evaluator asked, so someone else approves (tests/evaluations/test_four_eyes.py).
    transition(evaluation=draft, to="published", user=admin)
    assert draft.status == Evaluation.Status.PUBLISHED and draft.published_at is not None
    with pytest.raises(EvaluationLocked, match="bara ändras av en administratör"):
        set_scores(evaluation=draft, scores={"1.1": 2}, user=evaluator)
    assert allowed_transitions(evaluator, draft) == []
    set_scores(evaluation=draft, scores={"1.1": 2}, user=admin)
    transition(evaluation=draft, to="review", user=admin)
    statuses = [(before, after) for _user, before, after in history(draft, "status")]
    assert statuses == [
        ("Utkast", "Granskning"),
        ("Granskning", "Publicerad"),
        ("Publicerad", "Granskning"),
    ]


def test_workflow_refuses_skipping_review(draft, cast):
    with pytest.raises(ValueError, match="kan inte gå från Utkast till Publicerad"):
        transition(evaluation=draft, to="published", user=cast["admin"])


def test_members_cannot_move_the_workflow(draft, cast):
    with pytest.raises(PermissionDenied):
        transition(evaluation=draft, to="review", user=cast["owner"])


def test_first_evaluation_is_derived_from_history(leksand_2023, kk2020):
    assert leksand_2023.is_first
    later = Evaluation.objects.create(
        organisation=leksand_2023.organisation, framework=kk2020, date="2026-01-10"
    )
    assert not later.is_first
    assert leksand_2023.is_first

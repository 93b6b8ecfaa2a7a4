"""Fixtures for follow-up: Leksand's 2023 evaluation (seed 003), people of Leksand, a plan
made from two of its improvement opportunities, and a renewed evaluation."""

import datetime

import pytest

from kompass.evaluations.demo import LEKSAND
from kompass.evaluations.domain.transfer import import_evaluation
from kompass.evaluations.models import Evaluation, Finding
from kompass.followup.domain.people import save_person
from kompass.followup.domain.plans import add_action, create_plan


@pytest.fixture
def leksand_2023(leksand, kk2020):
    evaluation, _ = import_evaluation(LEKSAND.read_text(encoding="utf-8"), filename="leksand.yaml")
    return evaluation


@pytest.fixture
def improvements(leksand_2023):
    return list(
        leksand_2023.findings.filter(kind=Finding.Kind.IMPROVEMENT).order_by(
            "area_code", "position"
        )
    )


@pytest.fixture
def people(leksand):
    boss = save_person(organisation=leksand, user=None, name="Karin Berg", title="Kommundirektör")
    return {
        "boss": boss,
        "manager": save_person(
            organisation=leksand,
            user=None,
            name="Maria Holm",
            title="Enhetschef hemtjänst",
            reports_to=boss,
            dialogues_per_year=8,
        ),
    }


@pytest.fixture
def plan(leksand_2023, improvements):
    return create_plan(
        organisation=leksand_2023.organisation,
        evaluation=leksand_2023,
        title="Handlingsplan efter Kommunkompassen 2023",
        finding_ids=[improvements[0].pk, improvements[-1].pk],
        user=None,
    )


@pytest.fixture
def action(plan, people):
    return add_action(
        plan=plan,
        user=None,
        title="Strategi för medborgardialog",
        owner=people["boss"],
        start_date="2024-02-01",
        due_date="2024-12-31",
        opportunity=plan.opportunities.first(),
    )


@pytest.fixture
def reevaluation(leksand, kk2020, leksand_2023):
    return Evaluation.objects.create(
        organisation=leksand,
        framework=kk2020,
        date=datetime.date(2026, 9, 17),
        status=Evaluation.Status.PUBLISHED,
    )

"""Demo evaluations: Leksand 2023 exactly as in SKR's report (seed 003), and a set of
synthetic evaluations labelled "Exempeldata" so that every comparison has a group to show:
the national average, peers of Leksand's size, first-time evaluations, re-evaluations."""

import datetime
import random
from decimal import Decimal
from pathlib import Path

from kompass.accounts.models import User
from kompass.evaluations.domain.transfer import import_evaluation
from kompass.evaluations.models import Evaluation, SubareaScore
from kompass.frameworks.models import Framework
from kompass.lib.numbers import round_half_up
from kompass.organisations.models import Organisation

LEKSAND = Path(__file__).resolve().parent / "demo" / "leksand-2023.yaml"

# (municipality code, date, general level 0..1); a code listed twice is re-evaluated.
SYNTHETIC = [
    ("2023", "2020-10-15", 0.47),
    ("2031", "2021-03-11", 0.44),
    ("2061", "2021-09-22", 0.50),
    ("2062", "2022-02-03", 0.55),
    ("2021", "2022-05-19", 0.42),
    ("2034", "2022-11-10", 0.49),
    ("0428", "2021-04-20", 0.52),
    ("0560", "2020-11-26", 0.46),
    ("0604", "2022-09-29", 0.53),
    ("0861", "2023-03-16", 0.45),
    ("1060", "2021-06-09", 0.51),
    ("1315", "2023-02-07", 0.48),
    ("1384", "2020-12-03", 0.58),
    ("1381", "2022-10-13", 0.54),
    ("1880", "2021-11-18", 0.62),
    ("1283", "2020-09-24", 0.66),
    ("1292", "2021-02-25", 0.57),
    ("1280", "2022-04-07", 0.63),
    ("1440", "2021-10-07", 0.59),
    ("0182", "2020-10-01", 0.71),
    ("0180", "2023-05-25", 0.60),
    ("0380", "2022-06-15", 0.64),
    ("2281", "2021-05-27", 0.56),
    ("2262", "2022-03-24", 0.41),
    ("1290", "2023-06-01", 0.61),
    ("1081", "2023-09-14", 0.57),
    ("1384", "2023-10-26", 0.66),
    ("2062", "2024-05-16", 0.61),
    ("2023", "2024-09-12", 0.55),
    ("0484", "2024-11-07", 0.50),
    ("2080", "2025-03-20", 0.58),
    ("2029", "2026-09-17", 0.60),
]
DRAFT = ("2031", "2026-10-08", 0.49)


def _scores(tree, level: float, rng: random.Random) -> dict[str, Decimal]:
    scores = {}
    for sub in tree.subareas:
        share = min(0.95, max(0.05, rng.gauss(level, 0.13)))
        raw = Decimal(str(share)) * sub.max
        # Evaluators mostly give whole points, sometimes halves: both occur in the demo.
        scores[sub.code] = round_half_up(raw * 2) / 2 if rng.random() < 0.25 else round_half_up(raw)
    return scores


def _create(framework, code, date, level, rng, status, evaluator=None) -> Evaluation:
    org = Organisation.objects.get(code=code)
    evaluation, created = Evaluation.objects.get_or_create(
        organisation=org,
        framework=framework,
        date=datetime.date.fromisoformat(date),
        defaults={
            "status": status,
            "is_example": True,
            "evaluator_names": ["Exempelutvärderare"],
            "evaluator_organisation": "Exempeldata",
            "interviewees": rng.randint(25, 60),
            "interview_groups": ["politiker", "ledande tjänstepersoner", "fackliga representanter"],
            "documents_reviewed": ["styrdokument", "hemsida", "sociala medier"],
            "summary": "Exempeldata: en syntetisk utvärdering som gör jämförelserna möjliga att visa.",
            "fieldwork": f"{date[:4]}",
        },
    )
    if created:
        scores = _scores(framework.tree, level, rng)
        if status == Evaluation.Status.DRAFT:
            scores = dict(list(scores.items())[:14])
        SubareaScore.objects.bulk_create(
            SubareaScore(evaluation=evaluation, code=c, score=s) for c, s in scores.items()
        )
        if evaluator is not None:
            evaluation.evaluators.add(evaluator)
    return evaluation


def _approve_published(requester, approver) -> int:
    """Give every published demo evaluation its four-eyes record (asked for by the demo
    evaluator, approved by the demo administrator, dated at its publication), so that the
    demo's reports name both as a real one does."""
    from kompass.approvals import domain as approvals
    from kompass.approvals.models import Approval

    count = 0
    for evaluation in Evaluation.objects.filter(status=Evaluation.Status.PUBLISHED):
        if approvals.latest_approved(evaluation, approvals.What.PUBLISH) is not None:
            continue
        approval = approvals.request(obj=evaluation, what=approvals.What.PUBLISH, user=requester)
        approvals.approve(approval=approval, user=approver, obj=evaluation)
        when = evaluation.published_at or datetime.datetime.combine(
            evaluation.date + datetime.timedelta(days=30), datetime.time(10), tzinfo=datetime.UTC
        )
        Approval.objects.filter(pk=approval.pk).update(
            requested_at=when - datetime.timedelta(days=2), decided_at=when
        )
        Evaluation.objects.filter(pk=evaluation.pk, published_at=None).update(published_at=when)
        count += 1
    return count


def load(stdout) -> None:
    framework = Framework.objects.get(identifier="kommunkompassen-2020")
    if not Evaluation.objects.filter(
        organisation__code="2029", date=datetime.date(2023, 11, 23)
    ).exists():
        evaluation, _ = import_evaluation(
            LEKSAND.read_text(encoding="utf-8"), filename=LEKSAND.name
        )
        stdout.write(f"Leksand 2023 inläst (id {evaluation.pk}).")
    rng = random.Random(2020)
    for code, date, level in SYNTHETIC:
        _create(framework, code, date, level, rng, Evaluation.Status.PUBLISHED)
    evaluator = User.objects.filter(username="utvarderare").first()
    _create(framework, *DRAFT, rng, Evaluation.Status.DRAFT, evaluator)
    approver = User.objects.filter(username="admin").first()
    if evaluator is not None and approver is not None:
        approved = _approve_published(evaluator, approver)
        if approved:
            stdout.write(
                f"Fyra ögon: {approved} publicerade utvärderingar begärda av {evaluator} "
                f"och godkända av {approver}."
            )
    count = Evaluation.objects.filter(is_example=True).count()
    stdout.write(f"Exempeldata: {count} syntetiska utvärderingar.")

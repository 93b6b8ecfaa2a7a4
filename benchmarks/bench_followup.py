"""Follow-up: who is behind with dialogues, and the loop back in an evaluation report.

Runs against a throw-away test database (in memory on SQLite) with a large organisation:
300 managers with 8 dialogues each, and a re-evaluation whose predecessor's 33 improvement
opportunities carry 3 plans x 33 x 3 actions.
"""

import datetime
import time


def _timed(fn, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return best


def run(report) -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    from kompass.followup.domain.dialogues import standing

    today = datetime.date(2026, 11, 23)
    held = [datetime.date(2026, m, 10) for m in range(1, 12)]
    planned = [datetime.date(2026, 12, 1)]
    seconds = _timed(
        lambda: [
            standing(
                planned_per_year=8,
                held_dates=held,
                open_planned_dates=planned,
                year=2026,
                today=today,
            )
            for _ in range(10_000)
        ]
    )
    report("standing(): 10 000 managers", seconds * 1000, "ms", target=500)

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        _with_database(report, today)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


def _with_database(report, today) -> None:
    from kompass.evaluations.demo import LEKSAND
    from kompass.evaluations.domain.transfer import import_evaluation
    from kompass.evaluations.models import Evaluation
    from kompass.evaluations.report import build_evaluation_report
    from kompass.followup.domain.dialogues import organisation_standing
    from kompass.followup.domain.plans import improvement_findings
    from kompass.followup.models import Action, ActionPlan, Dialogue, Opportunity, Person
    from kompass.followup.report import followthrough_section
    from kompass.frameworks.domain.loading import load_shipped_frameworks
    from kompass.organisations.domain.register import load_register
    from kompass.organisations.models import Organisation

    load_register()
    load_shipped_frameworks()
    evaluation, _ = import_evaluation(LEKSAND.read_text(encoding="utf-8"), filename="l.yaml")
    leksand = Organisation.objects.get(code="2029")
    boss = Person.objects.create(organisation=leksand, name="Chef 0")
    people = Person.objects.bulk_create(
        Person(organisation=leksand, name=f"Chef {i}", reports_to=boss, dialogues_per_year=8)
        for i in range(1, 301)
    )
    Dialogue.objects.bulk_create(
        Dialogue(
            organisation=leksand,
            manager=p,
            held_by=boss,
            planned_on=datetime.date(2026, 1, 8) + datetime.timedelta(days=45 * k),
            held_on=datetime.date(2026, 1, 8) + datetime.timedelta(days=45 * k)
            if (i + k) % 5
            else None,
            notes="ok",
        )
        for i, p in enumerate(people)
        for k in range(8)
    )
    seconds = _timed(lambda: organisation_standing(leksand, today=today))
    report(
        "organisation_standing(): 300 managers, 2 400 dialogues", seconds * 1000, "ms", target=1000
    )

    findings = improvement_findings(evaluation)
    for n in range(3):
        plan = ActionPlan.objects.create(
            organisation=leksand, title=f"Plan {n}", evaluation=evaluation
        )
        opportunities = Opportunity.objects.bulk_create(
            Opportunity(plan=plan, finding=f, area_code=f.area_code, text=f.text, position=i)
            for i, f in enumerate(findings)
        )
        Action.objects.bulk_create(
            Action(
                plan=plan,
                opportunity=o,
                title=f"Åtgärd {n}.{o.position}.{k}",
                owner=people[k],
                start_date=datetime.date(2024, 1, 1),
                due_date=datetime.date(2025, 1, 1),
                status="done" if k else "in_progress",
                completed_on=datetime.date(2024, 12, 1) if k else None,
            )
            for o in opportunities
            for k in range(3)
        )
    later = Evaluation.objects.create(
        organisation=leksand,
        framework=evaluation.framework,
        date=datetime.date(2026, 9, 17),
        status="published",
    )
    seconds = _timed(lambda: followthrough_section(later))
    report(
        "followthrough_section(): 33 opportunities, 297 actions", seconds * 1000, "ms", target=500
    )
    seconds = _timed(lambda: build_evaluation_report(later), repeat=1)
    report("evaluation report incl. the follow-up section", seconds * 1000, "ms")

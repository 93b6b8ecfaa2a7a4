"""Action plans from an evaluation's improvement opportunities, actions, status changes."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from kompass.core.errors import InputError
from kompass.evaluations.domain.editing import set_area_texts
from kompass.evaluations.models import Evaluation, Finding
from kompass.followup.domain.people import save_person
from kompass.followup.domain.plans import (
    add_action,
    add_note,
    add_opportunities,
    create_plan,
    is_overdue,
    plan_summary,
    set_status,
    status_text,
    update_action,
)
from kompass.followup.models import Action, ActionNote, ActionPlan, Opportunity

pytestmark = pytest.mark.django_db


def fields(exc) -> dict[str, str]:
    return {p.field: p.message for p in exc.value.problems}


def test_create_plan_from_findings_copies_chosen_improvement_opportunities(
    leksand_2023, improvements
):
    chosen = [improvements[2], improvements[10]]
    plan = create_plan(
        organisation=leksand_2023.organisation,
        evaluation=leksand_2023,
        title="Plan 2024",
        finding_ids=[str(f.pk) for f in chosen],
        user=None,
    )
    opportunities = list(plan.opportunities.all())
    assert [o.finding_id for o in opportunities] == [f.pk for f in chosen]
    assert [o.text for o in opportunities] == [f.text for f in chosen]
    assert opportunities[0].area_code == chosen[0].area_code
    assert opportunities[1].area_name == leksand_2023.framework.tree.area(chosen[1].area_code).name
    assert plan.organisation == leksand_2023.organisation
    assert plan.evaluation == leksand_2023


def test_create_plan_from_findings_without_choice_stores_nothing(leksand_2023):
    with pytest.raises(InputError) as exc:
        create_plan(
            organisation=leksand_2023.organisation,
            evaluation=leksand_2023,
            title="Plan",
            finding_ids=[],
            user=None,
        )
    assert fields(exc)["findings"] == "Välj minst en förbättringsmöjlighet att arbeta med."
    assert not ActionPlan.objects.exists()


def test_create_plan_refuses_strengths_and_other_evaluations_findings(
    leksand_2023, improvements, rattvik, kk2020
):
    strength = leksand_2023.findings.filter(kind=Finding.Kind.STRENGTH).first()
    other = Evaluation.objects.create(
        organisation=rattvik, framework=kk2020, date=datetime.date(2022, 1, 1), status="published"
    )
    foreign = Finding.objects.create(
        evaluation=other, area_code="1", kind=Finding.Kind.IMPROVEMENT, text="Rättviks"
    )
    with pytest.raises(InputError) as exc:
        create_plan(
            organisation=leksand_2023.organisation,
            evaluation=leksand_2023,
            title="",
            finding_ids=[improvements[0].pk, strength.pk, foreign.pk, "x"],
            user=None,
        )
    messages = [p.message for p in exc.value.problems]
    assert "Ge handlingsplanen ett namn." in messages
    assert (
        f"Förbättringsmöjlighet {strength.pk} finns inte i utvärderingen av Leksand 2023-11-23."
        in messages
    )
    assert (
        f"Förbättringsmöjlighet {foreign.pk} finns inte i utvärderingen av Leksand 2023-11-23."
        in messages
    )
    assert "”x” är ingen förbättringsmöjlighet i utvärderingen." in messages
    assert not ActionPlan.objects.exists()
    assert not Opportunity.objects.exists()


def test_create_plan_from_draft_evaluation_is_refused(leksand_2023, improvements):
    leksand_2023.status = Evaluation.Status.DRAFT
    leksand_2023.save()
    with pytest.raises(InputError) as exc:
        create_plan(
            organisation=leksand_2023.organisation,
            evaluation=leksand_2023,
            title="Plan",
            finding_ids=[improvements[0].pk],
            user=None,
        )
    assert "publicerad utvärdering" in fields(exc)["evaluation"]


def test_create_plan_from_scratch_with_own_opportunities(leksand):
    plan = create_plan(
        organisation=leksand,
        title="Egen plan",
        opportunities="Kortare handläggningstider\n\n- Bättre introduktion",
        user=None,
    )
    assert [o.text for o in plan.opportunities.all()] == [
        "Kortare handläggningstider",
        "Bättre introduktion",
    ]
    assert plan.evaluation is None
    assert all(o.finding_id is None and o.area_code == "" for o in plan.opportunities.all())


def test_add_opportunities_refuses_one_already_in_plan(plan, improvements):
    with pytest.raises(InputError) as exc:
        add_opportunities(plan=plan, user=None, finding_ids=[improvements[0].pk])
    assert fields(exc)["findings"] == f"”{improvements[0].text}” finns redan i planen."
    added = add_opportunities(plan=plan, user=None, finding_ids=[improvements[1].pk], texts="Eget")
    assert [o.position for o in plan.opportunities.all()] == [0, 1, 2, 3]
    assert [o.text for o in added] == [improvements[1].text, "Eget"]


def test_plan_keeps_opportunity_text_when_finding_is_edited_away(plan, improvements, leksand_2023):
    first = improvements[0]
    remaining = [f.text for f in improvements if f.area_code == first.area_code and f != first]
    set_area_texts(
        evaluation=leksand_2023, area_code=first.area_code, user=None, improvements=remaining
    )
    opportunity = plan.opportunities.get(position=0)
    assert opportunity.finding_id is None
    assert opportunity.text == first.text
    assert opportunity.area_code == first.area_code


def test_add_action_with_owner_name_and_dates(plan, people):
    action = add_action(
        plan=plan,
        user=None,
        title="  Medborgardialogstrategi  ",
        owner="maria holm",
        start_date="2024-03-01",
        due_date=datetime.date(2024, 9, 30),
        opportunity=str(plan.opportunities.first().pk),
    )
    assert action.title == "Medborgardialogstrategi"
    assert action.owner == people["manager"]
    assert action.status == Action.Status.PLANNED
    assert action.start_date == datetime.date(2024, 3, 1)
    assert action.notes.get().status_to == Action.Status.PLANNED


def test_add_action_bad_input_names_every_field_and_stores_nothing(plan, people, rattvik):
    outsider = save_person(organisation=rattvik, user=None, name="Olle Rättvik")
    with pytest.raises(InputError) as exc:
        add_action(
            plan=plan,
            user=None,
            title="",
            owner=outsider.pk,
            start_date="2024-05-01",
            due_date="2024-04-01",
            opportunity=999999,
            indicators=["Finns inte"],
        )
    problems = fields(exc)
    assert problems["title"] == "Skriv vad åtgärden går ut på."
    assert problems["owner"].startswith(
        f"Okänd ansvarig ”{outsider.pk}”: personen finns inte i Leksand."
    )
    assert problems["due_date"] == "Klart senast (2024-04-01) ligger före startdatum (2024-05-01)."
    assert problems["opportunity"] == "Förbättringsmöjligheten finns inte i den här planen."
    assert problems["indicators"] == "Okänd indikator ”Finns inte” för Leksand."
    assert not Action.objects.exists()


def test_add_action_unknown_owner_name_and_bad_date(plan, people):
    with pytest.raises(InputError) as exc:
        add_action(
            plan=plan,
            user=None,
            title="Något",
            owner="Nils Okänd",
            start_date="1 mars",
            due_date="",
        )
    problems = fields(exc)
    assert "Okänd ansvarig ”Nils Okänd”" in problems["owner"]
    assert (
        problems["start_date"]
        == "”1 mars” är inget giltigt datum för startdatum; skriv ÅÅÅÅ-MM-DD."
    )
    assert problems["due_date"] == "Ange klart senast (ÅÅÅÅ-MM-DD)."


def test_add_action_links_indicators_of_the_organisation_only(plan, people, leksand, rattvik):
    from kompass.indicators.models import Indicator

    own = Indicator.objects.create(organisation=leksand, name="Sjukfrånvaro", perspective="staff")
    foreign = Indicator.objects.create(
        organisation=rattvik, name="Sjukfrånvaro", perspective="staff"
    )
    with pytest.raises(InputError) as exc:
        add_action(
            plan=plan,
            user=None,
            title="Rehab",
            owner=people["boss"],
            start_date="2024-01-01",
            due_date="2024-12-31",
            indicators=[foreign],
        )
    assert "indicators" in fields(exc)
    action = add_action(
        plan=plan,
        user=None,
        title="Rehab",
        owner=people["boss"],
        start_date="2024-01-01",
        due_date="2024-12-31",
        indicators=[str(own.pk), "sjukfrånvaro"],
    )
    assert list(action.indicators.all()) == [own]


def test_set_status_through_the_life_of_an_action(action):
    set_status(action=action, status="pågår", user=None)
    assert action.status == Action.Status.IN_PROGRESS
    note = set_status(action=action, status="klar", on="2024-11-15", note="Antagen", user=None)
    action.refresh_from_db()
    assert action.status == Action.Status.DONE
    assert action.completed_on == datetime.date(2024, 11, 15)
    assert (note.status_from, note.status_to, note.text) == ("in_progress", "done", "Antagen")
    set_status(action=action, status=Action.Status.IN_PROGRESS, note="Öppnad igen", user=None)
    action.refresh_from_db()
    assert action.completed_on is None
    assert action.notes.count() == 4


def test_set_status_done_defaults_to_today(action):
    set_status(action=action, status="done", user=None)
    assert action.completed_on == timezone.localdate()


def test_set_status_rejects_unknown_future_and_early_dates(action):
    with pytest.raises(InputError) as exc:
        set_status(action=action, status="färdig", user=None)
    assert (
        fields(exc)["status"] == "Okänd status ”färdig”; välj planerad, pågår, klar eller avbruten."
    )
    future = timezone.localdate() + datetime.timedelta(days=3)
    with pytest.raises(InputError) as exc:
        set_status(action=action, status="klar", on=future, user=None)
    assert fields(exc)["on"] == f"Datumet {future:%Y-%m-%d} ligger i framtiden."
    with pytest.raises(InputError) as exc:
        set_status(action=action, status="klar", on="2024-01-15", user=None)
    assert fields(exc)["on"].startswith(
        "Åtgärden kan inte bli klar (2024-01-15) före sitt startdatum"
    )
    action.refresh_from_db()
    assert action.status == Action.Status.PLANNED
    assert action.notes.count() == 1


def test_set_status_cancel_needs_a_reason(action):
    with pytest.raises(InputError) as exc:
        set_status(action=action, status="avbruten", user=None)
    assert fields(exc)["note"] == "Skriv varför åtgärden avbryts."
    set_status(action=action, status="avbruten", note="Ersatt av annan åtgärd", user=None)
    assert action.status == Action.Status.CANCELLED


def test_set_status_same_status_without_note_is_refused(action):
    with pytest.raises(InputError) as exc:
        set_status(action=action, status="planerad", user=None)
    assert "har redan status planerad" in fields(exc)["status"]
    note = set_status(action=action, status="planerad", note="Väntar på budget", user=None)
    assert (note.status_from, note.status_to) == ("", "")


def test_update_action_keeps_rules(action, people):
    with pytest.raises(InputError) as exc:
        update_action(
            action=action,
            user=None,
            title=action.title,
            owner=people["manager"],
            start_date="2024-02-01",
            due_date="2024-01-01",
        )
    assert "due_date" in fields(exc)
    update_action(
        action=action,
        user=None,
        title="Ny titel",
        owner=people["manager"],
        start_date="2024-02-01",
        due_date="2025-01-31",
    )
    action.refresh_from_db()
    assert (action.title, action.owner, action.opportunity) == ("Ny titel", people["manager"], None)


def test_inactive_owner_is_refused(plan, people):
    save_person(
        organisation=plan.organisation,
        user=None,
        person=people["manager"],
        name="Maria Holm",
        active=False,
    )
    with pytest.raises(InputError) as exc:
        add_action(
            plan=plan,
            user=None,
            title="X",
            owner="Maria Holm",
            start_date="2024-01-01",
            due_date="2024-02-01",
        )
    assert fields(exc)["owner"] == "Maria Holm är markerad som inaktiv; välj en annan ansvarig."


def test_status_text_and_overdue(action):
    today = datetime.date(2025, 1, 10)
    assert is_overdue(action, today)
    assert status_text(action, today) == "Planerad, försenad: skulle vara klar 2024-12-31"
    assert status_text(action, datetime.date(2024, 1, 1)) == "Planerad, start 2024-02-01"
    set_status(action=action, status="klar", on="2024-12-20", user=None)
    assert not is_overdue(action, today)
    assert status_text(action, today) == "Klar 2024-12-20"
    summary = plan_summary(action.plan, today)
    assert (summary["total"], summary["done"], summary["open"], summary["overdue"]) == (1, 1, 0, 0)


def test_add_note_requires_text(action):
    with pytest.raises(InputError):
        add_note(action=action, user=None, text="  ")
    add_note(action=action, user=None, text="Möte bokat")
    assert ActionNote.objects.filter(action=action, text="Möte bokat").exists()


def test_domain_refuses_reader_and_outsider(action, cast):
    for role in ("reader", "outsider", "evaluator"):
        with pytest.raises(PermissionDenied):
            set_status(action=action, status="pågår", user=cast[role])
    set_status(action=action, status="pågår", user=cast["editor"])
    assert action.notes.first().user == cast["editor"]


def test_update_action_may_keep_an_owner_who_became_inactive(action, people):
    save_person(
        organisation=action.plan.organisation,
        user=None,
        person=people["boss"],
        name="Karin Berg",
        active=False,
    )
    update_action(
        action=action,
        user=None,
        title="Omformulerad",
        owner=people["boss"],
        start_date="2024-02-01",
        due_date="2024-12-31",
    )
    action.refresh_from_db()
    assert (action.title, action.owner) == ("Omformulerad", people["boss"])

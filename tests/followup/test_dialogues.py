"""Systematic dialogues: the rule for "behind", logging dialogues, and people."""

import datetime

import pytest
from django.utils import timezone

from kompass.core.errors import InputError
from kompass.followup.domain.dialogues import (
    dialogue_state,
    expected_by,
    organisation_standing,
    save_dialogue,
    standing,
    state_key,
)
from kompass.followup.domain.people import save_person
from kompass.followup.models import Dialogue, Person

D = datetime.date


def test_expected_by_is_the_share_of_the_year_rounded_down():
    assert expected_by(8, 2026, D(2026, 1, 1)) == 0
    assert expected_by(8, 2026, D(2026, 2, 15)) == 1  # 46 of 365 days: 1,008
    assert expected_by(6, 2026, D(2026, 7, 1)) == 2  # 182 of 365 days: 2,99
    assert expected_by(6, 2026, D(2026, 7, 2)) == 3
    assert expected_by(8, 2026, D(2026, 12, 31)) == 8
    assert expected_by(8, 2025, D(2026, 3, 1)) == 8  # a past year: all of them
    assert expected_by(8, 2027, D(2026, 3, 1)) == 0  # a coming year: none yet


def test_standing_in_step_with_planned_frequency():
    s = standing(
        planned_per_year=6,
        held_dates=[D(2026, 1, 20), D(2026, 3, 18), D(2026, 5, 20)],
        open_planned_dates=[D(2026, 7, 15)],
        year=2026,
        today=D(2026, 6, 30),
    )
    assert (s.held, s.expected, s.behind) == (3, 2, False)
    assert s.next_planned == D(2026, 7, 15)
    assert s.reasons == ()


def test_standing_behind_on_count():
    s = standing(
        planned_per_year=8,
        held_dates=[D(2026, 1, 20), D(2025, 12, 1)],
        open_planned_dates=[],
        year=2026,
        today=D(2026, 6, 30),
    )
    assert (s.held, s.expected) == (1, 3)
    assert s.behind
    assert s.reasons == ("1 av 3 dialoger hållna hittills i år (planerat 8 per år)",)


def test_standing_behind_on_overdue_planned_dialogue_even_early_in_the_year():
    s = standing(
        planned_per_year=8,
        held_dates=[],
        open_planned_dates=[D(2025, 12, 10), D(2026, 1, 5), D(2026, 2, 1)],
        year=2026,
        today=D(2026, 1, 20),
    )
    assert s.expected == 0
    assert s.overdue == (D(2025, 12, 10), D(2026, 1, 5))
    assert s.reasons == (
        "2 planerade dialoger har passerat utan att hållas (2025-12-10, 2026-01-05)",
    )
    last_year = standing(
        planned_per_year=None,
        held_dates=[],
        open_planned_dates=[D(2025, 12, 10), D(2026, 1, 5)],
        year=2025,
        today=D(2026, 1, 20),
    )
    assert last_year.overdue == (D(2025, 12, 10),)
    assert last_year.reasons == ("1 planerad dialog har passerat utan att hållas (2025-12-10)",)


def test_standing_without_planned_frequency_is_not_behind_on_count():
    s = standing(
        planned_per_year=None, held_dates=[], open_planned_dates=[], year=2026, today=D(2026, 11, 1)
    )
    assert not s.tracked
    assert not s.behind


def test_standing_for_a_past_year_expects_the_full_frequency():
    s = standing(
        planned_per_year=6,
        held_dates=[D(2025, m, 10) for m in (1, 3, 5, 7, 9)],
        open_planned_dates=[],
        year=2025,
        today=D(2026, 2, 1),
    )
    assert s.reasons == ("5 av 6 dialoger hållna 2025 (planerat 6 per år)",)


@pytest.mark.django_db
def test_save_dialogue_defaults_leader_and_reads_lists(people):
    dialogue = save_dialogue(
        organisation=people["manager"].organisation,
        user=None,
        manager="Maria Holm",
        planned_on="2026-03-10",
        held_on="2026-03-12",
        participants="HR-partner\n",
        agenda="Resultat",
        notes="Bra samtal",
        agreements=["Följa upp sjukfrånvaron", " ", "Budget"],
    )
    assert dialogue.held_by == people["boss"]
    assert dialogue.participants == ["HR-partner"]
    assert dialogue.agreements == ["Följa upp sjukfrånvaron", "Budget"]
    assert dialogue_state(dialogue) == "Hållen"


@pytest.mark.django_db
def test_save_dialogue_bad_input_stores_nothing(people, rattvik):
    stranger = save_person(organisation=rattvik, user=None, name="Olle Rättvik")
    future = timezone.localdate() + datetime.timedelta(days=10)
    with pytest.raises(InputError) as exc:
        save_dialogue(
            organisation=people["manager"].organisation,
            user=None,
            manager=stranger.name,
            held_by="Karin Berg",
            held_on=future,
            cancelled=True,
        )
    problems = {p.field: p.message for p in exc.value.problems}
    assert problems["manager"].startswith(
        "Okänd chef ”Olle Rättvik”: personen finns inte i Leksand."
    )
    assert "ligger i framtiden" in problems["held_on"]
    assert problems["cancelled"] == "En inställd dialog kan inte ha hållits; ta bort ett av dem."
    with pytest.raises(InputError) as exc:
        save_dialogue(
            organisation=people["manager"].organisation,
            user=None,
            manager=people["manager"],
            held_by=people["manager"],
        )
    problems = {p.field: p.message for p in exc.value.problems}
    assert problems["planned_on"] == "Ange planerat datum eller datum då dialogen hölls."
    assert "två personer" in problems["held_by"]
    assert not Dialogue.objects.exists()


@pytest.mark.django_db
def test_organisation_standing_lists_the_manager_who_is_behind_first(people, leksand):
    today = D(2026, 6, 30)
    steady = save_person(
        organisation=leksand,
        user=None,
        name="Johan Ek",
        reports_to=people["boss"],
        dialogues_per_year=4,
    )
    for day in (D(2026, 2, 1), D(2026, 5, 1)):
        save_dialogue(organisation=leksand, user=None, manager=steady, held_on=day, notes="ok")
    save_dialogue(organisation=leksand, user=None, manager=people["manager"], held_on=D(2026, 2, 3))
    late = save_dialogue(
        organisation=leksand, user=None, manager=people["manager"], planned_on=D(2026, 6, 1)
    )
    save_dialogue(
        organisation=leksand,
        user=None,
        manager=people["manager"],
        planned_on=D(2026, 4, 1),
        cancelled=True,
    )
    rows = organisation_standing(leksand, today=today)
    assert [r.person.name for r in rows] == ["Maria Holm", "Johan Ek"]
    maria, johan = rows[0].standing, rows[1].standing
    assert (maria.held, maria.expected, maria.overdue, maria.undocumented) == (
        1,
        3,
        (D(2026, 6, 1),),
        1,
    )
    assert maria.behind and not johan.behind
    assert state_key(late, today) == "overdue"
    assert (johan.held, johan.expected) == (2, 1)


@pytest.mark.django_db
def test_inactive_people_leave_the_standing(people, leksand):
    save_person(
        organisation=leksand,
        user=None,
        person=people["manager"],
        name="Maria Holm",
        dialogues_per_year=8,
        active=False,
    )
    assert organisation_standing(leksand, today=D(2026, 6, 30)) == []


@pytest.mark.django_db
def test_save_person_rules(people, leksand):
    with pytest.raises(InputError) as exc:
        save_person(organisation=leksand, user=None, name="maria holm", dialogues_per_year="åtta")
    problems = {p.field: p.message for p in exc.value.problems}
    assert problems["name"] == "Det finns redan en person som heter ”maria holm” i Leksand."
    assert problems["dialogues_per_year"] == "”åtta” är inget heltal."
    with pytest.raises(InputError) as exc:
        save_person(organisation=leksand, user=None, name="Ny", dialogues_per_year=60)
    assert "mellan 1 och 52" in exc.value.problems[0].message
    with pytest.raises(InputError) as exc:
        save_person(
            organisation=leksand,
            user=None,
            person=people["boss"],
            name="Karin Berg",
            reports_to=people["manager"],
        )
    assert exc.value.problems[0].message == (
        "Maria Holm rapporterar redan till Karin Berg; välj en annan chef."
    )
    assert Person.objects.filter(organisation=leksand).count() == 2

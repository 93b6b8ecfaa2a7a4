"""Vägval, cause analysis and the plan it leads to: decisions kept with their figures,
nothing edited away, and refusals for what a determined user might try."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from kompass.core.errors import InputError
from kompass.followup.domain.measures import plan_measures
from kompass.followup.domain.plans import add_action
from kompass.followup.models import Person
from kompass.indicators.domain.indicators import create_indicator
from kompass.status.domain.analysis import run_status_analysis
from kompass.status.domain.choices import (
    CauseInput,
    current_choices,
    history,
    plan_for,
    record_choice,
    save_cause_analysis,
)
from kompass.status.domain.sources import table_source
from kompass.status.models import Choice

TODAY = datetime.date(2026, 11, 30)


def _analysis(leksand, table):
    return run_status_analysis(organisation=leksand, source=table_source(table), peers="table")


def _prioritise(analysis, user, **extra):
    values = {
        "metric": "sjuk",
        "decision": "prioritised",
        "motivation": "Högst sjukfrånvaro i länet.",
        "expected_effect": "Fler friska arbetsdagar.",
        "effort": "medium",
        "decided_by": "Ledningsgruppen",
        "decided_on": TODAY,
    }
    values.update(extra)
    return record_choice(analysis=analysis, user=user, **values)


@pytest.mark.django_db
def test_choice_keeps_the_figures_and_a_new_decision_replaces_the_old(leksand, status_table, cast):
    analysis = _analysis(leksand, status_table)
    first = _prioritise(analysis, cast["editor"])
    assert (first.value, first.percentile, first.peers_n, first.year) == (11.0, 0.0, 7, 2023)
    assert first.metric_name == "Sjukfrånvaro"
    second = _prioritise(
        analysis, cast["editor"], decision="left", motivation="Annat går först.", effort=""
    )
    assert second.replaces == first
    assert list(current_choices(leksand)) == [second]
    assert history(second) == [first]
    assert Choice.objects.count() == 2  # the earlier decision is kept


@pytest.mark.django_db
def test_choice_refuses_incomplete_and_foreign_input(leksand, status_table, cast):
    analysis = _analysis(leksand, status_table)
    with pytest.raises(InputError) as error:
        _prioritise(analysis, cast["editor"], expected_effect="", effort="", decided_by=" ")
    assert {p.field for p in error.value.problems} == {"expected_effect", "effort", "decided_by"}
    with pytest.raises(InputError):
        _prioritise(analysis, cast["editor"], metric="finns-inte")
    for role in ("reader", "outsider"):
        with pytest.raises(PermissionDenied):
            _prioritise(analysis, cast[role])
    assert Choice.objects.count() == 0


@pytest.mark.django_db
def test_cause_analysis_validates_and_refuses_other_organisations_evidence(
    leksand, rattvik, status_table, cast
):
    choice = _prioritise(_analysis(leksand, status_table), cast["editor"])
    foreign = create_indicator(
        organisation=rattvik, name="Rättviks indikator", perspective="staff", user=None
    )
    with pytest.raises(InputError) as error:
        save_cause_analysis(
            choice=choice,
            user=cast["editor"],
            method="areas",
            problem="Hög sjukfrånvaro",
            causes=[
                CauseInput("Tunga lyft", area=""),
                CauseInput(
                    "Hög arbetsbelastning",
                    area="people",
                    evidence=[{"kind": "figure", "text": "x", "indicator": foreign.pk}],
                ),
            ],
        )
    messages = " ".join(error.value.messages)
    assert "orsak 1: välj ett orsaksområde" in messages
    assert "indikatorn hör inte till organisationen" in messages

    analysis = save_cause_analysis(
        choice=choice,
        user=cast["editor"],
        method="whys",
        problem="Hög sjukfrånvaro",
        conclusion="Schemat först.",
        causes=[
            CauseInput(
                "Många är sjuka länge",
                evidence=[{"kind": "survey", "text": "Medarbetarenkäten 2023: 40 % trötta"}],
            ),
            CauseInput("Scheman ger kort vila mellan passen"),
            CauseInput("  "),
        ],
    )
    assert [c.text for c in analysis.causes.all()] == [
        "Många är sjuka länge",
        "Scheman ger kort vila mellan passen",
    ]
    assert analysis.causes.first().evidence.get().kind == "survey"


@pytest.mark.django_db
def test_a_left_deviation_gets_no_cause_analysis(leksand, status_table, cast):
    choice = _prioritise(
        _analysis(leksand, status_table), cast["editor"], decision="left", effort=""
    )
    with pytest.raises(InputError):
        save_cause_analysis(
            choice=choice,
            user=cast["editor"],
            method="whys",
            problem="x",
            causes=[CauseInput("y")],
        )


@pytest.mark.django_db
def test_plan_from_cause_analysis_and_effect_or_activity(leksand, status_table, cast, client_for):
    choice = _prioritise(_analysis(leksand, status_table), cast["editor"])
    analysis = save_cause_analysis(
        choice=choice,
        user=cast["editor"],
        method="whys",
        problem="Hög sjukfrånvaro",
        causes=[CauseInput("Scheman")],
    )
    plan = plan_for(analysis=analysis, user=cast["editor"])
    assert plan_for(analysis=analysis, user=cast["editor"]) == plan  # only once
    assert plan.organisation == leksand
    assert "Sjukfrånvaro (2023): Hög sjukfrånvaro" in plan.opportunities.get().text
    assert plan_measures(plan).no_indicators

    owner = Person.objects.create(organisation=leksand, name="Anna Chef")
    activity = create_indicator(
        organisation=leksand,
        name="Genomförda schemaöversyner",
        perspective="efficiency",
        measures="activity",
        user=None,
    )
    add_action(
        plan=plan,
        user=cast["editor"],
        title="Se över scheman",
        owner=owner,
        start_date=TODAY,
        due_date=TODAY + datetime.timedelta(days=90),
        indicators=[activity.pk],
    )
    measures = plan_measures(plan)
    assert measures.only_activities
    # pointed out where the plan is made, too
    warning = "Planen mäter bara aktiviteter"
    page = client_for(cast["reader"]).get(f"/uppfoljning/handlingsplan/{plan.pk}/")
    assert warning in page.content.decode()
    effect = create_indicator(
        organisation=leksand, name="Sjukfrånvaro", perspective="staff", measures="effect", user=None
    )
    add_action(
        plan=plan,
        user=cast["editor"],
        title="Följ sjukfrånvaron",
        owner=owner,
        start_date=TODAY,
        due_date=TODAY + datetime.timedelta(days=90),
        indicators=[effect.pk],
    )
    measures = plan_measures(plan)
    assert not measures.only_activities
    page = client_for(cast["reader"]).get(f"/uppfoljning/handlingsplan/{plan.pk}/")
    assert warning not in page.content.decode()
    assert [i.name for i in measures.effect] == ["Sjukfrånvaro"]


@pytest.mark.django_db
def test_indicator_measures_refuses_unknown_values(leksand):
    with pytest.raises(InputError) as error:
        create_indicator(
            organisation=leksand, name="X", perspective="staff", measures="output", user=None
        )
    assert error.value.problems[0].field == "measures"

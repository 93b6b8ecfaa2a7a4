"""Demo status analysis for Leksand (2029), labelled "Exempeldata", so a newcomer finds the
pages filled: the analysis of the demo key-ratio table "Exempeldata: hemtjänsten i
landsbygdskommuner och Dalarna" (loaded by `indicators/demo.py`) against SKR's group, a
prioritised deviation (staff per manager in home care) with a cause analysis whose causes
carry several kinds of evidence, the action plan it led to with an action that follows an
effect indicator, and a figure consciously left.

Runs after the indicators and follow-up demos (order 70); a second run changes nothing."""

import datetime

from django.db import transaction

from kompass.evaluations.models import Finding
from kompass.followup.domain.people import save_person
from kompass.followup.domain.plans import add_action
from kompass.followup.models import Person
from kompass.indicators.models import Indicator, RatioTable
from kompass.organisations.models import Organisation
from kompass.status.domain.analysis import run_status_analysis
from kompass.status.domain.choices import (
    CauseInput,
    plan_for,
    record_choice,
    save_cause_analysis,
)
from kompass.status.domain.sources import table_source
from kompass.status.models import Choice

LEKSAND = "2029"
TABLE = "exempel-hemtjanst-c9"


@transaction.atomic
def load(stdout) -> None:
    organisation = Organisation.objects.filter(code=LEKSAND).first()
    table = RatioTable.objects.filter(slug=TABLE).first()
    if organisation is None or table is None:
        stdout.write("Nulägesanalys: demotabellen för Leksand saknas; ingen exempeldata laddad.")
        return
    if Choice.objects.filter(organisation=organisation, is_example=True).exists():
        stdout.write("Nulägesanalys: exempeldata för Leksand finns redan.")
        return
    analysis = run_status_analysis(
        organisation=organisation, source=table_source(table), year=2023, peers="skr"
    )
    decided_on = datetime.date(2024, 2, 12)
    choice = record_choice(
        analysis=analysis,
        metric="medarbetare_per_chef",
        user=None,
        decision="prioritised",
        motivation=(
            "Exempeldata. Enhetscheferna i hemtjänsten har fler medarbetare än i de flesta "
            "jämförbara kommuner, och sjukfrånvaron i hemtjänsten är hög."
        ),
        expected_effect=(
            "Brukarna möter färre olika personer och är nöjdare; medarbetarna får tid med sin chef."
        ),
        effort="large",
        decided_by="Ledningsgruppen för vård och omsorg (exempeldata)",
        decided_on=decided_on,
        is_example=True,
    )
    record_choice(
        analysis=analysis,
        metric="timmar",
        user=None,
        decision="left",
        motivation=(
            "Exempeldata. Timmarna per brukare följer behoven; varken fler eller färre är "
            "bättre i sig. Vi följer dem men arbetar inte med dem nu."
        ),
        decided_by="Ledningsgruppen för vård och omsorg (exempeldata)",
        decided_on=decided_on,
        is_example=True,
    )
    indicators = {i.name: i for i in Indicator.objects.filter(organisation=organisation)}
    satisfied = indicators.get("Nöjda brukare i hemtjänsten")
    sick = indicators.get("Sjukfrånvaro i hemtjänsten")
    sick_finding = Finding.objects.filter(
        evaluation__organisation=organisation,
        kind=Finding.Kind.IMPROVEMENT,
        text__icontains="sjukfrånvaro",
    ).first()
    evidence_sick = [
        {
            "kind": "figure",
            "text": "Sjukfrånvaron i hemtjänsten låg över 9 % under 2022 (exempeldata).",
            "indicator": sick.pk if sick else None,
        },
        {
            "kind": "survey",
            "text": (
                "Medarbetarenkäten: var tredje i hemtjänsten träffar sin chef mer sällan "
                "än en gång i månaden (exempeldata)."
            ),
        },
    ]
    if sick_finding is not None:
        evidence_sick.append(
            {
                "kind": "evaluation",
                "text": "Kommunkompassen 2023 pekar på den höga sjukfrånvaron.",
                "finding": sick_finding.pk,
            }
        )
    cause = save_cause_analysis(
        choice=choice,
        user=None,
        method="areas",
        problem="Enhetscheferna i hemtjänsten har för många medarbetare för att hinna leda dem.",
        conclusion=(
            "Börja med organisationen: dela de största enheterna och ge cheferna stöd i "
            "schemaläggningen."
        ),
        causes=[
            CauseInput(
                text="De största enheterna har vuxit utan att delas.",
                area="organisation",
                evidence=[
                    {
                        "kind": "figure",
                        "text": "Medarbetare per chef i demotabellen, 2022–2023.",
                    },
                    {
                        "kind": "observation",
                        "text": "Två enheter har över 50 medarbetare (exempeldata).",
                    },
                ],
            ),
            CauseInput(
                text="Cheferna lägger mycket tid på schema och bemanning.",
                area="methods",
                evidence=evidence_sick,
            ),
        ],
    )
    plan = plan_for(analysis=cause, user=None)
    owner = Person.objects.filter(organisation=organisation, name="Per Lind").first()
    if owner is None:
        owner = save_person(
            organisation=organisation,
            user=None,
            name="Per Lind",
            title="Sektorchef vård och omsorg",
        )
    if satisfied is not None:
        add_action(
            plan=plan,
            user=None,
            title="Dela de två största enheterna i hemtjänsten",
            owner=owner,
            start_date=datetime.date(2024, 3, 1),
            due_date=datetime.date(2024, 12, 31),
            indicators=[satisfied.pk],
        )
    stdout.write("Nulägesanalys: vägval, orsaksanalys och handlingsplan för Leksand (exempeldata).")

"""Demo leadership development for Ludvika (2085), labelled "Exempeldata": the management
group's assessments of the seven principles in 2023 and 2025 (so the page shows change
over time), and a programme plan with activities in both rows of the methods table,
followed up (principle 7) by the LfR self-assessment from the surveys demo. Ludvika,
because it is one of the municipalities of that survey (Leksand is not), so the link to
the self-assessment results is there to follow; the demo administrator sees it.

Runs after the surveys demo (order 65); a second run changes nothing."""

import datetime

from django.db import transaction

from kompass.leadership.domain.assessments import current_framework, save_assessment
from kompass.leadership.domain.programme import add_activity, followup_surveys, save_plan
from kompass.leadership.models import Assessment
from kompass.organisations.models import Organisation
from kompass.surveys.demo import LFR_SLUG

LUDVIKA = "2085"
GROUP = "Kommunens ledningsgrupp (exempeldata)"

# principle -> (2023, 2025)
PRINCIPLES = {
    "P1": ("delvis", "ja"),
    "P2": ("nej", "delvis"),
    "P3": ("delvis", "delvis"),
    "P4": ("nej", "ja"),
    "P5": ("delvis", "ja"),
    "P6": ("nej", "delvis"),
    "P7": ("nej", "delvis"),
}

# level, kind, title, when, responsible
ACTIVITIES = [
    ("L", "relationer", "Mentorer för nya enhetschefer", "Hela året", "HR"),
    ("L", "feedback", "360-återkoppling för alla chefer", "Hösten 2025", "HR"),
    ("L", "kurser", "Förbättringskunskap för chefer", "Våren 2025", "Kvalitetsstrateg"),
    ("S", "uppgifter", "Ledningsgruppen leder ett tvärsektoriellt förbättringsarbete", "2025", ""),
    ("S", "feedback", "Gemensam reflektion efter varje ledningsgruppsmöte", "Varje månad", ""),
    ("S", "sjalv", "Lunchseminarier där chefer delar erfarenheter", "Varannan månad", ""),
]


@transaction.atomic
def load(stdout) -> None:
    organisation = Organisation.objects.filter(code=LUDVIKA).first()
    framework = current_framework()
    if organisation is None or framework is None:
        stdout.write("Ledarskapsutveckling: ramverket eller Ludvika saknas; ingen exempeldata.")
        return
    if Assessment.objects.filter(organisation=organisation, is_example=True).exists():
        stdout.write("Ledarskapsutveckling: exempeldata för Ludvika finns redan.")
        return
    for index, date in enumerate((datetime.date(2023, 3, 15), datetime.date(2025, 3, 12))):
        answers = {code: (values[index], "") for code, values in PRINCIPLES.items()}
        answers["4.L.kurser"] = ("ja", "")
        if index:
            answers.update({"4.L.relationer": ("ja", ""), "4.S.feedback": ("ja", "")})
        save_assessment(
            organisation=organisation,
            user=None,
            framework=framework,
            date=date,
            group=GROUP,
            comment="Exempeldata." if index == 0 else "Exempeldata: efter första programåret.",
            answers=answers,
            is_example=True,
        )
    plan = save_plan(
        organisation=organisation,
        user=None,
        name="Ledarskapsprogram 2025 (exempeldata)",
        purpose=(
            "Chefer som leder förbättring tillsammans, så att brukarna märker det: blandade "
            "metoder för den enskilda chefen och för ledningsgrupperna."
        ),
        starts_on=datetime.date(2025, 1, 1),
        ends_on=datetime.date(2025, 12, 31),
        followup_survey=followup_surveys(organisation).filter(slug=LFR_SLUG).first(),
        is_example=True,
    )
    for level, kind, title, when, responsible in ACTIVITIES:
        add_activity(
            plan=plan,
            user=None,
            level=level,
            kind=kind,
            title=title,
            when=when,
            responsible=responsible,
        )
    stdout.write(
        "Ledarskapsutveckling: två bedömningar och en programplan för Ludvika (exempeldata)."
    )

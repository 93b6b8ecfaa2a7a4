"""Demo data: one collaboration project of a coordination association, labelled
"Exempeldata" – partners with the statutory financing split, team, steering group,
implementation plan, dated assessments against both checklists, and an account built on
the shipped unit costs. Also the partner organisations that are not municipalities, and
a demo user who edits for the association. Safe to run again."""

import datetime

from django.db import transaction

from kompass.accounts.models import Membership, User
from kompass.collaboration.domain import account as acc
from kompass.collaboration.domain import assessments as assess
from kompass.collaboration.domain import projects as proj
from kompass.collaboration.models import Project
from kompass.frameworks.models import Framework
from kompass.organisations.models import Organisation

NAME = "Steget vidare (exempel)"
ASSOCIATION = "Samordningsförbundet Uppsala län"
OTHER_ORGANISATIONS = [
    (ASSOCIATION, Organisation.Kind.ASSOCIATION),
    ("Försäkringskassan", Organisation.Kind.AGENCY),
    ("Arbetsförmedlingen", Organisation.Kind.AGENCY),
    ("Region Uppsala", Organisation.Kind.REGION),
]
DEMO_USER = ("samverkan", "Sam", "Samverkan")

PARTNERS = [
    (ASSOCIATION, "Projektägare", "", ""),
    ("Försäkringskassan", "Finansiär och part", "forsakringskassan", "50"),
    ("Arbetsförmedlingen", "Part", "arbetsformedlingen", ""),
    ("Region Uppsala", "Finansiär och part", "region", "25"),
    ("0360", "Finansiär och part", "kommun", "8,33"),
    ("0331", "Finansiär och part", "kommun", "8,33"),
    ("0382", "Finansiär och part", "kommun", "8,34"),
]
TEAM = """Anna Exempel; projektledare; Tierps kommun
Björn Exempel; arbetsterapeut; Region Uppsala
Cecilia Exempel; handläggare; Försäkringskassan
David Exempel; arbetsförmedlare; Arbetsförmedlingen"""
STEERING = """Eva Exempel; socialchef, ordförande; Tierps kommun
Fredrik Exempel; enhetschef; Försäkringskassan
Greta Exempel; verksamhetschef psykiatri; Region Uppsala
Hans Exempel; sektionschef; Arbetsförmedlingen
Ingrid Exempel; förbundschef; Samordningsförbundet Uppsala län"""
PLAN = """Dokumentera arbetsmodellen (kartläggning, handlingsplan, coachning); Anna Exempel; 2025-06-30; klar
Styrgruppen beslutar vilka delar som förs över till ordinarie verksamhet; Eva Exempel; 2025-12-31; pågår
Gemensam utbildning för handläggare i de fyra organisationerna; Ingrid Exempel; 2026-04-30; planerad
Samlokaliserat team blir en del av ordinarie verksamhet; Eva Exempel; 2026-12-31; planerad"""

ACCOUNT = {
    "schema": "kompass-socio/1",
    "name": "Samverkansbokslut Steget vidare (exempel)",
    "description": "Exempeldata: påhittade antaganden på Kompass standardvärden.",
    "example": True,
    "price_year": 2021,
    "participants": 45,
    "intervention": {"cost_per_year": [2600000, 2600000, 2600000]},
    "before": {"forsorjningsstod": 55, "sjukersattning": 25, "arbetsloshet": 20},
    "after": {
        "arbete": 15,
        "subventionerad": 10,
        "studier": 10,
        "forsorjningsstod": 35,
        "sjukersattning": 20,
        "arbetsloshet": 10,
    },
    "effect": {"starts_after_months": 12, "lasts_years": 5, "drop_off": 20},
    "deadweight": 25,
    "attribution": 100,
    "displacement": 0,
    "horizons": [1, 3, 4, 5, 10],
    "discount_rates": [0, 3.5],
    "main_horizon": 5,
}

# (framework, date, reached, aimed, answers per item in order, comment)
VILLKOR = [
    ("2024-03-15", 0, 2, "ja delvis ja ja nej nej ja delvis delvis ja vet_ej ja"),
    ("2025-03-14", 1, 2, "ja ja ja ja delvis delvis ja ja delvis ja delvis ja"),
    ("2026-03-13", 2, 3, "ja ja ja ja delvis ja ja ja ja ja ja ja"),
]
FASER = [
    (
        "2024-03-15",
        0,
        2,
        "ja ja delvis nej ja delvis nej delvis ja delvis nej nej ja delvis nej nej delvis",
    ),
    (
        "2025-09-15",
        1,
        2,
        "ja ja ja delvis ja ja delvis ja ja ja delvis ja ja ja delvis delvis delvis",
    ),
]


def _organisations() -> None:
    for name, kind in OTHER_ORGANISATIONS:
        Organisation.objects.get_or_create(name=name, kind=kind)


def _user() -> None:
    from kompass.organisations.demo import DEMO_PASSWORD

    username, first, last = DEMO_USER
    user, created = User.objects.get_or_create(
        username=username, defaults={"first_name": first, "last_name": last}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    association = Organisation.objects.get(name=ASSOCIATION)
    Membership.objects.get_or_create(
        user=user, organisation=association, defaults={"role": Membership.Role.EDITOR}
    )


def _assessments(project: Project, identifier: str, rows) -> None:
    framework = Framework.objects.filter(identifier=identifier).first()
    if framework is None:
        return
    items = framework.tree.items
    for date, reached, aimed, answers in rows:
        values = answers.split()
        assess.save_assessment(
            project=project,
            user=None,
            framework=framework,
            date=datetime.date.fromisoformat(date),
            degree_reached=reached,
            degree_aimed=aimed,
            comment="Exempeldata: styrgruppens gemensamma bedömning.",
            answers={item.code: (value, "") for item, value in zip(items, values, strict=True)},
        )


@transaction.atomic
def load(stdout) -> None:
    """All or nothing: a failure half-way (say, a register without the municipalities)
    must not leave a half project that the next run would take as already loaded."""
    _organisations()
    _user()
    if Project.objects.filter(name=NAME, is_example=True).exists():
        stdout.write("Exempeldata: samverkansprojektet finns redan.")
        return
    association = Organisation.objects.get(name=ASSOCIATION)
    project = proj.create_project(
        user=None,
        name=NAME,
        organisation=association,
        purpose=(
            "Exempeldata. Ett samlokaliserat, multikompetent team stödjer unga vuxna med "
            "sammansatt problematik mot arbete eller studier. Projektet siktar på framgång "
            "av andra graden: att arbetsmodellen förs över till parternas ordinarie verksamhet."
        ),
        target_group=(
            "Personer 18–35 år med ekonomiskt bistånd, sjukersättning eller lång arbetslöshet "
            "och ofta psykisk ohälsa, i Tierp, Heby och Östhammar."
        ),
        start_date=datetime.date(2024, 1, 1),
        end_date=datetime.date(2026, 12, 31),
        is_example=True,
    )
    proj.set_partners(
        project=project,
        user=None,
        rows=[proj.PartnerRow(o, role, actor, share) for o, role, actor, share in PARTNERS],
    )
    proj.set_organisation(project=project, user=None, team=TEAM, steering=STEERING, plan=PLAN)
    _assessments(project, "samverkan-villkor-2012", VILLKOR)
    _assessments(project, "samverkan-faser-2012", FASER)
    data = acc.template_data(project)
    data.update(ACCOUNT)
    acc.save_account(project=project, user=None, data=data)
    stdout.write(
        f"Exempeldata: samverkansprojektet ”{NAME}” (id {project.pk}); "
        f"användaren {DEMO_USER[0]} redigerar för {ASSOCIATION}."
    )

"""Demo follow-up for Leksand (2029), all labelled "Exempeldata": people, an action plan
made from three of the improvement opportunities in SKR's 2023 evaluation (seed 003)
with actions in every state, and systematic dialogues (seed 001: 6-8 a year) in which one
manager is behind. The synthetic re-evaluation of Leksand (2026-09-17, in
`evaluations/demo.py`) then shows what was done on each 2023 improvement opportunity.

Dialogue dates are placed relative to today, so the picture (one manager behind, the
others in step) holds whenever the demo is loaded."""

import datetime

from django.db import transaction
from django.utils import timezone

from kompass.evaluations.models import Evaluation, Finding
from kompass.followup.domain.dialogues import save_dialogue
from kompass.followup.domain.people import save_person
from kompass.followup.domain.plans import add_action, create_plan, default_title, set_status
from kompass.followup.models import ActionNote, ActionPlan, Person
from kompass.organisations.models import Organisation

PEOPLE = [
    # name, title, reports to, dialogues per year
    ("Karin Berg", "Kommundirektör", None, None),
    ("Per Lind", "Sektorchef vård och omsorg", "Karin Berg", 8),
    ("Sara Nord", "HR-chef", "Karin Berg", 6),
    ("Erik Sand", "Digitaliseringsstrateg", "Karin Berg", None),
    ("Maria Holm", "Enhetschef hemtjänst", "Per Lind", 8),
    ("Johan Ek", "Enhetschef särskilt boende", "Per Lind", 6),
]

# The 2023 improvement opportunities the plan works on (start of their text, area).
OPPORTUNITIES = [
    ("3", "Skapa ett delat ägande av den nya styrmodellen"),
    ("4", "Digitaliseringsarbetet behöver genomsyra verksamheten"),
    ("7", "Fortsätta att analysera och vidta åtgärder för att minska hög sjukfrånvaro"),
]

# area, title, owner, start, due, [(status, date, note)], indicator name contains
ACTIONS = [
    (
        "3",
        "Workshopserie om styrmodellen för chefer och förtroendevalda",
        "Karin Berg",
        "2024-02-01",
        "2024-11-30",
        [
            ("pågår", "2024-02-01", "Första workshopen hölls med ledningsgruppen."),
            ("klar", "2024-11-20", "Sex workshoppar genomförda, 140 deltagare."),
        ],
        "förbättringsutbildning",
    ),
    (
        "3",
        "Styrmodellen i introduktionen för nya chefer",
        "Sara Nord",
        "2025-01-15",
        "2025-06-30",
        [("pågår", "2025-01-20", ""), ("klar", "2025-06-10", "Ingår i Leksandsnyckeln.")],
        "",
    ),
    (
        "4",
        "Digitaliseringsstrategi med handlingsplan antas",
        "Erik Sand",
        "2024-03-01",
        "2025-03-31",
        [
            ("pågår", "2024-03-01", ""),
            ("klar", "2025-04-15", "Antagen av kommunstyrelsen, två veckor efter planen."),
        ],
        "",
    ),
    (
        "4",
        "Gemensam e-tjänsteplattform med grannkommunerna",
        "Erik Sand",
        "2025-05-01",
        "2026-06-30",
        [("pågår", "2025-05-05", "Avsiktsförklaring med Rättvik och Gagnef.")],
        "handläggningstid",
    ),
    (
        "4",
        "Digitalt stöd i hemtjänsten: nyckelfria lås och planering",
        "Maria Holm",
        "2027-01-15",
        "2027-09-30",
        [],
        "nöjda brukare",
    ),
    (
        "7",
        "Analys av sjukfrånvaron per sektor",
        "Sara Nord",
        "2024-01-15",
        "2024-06-30",
        [("pågår", "2024-01-15", ""), ("klar", "2024-06-28", "Rapport till KS 2024-08-20.")],
        "sjukfrånvaro",
    ),
    (
        "7",
        "Tidiga rehabiliteringsinsatser vid upprepad korttidsfrånvaro",
        "Sara Nord",
        "2024-09-01",
        "2026-12-31",
        [("pågår", "2024-09-02", "Arbetssättet prövas först i vård och omsorg.")],
        "sjukfrånvaro",
    ),
    (
        "7",
        "Höjt friskvårdsbidrag",
        "Sara Nord",
        "2025-01-01",
        "2025-12-31",
        [
            (
                "avbruten",
                "2025-02-10",
                "Ryms inte i budget 2025; resurserna läggs på tidiga rehabiliteringsinsatser.",
            )
        ],
        "",
    ),
]

AGENDA = (
    "Analys och slutsatser utifrån resultat (kvalitet och effektivitet)\n"
    "Basuppdraget, budget och verksamhetsplan\n"
    "Indikatorer som ska följas upp\n"
    "Systematiskt kvalitetsarbete"
)

# manager, held by, fraction of the year's schedule held (1 = in step)
DIALOGUES = [
    ("Per Lind", "Karin Berg", 1.0),
    ("Sara Nord", "Karin Berg", 1.0),
    ("Johan Ek", "Per Lind", 1.0),
    ("Maria Holm", "Per Lind", 0.4),
]


def _date(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def _stamp(note: ActionNote, day: datetime.date) -> None:
    at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))
    ActionNote.objects.filter(pk=note.pk).update(at=at)


def _indicator(organisation, contains: str):
    if not contains:
        return []
    from kompass.indicators.models import Indicator

    return list(Indicator.objects.filter(organisation=organisation, name__icontains=contains)[:1])


def _schedule(per_year: int, year: int) -> list[datetime.date]:
    """Evenly spread dates through `year`, starting a week into the year."""
    start = datetime.date(year, 1, 8)
    step = 365 / per_year
    return [start + datetime.timedelta(days=round(i * step)) for i in range(per_year)]


def _dialogues(organisation, people: dict[str, Person], today: datetime.date) -> int:
    count = 0
    for name, leader, share in DIALOGUES:
        manager = people[name]
        per_year = manager.dialogues_per_year
        for year in (today.year - 1, today.year):
            dates = _schedule(per_year, year)
            past = [d for d in dates if d < today]
            held_count = len(past) if year < today.year or share >= 1 else int(len(past) * share)
            for index, day in enumerate(dates):
                held = index < held_count
                undocumented = year == today.year and share < 1 and held and index == held_count - 1
                if not held and day < today and not (year == today.year and index == held_count):
                    continue  # behind: these were never even planned
                save_dialogue(
                    organisation=organisation,
                    user=None,
                    manager=manager,
                    held_by=people[leader],
                    planned_on=day,
                    held_on=day if held else None,
                    agenda=AGENDA,
                    notes=""
                    if undocumented or not held
                    else (
                        "Exempeldata. Genomgång av månadens resultat och avvikelser; "
                        "prioriteringar till nästa period."
                    ),
                    agreements=[]
                    if undocumented or not held
                    else ["Följa upp sjukfrånvaron på enheten", "Återkoppla om budgetläget"],
                    is_example=True,
                )
                count += 1
    return count


@transaction.atomic
def load(stdout) -> None:
    organisation = Organisation.objects.filter(code="2029").first()
    evaluation = (
        Evaluation.objects.filter(
            organisation=organisation,
            date=datetime.date(2023, 11, 23),
            status=Evaluation.Status.PUBLISHED,
        )
        .select_related("framework")
        .first()
    )
    if organisation is None or evaluation is None:
        stdout.write("Uppföljning: Leksands utvärdering 2023 saknas; ingen exempeldata laddad.")
        return
    if ActionPlan.objects.filter(organisation=organisation, is_example=True).exists():
        stdout.write("Uppföljning: exempeldata för Leksand finns redan.")
        return
    today = timezone.localdate()
    people: dict[str, Person] = {}
    for name, title, boss, per_year in PEOPLE:
        person = save_person(
            organisation=organisation,
            user=None,
            name=name,
            title=title,
            reports_to=people.get(boss) if boss else None,
            dialogues_per_year=per_year,
        )
        Person.objects.filter(pk=person.pk).update(is_example=True)
        people[name] = person
    findings = {}
    for area, start in OPPORTUNITIES:
        finding = Finding.objects.filter(
            evaluation=evaluation,
            area_code=area,
            kind=Finding.Kind.IMPROVEMENT,
            text__startswith=start,
        ).first()
        if finding is not None:
            findings[area] = finding
    plan = create_plan(
        organisation=organisation,
        evaluation=evaluation,
        title=default_title(evaluation),
        description=(
            "Exempeldata. Kommunens plan för tre av förbättringsmöjligheterna i "
            "Kommunkompassen 2023: styrmodellen, digitaliseringen och sjukfrånvaron."
        ),
        finding_ids=[f.pk for f in findings.values()],
        user=None,
        is_example=True,
    )
    opportunities = {o.area_code: o for o in plan.opportunities.all()}
    for area, title, owner, start, due, steps, indicator in ACTIONS:
        if area not in opportunities:
            continue
        action = add_action(
            plan=plan,
            user=None,
            title=title,
            owner=people[owner],
            start_date=start,
            due_date=due,
            opportunity=opportunities[area],
            indicators=_indicator(organisation, indicator),
        )
        _stamp(action.notes.get(), _date(start) - datetime.timedelta(days=14))
        for status, day, note in steps:
            written = set_status(action=action, status=status, note=note, on=day, user=None)
            _stamp(written, _date(day))
    dialogues = _dialogues(organisation, people, today)
    stdout.write(
        f"Uppföljning (exempeldata): Leksand har en handlingsplan med {plan.actions.count()} "
        f"åtgärder och {dialogues} dialoger."
    )

"""Demo surveys (Exempeldata), loaded by `kompass demo`:

- `lfr-2012-2013`: the LfR self-assessment for 25 municipalities in three waves, synthetic
  raw answers that reproduce the seed's published figures (see `demo_data.py`), imported
  through the ordinary CSV import; the seven municipalities followed up in 2014 carry the
  organisation-level attribute "urval";
- `stodfunktioner-demo`: the support-staff survey with an open wave, an anonymous link for
  Lund and a few answers with "vet ej" and free text, to try answering on the web.

A demo user `botkyrka` (editor of Botkyrka) sees Botkyrka's feedback report.
"""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from kompass.accounts.models import Membership, User
from kompass.organisations.demo import DEMO_PASSWORD
from kompass.organisations.models import Organisation
from kompass.surveys import demo_data
from kompass.surveys.domain.answering import (
    Access,
    ensure_links,
    new_submission_id,
    submit_response,
)
from kompass.surveys.domain.importing import import_responses
from kompass.surveys.domain.surveys import (
    add_organisations,
    add_wave,
    close_wave,
    create_survey,
    set_attributes,
    set_invited,
)
from kompass.surveys.models import Survey

LFR_SLUG = "lfr-2012-2013"
STAFF_SLUG = "stodfunktioner-demo"
URVAL = {
    "code": "urval",
    "label": "Uppföljd kommun",
    "question": "Valdes kommunen ut för uppföljningen 2014?",
    "level": "organisation",
    "options": [
        {"value": "ja", "label": "Utvalda kommuner"},
        {"value": "nej", "label": "Övriga kommuner"},
    ],
}


def load_lfr(owner: User | None = None) -> Survey:
    """The LfR demo survey (created once; a second run changes nothing)."""
    existing = Survey.objects.filter(slug=LFR_SLUG).first()
    if existing is not None:
        return existing
    survey = create_survey(
        slug=LFR_SLUG,
        framework="lfr-sjalvskattning",
        name="Leda för resultat 2012–2013",
        user=owner,
        is_example=True,
        description=(
            "Exempeldata: syntetiska svar som återskapar de publicerade medelvärdena i "
            "uppföljningen av Leda för resultat, kursomgång III."
        ),
    )
    set_attributes(survey=survey, attributes=[*survey.attributes, URVAL])
    for code, name, date in demo_data.WAVES:
        add_wave(survey=survey, code=code, name=name, date=datetime.date.fromisoformat(date))
    by_code = {
        o.code: o
        for o in Organisation.objects.filter(
            code__in=[c for c, _n, _w in demo_data.SELECTED + demo_data.OTHERS]
        )
    }
    add_organisations(
        survey=survey,
        organisations=[by_code[c] for c, _n, _w in demo_data.SELECTED],
        values={"urval": "ja"},
    )
    add_organisations(
        survey=survey,
        organisations=[by_code[c] for c, _n, _w in demo_data.OTHERS],
        values={"urval": "nej"},
    )
    people = demo_data.respondents()
    import_responses(
        survey=survey,
        content=demo_data.csv_text(people).encode("utf-8"),
        filename="lfr-2012-2013.csv",
    )
    for wave in survey.waves.all():
        close_wave(wave=wave)  # a finished programme: its results are shown
    waves = {w.code: w for w in survey.waves.all()}
    set_invited(
        survey=survey,
        rows=[
            (waves[w], by_code[c], role, count) for w, c, role, count in demo_data.invited(people)
        ],
    )
    return survey


STAFF_COMMENTS = [
    "Dubbelregistrering i två system tar mycket tid.",
    "Behörigheter som måste beställas om varje gång någon byter enhet.",
    "Otydligt vem som ska godkänna fakturor.",
    "Många manuella listor som ingen använder.",
    "Långa svarstider från IT-supporten.",
]


def load_staff(owner: User | None = None) -> Survey:
    existing = Survey.objects.filter(slug=STAFF_SLUG).first()
    if existing is not None:
        return existing
    survey = create_survey(
        slug=STAFF_SLUG,
        framework="stodfunktioner-sjalvskattning",
        name="Stödfunktionernas självskattning (övning)",
        user=owner,
        is_example=True,
        description="Exempeldata: en öppen omgång att prova att svara i.",
    )
    today = timezone.localdate()
    wave = add_wave(
        survey=survey,
        code=f"{today:%Y-%m}",
        date=today,
        opens=today - datetime.timedelta(days=7),
        closes=today + datetime.timedelta(days=90),
    )
    lund = Organisation.objects.get(code="1281")
    add_organisations(survey=survey, organisations=[lund])
    ensure_links(survey=survey, wave=wave)
    set_invited(survey=survey, rows=[(wave, lund, "", 94)])
    rng = random.Random(2020)
    layout_attrs = {a["code"]: [o["value"] for o in a["options"]] for a in survey.attributes}
    access = Access(survey, wave, lund)
    for number in range(40):
        data = {
            f"attr-{code}": rng.choice(values) if rng.random() < 0.9 else ""
            for code, values in layout_attrs.items()
        }
        for index in range(1, 10):
            roll = rng.random()
            data[f"q-s{index}"] = (
                "vet-ej"
                if roll < 0.08
                else ""
                if roll < 0.1
                else str(min(5, max(1, round(rng.gauss(3.6 if index <= 4 else 3.0, 0.9)))))
            )
        if number % 3 == 0:
            data["q-tidstjuvar"] = STAFF_COMMENTS[number % len(STAFF_COMMENTS)]
        submit_response(access=access, data=data, submission=new_submission_id())
    return survey


def load(stdout) -> None:
    owner = User.objects.filter(username="utvarderare").first()
    lfr = load_lfr(owner)
    staff = load_staff(owner)
    botkyrka = Organisation.objects.get(code="0127")
    user, created = User.objects.get_or_create(
        username="botkyrka", defaults={"first_name": "Bo", "last_name": "Botkyrkasson"}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    Membership.objects.get_or_create(
        user=user, organisation=botkyrka, defaults={"role": Membership.Role.EDITOR}
    )
    stdout.write(
        f"Exempeldata: enkäterna {lfr.slug} och {staff.slug}; användaren botkyrka "
        f"(lösenord {DEMO_PASSWORD}) ser Botkyrkas återrapport."
    )

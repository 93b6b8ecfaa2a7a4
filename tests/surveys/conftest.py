"""Fixtures for the survey tests: a two-statement instrument (fast reports), the LfR demo
survey imported from its synthetic file, and helpers to build import files."""

import datetime

import pytest
from django.utils import timezone

from kompass.frameworks.domain.loading import load_framework_text
from kompass.frameworks.schema import parse_framework
from kompass.organisations.models import Organisation
from kompass.surveys.domain.answering import ensure_links
from kompass.surveys.domain.importing import import_responses
from kompass.surveys.domain.surveys import add_organisations, add_wave, create_survey

TINY = """\
schema: kompass-framework/1
id: test-tiny
version: "1"
name: Liten testenkät
kind: survey
scales:
  s5:
    type: agreement
    min: 1
    max: 5
    labels: {5: Stämmer helt, 1: Stämmer inte alls}
    dont_know: Vet ej
  fri:
    type: text
default_scale: s5
attributes:
  - code: role
    label: Funktion
    question: Vilken funktion har du?
    split: true
    options:
      - {value: ledning, label: Ledning}
      - {value: stöd, label: Stöd, aliases: [stod]}
areas:
  - code: A
    name: Tema A
    items:
      - {code: "1", text: Första påståendet.}
      - {code: "2", text: Andra påståendet.}
  - code: B
    name: Övrigt
    items:
      - {code: kommentar, text: "Något mer?", scale: fri}
"""


@pytest.fixture
def tiny_framework(base_data):
    framework, _ = load_framework_text(TINY, parse_framework(TINY, "tiny.yaml"))
    return framework


@pytest.fixture
def tiny_survey(tiny_framework):
    return create_survey(slug="liten", framework=tiny_framework, name="Liten enkät")


@pytest.fixture
def open_wave(tiny_survey):
    """A wave of the tiny survey open since yesterday, for Leksand."""
    today = timezone.localdate()
    add_organisations(survey=tiny_survey, organisations=[Organisation.objects.get(code="2029")])
    return add_wave(
        survey=tiny_survey,
        code="2025-01",
        opens=today - datetime.timedelta(days=1),
        closes=today + datetime.timedelta(days=30),
    )


@pytest.fixture
def link(tiny_survey, open_wave):
    """Leksand's anonymous link to the open wave."""
    return ensure_links(survey=tiny_survey, wave=open_wave)[0]


def csv_file(rows: list[list], header: list[str], sep: str = ";") -> bytes:
    lines = [sep.join(header)] + [
        sep.join("" if v is None else str(v) for v in row) for row in rows
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


TINY_HEADER = ["respondent", "wave", "organisation", "role", "q1", "q2", "kommentar"]


def subtraction_rows() -> list[list]:
    """The issue's case: Leksand has 12 in ledning and 2 in stöd; Rättvik and Mora have
    enough in both roles."""
    rows = []
    plan = [
        ("2029", "ledning", 12),
        ("2029", "stöd", 2),
        ("2031", "ledning", 7),
        ("2031", "stöd", 6),
        ("2062", "ledning", 6),
        ("2062", "stöd", 8),
    ]
    number = 0
    for org, role, count in plan:
        for i in range(count):
            number += 1
            rows.append(
                [
                    f"r{number}",
                    "2024-10",
                    org,
                    role,
                    1 + (number * 3 + i) % 5,
                    "vet ej" if number % 7 == 0 else 1 + (number + i) % 5,
                    "Bra arbete." if role == "ledning" else "Mer tid behövs.",
                ]
            )
    return rows


def close_waves(survey):
    """Close every wave of a survey: its results are computed and shown."""
    from kompass.surveys.domain.surveys import close_wave

    for wave in survey.waves.all():
        close_wave(wave=wave)
    return survey


@pytest.fixture
def subtraction_survey(tiny_survey):
    import_responses(
        survey=tiny_survey, content=csv_file(subtraction_rows(), TINY_HEADER), filename="svar.csv"
    )
    return close_waves(tiny_survey)


@pytest.fixture
def lfr_survey(base_data):
    """The LfR demo survey: the synthetic file imported through the ordinary import."""
    from kompass.surveys.demo import load_lfr

    return load_lfr()

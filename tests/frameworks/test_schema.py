from decimal import Decimal

import pytest

from kompass.frameworks.domain.loading import SHIPPED_DIR
from kompass.frameworks.schema import FrameworkError, parse_framework

KK = (SHIPPED_DIR / "kommunkompassen-2020.yaml").read_text(encoding="utf-8")

MINIMAL = """\
schema: kompass-framework/1
id: test-ramverk
version: "1"
name: Test
kind: evaluation
areas:
  - code: "1"
    name: Område ett
    subareas:
      - code: "1.1"
        name: Del ett
        max: 10
      - code: "1.2"
        name: Del två
        max: 5
"""


def test_kommunkompassen_2020_has_8_areas_36_subareas_and_800_points():
    tree = parse_framework(KK, "kommunkompassen-2020.yaml")
    assert tree.id == "kommunkompassen-2020"
    assert len(tree.areas) == 8
    assert len(tree.subareas) == 36
    assert tree.max == Decimal(800)
    assert [a.max for a in tree.areas] == [Decimal(100)] * 8


def test_kommunkompassen_aliases_resolve_to_the_appendix_code():
    tree = parse_framework(KK)
    assert tree.subarea("2.1").name == "Strategiskt arbete"
    assert tree.resolve("Strategi för hållbar utveckling") == "2.1"
    assert tree.resolve("samverkan för ökad effektivitet") == "4.5"
    assert tree.resolve("Okänt namn") is None


def test_minimal_framework_sums_area_max_from_subareas():
    tree = parse_framework(MINIMAL)
    assert tree.area("1").max == Decimal(15)
    assert tree.max == Decimal(15)


def _problems(text):
    with pytest.raises(FrameworkError) as info:
        parse_framework(text, "fil.yaml")
    return info.value.problems


def test_error_names_file_line_path_and_problem():
    problems = _problems(MINIMAL.replace("max: 10", "max: -10"))
    assert len(problems) == 1
    problem = problems[0]
    assert (problem.file, problem.line, problem.field) == (
        "fil.yaml",
        12,
        "areas[0].subareas[0].max",
    )
    assert (
        str(problem)
        == "fil.yaml, rad 12, fält ”areas[0].subareas[0].max”: ”max” ska vara större än noll"
    )


def test_malformed_yaml_names_the_line():
    problems = _problems("schema: kompass-framework/1\nid: [oavslutad\n")
    assert problems[0].line == 3
    assert "inte giltig YAML" in problems[0].message


def test_every_problem_is_reported_at_once():
    text = MINIMAL.replace('code: "1.2"', 'code: "1.1"').replace(
        "kind: evaluation", "kind: evaluation\nfärg: blå"
    )
    messages = [p.message for p in _problems(text)]
    assert "okänd nyckel ”färg”" in messages[0]
    assert any("koden ”1.1” används redan" in m for m in messages)


def test_missing_subarea_max_is_refused_for_evaluations():
    problems = _problems(MINIMAL.replace("        max: 5\n", ""))
    assert [p.field for p in problems] == ["areas[0].subareas[1].max"]


def test_area_max_must_match_its_subareas():
    problems = _problems(
        MINIMAL.replace("    name: Område ett\n", "    name: Område ett\n    max: 20\n")
    )
    assert "summerar till 15" in problems[0].message


def test_unknown_scale_reference_is_refused():
    text = """\
schema: kompass-framework/1
id: enkat
version: "1"
name: Enkät
kind: survey
areas:
  - code: T1
    name: Tema
    items:
      - code: q1
        text: Påstående
        scale: saknas
"""
    assert _problems(text)[0].message == "skalan ”saknas” finns inte under ”scales”"


def test_survey_scale_with_dont_know():
    text = """\
schema: kompass-framework/1
id: enkat
version: "1"
name: Enkät
kind: survey
scales:
  agree7: {type: agreement, min: 1, max: 7, labels: {7: Instämmer helt, 1: Instämmer inte alls}, dont_know: true}
default_scale: agree7
areas:
  - code: T1
    name: Tema
    items:
      - {code: q1, text: Påstående ett}
"""
    tree = parse_framework(text)
    scale = tree.item("q1").scale
    assert scale.steps == (1, 2, 3, 4, 5, 6, 7)
    assert scale.dont_know == "Vet ej"
    assert scale.label(7) == "Instämmer helt"
    assert tree.theme_of("q1").code == "T1"


def test_wrong_schema_and_id_are_refused():
    messages = [
        p.message
        for p in _problems(
            MINIMAL.replace("kompass-framework/1", "v0").replace("test-ramverk", "Test Ramverk")
        )
    ]
    assert any("”schema” ska vara" in m for m in messages)
    assert any("id ”Test Ramverk”" in m for m in messages)


@pytest.mark.parametrize("value", [".nan", ".inf", "1e308", "1.0e+27"])
def test_maximum_must_be_a_finite_number(value):
    """The shared number check (kompass.lib.numbers) refuses them as the file is read."""
    problems = _problems(MINIMAL.replace("max: 10", f"max: {value}"))
    assert "är inte ett tal" in problems[0].message or "för stort" in problems[0].message
    assert problems[0].field.endswith("max") and problems[0].line
